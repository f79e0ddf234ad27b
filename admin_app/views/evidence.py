"""Evidence on any after-sales order (SPEC S12): the seller's photos and videos
uploaded (from a phone's camera too), shown as thumbnails to the organization only;
the buyer's links as links."""
from flask import redirect, request, url_for
from flask_admin import expose
from flask_babel import ngettext
from flask_login import current_user

from .. import uploads
from ..extensions import db
from ..models import AfterSalesOrder, Evidence
from ..rules.platforms import evidence
from .access import SecureView, get_or_404
from .transaction import run

PERMISSIONS = ("aftersales.manual", "aftersales.refund", "stock.return_in")


def attach(aso, files, stage: str):
    """The rule's call, for every page that takes evidence (inside a unit of work)."""
    stored = [uploads.accept_evidence(f, aso.org_id) for f in files if f.filename]
    return evidence.add_files(db.session, current_user, aso, stored, stage)


class EvidenceView(SecureView):
    """No page of its own: the upload's target and the files' address."""
    permissions = PERMISSIONS
    endpoint_permissions = {"upload": ("aftersales.manual", "stock.return_in")}

    def is_visible(self):
        return False

    @expose("/")
    def index(self):
        return redirect(url_for("aftersales.index_view"))

    @expose("/<int:aso_id>", methods=("POST",))
    def upload(self, aso_id):
        aso = get_or_404(AfterSalesOrder, aso_id, "write")
        stage = request.form.get("stage") if request.form.get("stage") in (
            "request", "stock_in", "claim") else "request"
        run(lambda: attach(aso, request.files.getlist("evidence"), stage),
            token=request.form.get("token", ""), action="aftersales.evidence",
            done=lambda rows: ngettext("%(num)d file attached to %(number)s.",
                                       "%(num)d files attached to %(number)s.",
                                       len(rows), number=aso.number))
        back = request.form.get("next") or ""
        return redirect(back if back.startswith("/admin/") else
                        url_for("aftersales.details_view", id=aso.id))

    @expose("/file/<int:evidence_id>")
    def file(self, evidence_id):
        return uploads.send_evidence(get_or_404(Evidence, evidence_id, "read"))
