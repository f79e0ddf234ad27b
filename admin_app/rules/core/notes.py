"""Notes the rules write on ledger entries and stock movements ("Refund of SO1 (bank
transfer)"): stored in English, as files and the audit trail read them, and shown in
the reader's language by the pattern they were written from (SPEC S10). Text a person
typed matches no pattern and is shown as typed."""
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from . import currency, messages
from .day_words import day_text
from .messages._marker import _

REFUND_BY_BANK = _("Refund of {number} (bank transfer)")
REFUND_TO_BALANCE = _("Refund of {number} (customer balance)")
CREDIT_REVERTED = _("Store credit reverted, expires {date}")
CREDIT_REVERTED_NEVER = _("Store credit reverted, never expires")
CREDIT_EXPIRED = _("Store credit expired on {date}")
PAID_TO_BALANCE = _("{amount} to balance")
GOODS_BACK = _("{amount} of returned goods back to the after-sales order")
RETURN_STOCK_IN = _("Return stock-in {number}")
ASO_CANCELLED = _("After-sales {number} cancelled")
REPLACEMENT = _("Replacement {number} for {aftersales}")
DISTRIBUTION_ORDER = _("Distribution order {number}")
# a stock document's movements, by its kind (rules/stock/documents.py)
STOCK_DOCUMENT = {"purchase_receipt": _("Purchase receipt {number}"),
                  "inventory_count": _("Inventory count {number}"),
                  "supplier_return": _("Return to supplier {number}")}

# why a message was not sent: the mail server's own words follow in its language
MAIL_REFUSED = _("Refused by the mail server: {answer}")
MAIL_SERVER_ERROR = _("Mail server error: {answer}")

PATTERNS = (REFUND_BY_BANK, REFUND_TO_BALANCE, CREDIT_REVERTED_NEVER, CREDIT_REVERTED,
            CREDIT_EXPIRED, PAID_TO_BALANCE, GOODS_BACK, RETURN_STOCK_IN, ASO_CANCELLED,
            REPLACEMENT, DISTRIBUTION_ORDER, *STOCK_DOCUMENT.values(), MAIL_REFUSED,
            MAIL_SERVER_ERROR)


@lru_cache(maxsize=None)
def _regex(pattern: str) -> re.Pattern:
    parts = re.split(r"\{(\w+)\}", pattern)  # text, name, text, name, ..., text
    return re.compile("".join(re.escape(part) if n % 2 == 0 else f"(?P<{part}>.+?)"
                              for n, part in enumerate(parts)) + r"\Z")


def amount(value) -> str:
    """An amount as a note stores it: in English (1,234.50), whoever wrote it."""
    return currency.text(value, language="en")


def shown(text: str | None, patterns: tuple = PATTERNS) -> str:
    """A stored note in the reader's language, its amounts and dates written the
    reader's way."""
    if not text:
        return text or ""
    if "\n" in text:  # a person's note and the rules' note, one per line
        return "\n".join(shown(line, patterns) for line in text.split("\n"))
    for pattern in patterns:
        found = _regex(pattern).match(text)
        if found:
            values = {name: _readers(name, value)
                      for name, value in found.groupdict().items()}
            return messages.translate(pattern).format(**values)
    return text


_ENGLISH_AMOUNT = re.compile(r"-?\d{1,3}(,\d{3})*(\.\d+)?\Z").match


def _readers(name: str, value: str) -> str:
    """A stored amount or date (written in English) as the reader writes it; anything
    else (a number, a person's words) as stored."""
    try:
        if name == "amount" and _ENGLISH_AMOUNT(value):
            return currency.text(Decimal(value.replace(",", "")))
        if name == "date":
            return day_text(date.fromisoformat(value))
    except (InvalidOperation, ValueError):
        pass  # a note stored before notes were kept in English: as it was
    return value
