"""A customer's statement (SPEC S4): the ledger of a period with its opening and
closing totals. Totals are the sums of the changes dated before and within the period,
so they hold however the entries' dates fall against their order."""
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select, type_coerce

from ..models import LedgerEntry
from ..money import ZERO, Money

MAX_DAYS = 3 * 366


@dataclass
class Statement:
    customer: object
    start: date
    end: date
    opening_credit: Decimal = ZERO
    opening_balance: Decimal = ZERO
    entries: list = field(default_factory=list)

    @property
    def closing_credit(self) -> Decimal:
        return self.opening_credit + sum((e.credit_change for e in self.entries), ZERO)

    @property
    def closing_balance(self) -> Decimal:
        return self.opening_balance + sum((e.balance_change for e in self.entries), ZERO)

    def total(self, column: str) -> Decimal:
        return sum((getattr(e, column) for e in self.entries), ZERO)


def statement(session, customer, start: date, end: date) -> Statement:
    opening = session.execute(select(
        type_coerce(func.coalesce(func.sum(LedgerEntry.credit_change), 0), Money),
        type_coerce(func.coalesce(func.sum(LedgerEntry.balance_change), 0), Money)).where(
        LedgerEntry.customer_id == customer.id, LedgerEntry.entry_date < start)).one()
    entries = session.execute(select(LedgerEntry).where(
        LedgerEntry.customer_id == customer.id, LedgerEntry.entry_date >= start,
        LedgerEntry.entry_date <= end).order_by(LedgerEntry.entry_date, LedgerEntry.seq)
    ).scalars().all()
    return Statement(customer, start, end, opening[0] or ZERO, opening[1] or ZERO, entries)
