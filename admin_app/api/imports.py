"""The returns import (SPEC S7) over the API, as on its page: the same file (CSV or
Excel, the page's template), every row checked, then all of it imported or nothing; a
file above IMPORT_INLINE_ROWS rows runs as a background job, read back at /jobs/{id}."""
import json

from apiflask import Schema
from apiflask.fields import Boolean, File, Integer, List, Nested, String
from flask import Response, current_app, request
from flask_babel import gettext

from .. import uploads
from ..extensions import db
from ..models import Job
from ..rules.aftersales import importing, returns_file
from ..rules.core import jobs
from ..rules.core.access import NotYours
from ..rules.core.errors import RuleError
from . import bp, problems, shapes
from .auth import auth, user
from .calls import ok, write
from .rows import may_read, row
from .schemas import ERRORS, Instant

PERMISSION = "aftersales.manual"


class ImportIn(Schema):
    file = File(metadata={"description": "CSV or .xlsx, the page's template"})
    dry_run = Boolean(load_default=False, metadata={"description": "Check only"})


class RowProblem(Schema):
    row = Integer()
    problem = String()


class ImportOut(Schema):
    rows = Integer()
    returns = Integer(metadata={"description": "Customer returns it makes (or made)"})
    errors = List(Nested(RowProblem))
    dry_run = Boolean()
    created = Integer(allow_none=True)
    job_id = Integer(allow_none=True, metadata={"description": "A large file: GET /jobs/{id}"})


class JobOut(Schema):
    id = Integer()
    kind = String()
    title = String()
    status = String(metadata={"description": "queued, running, done, failed"})
    done = Integer()
    total = Integer(allow_none=True)
    message = String(allow_none=True)
    created_at = Instant()
    finished_at = Instant(allow_none=True)


@bp.post("/aftersales/imports")
@bp.auth_required(auth)
@bp.input(ImportIn, location="form_and_files")
@bp.output(ImportOut, status_code=201)
@bp.doc(tags=["After-sales"], responses=ERRORS)
def import_returns(form_and_files_data):
    """Import a returns file (multipart/form-data): all rows become customer returns,
    or none does (422 lists each refused row)"""
    may_read(PERMISSION)
    upload = request.files.get("file")  # none: refused as an empty file, by the reader
    name = uploads.display_name(getattr(upload, "filename", "") or "returns.csv")
    data = upload.read() if upload is not None else b""
    rows = returns_file.read(name, data)
    digest = importing.digest(data)
    importing.refuse_twice(db.session, user().org_id, digest)
    plan = importing.check(db.session, user().org_id, rows)
    answer = {"rows": plan.rows, "returns": len(plan.groups), "dry_run": False,
              "created": None, "job_id": None,
              "errors": [{"row": n, "problem": str(text)} for n, text in plan.errors]}
    if form_and_files_data["dry_run"]:
        return ok({**answer, "dry_run": True})
    if plan.errors:  # the core's refusal, in the caller's words, with each row's problem
        status, content = problems.refusal(
            RuleError("import.row_s_problems_nothing", {"errors": len(plan.errors)}))
        return Response(json.dumps({**content, "rows": answer["errors"]}, ensure_ascii=False),
                        status=status, mimetype=problems.MEDIA)
    if len(rows) > current_app.config["IMPORT_INLINE_ROWS"]:
        ext = name.rsplit(".", 1)[-1].lower().replace("txt", "csv")
        uploads.keep_for_import(user().org_id, digest, ext, data)
        return write(lambda: jobs.start(db.session, user(), "import_returns",
                                        gettext("Import of %(file)s", file=name),
                                        {"digest": digest, "ext": ext, "name": name}),
                     lambda job: {**answer, "job_id": job.id}, 202)
    return write(lambda: importing.apply(db.session, user(), plan, digest, name),
                 lambda batch: {**answer, "created": batch.created})


@bp.get("/jobs/<int:job_id>")
@bp.auth_required(auth)
@bp.output(JobOut)
@bp.doc(tags=["Jobs"], responses=ERRORS)
def get_job(job_id):
    """A background job the caller started: its progress and outcome"""
    job = row(Job, job_id)
    if job.user_id != user().id:
        raise NotYours()
    org = user().org
    return ok({"id": job.id, "kind": job.kind, "title": job.title, "status": job.status,
               "done": job.done, "total": job.total, "message": job.message,
               "created_at": shapes.instant(org, job.created_at),
               "finished_at": shapes.instant(org, job.finished_at)})
