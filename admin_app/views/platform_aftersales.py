"""Platform After-Sales (SPEC S12): the channels' requests with their clocks. Tabs "Due
in 24 h" and "Overdue" (the seller's steps) before the pipeline's states, each with its
count; every tab sorted by the nearest deadline. An order's page shows the running
clock and what happens when it passes, its evidence, and its disputes and claims."""
from flask import redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import nulls_last, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import (CLAIM_KINDS, CLOCK_STEPS, AfterSalesOrder, PlatformClaim, utcnow)
from ..money import fmt
from ..rules.aftersales import orders as aftersales
from ..rules.aftersales.kinds import EVENTS, PLATFORM_KINDS, STATUSES, tabs
from ..rules.core.messages import Labels
from ..rules.platforms import claims, deadlines, tables
from ..rules.platforms.requests import waits_for_platform
from .access import get_or_404
from .aftersales import AfterSalesView
from .forms import new_token, parse_amount
from .local_time import local_text
from .model_view import SecureModelView
from .transaction import run

DEADLINE_TABS = Labels({"due_24h": "Due in 24 h", "overdue": "Overdue"})
TAB_LABELS = Labels({**{code: DEADLINE_TABS.english(code) for code in DEADLINE_TABS},
                     **{code: STATUSES.english(code) for code in STATUSES}})


def _deadline_cell(view, context, aso, name):
    if aso.deadline_at is None:
        return ""
    late = aso.deadline_at <= utcnow()
    seller = aso.deadline_step in tables.SELLER_STEPS
    soon = aso.deadline_at <= utcnow() + deadlines.WINDOW
    css = "text-danger font-weight-bold" if late and seller else \
        "text-warning" if seller and soon else "text-muted"
    # overdue in words too, not only in red
    said = f"{DEADLINE_TABS['overdue']} · " if late and seller else ""
    return Markup('<span class="deadline {}" data-step="{}">{}{} · <span class="when">{}</span>'
                  '</span>').format(
        css, aso.deadline_step, said, CLOCK_STEPS.get(aso.deadline_step, aso.deadline_step),
        local_text(aso.deadline_at))


def _number_link(view, context, aso, name):
    """The request's page from its number (a phone's card shows no eye icon)."""
    return Markup('<a href="{}">{}</a>').format(
        url_for(".details_view", id=aso.id), aso.number)


