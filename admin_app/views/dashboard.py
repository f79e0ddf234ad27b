"""The home page: a few figures and charts for whoever may see reports."""
from flask import redirect, request, url_for
from flask_admin import AdminIndexView, expose
from flask_login import current_user

from . import charts
from ..extensions import db
from ..rules import reports
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
            unq = reports.unqualified_by_warehouse(db.session, current_user.org_id)
            context["unqualified_chart"] = charts.bar(
                "Unqualified stock by warehouse", [r[0] for r in unq],
                [r[1] or 0 for r in unq], "units")
        return self.render("admin/dashboard.html", **context)
