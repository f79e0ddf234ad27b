"""What the runner and the jobs' kinds share: the Celery app, the kinds by name, and the
Flask app jobs run in (bound by runner.configure when the app is built)."""
from typing import Callable

from celery import Celery

celery = Celery("admin_app")
# kind -> work(job, report) -> (done, message, result_file, result_name)
KINDS: dict[str, Callable] = {}
BOUND: dict = {}
