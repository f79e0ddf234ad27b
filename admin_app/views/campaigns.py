"""Email campaigns (SPEC S7): drafts edited as a form, sent from their page; the list
and the page show delivery and the contribution to orders."""
from flask import flash, g, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from markupsafe import Markup
from wtforms.validators import Length

from flask_babel import gettext

from .access import find, get_or_404
from .confirming import ask_first, confirmed
from .forms import IdempotencyField, new_token
from .model_view import SecureModelView, choice_filters
from .transaction import Told, run
from ..extensions import db
from ..models import CAMPAIGN_STATUSES, OUTBOX_STATUSES, Campaign
from ..money import fmt
from ..reports import campaigns as reports
from ..rules.customers import campaigns
from ..rules.customers.outbox import MAX_ATTEMPTS

MESSAGES_SHOWN = 100
FIELDS = ("name", "subject", "body_text", "body_html", "level", "label", "min_spent",
          "last_order_from", "last_order_to", "starts_on", "ends_on")


def _stats(rows) -> dict:
    """Delivery counts and contribution of campaigns, two queries in all."""
    return {"outcomes": reports.outcome_counts(db.session, [c.id for c in rows]),
            "contribution": reports.contributions(db.session, rows)}


def _of(m, part):
    """Campaign m's figures, loaded for its page or export batch by prepare_rows."""
    return g.campaign_stats[part][m.id]


def _delivery(view, context, m, name):
    if campaigns.is_draft(m):
        return "—"
    counts = _of(m, "outcomes")
    return ", ".join(f"{counts[s]} {OUTBOX_STATUSES[s].lower()}"
                     for s in ("sent", "failed", "queued", "sending") if counts.get(s))


def _contribution(field, shown=True):
    def value(view, context, m, name):
        got = getattr(_of(m, "contribution"), field)
        return (str(got) if isinstance(got, int) else fmt(got)) if shown else got
    return value


def _name(view, context, m, name):
    return Markup('<a href="{}">{}</a>').format(url_for(".details_view", id=m.id), m.name)


