"""Downloads and jobs: the user's background jobs of the last day, each with its
progress (the page polls it), its outcome and its file."""
from datetime import timedelta

from flask import abort, jsonify, url_for
from flask_admin import expose
from flask_login import current_user
from sqlalchemy import select

from .access import SecureView, get_or_404
from .. import uploads
from ..extensions import db
from ..models import Job, utcnow
from ..rules.core import jobs


def mine(job_id: int) -> Job:
    """The user's own job (a colleague's export is not theirs to download)."""
    job = get_or_404(Job, job_id)
    if job.user_id != current_user.id:
        abort(404)
    return job


def state(job: Job) -> dict:
    return {"id": job.id, "status": job.status, "label": job.status_label,
            "percent": job.percent, "done": job.done, "total": job.total,
            "message": job.message or "",
            "active": jobs.active(job),
            "download": url_for("jobs.download", job_id=job.id)
            if jobs.downloadable(job) else None}


class JobsView(SecureView):
    open_to_every_user = True

    @expose("/")
    def index(self):
        rows = db.session.execute(select(Job).where(
            Job.org_id == current_user.org_id, Job.user_id == current_user.id,
            Job.created_at > utcnow() - timedelta(days=1)).order_by(Job.id.desc())
            .limit(50)).scalars().all()
        return self.render("jobs.html", jobs=rows, state=state)

    @expose("/<int:job_id>.json")
    def status(self, job_id):
        return jsonify(state(mine(job_id)))

    @expose("/<int:job_id>/download")
    def download(self, job_id):
        return uploads.send_job_file(mine(job_id))
