"""Adjustments: a correction is a new entry, never an edit (SPEC S4)."""
from datetime import date
from decimal import Decimal

from . import ledger, store_credit
from ..core import clock, currency
from ..core.errors import RuleError
from ..core.numbering import unique_number
from ..core.text import typed
from ...models import LedgerEntry
from ...money import MAX_AMOUNT
from ..core.usecase import use_case


@use_case("credit.receive")
def adjust_balance(session, user, customer_id: int, amount: Decimal | None, reason: str,
                   expires_on: date | None = None, today: date | None = None):
    """Add store credit (a lot, optionally expiring) or take it away (soonest first)."""
    today = today or clock.today(session, user.org_id)
    amount = currency.entered_for(session, user.org_id, amount, "Amount", "amount")
    if amount is None:
        raise RuleError('adjustment.amount_0_most_either', {'max_amount': MAX_AMOUNT},
                        field='amount')
    reason = typed(reason, "Reason", 300) or ""
    if amount == 0 or abs(amount) > MAX_AMOUNT:
        raise RuleError(
            "adjustment.amount_0_most_either", {"max_amount": MAX_AMOUNT}, field="amount"
        )
    if not reason:
        raise RuleError('adjustment.reason_say_why_balance', field='reason')
    if expires_on is not None and (amount < 0 or expires_on < today):
        raise RuleError('adjustment.expiry_added_credit_past', field='expiry')
    customer = ledger.lock_own_customer(session, user, customer_id)
    if amount > 0:
        store_credit.add_lot(session, customer, amount, f"adjustment: {reason}", expires_on)
    else:
        store_credit.take(session, customer, -amount, today=today)
    number = unique_number(session, LedgerEntry, customer.org_id, "ADJ", today,
                           field="doc_no")  # each adjustment is its own document
    return ledger.post(session, user, customer, doc_type="adjustment",
                       doc_no=number, balance_change=amount,
                       entry_date=today, note=reason)
