"""The create page's form: returned lines (from the order or added), exchange items,
warehouse and reason, parsed into the rule's inputs with a message per bad field."""

from flask_babel import gettext, lazy_gettext as _l

from .access import find
from .forms import parse_amount, parse_whole
from .lookups import typed_one
from ..models import ReturnReason, Sku, Warehouse
from ..rules.aftersales.orders import ExchangeInput, ReturnInput
from ..rules.core.errors import RuleError

MAX_FORM_LINES = 50


def _sku(code: str):
    sku = typed_one(Sku, Sku.code, code[:60])  # any case
    if sku is None:
        raise RuleError('form.sku_sku', {'code': code[:60]}, field='sku')
    return sku


def _reason(text, label: str):
    if not (text or "").strip():
        return None
    reason = find(ReturnReason, text)
    if reason is None:
        raise RuleError('form.choose_one_return_reasons', {'label': label})
    return reason


def warehouse(form):
    return find(Warehouse, form.get("warehouse")) if form.get("warehouse") else None


def lines(form, order) -> tuple[list, list]:
    """(returned lines, exchange lines) as the rule takes them."""
    returns, exchanges = [], []
    for line in order.lines:
        label = gettext("Line %(sku)s", sku=line.sku.code)
        qty = parse_whole(form.get(f"ret_{line.id}_qty"), _named(label, "quantity"))
        if qty:
            returns.append(ReturnInput(
                qty, order_line=line,
                amount=parse_amount(form.get(f"ret_{line.id}_amount"), _named(label, "amount")),
                reason=_reason(form.get(f"ret_{line.id}_reason"), _named(label, "reason"))))
    for n in range(MAX_FORM_LINES):
        code = (form.get(f"add_{n}_sku") or "").strip()
        if code:
            returns.append(ReturnInput(
                parse_whole(form.get(f"add_{n}_qty"), _named(code, "quantity")) or 0,
                sku=_sku(code), amount=parse_amount(form.get(f"add_{n}_amount"),
                                                    _named(code, "amount")),
                reason=_reason(form.get(f"add_{n}_reason"), _named(code, "reason"))))
        code = (form.get(f"exc_{n}_sku") or "").strip()
        if code:
            exchanges.append(ExchangeInput(
                _sku(code), parse_whole(form.get(f"exc_{n}_qty"), _named(code, "quantity")) or 0,
                parse_amount(form.get(f"exc_{n}_price"), _named(code, "unit price"))))
    return returns, exchanges


FIELD_WORDS = {"quantity": _l("%(line)s quantity"), "amount": _l("%(line)s amount"),
               "reason": _l("%(line)s reason"), "unit price": _l("%(line)s unit price")}


def _named(line: str, field: str) -> str:
    """A field of a line as a refusal names it ("CASE-A15 quantity")."""
    return str(FIELD_WORDS[field]) % {"line": line}

