"""After-Sales Refund (SPEC S5): create a refund order with a preview of its posting;
confirm (with proof) or reject (with a reason) the ones paid by bank."""
from decimal import Decimal

from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import FileField, RadioField, StringField
from wtforms.validators import InputRequired, Length, Optional

from .base import (MoneyField, SecureView, commit_rule, get_or_404, money_range,
                   preview_or_confirm)
from .forms import IdempotencyField
from .. import uploads
from ..extensions import db
from ..models import REFUND_METHODS, AfterSalesOrder, RefundOrder
from ..rules.aftersales import orders as aftersales, refund_orders
from ..rules.core import idempotency



class RefundForm(FlaskForm):
    token = IdempotencyField()
    amount = MoneyField("Requested refund amount", validators=[
        InputRequired(message="Amount: enter the refund."), money_range(Decimal("0.01"))])
    method = RadioField("Refund to", choices=list(REFUND_METHODS.items()),
                        default="bank_transfer")
    bank_name = StringField("Bank", validators=[Optional(), Length(max=120)])
    account_name = StringField("Account name", validators=[Optional(), Length(max=120)])
    account_no = StringField("Account number", validators=[Optional(), Length(max=60)])
    payment_info = StringField("Payment information", validators=[Optional(),
                                                                   Length(max=300)])
    proof = FileField("Proof (optional: PNG, JPEG or PDF)")


class RefundsView(SecureView):
    permissions = ("aftersales.refund",)

    @expose("/")
    def index(self):
        show = request.args.get("show", "pending")
        query = select(RefundOrder).where(RefundOrder.org_id == current_user.org_id)
        if show == "pending":
            query = query.where(RefundOrder.status == "pending")
        rows = db.session.execute(query.order_by(RefundOrder.id.desc()).limit(100)) \
            .scalars().all()
        return self.render("aftersales/refunds.html", rows=rows, show=show,
                           methods=REFUND_METHODS)

    @expose("/create/<int:aso_id>", methods=("GET", "POST"))
    def create(self, aso_id):
        aso = get_or_404(AfterSalesOrder, aso_id)
        form = RefundForm()
        posting = None
        if request.method == "GET" and form.amount.data is None:
            form.amount.data = aftersales.refundable(aso)
        if request.method == "POST" and form.validate():
            done, posting = preview_or_confirm(
                form.token.data,
                lambda: refund_orders.preview(aso, form.amount.data, form.method.data),
                lambda _: True, lambda _: self._create(aso, form),
                url_for("aftersales.details_view", id=aso.id))
            if done is not None:
                return done
        return self.render("aftersales/refund_create.html", aso=aso, form=form,
                           posting=posting, refundable=aftersales.refundable(aso))

    def _create(self, aso, form):
        key = idempotency.claim(db.session, current_user.org_id, form.token.data,
                                "refund.create")
        stored, original = uploads.save_proof(request.files.get("proof"), current_user.org_id)
        refund = refund_orders.create(
            db.session, current_user, aso, form.amount.data, form.method.data,
            refund_orders.BankDetails(form.bank_name.data, form.account_name.data,
                                      form.account_no.data),
            form.payment_info.data, stored, original)
        key.result_ref = refund.number
        db.session.commit()
        if refund.status == "confirmed":
            flash(f"Refund {refund.number} of {refund.amount} added to the customer's "
                  f"balance; {aso.number} is completed.", "success")
        else:
            flash(f"Refund order {refund.number} created: waiting for confirmation on "
                  "the After-Sales Refund page.", "success")
        return redirect(url_for("aftersales.details_view", id=aso.id))

    @expose("/<int:refund_id>/confirm", methods=("POST",))
    def confirm(self, refund_id):
        refund = get_or_404(RefundOrder, refund_id)

        def confirm():
            stored, original = uploads.save_proof(request.files.get("proof"),
                                                  current_user.org_id)
            refund_orders.confirm(db.session, current_user, refund, stored, original)
        commit_rule(confirm, f"Refund {refund.number} confirmed; "
                             f"{refund.aftersales.number} is completed.")
        return redirect(url_for(".index"))

    @expose("/<int:refund_id>/reject", methods=("POST",))
    def reject(self, refund_id):
        refund = get_or_404(RefundOrder, refund_id)
        commit_rule(lambda: refund_orders.reject(db.session, current_user, refund,
                                                 (request.form.get("reason") or "")[:2000]),
                    lambda _: f"Refund {refund.number} rejected; "
                              f"{refund.aftersales.number} is back to "
                              f"{refund.aftersales.status_label}.")
        return redirect(url_for(".index"))

    @expose("/<int:refund_id>/proof")
    def proof(self, refund_id):
        refund = get_or_404(RefundOrder, refund_id)
        return uploads.send_proof(refund)
