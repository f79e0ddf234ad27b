"""Background jobs' records: started by a user (in that user's organization), taken by
one runner, moving forward with its progress, done with a file kept for a day or failed
with the reason. The runner (admin_app/jobs) does the work; this is its bookkeeping,
each step its own unit of work so the page that polls sees it at once."""
import json
from datetime import timedelta
from typing import Callable

from sqlalchemy import select, update

from . import unit_of_work
from .transitions import Lifecycle
from .usecase import use_case
from ...models import JOB_STATUSES, Job, utcnow

KEPT_FOR = timedelta(days=1)
JOB = Lifecycle("job", {
    "queued": {"begin": "running", "fail": "failed"},
    "running": {"finish": "done", "fail": "failed"},
}, JOB_STATUSES, {"begin": "Start", "finish": "Finish", "fail": "Fail"})
# Called with a job's id once the job is committed: the runner queues it (Celery) or
# starts it in this process (no broker: the quick start).
ON_START: list[Callable[[int], None]] = []


@use_case()
def start(session, user, kind: str, title: str, params: dict, total: int | None = None
          ) -> Job:
    """A job of `kind` for `user`; it starts once this unit of work commits."""
    job = Job(org_id=user.org_id, user_id=user.id, kind=kind, title=title[:200],
              params=json.dumps(params), total=total)
    session.add(job)
    session.flush()
    unit_of_work.after_commit(_starter(job.id))
    return job


def _starter(job_id: int) -> Callable[[], None]:
    def start_job() -> None:
        for hook in ON_START:
            hook(job_id)
    return start_job


def begin(session, job_id: int) -> Job | None:
    """Take the job (one runner only); None when another runner took it or it is gone."""
    moved = JOB.move_many(session, Job, "begin", Job.id == job_id, started_at=utcnow())
    return session.get(Job, job_id) if moved == 1 else None


def advance(session, job_id: int, done: int, total: int | None = None) -> None:
    values = {"done": done} if total is None else {"done": done, "total": total}
    session.execute(update(Job).where(Job.id == job_id).values(**values))


def finish(session, job_id: int, done: int, message: str, result_file: str | None = None,
           result_name: str | None = None) -> None:
    now = utcnow()
    JOB.move_many(session, Job, "finish", Job.id == job_id, done=done, message=message,
                  result_file=result_file, result_name=result_name, finished_at=now,
                  expires_at=now + KEPT_FOR)


def fail(session, job_id: int, message: str) -> None:
    JOB.move_many(session, Job, "fail", Job.id == job_id, message=message[:2000],
                  finished_at=utcnow())


def expired(session, now=None) -> list[Job]:
    """Finished jobs whose file is past its day: the runner deletes the files."""
    return list(session.execute(select(Job).where(
        Job.result_file.is_not(None), Job.expires_at < (now or utcnow()))).scalars())


def forget_file(session, job: Job) -> None:
    job.result_file = None
    job.message = (job.message or "") + " The file was kept for a day and is now deleted."


def params(job: Job) -> dict:
    return json.loads(job.params or "{}")


def active(job: Job) -> bool:
    """Waiting or running: its page keeps asking how far it got."""
    return bool(JOB.next_events(job))


def downloadable(job: Job) -> bool:
    return JOB.state(job) == "done" and bool(job.result_file)
