"""Start, run and finish a job. A job's record moves through rules/core/jobs.py, each
step committed at once (the page polling it sees progress); the work itself is the
job's kind's function, which reads with the app's session and reports progress."""
import logging
import threading
from typing import Callable

from ..extensions import db
from ..models import Job, User
from ..rules.core import jobs, languages, messages, unit_of_work
from ..rules.core.errors import RuleError
from ..rules.core.messages._marker import _
from .registry import BOUND, KINDS, celery

log = logging.getLogger(__name__)


def configure(app) -> None:
    """Bind the Flask app whose database and folders jobs use; broker from the config."""
    broker = app.config.get("CELERY_BROKER_URL") or ""
    celery.conf.update(broker_url=broker or "memory://", result_backend=None,
                       task_ignore_result=True, broker_connection_retry_on_startup=True,
                       worker_hijack_root_logger=False, timezone="UTC")
    BOUND["app"] = app
    if dispatch not in jobs.ON_START:
        jobs.ON_START.append(dispatch)
    from . import exports, imports, periodic  # noqa: F401  (kinds and tasks register)


def dispatch(job_id: int) -> None:
    """The job is committed: queue it for a worker, or run it in a thread here."""
    app = BOUND["app"]
    if app.config.get("CELERY_BROKER_URL"):
        run_job.delay(job_id)
    else:
        threading.Thread(target=run, args=(job_id,), name=f"job-{job_id}",
                         daemon=True).start()


@celery.task(name="admin_app.run_job")
def run_job(job_id: int) -> None:
    run(job_id)


def run(job_id: int) -> None:
    app = BOUND["app"]
    with app.app_context():
        try:
            # what the job writes (its outcome, a file's header) is in its starter's words
            with messages.speaking(_starters_language(job_id)):
                _run(job_id)
        finally:
            db.session.remove()


def _starters_language(job_id: int) -> str:
    job = db.session.get(Job, job_id)
    user = db.session.get(User, job.user_id) if job is not None and job.user_id else None
    return languages.of(user)


def _run(job_id: int) -> None:
    job = unit_of_work.run(db.session, lambda: jobs.begin(db.session, job_id))
    if job is None:  # another runner took it, or it is gone
        return
    try:
        done, message, stored, name = KINDS[job.kind](job, _reporter(job_id))
    except RuleError as refused:  # refused as a page would have been: nothing changed
        unit_of_work.rollback(db.session)
        why = f"{refused.message} " + messages.word(_("Nothing was changed."))
        unit_of_work.run(db.session, lambda: jobs.fail(db.session, job_id, why))
        return
    except Exception as exc:  # the job's failure, recorded on it for the user
        log.exception("job %s (%s) failed", job_id, job.kind)
        unit_of_work.rollback(db.session)
        why = messages.word(_("It stopped: {error}. Nothing was kept; start it again, or tell "
                              "whoever runs the server.")).format(
            error=f"{type(exc).__name__}: {exc}")
        unit_of_work.run(db.session, lambda: jobs.fail(db.session, job_id, why))
        return
    unit_of_work.run(db.session, lambda: jobs.finish(db.session, job_id, done, message,
                                                     stored, name))


def _reporter(job_id: int) -> Callable[[int, int | None], None]:
    """Progress, committed on a session of its own: the work's reads are not disturbed
    (a server-side cursor would not survive a commit of its session)."""
    def report(done: int, total: int | None = None) -> None:
        session = db.session.session_factory()
        try:
            unit_of_work.run(session, lambda: jobs.advance(session, job_id, done, total))
        finally:
            session.close()
    return report
