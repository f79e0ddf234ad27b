"""The home page: a few figures and charts for whoever may see reports."""
from datetime import date, timedelta

from flask import redirect, request, url_for
from flask_admin import AdminIndexView, expose
from flask_login import current_user

from . import charts
from ..extensions import db
from ..models import AFTERSALES_STATUSES
from ..rules import aftersales_reports, credit_reports, reports
from ..rules.permissions import has_permission


class DashboardView(AdminIndexView):
    def is_accessible(self):
        return current_user.is_authenticated

    def inaccessible_callback(self, name, **kwargs):
        return redirect(url_for("auth.login", next=request.full_path))

    @expose("/")
    def index(self):
        context = {"may_report": has_permission(current_user, "reports.view")}
        if context["may_report"]:
            status = reports.orders_by_status(db.session, current_user.org_id)
            context["status_rows"] = status
            context["status_chart"] = charts.bar(
                "Orders by status, last 30 days", [r[0] for r in status],
                [r[1] for r in status], "orders")
            context.update(_credit_charts(current_user.org_id))
            context.update(_aftersales_charts(current_user.org_id))
            unq = reports.unqualified_by_warehouse(db.session, current_user.org_id)
            context["unqualified_chart"] = charts.bar(
                "Unqualified stock by warehouse", [r[0] for r in unq],
                [r[1] or 0 for r in unq], "units")
        return self.render("admin/dashboard.html", **context)


def _credit_charts(org_id: int) -> dict:
    """Credit for managers (SPEC S8), every figure aggregated in SQL."""
    today = date.today()
    overview = credit_reports.overview(db.session, org_id, today)
    aging = credit_reports.aging_totals(db.session, org_id, today)
    top = credit_reports.top_customers(db.session, org_id)
    weeks = credit_reports.payments_by_week(db.session, org_id, today - timedelta(days=120))
    return {
        "credit_overview": overview,
        "due_7": credit_reports.due_within(db.session, org_id, today, 7),
        "due_30": credit_reports.due_within(db.session, org_id, today, 30),
        "aging_chart": charts.bar("Unsettled credit by days past due", list(aging),
                                  list(aging.values()), "amount"),
        "top_chart": charts.bars("Top customers by credit, against their limit",
                                 [t[0] for t in top], {
                                     "Credit": [t[1] for t in top],
                                     "Limit": [t[2] or 0 for t in top]}, "amount"),
        "payments_chart": charts.bar("Payments received per week", [w[0] for w in weeks],
                                     [w[1] for w in weeks], "amount"),
    }


def _aftersales_charts(org_id: int) -> dict:
    since = date.today() - timedelta(days=120)
    weeks, by_method = aftersales_reports.refunds_by_method_per_week(db.session, org_id, since)
    skus = aftersales_reports.return_rate_by_sku(db.session, org_id)
    channels = aftersales_reports.return_rate_by_channel(db.session, org_id)
    return {
        "aso_chart": charts.bars("After-sales orders by type and status",
                                 list(AFTERSALES_STATUSES.values()),
                                 aftersales_reports.by_type_and_status(db.session, org_id),
                                 "orders"),
        "refunds_chart": charts.bars("Refunds by method per week", weeks, by_method,
                                     "amount"),
        "sku_rate_chart": charts.bar("Return rate by SKU (% of units sold)",
                                     [r[0] for r in skus],
                                     [round(100 * r[2] / r[1], 1) for r in skus], "%"),
        "channel_rate_chart": charts.bar(
            "Return rate by channel (% of orders)", [r[0] for r in channels],
            [round(100 * r[2] / r[1], 1) if r[1] else 0 for r in channels], "%"),
    }
