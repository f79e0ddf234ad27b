"""Work too long for a request, run off it: on Celery workers when CELERY_BROKER_URL
is set (Redis in production, as for the sign-in throttle), else in a thread of this
process (the quick start: one command still does everything). The periodic jobs
(send-mail, expire-credits) run from Celery beat; their CLI commands stay.

runner    the Celery app, dispatching a started job, running it with its progress
exports   a list's export (Excel) written to a file kept for a day
periodic  the beat schedule and its tasks
worker    what `celery -A admin_app.jobs.worker` loads
"""
