"""Refund orders of after-sales orders (SPEC S5): create (to the balance it is final at
once), confirm on the After-Sales Refund page, or reject with a reason."""
from dataclasses import dataclass

from sqlalchemy.orm import object_session

from ..core import audit, clock, currency
from . import hooks, refund_posting
from .kinds import kind_of
from .orders import SUPPLIER_SIDE_ALSO, lock_aso, move, refundable, require
from ..core.errors import RuleError, TransitionError
from ..core.text import typed
from ..core.numbering import unique_number
from ..core.permissions import has_permission
from ..core.transitions import Lifecycle
from ..core.usecase import use_case
from ...money import fmt, quantize
from ...models import REFUND_METHODS, REFUND_STATUSES, RefundOrder, utcnow

# A refund order: waiting (a bank transfer) until confirmed or rejected; one to the
# customer's balance is confirmed as it is made.
REFUND = Lifecycle("refund", {
    "pending": {"confirm": "confirmed", "reject": "rejected"},
    "confirmed": {},
    "rejected": {},
}, REFUND_STATUSES, {"confirm": "Confirm refund", "reject": "Reject"})


@dataclass
class BankDetails:
    bank_name: str = ""
    account_name: str = ""
    account_no: str = ""


def preview(aso, amount, method: str, bank: BankDetails | None = None
            ) -> refund_posting.RefundPosting:
    """The ledger posting the refund will make, checked against every cap (and, given
    the form's bank details, that a bank transfer has them)."""
    require(aso, "create_refund")
    if method not in REFUND_METHODS:
        raise RuleError('refund.refund_method_bank_transfer', field='refund_method')
    if method == "bank_transfer" and bank is not None and not all(
            (v or "").strip() for v in (bank.bank_name, bank.account_name, bank.account_no)):
        raise RuleError('refund.bank_transfer_enter_bank', field='bank_transfer')
    amount = currency.entered_for(object_session(aso), aso.org_id, amount, "Refund amount",
                                  "refund_amount")
    if amount is None or amount <= 0:
        raise RuleError('refund.refund_amount_enter_amount', field='refund_amount')
    left = refundable(aso)
    if amount > left:
        raise RuleError(
            "refund.exceeds_available",
            {"left": fmt(left), "number": aso.number},
            field="refund_amount",
        )
    posting = refund_posting.plan(object_session(aso), aso.order, amount, method)
    refund_posting.check_caps(aso.order, posting, method)
    return posting


@use_case("aftersales.refund", also=SUPPLIER_SIDE_ALSO)
def rehearse(session, user, aso, amount, method: str, bank: BankDetails | None = None
             ) -> refund_posting.RefundPosting:
    """A dry run of create: every check, and the entry it would post; nothing changes."""
    return preview(aso, amount, method, bank)


@use_case("aftersales.refund", also=SUPPLIER_SIDE_ALSO)
def create(session, user, aso, amount, method: str, bank: BankDetails | None = None,
           payment_info: str | None = None, proof_file=None, proof_name=None) -> RefundOrder:
    lock_aso(session, aso)
    # a refund to the balance goes to no account: details typed before are not kept
    bank = bank if bank is not None and method == "bank_transfer" else BankDetails()
    preview(aso, amount, method, bank)
    refund = RefundOrder(
        org_id=aso.org_id,
        number=unique_number(session, RefundOrder, aso.org_id, "RF",
                             clock.today(session, aso.org_id)),
        aftersales_id=aso.id,
        amount=quantize(amount),
        method=method,
        from_status=aso.status,
        bank_name=typed(bank.bank_name, "Bank", 120),
        account_name=typed(bank.account_name, "Account name", 120),
        account_no=typed(bank.account_no, "Account number", 60),
        payment_info=typed(payment_info, "Payment information", 300),
        proof_file=proof_file,
        proof_name=proof_name,
        created_by=getattr(user, "id", None),
    )
    session.add(refund)
    session.flush()
    audit.record(session, user, "refund.create", refund)
    if method == "balance":  # no confirmation needed: final at once (SPEC S5 Decision)
        _post(session, user, aso, refund, "refund_to_balance")
    else:
        move(session, user, aso, "create_refund")
    hooks.run(hooks.ON_REFUND, session, user, aso)
    return refund