class PlatformAfterSalesView(AfterSalesView):
    list_template = "platforms/list.html"
    details_template = "platforms/details.html"
    can_edit = False
    endpoint_permissions = {**AfterSalesView.endpoint_permissions,
                            "open_claim": ("aftersales.manual",),
                            "decide_claim": ("aftersales.manual",)}
    column_list = ("number", "status", "deadline", "store", "platform_request_id",
                   "platform_status", "customer", "platform_refund", "order", "created_at")
    phone_columns = ("number", "status", "deadline", "platform_refund")
    column_details_list = ("number", "kind", "status", "store", "platform_request_id",
                           "platform_status", "platform_reason", "order", "customer",
                           "warehouse", "return_tracking_no", "platform_refund",
                           "platform_refunded", "lines", "requested_at", "responded_at",
                           "created_at", "received_at", "completed_at")
    column_searchable_list = ("number", "platform_request_id", "return_tracking_no",
                              "order.number", "customer.name")
    column_filters = ("created_at",)
    column_default_sort = [("deadline_at", False)]  # nearest first (_apply_sorting)
    column_labels = {**AfterSalesView.column_labels, "deadline": "Next deadline",
                     "store": "Store", "platform_request_id": "Request id",
                     "platform_status": "Platform status", "platform_reason": "Reason",
                     "platform_refund": "Platform refund",
                     "platform_refunded": "Taken from the payout",
                     "requested_at": "Requested", "responded_at": "Accepted"}
    column_formatters = {**AfterSalesView.column_formatters,
                         "deadline": _deadline_cell, "number": _number_link,
                         "platform_refund": lambda v, c, m, n: fmt(m.platform_refund),
                         "platform_refunded": lambda v, c, m, n: fmt(m.platform_refunded),
                         "requested_at": lambda v, c, m, n: local_text(m.requested_at),
                         "responded_at": lambda v, c, m, n: local_text(m.responded_at)}
    column_formatters_export = {**column_formatters, "number": lambda v, c, m, n: m.number,
                                "deadline": lambda v, c, m, n: local_text(m.deadline_at)}
    default_tab = "all"
    # the seller's answer is a request's first button
    column_extra_row_actions = sorted(AfterSalesView.column_extra_row_actions,
                                      key=lambda button: button.action_name != "accept")

    def kinds(self) -> dict:
        return PLATFORM_KINDS

    def row_summary(self, aso) -> str:
        return (f"{aso.number} · {aso.customer} · {aso.status_label} · "
                + gettext("platform refund %(amount)s", amount=fmt(aso.platform_refund)))

    def tab_statuses(self):
        return (*DEADLINE_TABS, *tabs(PLATFORM_KINDS))

    def tab_labels(self):
        return TAB_LABELS

    def tab_where(self):
        return (AfterSalesOrder.kind.in_(PLATFORM_KINDS),)

    def get_query(self):
        tab = self.current_tab()
        if request.endpoint == f"{self.endpoint}.index_view" and tab in DEADLINE_TABS:
            return SecureModelView.get_query(self).filter(
                *self.tab_where(), *deadlines.due_where(tab, utcnow()))
        return super().get_query().options(joinedload(AfterSalesOrder.store))

    def other_tabs(self) -> dict:
        now = utcnow()
        return {tab: deadlines.due_where(tab, now) for tab in DEADLINE_TABS}

    def _apply_sorting(self, query, joins, sort_column, sort_desc):
        if sort_column is None:  # the nearest deadline first, those without one last
            return query.order_by(nulls_last(AfterSalesOrder.deadline_at.asc()),
                                  AfterSalesOrder.id.desc()), joins
        return super()._apply_sorting(query, joins, sort_column, sort_desc)

    def details_extras(self, aso) -> dict:
        extras = super().details_extras(aso)
        found = db.session.execute(select(PlatformClaim).where(
            PlatformClaim.aftersales_id == aso.id).order_by(PlatformClaim.id)).scalars()
        found = list(found)
        may_claim = self.may("aftersales.manual")
        actions = [(code, EVENTS[code]) for code in aftersales.allowed(current_user, aso)]
        extras["next_steps"] = None  # its page has its own buttons, with the clock
        return {**extras, "running": deadlines.next_of(db.session, aso), "now": utcnow(),
                "actions": actions, "waiting": waits_for_platform(aso, actions),
                "claims": found, "claim_kinds": CLAIM_KINDS,
                "decidable": {c.id for c in found if claims.LIFECYCLE.can(c, "won")},
                "windows": {k: claims.window(db.session, aso, k) for k in CLAIM_KINDS},
                "claim_refusals": {k: claims.why_not_open(db.session, aso, k)
                                   for k in CLAIM_KINDS} if may_claim else {},
                "claim_token": new_token() if may_claim else None}

    @expose("/claim/<int:aso_id>", methods=("POST",))
    def open_claim(self, aso_id):
        aso = get_or_404(AfterSalesOrder, aso_id, "write")
        form = request.form
        run(lambda: claims.open_claim(
            db.session, current_user, aso, form.get("kind", ""), form.get("reason", ""),
            parse_amount(form.get("claimed"), gettext("Amount claimed"))),
            token=form.get("token", ""), action="claim.open",
            done=lambda claim: gettext("%(kind)s %(number)s opened.", kind=claim.kind_label,
                                       number=claim.number))
        return redirect(url_for(".details_view", id=aso.id))

    @expose("/decide/<int:claim_id>", methods=("POST",))
    def decide_claim(self, claim_id):
        claim = get_or_404(PlatformClaim, claim_id, "write")
        form = request.form
        run(lambda: claims.decide(
            db.session, current_user, claim, form.get("outcome", ""),
            parse_amount(form.get("compensation"), gettext("Compensation"))),
            token=form.get("token", ""), action="claim.decide",
            done=lambda c: gettext("%(number)s: %(status)s, compensation %(amount)s.",
                                   number=c.number, status=c.status_label,
                                   amount=fmt(c.compensation)))
        back = form.get("next") or ""
        return redirect(back if back.startswith("/admin/") else
                        url_for(".details_view", id=claim.aftersales_id))