class CampaignView(SecureModelView):
    permissions = ("customers.manage",)
    audit_saves = False  # campaigns.save audits
    column_list = ("name", "status", "starts_on", "ends_on", "recipients", "delivery",
                   "orders", "amount", "net_orders", "net_amount")
    column_labels = {"starts_on": "From", "ends_on": "To", "body_text": "Text",
                     "body_html": "HTML (optional)", "min_spent": "Spent at least",
                     "last_order_from": "Last order from", "last_order_to": "Last order to",
                     "orders": "Contribution to orders", "amount": "Contribution amount",
                     "net_orders": "Net orders", "net_amount": "Net amount",
                     "delivery": "Delivery",
                     "sent_at": "Sending started", "finished_at": "Finished",
                     "created_at": "Created"}
    column_descriptions = {
        "orders": "Orders its recipients placed during the period.",
        "net_orders": "Those orders not cancelled.",
        "net_amount": "Their amount less what was refunded on them."}
    column_formatters = {"name": _name, "status": lambda v, c, m, n: m.status_label,
                         "delivery": _delivery, "orders": _contribution("orders"),
                         "amount": _contribution("amount"),
                         "net_orders": _contribution("net_orders"),
                         "net_amount": _contribution("net_amount")}
    column_formatters_export = {
        "name": lambda v, c, m, n: m.name, "status": lambda v, c, m, n: m.status_label,
        "delivery": _delivery, **{f: _contribution(f, shown=False) for f in (
            "orders", "amount", "net_orders", "net_amount")}}
    column_searchable_list = ("name",)
    column_filters = (*choice_filters(Campaign.status, "Status", CAMPAIGN_STATUSES),
                      "starts_on", "ends_on")
    column_default_sort = ("id", True)
    form_columns = (*FIELDS, "token")
    form_args = {
        "subject": {"description": "{name} is replaced by the customer's name."},
        "body_text": {"description": "Plain text, for every mail program. {name} is "
                                     "replaced by the customer's name.",
                      "validators": [Length(max=campaigns.TEXT_LIMIT)]},
        "body_html": {"description": "Simple HTML (paragraphs, bold, lists, links). "
                                     "Other tags are removed. {name} works here too.",
                      "validators": [Length(max=campaigns.HTML_LIMIT)]},
        "level": {"description": "Blank: every level."},
        "label": {"description": "Blank: with or without labels."},
        "min_spent": {"description": "What the customer spent on orders not cancelled."},
        "starts_on": {"description": "Orders the recipients place from this day to the "
                                     "last day count as the campaign's contribution."},
    }
    form_widget_args = {"body_text": {"rows": 8}, "body_html": {"rows": 6}}
    details_template = "campaigns/details.html"
    column_details_list = ("name", "status", "level", "label", "min_spent",
                           "last_order_from", "last_order_to", "starts_on", "ends_on",
                           "recipients", "created_at", "sent_at", "finished_at")

    form_extra_fields = {"token": IdempotencyField()}

    def row_changeable(self, row) -> bool:
        return campaigns.why_frozen(row) is None

    def delete_rule(self, row):
        campaigns.delete(db.session, current_user, row)

    def prepare_rows(self, rows) -> None:
        g.campaign_stats = _stats(rows)  # two queries for the page or export batch

    def save_model(self, form, obj, is_created):
        return campaigns.save(db.session, current_user, obj, **{
            name: form[name].data for name in FIELDS})

    @expose("/edit/", methods=("GET", "POST"))
    def edit_view(self):
        row = find(Campaign, request.args.get("id", type=int), "read")
        if row is not None and campaigns.why_frozen(row):
            flash(campaigns.why_frozen(row).message, "error")
            return redirect(url_for(".details_view", id=row.id))
        return super().edit_view()

    def render(self, template, **kwargs):
        if template == self.details_template:
            kwargs.update(self._page(kwargs["model"]))
        return super().render(template, **kwargs)

    def _page(self, campaign) -> dict:
        stats = _stats([campaign])
        return {"outcomes": stats["outcomes"][campaign.id],
                "contribution": stats["contribution"][campaign.id],
                "matching": campaigns.count_matching(db.session, campaign)
                if campaigns.is_draft(campaign) else None,
                "draft": campaigns.is_draft(campaign),
                "retryable": campaigns.retryable_count(db.session, campaign)
                if stats["outcomes"][campaign.id].get("failed") else 0,
                "messages": reports.messages(db.session, campaign, MESSAGES_SHOWN),
                "shown": MESSAGES_SHOWN, "token": new_token(),
                "max_attempts": MAX_ATTEMPTS, "outbox_statuses": OUTBOX_STATUSES}

    def _act(self, campaign_id, work, action, done):
        campaign = get_or_404(Campaign, campaign_id, "write")
        run(lambda: work(campaign), token=request.form.get("token", ""), action=action,
            done=done)
        return redirect(url_for(".details_view", id=campaign.id))

    @expose("/send/<int:campaign_id>", methods=("POST",))
    def send(self, campaign_id):
        campaign = get_or_404(Campaign, campaign_id, "write")
        if not confirmed():
            n = campaigns.count_matching(db.session, campaign)
            return ask_first(
                self, gettext("Send %(campaign)s to %(count)s customer(s)?",
                              campaign=campaign.name, count=f"{n:,}"),
                gettext("Send to %(count)s customer(s)", count=f"{n:,}"),
                url_for(".details_view", id=campaign.id),
                gettext("Subject: %(subject)s. The customers who match now receive it, once; "
                        "a sent campaign cannot be changed.", subject=campaign.subject))
        return self._act(campaign_id, lambda c: campaigns.send(db.session, current_user, c),
                         "campaign.send",
                         lambda n: gettext("Queued for %(count)s customer(s); the mail "
                                           "sender delivers them.", count=f"{n:,}"))

    @expose("/retry/<int:campaign_id>", methods=("POST",))
    def retry(self, campaign_id):
        return self._act(campaign_id,
                         lambda c: campaigns.retry_failed(db.session, current_user, c),
                         "campaign.retry",
                         lambda n: Told(gettext("%(count)s failed message(s) queued again.",
                                                count=f"{n:,}")) if n else
                         Told(gettext("Nothing to retry: no failed message can be sent again "
                                      "(sent, interrupted, or the customer can no longer "
                                      "receive it)."), "warning"))