def _post(session, user, aso, refund, event):
    refund.posting = refund_posting.post_refund(session, user, aso.order, refund.amount,
                                                refund.method, aso.number)
    aso.refunded += refund.amount
    REFUND.apply(refund, "confirm")
    refund.decided_by = getattr(user, "id", None)
    refund.decided_at = utcnow()
    move(session, user, aso, event)
    aso.completed_at = utcnow()


@use_case("aftersales.refund")
def confirm(session, user, refund, proof_file=None, proof_name=None) -> RefundOrder:
    """Confirm a bank refund. A supplier's refund to its distributor is confirmed by
    the distributor, who received the money (SPEC S6): through the partner action
    confirm_receipt (rules/distribution/refunds.py), never by the supplier."""
    aso = refund.aftersales
    lock_aso(session, aso)
    session.refresh(refund)
    if kind_of(aso).partner and getattr(user, "action", None) != "confirm_receipt":
        raise RuleError('refund.refund_confirmed_distributor_when', {'number': refund.number})
    if not REFUND.can(refund, "confirm"):
        raise TransitionError("refund.already_confirmed" if refund.status == "confirmed"
                              else "refund.already_rejected", {"number": refund.number})
    if proof_file:
        refund.proof_file, refund.proof_name = proof_file, proof_name
    _post(session, user, aso, refund, "confirm_refund")
    hooks.run(hooks.ON_REFUND, session, user, aso)
    return refund


@use_case("aftersales.refund", also=SUPPLIER_SIDE_ALSO)
def complete_nothing_to_refund(session, user, aso):
    """Nothing is left to refund (a supplier's handling fee at least the return amount; a
    return's amount corrected to 0, or its order's money given back already): the
    after-sales order completes, its goods staying in stock, and its trail says why."""
    lock_aso(session, aso)
    require(aso, "nothing_to_refund")
    move(session, user, aso, "nothing_to_refund")
    aso.completed_at = utcnow()
    if kind_of(aso).partner:
        why = (f"handling fee {fmt(aso.handling_fee)} is at least the return amount "
               f"{fmt(aso.returned_amount)}: nothing to refund")
    else:
        why = (f"nothing left to refund: return amount {fmt(aso.returned_amount)}, the "
               f"order's refunds and money account allow 0")
    audit.record(session, user, "aftersales.nothing_to_refund", aso, after={"why": why})
    hooks.run(hooks.ON_REFUND, session, user, aso)
    return aso


@use_case("aftersales.refund")
def reject(session, user, refund, reason: str) -> RefundOrder:
    aso = refund.aftersales
    lock_aso(session, aso)
    session.refresh(refund)
    reason = typed(reason, "Reason", 2000) or ""
    if not reason:
        raise RuleError('refund.reason_say_why_refund', field='reason')
    if kind_of(aso).partner:  # as why_not says: the distributor decides on its receipt
        raise RuleError('refund.refund_confirmed_distributor_when', {'number': refund.number})
    if not REFUND.can(refund, "reject"):
        raise RuleError('refund.refund_longer_waiting_confirmation', {'number': refund.number})
    REFUND.apply(refund, "reject")
    refund.reject_reason = reason
    refund.decided_by = getattr(user, "id", None)
    refund.decided_at = utcnow()
    move(session, user, aso, "reject_refund")  # back to where the refund order was made
    hooks.run(hooks.ON_REFUND, session, user, aso)
    return refund


def why_not(user, refund, event: str) -> RuleError | None:
    """Why `user` cannot `event` ("confirm", "reject") the refund now (None: they can).
    A distributor's refund is confirmed by the distributor (SPEC S6), not here."""
    if not has_permission(user, "aftersales.refund"):
        return RuleError("access.not_permitted", {"names": '"Refund"'})
    if not REFUND.can(refund, event):
        return RuleError("refund.refund_longer_waiting_confirmation", {"number": refund.number})
    if kind_of(refund.aftersales).partner:  # the distributor confirms its receipt
        return RuleError("refund.refund_confirmed_distributor_when", {"number": refund.number})
    return None


def allowed(user, refund) -> list[str]:
    """The buttons a refund order shows this user."""
    return [event for event in REFUND.next_events(refund) if why_not(user, refund, event) is None]


WAITING = RefundOrder.status.in_(REFUND.sources("confirm"))
REJECTED = RefundOrder.status == "rejected"


def is_waiting(refund) -> bool:
    return REFUND.can(refund, "confirm")
