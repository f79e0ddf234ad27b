"""Import platform requests (SPEC S12): a channel's export of return and refund
requests, checked row by row, then received through the API's rule in one transaction
(a request already here is brought up to date); like Import returns in every other way."""
from flask import url_for
from flask_babel import gettext
from flask_login import current_user

from ..extensions import db
from ..rules.aftersales import returns_file
from ..rules.platforms import importing
from .access import org_id
from .returns_import import TEMPLATES, ReturnsImportView

PLATFORM_TEMPLATES = {
    "csv": (TEMPLATES["csv"][0], lambda: returns_file.template_csv(importing.COLUMNS,
                                                                   importing.EXAMPLE)),
    "xlsx": (TEMPLATES["xlsx"][0], lambda: returns_file.template_xlsx(
        importing.COLUMNS, importing.EXAMPLE, "Requests")),
}


class PlatformImportView(ReturnsImportView):
    page, job_kind, file_stem, kind = "platforms/import.html", "import_platform", \
        "platform-requests", importing.KIND

    def read(self, name, data):
        return importing.read(name, data)

    def check(self, rows):
        return importing.check(db.session, org_id(), rows)

    def apply(self, plan, digest, name):
        return importing.apply(db.session, current_user, plan, digest, name)

    def made(self, plan) -> int:
        return len(plan.requests)

    def done(self, batch) -> str:
        return gettext("Imported %(rows)s row(s) from %(file)s: %(count)s new platform "
                       "request(s); any already here were brought up to date.", rows=batch.rows,
                       file=batch.filename, count=batch.created)

    def after_url(self) -> str:
        return url_for("platform_aftersales.index_view")

    def templates(self) -> dict:
        return PLATFORM_TEMPLATES
