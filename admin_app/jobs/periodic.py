"""The periodic jobs, run by Celery beat in production (`celery -A admin_app.jobs.worker
beat`); their CLI commands (send-mail, expire-credits) do the same by hand or from
cron. Each is safe to run twice and at once on two servers."""
from celery.schedules import crontab
from sqlalchemy.exc import IntegrityError

from .. import mailer, uploads, webhooks
from ..extensions import db
from ..models import Organization
from ..rules.core import clock, jobs, replays, unit_of_work
from ..rules.credit import points, store_credit
from ..rules.platforms import alerts
from .registry import BOUND as _app, celery

celery.conf.beat_schedule = {
    "send-mail": {"task": "admin_app.send_mail", "schedule": 60.0},
    "expire-credits": {"task": "admin_app.expire_credits",
                       "schedule": crontab(minute=15)},  # hourly: each zone's midnight
    "forget-job-files": {"task": "admin_app.forget_job_files", "schedule": 3600.0},
    "deliver-webhooks": {"task": "admin_app.deliver_webhooks", "schedule": 30.0},
    "forget-api-answers": {"task": "admin_app.forget_api_answers", "schedule": 3600.0},
    "deadline-alerts": {"task": "admin_app.deadline_alerts", "schedule": 900.0},
}


def expire_credits(on=None) -> tuple[int, int]:
    """Store credit and points past their date, each organization on its own calendar
    (its time zone): (lots, point lots) expired."""
    lots = pts = 0
    for org in db.session.query(Organization).order_by(Organization.id).all():
        today = on or clock.business_date(org)
        done = unit_of_work.run(db.session, lambda today=today, org=org: (
            store_credit.expire(db.session, None, today, org.id),
            points.expire(db.session, today, org.id)))
        lots, pts = lots + done[0], pts + done[1]
    return lots, pts


def deadline_alerts(now=None) -> alerts.Ran:
    """The platforms' deadlines due within 24 h, told once; two runs at once: the one
    that finds the other's marks first gives way (nothing is told twice)."""
    try:
        return unit_of_work.run(db.session, lambda: alerts.run(db.session, now))
    except IntegrityError:
        return alerts.Ran(0, 0, 0)


def forget_job_files() -> int:
    """Jobs' files are kept for a day."""
    old = jobs.expired(db.session)
    for job in old:
        uploads.remove_job_file(job)
        unit_of_work.run(db.session, lambda job=job: jobs.forget_file(db.session, job))
    return len(old)


def _in_app(work):
    with _app["app"].app_context():
        try:
            return work()
        finally:
            db.session.remove()


@celery.task(name="admin_app.send_mail")
def send_mail_task() -> int:
    return _in_app(lambda: mailer.deliver().sent)


@celery.task(name="admin_app.expire_credits")
def expire_credits_task() -> int:
    return _in_app(lambda: sum(expire_credits()))


@celery.task(name="admin_app.forget_job_files")
def forget_job_files_task() -> int:
    return _in_app(forget_job_files)


@celery.task(name="admin_app.deliver_webhooks")
def deliver_webhooks_task() -> int:
    return _in_app(lambda: webhooks.deliver().delivered)


@celery.task(name="admin_app.forget_api_answers")
def forget_api_answers_task() -> int:
    """Idempotency keys' answers are kept a day."""
    return _in_app(lambda: unit_of_work.run(db.session,
                                            lambda: replays.forget_old(db.session)))


@celery.task(name="admin_app.deadline_alerts")
def deadline_alerts_task() -> int:
    return _in_app(lambda: deadline_alerts().announced)
