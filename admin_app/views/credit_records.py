"""Read-only lists of what the ledger rules write: entries, receipts, lots, points,
notifications. Fixes are new entries (Reconciliation > Adjust balance), never edits."""
from flask import url_for
from markupsafe import Markup, escape

from flask_babel import gettext

from .access import may_open_page
from .model_view import ReadOnlyView, choice_filters
from ..models import DOC_TYPES, OUTBOX_STATUSES, POINT_EVENTS, Outbox
from ..money import fmt
from ..rules.core import notes

READERS = ("reports.view", "credit.receive")


def _money(*names):
    return {n: (lambda v, c, m, name, n=n: fmt(getattr(m, n))) for n in names}


class LedgerEntryView(ReadOnlyView):
    permissions = READERS
    column_list = ("entry_date", "customer", "doc_type", "doc_no", "receivable", "received",
                   "credit_change", "balance_change", "total_credit", "total_balance",
                   "note")
    column_searchable_list = ("doc_no",)
    column_filters = ("doc_type", "entry_date")
    column_default_sort = ("id", True)
    column_labels = {"entry_date": "Date", "doc_type": "Document type",
                     "doc_no": "Document no."}
    column_choices = {"doc_type": list(DOC_TYPES.items())}
    column_formatters = {**_money("receivable", "received", "credit_change",
                                  "balance_change", "total_credit", "total_balance"),
                         "note": lambda v, c, m, n: notes.shown(m.note)}
    form_choices = {"doc_type": list(DOC_TYPES.items())}


class PaymentReceiptView(ReadOnlyView):
    permissions = READERS
    column_list = ("created_at", "number", "customer", "amount", "applied", "to_balance",
                   "scope", "proof_name", "note")
    column_searchable_list = ("number",)
    column_filters = ("created_at", "scope")
    column_choices = {"scope": [("all", "All orders, oldest first"),
                                ("selected", "Selected orders")]}
    column_default_sort = ("id", True)
    column_labels = {"to_balance": "To balance", "proof_name": "Proof"}
    column_formatters = {
        **_money("amount", "applied", "to_balance"),
        "number": lambda v, c, m, n: Markup('{} <a href="{}">{}</a>').format(
            m.number, url_for("reconciliation.receipt", receipt_id=m.id), gettext("print")),
        "proof_name": lambda v, c, m, n: Markup('<a href="{}">{}</a>').format(
            url_for("reconciliation.proof", receipt_id=m.id), m.proof_name)
        if m.proof_file else "",
    }


class CreditLotView(ReadOnlyView):
    permissions = READERS
    column_list = ("created_at", "customer", "amount", "remaining", "expires_on", "source",
                   "expired_at")
    column_filters = ("expires_on", "expired_at")
    column_default_sort = ("id", True)
    column_formatters = _money("amount", "remaining")


class PointsEventView(ReadOnlyView):
    permissions = READERS
    column_list = ("created_at", "customer", "kind", "points", "not_recovered",
                   "balance_after", "expires_on")
    column_filters = ("kind", "created_at")
    column_default_sort = ("id", True)
    form_choices = column_choices = {"kind": list(POINT_EVENTS.items())}


def _campaign_link(message) -> Markup | str:
    if not message.campaign_id:
        return ""
    if not may_open_page("campaigns.details_view"):  # finance reads the outbox too
        return message.campaign.name
    return Markup('<a href="{}">{}</a>').format(
        url_for("campaigns.details_view", id=message.campaign_id), message.campaign.name)


class OutboxView(ReadOnlyView):
    """Every message sent or to send: campaigns' and notifications', with why it failed."""
    permissions = ("customers.manage", "reports.view")
    column_list = ("created_at", "customer", "to_address", "subject", "campaign", "status",
                   "attempts", "sent_at", "error")
    column_labels = {"to_address": "Recipient", "sent_at": "Sent", "error": "Why it failed",
                     "campaign.name": "Campaign"}
    column_default_sort = ("id", True)
    column_formatters = {"subject": lambda v, c, m, n: escape(m.subject),
                         "status": lambda v, c, m, n: m.status_label,
                         "campaign": lambda v, c, m, n: _campaign_link(m),
                         "error": lambda v, c, m, n: notes.shown(m.error)}
    column_formatters_export = {"subject": lambda v, c, m, n: m.subject,
                                "status": lambda v, c, m, n: m.status_label,
                                "campaign": lambda v, c, m, n: m.campaign.name
                                if m.campaign_id else ""}
    column_filters = (*choice_filters(Outbox.status, "Status", OUTBOX_STATUSES),
                      "campaign.name", "created_at")
