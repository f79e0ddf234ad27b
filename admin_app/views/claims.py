"""Disputes and logistics claims (SPEC S12): one list with status tabs, and what they
recovered; each is opened and decided from its platform after-sales order's page."""
from flask_login import current_user
from markupsafe import Markup
from ..extensions import db
from ..models import CLAIM_KINDS, CLAIM_STATUSES, PlatformClaim
from ..money import fmt
from ..rules.platforms import claims
from .local_time import local_text
from .model_view import SecureModelView, choice_filters
from .row_urls import row_url
from .tabs import StatusTabs


def _aftersales_link(view, context, claim, name):
    return Markup('<a href="{}">{}</a>').format(
        row_url("platform_aftersales.details_view", id=claim.aftersales_id),
        claim.aftersales.number)


class ClaimView(StatusTabs, SecureModelView):
    permissions = ("aftersales.manual", "aftersales.refund")
    can_create = can_edit = can_delete = False
    list_template = "platforms/claims.html"
    column_list = ("number", "status", "kind", "aftersales", "claimed", "compensation",
                   "deadline_at", "opened_at", "decided_at")
    phone_columns = ("number", "status", "claimed", "compensation")
    column_searchable_list = ("number", "aftersales.number")
    column_filters = (*choice_filters(PlatformClaim.kind, "Type", CLAIM_KINDS),)
    column_default_sort = ("id", True)
    column_labels = {"kind": "Type", "aftersales": "After-sales order", "claimed": "Claimed",
                     "deadline_at": "Window closes", "opened_at": "Opened",
                     "decided_at": "Decided", "aftersales.number": "After-sales no."}
    column_formatters = {
        "kind": lambda v, c, m, n: m.kind_label, "status": lambda v, c, m, n: m.status_label,
        "aftersales": _aftersales_link,
        "claimed": lambda v, c, m, n: fmt(m.claimed),
        "compensation": lambda v, c, m, n: fmt(m.compensation),
        "deadline_at": lambda v, c, m, n: local_text(m.deadline_at),
        "opened_at": lambda v, c, m, n: local_text(m.opened_at),
        "decided_at": lambda v, c, m, n: local_text(m.decided_at)}
    default_tab = "open"

    def tab_statuses(self):
        return tuple(CLAIM_STATUSES)

    def tab_labels(self):
        return CLAIM_STATUSES

    def render(self, template, **kwargs):
        if template == self.list_template:
            claimed, recovered = claims.totals(db.session, current_user.org_id)
            kwargs.update(claimed=fmt(claimed), recovered=fmt(recovered))
        return super().render(template, **kwargs)
