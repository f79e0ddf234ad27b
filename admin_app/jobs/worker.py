"""`celery -A admin_app.jobs.worker worker` (and `... beat`): the app built once from the
environment (DATABASE_URL, CELERY_BROKER_URL, UPLOAD_DIR shared with the web servers)."""
from .. import create_app
from .registry import celery  # noqa: F401  (what celery -A finds)

app = create_app()
