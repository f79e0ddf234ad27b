"""Return Stock-In (SPEC S3, S5): find the after-sales order by its number, the order
number or the buyer's return tracking number; split each line into qualified,
unqualified and missing; post the stock movements."""
from flask import redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from sqlalchemy import or_

from flask_babel import gettext

from . import evidence
from .access import SecureView, allow_partners, get_or_404, own
from .forms import new_token, parse_whole
from .transaction import run
from .lookups import same_text
from ..extensions import db
from ..models import AfterSalesOrder, Order
from ..rules.aftersales import orders as aftersales
from ..rules.aftersales.orders import Receipt

WAITING = ("confirm_return", "confirm_exchange")


class ReturnStockInView(SecureView):
    # distribution.manage: a supplier's pushed returns only (rules: orders.permits)
    permissions = ("stock.return_in", "distribution.manage")

    def _find(self, q: str):
        q = q.strip()[:80]
        if not q:
            return []
        # numbers and tracking numbers are typed in any case (scanners, couriers' labels)
        return db.session.execute(
            own(AfterSalesOrder).outerjoin(Order, Order.id == AfterSalesOrder.order_id)
            .where(or_(same_text(AfterSalesOrder.number, q), same_text(Order.number, q),
                       same_text(AfterSalesOrder.return_tracking_no, q)))
            .order_by(AfterSalesOrder.id.desc()).limit(20)).scalars().all()

    @expose("/", methods=("GET", "POST"))
    def index(self):
        q = request.values.get("q", "")
        if request.method == "POST":
            done = self._post()
            if done:
                return done
        found = self._find(q)
        waiting = db.session.execute(
            own(AfterSalesOrder).where(AfterSalesOrder.status.in_(WAITING))
            .order_by(AfterSalesOrder.id).limit(50)).scalars().all() if not q else []
        return self.render("aftersales/stock_in.html", q=q, found=found, waiting=waiting,
                           token=new_token(), can=lambda aso, event: aftersales.can(
                               aso, event) and aftersales.permits(current_user, aso, event))

    def _post(self):
        aso = get_or_404(AfterSalesOrder, request.form.get("aso_id"), "write")
        allow_partners()  # a distributor's pushed return: its order follows the stock-in
        f = request.form

        def stock_in():
            receipts = {line.id: Receipt(*(parse_whole(f.get(f"{part}_{line.id}"),
                                                       f"{line.sku.code} {label}") or 0
                                           for part, label in PARTS))
                        for line in aso.return_lines}
            aftersales.stock_in(db.session, current_user, aso, receipts,
                                note=f.get("note") or "",
                                replace_note=f.get("replace_note") == "y")
            photos = [p for p in request.files.getlist("evidence") if p.filename]
            if photos:  # the clerk's unboxing photos and video, kept with the stock-in
                evidence.attach(aso, photos, "stock_in")
            return aso
        outcome = run(stock_in, token=f.get("token", ""), action="aftersales.stock_in",
                      done=lambda _: gettext("%(number)s stocked in: %(status)s.",
                                             number=aso.number, status=aso.status_label))
        if outcome.ok or outcome.replayed:
            return redirect(url_for(".index", q=aso.number))
        return None


PARTS = (("q", "qualified"), ("u", "unqualified"), ("m", "missing"))
