"""After-Sales Refund (SPEC S5): create a refund order with a preview of its posting;
confirm (with proof) or reject (with a reason) the ones paid by bank."""
from decimal import Decimal

from flask import redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from ..app_form import AppForm
from sqlalchemy import and_, func, or_, select
from wtforms import FileField, RadioField, StringField
from wtforms.validators import InputRequired, Length, Optional

from flask_babel import lazy_gettext as _l
from flask_babel import gettext

from . import printing
from .access import PartnerRows, SecureView, get_or_404, own, refuse
from .aftersales import page_url
from .distribution import pending_supplier_refunds
from .confirming import seen
from .forms import IdempotencyField, MoneyField, money_range, new_token
from .transaction import preview_or_confirm, run
from .. import uploads
from ..extensions import db
from ..models import (REFUND_METHODS, REFUND_STATUSES, AfterSalesOrder, RefundOrder)
from ..money import fmt
from ..rules.aftersales import orders as aftersales, refund_orders
from ..rules.aftersales.kinds import kind_of, left_to_refund, waiting_for
from ..rules.distribution import refunds as distribution_refunds


class RefundForm(AppForm):
    token = IdempotencyField()
    amount = MoneyField(_l("Requested refund amount"), validators=[
        InputRequired(message=_l("Amount: enter the refund.")), money_range(Decimal("0.01"))])
    method = RadioField(_l("Refund to"), choices=list(REFUND_METHODS.items()),
                        default="bank_transfer")
    bank_name = StringField(_l("Bank"), validators=[Optional(), Length(max=120)])
    account_name = StringField(_l("Account name"), validators=[Optional(), Length(max=120)])
    account_no = StringField(_l("Account number"), validators=[Optional(), Length(max=60)])
    payment_info = StringField(_l("Payment information"), validators=[Optional(),
                                                                   Length(max=300)])
    proof = FileField(_l("Proof (optional: PNG, JPEG or PDF)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.method.choices = REFUND_METHODS.items()  # in the reader's language, now


class RefundsView(PartnerRows, SecureView):
    """PartnerRows: a supplier's refund to its distributor is followed on, and
    confirmed from, the distributor's side (SPEC S6)."""
    # distribution.manage: the refund of a supplier's pushed return only (SPEC S1), made
    # from the supplier's Distribution list; the queues are the refund desk's
    permissions = ("aftersales.refund", "distribution.manage")
    endpoint_permissions = {e: ("aftersales.refund",) for e in (
        "index", "confirm", "receipt", "reject", "slip", "proof")}

    def is_visible(self):
        return self.may_open("index")

    @expose("/")
    def index(self):
        """Three queues: after-sales orders waiting for a refund order, refund orders
        waiting for confirmation, and every refund order."""
        show = request.args.get("show", "pending")
        show = show if show in ("to_refund", "pending", "all") else "pending"
        waiting = or_(*(and_(AfterSalesOrder.kind == kind, AfterSalesOrder.status == state)
                        for kind, state in waiting_for("create_refund")))
        to_refund = db.session.execute(own(AfterSalesOrder).where(waiting)
                                       .order_by(AfterSalesOrder.id).limit(100)
                                       ).scalars().all() if show == "to_refund" else []
        query = own(RefundOrder)
        if show == "pending":
            query = query.where(refund_orders.WAITING)
        rows = db.session.execute(query.order_by(RefundOrder.id.desc()).limit(100)) \
            .scalars().all() if show != "to_refund" else []
        counts = {"to_refund": _count(own(AfterSalesOrder).where(waiting)),
                  "pending": _count(own(RefundOrder).where(refund_orders.WAITING))}
        return self.render("aftersales/refunds.html", rows=rows, show=show, counts=counts,
                           actions=lambda r: refund_orders.allowed(current_user, r),
                           waiting=refund_orders.is_waiting,
                           from_suppliers=pending_supplier_refunds(),
                           to_refund=to_refund, refundable=left_to_refund,
                           methods=REFUND_METHODS, statuses=REFUND_STATUSES)

    @expose("/create/<int:aso_id>", methods=("GET", "POST"))
    def create(self, aso_id):
        aso = get_or_404(AfterSalesOrder, aso_id, "write")
        if not aftersales.permits(current_user, aso, "create_refund"):
            refuse(("aftersales.refund",))
        form = RefundForm()
        posting = None
        if request.method == "GET" and form.amount.data is None:
            form.amount.data = left_to_refund(aso)
            _prefill_bank_details(form, aso)
        shown = seen(aso.id, form.amount.data, form.method.data, form.bank_name.data,
                     form.account_name.data, form.account_no.data)
        if request.method == "POST" and form.validate():
            done, posting = preview_or_confirm(
                form.token.data,
                lambda: refund_orders.preview(aso, form.amount.data, form.method.data,
                                              _bank(form)),
                lambda _: True, lambda _: self._create(aso, form),
                page_url(aso), shown)
            if done is not None:
                return done
        return self.render("aftersales/refund_create.html", aso=aso, kind=kind_of(aso),
                           form=form, posting=posting, seen=shown,
                           rejected=_last_rejected(aso), methods=REFUND_METHODS,
                           refundable=left_to_refund(aso),
                           figures=distribution_refunds.figures(aso)
                           if kind_of(aso).partner else None,
                           missing=sum(line.missing_qty for line in aso.return_lines))

    def _create(self, aso, form):
        def create():
            proof = uploads.accept_proof(request.files.get("proof"), current_user.org_id)
            return refund_orders.create(
                db.session, current_user, aso, form.amount.data, form.method.data,
                _bank(form), form.payment_info.data, *_proof_names(proof))
        outcome = run(create, token=form.token.data, action="refund.create",
                      done=lambda refund: _created_message(refund, aso))
        if outcome.ok or outcome.replayed:
            return redirect(page_url(aso))
        return None

    @expose("/<int:refund_id>/confirm", methods=("GET", "POST"))
    def confirm(self, refund_id):
        """Confirm a bank refund on a page that says what it posts (amount, customer,
        account), with the proof; its one-time token posts it once."""
        refund = get_or_404(RefundOrder, refund_id, "write")
        if request.method == "POST":
            def confirm():
                proof = uploads.accept_proof(request.files.get("proof"), current_user.org_id)
                return refund_orders.confirm(db.session, current_user, refund,
                                             *_proof_names(proof))
            outcome = run(confirm, token=request.form.get("token", ""), action="refund.confirm",
                          done=lambda done: gettext(
                              "Refund %(number)s confirmed: %(posted)s; %(aftersales)s is "
                              "completed.", number=done.number, posted=_posted(done),
                              aftersales=done.aftersales.number))
            if outcome.ok or outcome.replayed:
                return redirect(url_for(".index"))
        return self.render("aftersales/refund_confirm.html", refund=refund,
                           waiting=refund_orders.is_waiting(refund),
                           aso=refund.aftersales, methods=REFUND_METHODS, token=new_token())

    @expose("/<int:refund_id>/receipt", methods=("POST",))
    def receipt(self, refund_id):
        """The distributor confirms a supplier's bank refund arrived (SPEC S6)."""
        refund = get_or_404(RefundOrder, refund_id, "confirm_receipt")
        run(lambda: distribution_refunds.confirm_receipt(db.session, current_user, refund),
            done=lambda _: gettext("Receipt of refund %(number)s confirmed.",
                                   number=refund.number))
        return redirect(url_for(".index"))

    @expose("/<int:refund_id>/reject", methods=("POST",))
    def reject(self, refund_id):
        refund = get_or_404(RefundOrder, refund_id, "write")
        run(lambda: refund_orders.reject(db.session, current_user, refund,
                                         request.form.get("reason") or ""),
            done=lambda _: gettext("Refund %(number)s rejected; %(aftersales)s is back to "
                                   "%(status)s.", number=refund.number,
                                   aftersales=refund.aftersales.number,
                                   status=refund.aftersales.status_label))
        return redirect(url_for(".index"))

    @expose("/<int:refund_id>/slip")
    def slip(self, refund_id):
        refund = get_or_404(RefundOrder, refund_id)
        return printing.page("print/refund_slip.html", refund=refund, aso=refund.aftersales,
                             method=REFUND_METHODS.get(refund.method, refund.method),
                             status=REFUND_STATUSES.get(refund.status, refund.status))

    @expose("/<int:refund_id>/proof")
    def proof(self, refund_id):
        refund = get_or_404(RefundOrder, refund_id)
        return uploads.send_proof(refund)


def _last_rejected(aso):
    """The after-sales order's last rejected refund order: its reason is shown on the
    next one, and a bank transfer's details start it."""
    return db.session.execute(own(RefundOrder).where(
        RefundOrder.aftersales_id == aso.id, refund_orders.REJECTED)
        .order_by(RefundOrder.id.desc()).limit(1)).scalar()


def _prefill_bank_details(form, aso) -> None:
    """After a rejected bank refund, the new refund order starts from its details."""
    earlier = _last_rejected(aso)
    if earlier is not None and earlier.method == "bank_transfer":
        form.method.data = "bank_transfer"
        form.bank_name.data, form.account_name.data = earlier.bank_name, earlier.account_name
        form.account_no.data, form.payment_info.data = earlier.account_no, earlier.payment_info


def _bank(form) -> refund_orders.BankDetails:
    return refund_orders.BankDetails(form.bank_name.data, form.account_name.data,
                                     form.account_no.data)


def _count(query) -> int:
    return db.session.execute(select(func.count()).select_from(query.subquery())).scalar()


def _proof_names(proof) -> tuple:
    return (proof.stored, proof.original) if proof is not None else (None, None)


def _posted(refund) -> str:
    """What the refund's ledger entry posted, in words (SPEC S5: offset first): the
    posting the rule returned on the refund order."""
    entry = refund.posting
    if entry is None:
        return gettext("%(amount)s refunded", amount=fmt(refund.amount))
    offset, paid = -entry.credit_change, -entry.received
    parts = [gettext("%(amount)s offset against what order %(number)s still owed",
                     amount=fmt(offset), number=refund.aftersales.order.number)] if offset else []
    if refund.method == "balance":
        parts.append(gettext("%(amount)s added to the customer's balance",
                             amount=fmt(entry.balance_change)))
    elif paid or not parts:  # all of it offset: no money went out
        parts.append(gettext("%(amount)s paid back by bank transfer", amount=fmt(paid)))
    return gettext("%(amount)s refunded (%(parts)s)", amount=fmt(refund.amount),
                   parts=", ".join(parts))


def _created_message(refund, aso) -> str:
    if not refund_orders.is_waiting(refund):  # to the balance: confirmed as made
        return gettext("Refund %(number)s to the balance posted: %(posted)s; %(aftersales)s "
                       "is completed.", number=refund.number, posted=_posted(refund),
                       aftersales=aso.number)
    return gettext("Refund order %(number)s created: waiting for confirmation on the "
                   "After-Sales Refund page.", number=refund.number)
