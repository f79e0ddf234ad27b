"""The audit trail: readable (who, when, what, on which document, what changed), never
editable."""
import json
import re

from flask import url_for
from markupsafe import Markup

from flask_babel import gettext

from .access import PartnerRows
from .words import word
from ..models import (ORDER_STATUSES, ORDER_TYPES, PAYMENT_METHODS, REFUND_METHODS,
                      REFUND_STATUSES)
from ..rules.aftersales.kinds import KIND_LABELS, STATUSES
from ..rules.core.messages import Labels
from .model_view import ReadOnlyView

# object type -> the page that shows it
DOCUMENT_PAGES = {"Order": "orders", "AfterSalesOrder": "aftersales",
                  "Customer": "customers", "LedgerEntry": "ledger",
                  "StockMovement": "stock_movements", "PaymentReceipt": "receipts",
                  "Sku": "skus", "Store": "stores", "Warehouse": "warehouses",
                  "User": "users", "Role": "roles", "CreditLot": "lots",
                  "Label": "labels", "CustomerLevel": "customer_levels",
                  "ReturnReason": "return_reasons",
                  "DistributionReturn": "distribution_returns"}
WORDS = {"AfterSalesOrder": "After-sales order", "LedgerEntry": "Ledger entry",
         "StockMovement": "Stock movement", "PaymentReceipt": "Payment receipt",
         "RefundOrder": "Refund order", "CreditLot": "Store-credit lot",
         "CustomerLevel": "Customer level", "ReturnReason": "Return reason",
         "Organization": "Organization settings",
         "DistributionReturn": "Return stock-in (distribution)",
         "DistributionOrder": "Distribution order"}

ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")
# values stored as codes; the trail shows them as words
CODED_KEYS = ("status", "method", "kind", "type", "settlement")
# a code's words, from the label tables that name it (statuses, kinds, methods...)
CODED_WORDS = Labels({code: labels.english(code) for labels in
                      (ORDER_STATUSES, STATUSES, KIND_LABELS, REFUND_METHODS, REFUND_STATUSES,
                       ORDER_TYPES, PAYMENT_METHODS) for code in labels})


def _what(view, context, row, name):
    thing, _, verb = row.action.partition(".")
    return word(f"{verb.replace('_', ' ').capitalize() or thing}")


def _document(view, context, row, name):
    label = f"{word(WORDS.get(row.object_type, row.object_type))} #{row.object_id}"
    endpoint = DOCUMENT_PAGES.get(row.object_type)
    if endpoint and row.object_id:
        return Markup('<a href="{}">{}</a>').format(
            url_for(f"{endpoint}.details_view", id=row.object_id), label)
    return label


def _changes(view, context, row, name):
    """Before and after as a small table of the values that changed."""
    before = json.loads(row.before) if row.before else {}
    after = json.loads(row.after) if row.after else {}
    keys = sorted(set(before) | set(after)) if isinstance(before, dict) and \
        isinstance(after, dict) else []
    if not keys:
        return ""
    cells = Markup("").join(
        Markup("<tr><th>{}</th><td>{}</td><td>{}</td></tr>").format(
            k, _short(before.get(k), k), _short(after.get(k), k)) for k in keys[:12])
    more = Markup("<tr><td colspan=3>{}</td></tr>").format(
        gettext("… and %(count)s more.", count=len(keys) - 12)) if len(keys) > 12 else ""
    return Markup('<table class="audit-changes"><tr><th></th><th>{}</th>'
                  "<th>{}</th></tr>{}{}</table>").format(gettext("before"), gettext("after"),
                                                         cells, more)


def _short(value, key: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, str) and ISO_TIME.match(value):
        return value[:16].replace("T", " ")  # to the minute, like every other date
    if isinstance(value, str) and key.endswith(CODED_KEYS):
        return CODED_WORDS.get(value) or value.replace("_", " ").capitalize()
    text = value if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= 60 else text[:57] + "…"


class AuditLogView(PartnerRows, ReadOnlyView):
    """Only the organization's own rows; PartnerRows: a row about a pushed return may
    name the partner's user who did it (SPEC S6)."""
    permissions = ("users.manage", "reports.view")
    column_list = ("at", "user", "action", "object_type", "changes")
    column_details_list = ("at", "user", "action", "object_type", "object_id", "before",
                           "after")
    column_searchable_list = ("action", "object_id")
    column_filters = ("action", "object_type", "at")
    column_default_sort = ("at", True)
    column_labels = {"at": "When", "user": "Who", "action": "What",
                     "object_type": "Document", "changes": "Changed"}
    column_formatters = {"action": _what, "object_type": _document, "changes": _changes}
    column_formatters_export = {}
    column_export_list = ("at", "user", "action", "object_type", "object_id", "before",
                          "after")
