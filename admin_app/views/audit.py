"""The audit trail: readable (who, when, what, on which document, what changed), never
editable."""
import json
import re
from datetime import datetime, timezone
from pathlib import Path

from flask import url_for
from markupsafe import Markup

from flask_babel import gettext

from .access import PartnerRows
from .local_time import local_text
from .stock import SOURCE_TYPES
from .words import word
from ..models import (CAMPAIGN_STATUSES, DOC_TYPES, FEE_MODES, OUTBOX_STATUSES, PUSH_STATUSES,
                      ORDER_STATUSES, ORDER_TYPES, PAYMENT_METHODS, QUALITIES,
                      REFUND_METHODS, REFUND_STATUSES, STOCK_DOCUMENT_KINDS)
from ..rules.aftersales.kinds import EVENTS, KIND_LABELS, KINDS, STATUSES
from ..rules.sales.orders import ORDER_EVENTS
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
WORDS = Labels({"AfterSalesOrder": "After-sales order", "LedgerEntry": "Ledger entry",
         "StockMovement": "Stock movement", "PaymentReceipt": "Payment receipt",
         "RefundOrder": "Refund order", "CreditLot": "Store-credit lot",
         "CustomerLevel": "Customer level", "ReturnReason": "Return reason",
         "Organization": "Organization settings",
         "DistributionReturn": "Return stock-in (distribution)",
         "DistributionOrder": "Distribution order", "Order": "Order", "Customer": "Customer",
         "Sku": "SKU", "Store": "Store", "Warehouse": "Warehouse", "User": "User",
         "Role": "Role", "Label": "Label", "Campaign": "Campaign",
         "StockDocument": "Stock document", "Partnership": "Partnership",
         "TierPrice": "Tier price", "ComboComponent": "Combo component"})

ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")
# values stored as codes; the trail shows them as words
CODED_KEYS = ("status", "method", "kind", "type", "settlement", "quality", "mode")
# a code's words, from the label tables that name it (statuses, kinds, methods...)
CODED_WORDS = Labels({code: labels.english(code) for labels in
                      (ORDER_STATUSES, STATUSES, KIND_LABELS, REFUND_METHODS, REFUND_STATUSES,
                       ORDER_TYPES, PAYMENT_METHODS, QUALITIES, CAMPAIGN_STATUSES,
                       OUTBOX_STATUSES, STOCK_DOCUMENT_KINDS, SOURCE_TYPES, PUSH_STATUSES,
                       FEE_MODES)
                      for code in labels})


def _what(view, context, row, name):
    thing, _, verb = row.action.partition(".")
    named = NAMED_VERBS.get(thing)  # a ledger entry or stock document says its kind
    if named is not None and verb in named:
        return named[verb]
    return word(_verb(verb) or thing)


def _verb(code: str) -> str:
    return code.replace("_", " ").capitalize()


RECORDED = re.compile(r'record\([^"\n]*"[a-z_]+\.([a-z_]+)"')
NAMED_VERBS = {"ledger": DOC_TYPES, "stock": STOCK_DOCUMENT_KINDS}


def _recorded_verbs() -> set[str]:
    """The verbs of the trail: what the rules record, every state machine's events,
    and the saves of plain forms."""
    verbs = {"create", "update", "delete", "push", "repush", *EVENTS, *ORDER_EVENTS,
             *DOC_TYPES, *STOCK_DOCUMENT_KINDS}
    verbs |= {event for kind in KINDS.values() for moves in kind.machine.values()
              for event in moves}
    for source in Path(__file__).resolve().parent.parent.rglob("*.py"):
        verbs |= set(RECORDED.findall(source.read_text(encoding="utf-8")))
    return {_verb(v) for v in verbs}


def _document(view, context, row, name):
    label = f"{WORDS.get(row.object_type, row.object_type)} #{row.object_id}"
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
        Markup("<tr><th><code>{}</code></th><td>{}</td><td>{}</td></tr>").format(
            k, _short(before.get(k), k), _short(after.get(k), k)) for k in keys[:12])
    more = Markup("<tr><td colspan=3>{}</td></tr>").format(
        gettext("… and %(count)s more.", count=len(keys) - 12)) if len(keys) > 12 else ""
    return Markup('<table class="audit-changes"><tr><th></th><th>{}</th>'
                  "<th>{}</th></tr>{}{}</table>").format(gettext("before"), gettext("after"),
                                                         cells, more)


def _short(value, key: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return word("yes") if value else word("no")
    if isinstance(value, str) and ISO_TIME.match(value):
        try:  # an instant (created_at) on the shop's clock; an order's date as typed
            at = datetime.fromisoformat(value)
        except ValueError:
            return value[:16].replace("T", " ")
        if at.tzinfo is not None:
            at = at.astimezone(timezone.utc).replace(tzinfo=None)
        return local_text(at, key)
    if isinstance(value, str) and key.endswith(CODED_KEYS):
        return CODED_WORDS.get(value) or word(value.replace("_", " ").capitalize())
    # what the app wrote in words (a return's progress) reads in the reader's language
    text = word(value) if isinstance(value, str) else json.dumps(value)
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

    def extra_words(self) -> set[str]:
        """The trail's verbs, made from codes (views/words.py)."""
        return _recorded_verbs()
    column_formatters_export = {}
    column_export_list = ("at", "user", "action", "object_type", "object_id", "before",
                          "after")
