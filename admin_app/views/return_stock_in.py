"""Return Stock-In (SPEC S3, S5): find the after-sales order by its number, the order
number or the buyer's return tracking number; split each line into qualified,
unqualified and missing; post the stock movements."""
from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from sqlalchemy import or_, select

from .aftersales import _int
from .base import SecureView, get_or_404
from .forms import new_token
from ..extensions import db
from ..models import AfterSalesOrder, Order
from ..rules.aftersales import orders as aftersales
from ..rules.core import idempotency
from ..rules.aftersales.orders import Receipt
from ..rules.core.errors import AlreadySubmitted, RuleError

WAITING = ("confirm_return", "confirm_exchange")


class ReturnStockInView(SecureView):
    permissions = ("stock.return_in",)

    def _find(self, q: str):
        q = q.strip()[:80]
        if not q:
            return []
        return db.session.execute(
            select(AfterSalesOrder).outerjoin(Order, Order.id == AfterSalesOrder.order_id)
            .where(AfterSalesOrder.org_id == current_user.org_id,
                   or_(AfterSalesOrder.number == q, Order.number == q,
                       AfterSalesOrder.return_tracking_no == q))
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
            select(AfterSalesOrder).where(AfterSalesOrder.org_id == current_user.org_id,
                                          AfterSalesOrder.status.in_(WAITING))
            .order_by(AfterSalesOrder.id).limit(50)).scalars().all() if not q else []
        return self.render("aftersales/stock_in.html", q=q, found=found, waiting=waiting,
                           token=new_token(), can=aftersales.can)

    def _post(self):
        aso = get_or_404(AfterSalesOrder, request.form.get("aso_id"))
        f = request.form
        try:
            receipts = {line.id: Receipt(_int(f.get(f"q_{line.id}")) or 0,
                                         _int(f.get(f"u_{line.id}")) or 0,
                                         _int(f.get(f"m_{line.id}")) or 0)
                        for line in aso.return_lines}
            key = idempotency.claim(db.session, current_user.org_id, f.get("token", ""),
                                    "aftersales.stock_in")
            aftersales.stock_in(db.session, current_user, aso, receipts,
                                note=(f.get("note") or "")[:1000],
                                replace_note=f.get("replace_note") == "y")
            key.result_ref = aso.number
            db.session.commit()
        except AlreadySubmitted as exc:
            db.session.rollback()
            flash(exc.message, "warning")
        except RuleError as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return None
        else:
            flash(f"{aso.number} stocked in: Received Return.", "success")
        return redirect(url_for(".index", q=aso.number))
