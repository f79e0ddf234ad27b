"""A customer's statement (SPEC S4): the ledger of a period, in document-date order,
each row with its running totals, between an opening and a closing line.

One order for everything: the opening line sums the changes of the documents dated
before the period; the rows are the period's documents by date (one day's in the order
they were posted), each row's totals continuing from the one before; the closing line
is the last row's. So the rows add up whatever order the entries were posted in (an
order dated last month entered today, a back-dated payment). Each entry's totals as
they stood when it was posted (the ledger page) may differ from the running totals
here: those follow posting order."""
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select, type_coerce

from ..rules.core.messages import word
from ..rules.core.messages._marker import _

from ..models import LedgerEntry
from ..money import ZERO, Money

MAX_DAYS = 3 * 366
ORDER_NOTE = _("In document-date order (documents of the same day in the order they were "
              "entered); the running totals continue from the opening line.")
CHANGES = ("receivable", "received", "credit_change", "balance_change")


@dataclass(frozen=True)
class Row:
    entry_date: date
    document: str
    doc_no: str
    receivable: Decimal
    received: Decimal
    credit_change: Decimal
    balance_change: Decimal
    total_credit: Decimal
    total_balance: Decimal


@dataclass
class Statement:
    customer: object
    start: date
    end: date
    opening_credit: Decimal = ZERO
    opening_balance: Decimal = ZERO
    rows: list[Row] = field(default_factory=list)

    @property
    def closing_credit(self) -> Decimal:
        return self.rows[-1].total_credit if self.rows else self.opening_credit

    @property
    def closing_balance(self) -> Decimal:
        return self.rows[-1].total_balance if self.rows else self.opening_balance

    def total(self, column: str) -> Decimal:
        return sum((getattr(row, column) for row in self.rows), ZERO)


def statement(session, customer, start: date, end: date) -> Statement:
    opening = session.execute(select(
        type_coerce(func.coalesce(func.sum(LedgerEntry.credit_change), 0), Money),
        type_coerce(func.coalesce(func.sum(LedgerEntry.balance_change), 0), Money)).where(
        LedgerEntry.customer_id == customer.id, LedgerEntry.entry_date < start)).one()
    credit, balance = opening[0] or ZERO, opening[1] or ZERO
    stmt = Statement(customer, start, end, credit, balance)
    entries = session.execute(select(LedgerEntry).where(
        LedgerEntry.customer_id == customer.id, LedgerEntry.entry_date >= start,
        LedgerEntry.entry_date <= end).order_by(LedgerEntry.entry_date, LedgerEntry.seq)
    ).scalars()
    for e in entries:
        credit, balance = credit + e.credit_change, balance + e.balance_change
        stmt.rows.append(Row(e.entry_date, e.doc_type_label, e.doc_no, e.receivable,
                             e.received, e.credit_change, e.balance_change, credit, balance))
    return stmt


HEADERS = (_("Date"), _("Document"), _("No."), _("Receivable"), _("Received"),
           _("Credit change"), _("Balance change"), _("Total credit"), _("Total balance"))


def headers() -> list[str]:
    """The statement's column names in the reader's language."""
    return [word(h) for h in HEADERS]


def order_note() -> str:
    return word(ORDER_NOTE)


def table(stmt: Statement, note: bool = False) -> list[tuple]:
    """The statement's lines as every format shows them (page, CSV, PDF): the opening
    line, the rows with their running totals, the closing line. `note`: a last line
    says the order the rows follow (a file has no page around it to say it)."""
    opening = (stmt.start, word(_("Opening")), "", None, None,
               None, None, stmt.opening_credit, stmt.opening_balance)
    closing = (stmt.end, word(_("Closing")), "", *(stmt.total(c) for c in CHANGES),
               stmt.closing_credit, stmt.closing_balance)
    told = [(order_note(), *[""] * (len(HEADERS) - 1))] if note else []
    return [opening, *(tuple(vars(row).values()) for row in stmt.rows), closing, *told]
