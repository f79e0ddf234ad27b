"""Import returns (SPEC S7): download a template, upload a CSV or Excel file, see every
row checked (each bad row with its number and reason), then confirm: the file becomes
customer returns in one transaction, or nothing does."""
from flask import Response, current_app, flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user

from flask_babel import gettext

from .access import SecureView, org_id
from .download_names import attachment
from .forms import new_token
from .transaction import run
from .. import uploads
from ..extensions import db
from ..rules.aftersales import importing, returns_file
from ..rules.core import jobs
from ..rules.core.errors import RuleError

SHOWN_ROWS = 100
TEMPLATES = {"csv": ("text/csv", returns_file.template_csv),
             "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      returns_file.template_xlsx)}


class ReturnsImportView(SecureView):
    permissions = ("aftersales.manual",)
    # what this page imports (Platform requests import another file the same way)
    page, job_kind, file_stem, kind = "services/import.html", "import_returns", "returns", \
        "returns"

    def read(self, name: str, data: bytes) -> list:
        return returns_file.read(name, data)

    def check(self, rows):
        return importing.check(db.session, org_id(), rows)

    def apply(self, plan, digest: str, name: str):
        return importing.apply(db.session, current_user, plan, digest, name)

    def made(self, plan) -> int:
        return len(plan.groups)

    def done(self, batch) -> str:
        return gettext("Imported %(count)s customer return(s) from %(file)s (%(rows)s rows): "
                       "waiting for Return Stock-In.", count=batch.created,
                       file=batch.filename, rows=batch.rows)

    def after_url(self) -> str:
        return url_for("service_customer_return.index_view", tab="confirm_return")

    def templates(self) -> dict:
        return TEMPLATES

    @expose("/", methods=("GET", "POST"))
    def index(self):
        if request.method == "POST" and request.form.get("step") == "confirm":
            return self._confirm()
        preview = self._preview() if request.method == "POST" else None
        return self.render(self.page, preview=preview, token=new_token(),
                           max_rows=returns_file.MAX_ROWS)

    @expose("/template.<ext>")
    def template(self, ext):
        if ext not in self.templates():
            return redirect(url_for(".index"))
        mimetype, make = self.templates()[ext]
        return Response(make(), mimetype=mimetype,
                        headers=attachment(f"{self.file_stem}-template.{ext}"))

    def _preview(self):
        upload = request.files.get("file")
        name = uploads.display_name(getattr(upload, "filename", "") or "")
        data = upload.read() if upload else b""
        try:
            rows = self.read(name, data)
            digest = importing.digest(data)
            importing.refuse_twice(db.session, org_id(), digest, self.kind)
            plan = self.check(rows)
        except RuleError as refused:
            flash(refused.message, "error")
            return None
        ext = name.rsplit(".", 1)[-1].lower().replace("txt", "csv")
        if not plan.errors:
            uploads.keep_for_import(org_id(), digest, ext, data)
        return {"name": name, "digest": digest, "ext": ext, "plan": plan,
                "rows": rows[:SHOWN_ROWS], "errors": plan.errors[:importing.MAX_ERRORS_SHOWN],
                "returns": self.made(plan)}

    def _confirm(self):
        f = request.form
        name = uploads.display_name(f.get("name") or f"{self.file_stem}.csv")
        digest, ext = f.get("digest", ""), f.get("ext", "")
        if self._is_large(digest, ext):
            return self._confirm_in_background(name, digest, ext)

        def confirm():
            data = uploads.kept_for_import(org_id(), digest, ext)
            if importing.digest(data) != digest:
                raise RuleError('form.file_changed_upload_again', field='that_file_changed')
            return self.apply(self.check(self.read(f"file.{ext}", data)), digest, name)
        outcome = run(confirm, token=f.get("token", ""), action=f"{self.kind}.import",
                      done=self.done)
        if outcome.ok:
            uploads.forget_import(org_id(), digest, ext)
            return redirect(self.after_url())
        return redirect(url_for(".index"))

    def _is_large(self, digest, ext) -> bool:
        """More rows than a request should import (the confirmation checks them all
        again): the import runs as a job."""
        try:
            data = uploads.kept_for_import(org_id(), digest, ext)
            rows = self.read(f"file.{ext}", data)
        except RuleError:
            return False  # the confirmation says why, as always
        return len(rows) > current_app.config["IMPORT_INLINE_ROWS"]

    def _confirm_in_background(self, name, digest, ext):
        outcome = run(lambda: jobs.start(
            db.session, current_user, self.job_kind,
            gettext("Import of %(file)s", file=name),
            {"digest": digest, "ext": ext, "name": name}),
            token=request.form.get("token", ""), action="returns.import",
            done=gettext("The import of %(file)s is running: it appears on this page when done "
                         "(all of it, or nothing if a row is refused).", file=name))
        return redirect(url_for("jobs.index") if outcome.ok else url_for(".index"))
