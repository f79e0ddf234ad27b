"""The dashboards (SPEC S8): an overview, credit, and after-sales, each for a chosen
date range and store, every figure aggregated in SQL."""
from datetime import date

from flask import flash, redirect, request, url_for
from flask_admin import AdminIndexView, expose
from flask_login import current_user

from flask_babel import gettext, lazy_gettext as _l

from . import charts
from .words import word
from .access import find, own, org_today
from ..extensions import db
from ..models import Store
from ..money import fmt
from ..rules.aftersales.kinds import STATUSES
from ..reports import (
    aftersales as aftersales_reports,
    credit as credit_reports,
    overview as reports,
)
from ..rules.core.permissions import has_permission
from ..reports.overview import Period

BOARDS = (("admin.index", _l("Overview")), ("admin.credit", _l("Credit")),
          ("admin.aftersales", _l("After-sales")))


def _period() -> Period:
    """The range and store asked for, or the last 30 days; a bad value is said and
    replaced by the default."""
    today = org_today()
    default = Period.last_days(today, zone=current_user.org.timezone)
    try:
        start = date.fromisoformat(request.args.get("start") or default.start.isoformat())
        end = date.fromisoformat(request.args.get("end") or default.end.isoformat())
    except ValueError:
        flash(gettext("Dates: enter them as YYYY-MM-DD. Showing the last 30 days."),
              "error")
        start, end = default.start, default.end
    if start > end or (end - start).days >= reports.MAX_DAYS:
        flash(gettext("Dates: the start must be before the end, at most %(days)s days "
                      "apart. Showing the last 30 days.", days=reports.MAX_DAYS), "error")
        start, end = default.start, default.end
    store_id = None
    if request.args.get("store"):
        store = find(Store, request.args.get("store"))
        if store is None:
            flash(gettext("Store: choose one of your stores."), "error")
        else:
            store_id = store.id
    return Period(start, end, store_id or None, current_user.org.timezone)


class DashboardView(AdminIndexView):
    def is_accessible(self):
        return current_user.is_authenticated

    def inaccessible_callback(self, name, **kwargs):
        return redirect(url_for("auth.login", next=request.full_path))

    def _board(self, template: str, figures):
        if not has_permission(current_user, "reports.view"):
            return self.render("admin/dashboard.html", may_report=False)
        period = _period()
        stores = db.session.execute(own(Store).order_by(Store.name)).scalars().all()
        return self.render(template, may_report=True, period=period, stores=stores,
                           boards=BOARDS, **figures(current_user.org_id, period))

    @expose("/")
    def index(self):
        return self._board("admin/dashboard.html", _overview)

    @expose("/boards/credit")
    def credit(self):
        return self._board("admin/dashboard_credit.html", _credit_charts)

    @expose("/boards/aftersales")
    def aftersales(self):
        return self._board("admin/dashboard_aftersales.html", _aftersales_charts)


def _overview(org_id: int, period: Period) -> dict:
    status = reports.orders_by_status(db.session, org_id, period)
    unq = reports.unqualified_by_warehouse(db.session, org_id)
    when = charts.period_label(period.start, period.end)
    return {
        "status_rows": status, "period_label": when,
        "status_chart": charts.bar(gettext("Orders dated %(period)s, by status", period=when),
                                   [r[0] for r in status], [r[1] for r in status],
                                   gettext("orders")),
        "unqualified_chart": charts.bar(gettext("Unqualified stock by warehouse, today"),
                                        [r[0] for r in unq], [r[1] or 0 for r in unq],
                                        gettext("units")),
    }


def _credit_charts(org_id: int, period: Period) -> dict:
    """Credit owed is a balance: the cards are as of today, for every store or what the
    chosen store's orders owe; the payments chart follows the period."""
    today, store = org_today(), period.store_id
    currency = current_user.org.currency
    aging = credit_reports.aging_totals(db.session, org_id, today, store)
    aging.pop("Total")
    top = credit_reports.top_customers(db.session, org_id, store_id=store)
    weeks = credit_reports.payments_by_week(db.session, org_id, period)
    return {
        "credit_overview": credit_reports.overview(db.session, org_id, today, store),
        "due_7": credit_reports.due_within(db.session, org_id, today, 7, store),
        "due_30": credit_reports.due_within(db.session, org_id, today, 30, store),
        "aging_chart": charts.bar(gettext("Unsettled credit by days past due, today "
                                          "(%(currency)s)", currency=currency),
                                  [word(column) for column in aging],
                                  list(aging.values()), currency),
        "top_chart": charts.amounts_with_notes(
            gettext("Top customers by credit owed, today (%(currency)s), against their limit",
                    currency=currency),
            [t[0] for t in top], [t[1] for t in top],
            [_against_limit(t[3], t[2], in_all=bool(store)) for t in top], currency),
        "payments_chart": charts.bar(
            gettext("Payments received per week, %(period)s (%(currency)s)",
                    period=charts.period_label(period.start, period.end), currency=currency),
            [charts.week_label(w[0]) for w in weeks],
            [w[1] for w in weeks], currency),
    }


def _against_limit(owed, limit, in_all: bool = False) -> str:
    """The customer's limit used; `in_all`: the bar is one store's part, the limit is
    used by all they owe, so the note says that amount."""
    if not limit:
        return gettext("no limit")
    share = f"{100 * owed / limit:.0f}"
    if in_all:
        return gettext("owes %(owed)s in all: %(share)s%% of %(limit)s limit",
                       owed=fmt(owed), share=share, limit=fmt(limit))
    return gettext("%(share)s%% of %(limit)s limit", share=share, limit=fmt(limit))


def _aftersales_charts(org_id: int, period: Period) -> dict:
    weeks, by_method = aftersales_reports.refunds_by_method_per_week(db.session, org_id,
                                                                     period)
    skus = aftersales_reports.return_rate_by_sku(db.session, org_id, period)
    channels = aftersales_reports.return_rate_by_channel(db.session, org_id, period)
    when = charts.period_label(period.start, period.end)
    currency = current_user.org.currency
    by_type = aftersales_reports.by_type_and_status(db.session, org_id, period)
    missed = aftersales_reports.missed_deadlines_per_week(db.session, org_id, period)
    return {
        "missed_chart": charts.bar(
            gettext("Missed platform deadlines per week, %(period)s (%(currency)s)",
                    period=when, currency=currency),
            [f"{charts.week_label(w)} ({n})" for w, n, _ in missed],
            [amount for _, _, amount in missed], currency),
        "aso_chart": charts.stacked(gettext("After-sales orders created %(period)s: how "
                                            "many, by status and type", period=when),
                                    list(STATUSES.values()), by_type),
        "refunds_chart": charts.bars(gettext("Refunds confirmed per week, %(period)s "
                                             "(%(currency)s)", period=when, currency=currency),
                                     [charts.week_label(w) for w in weeks], by_method,
                                     currency),
        # returns made in the period may be of earlier orders: a rate can pass 100%,
        # so the title says what is divided by what and each bar its two counts
        "sku_rate_chart": charts.bar(
            gettext("Return rate by SKU, %(period)s: units returned ÷ units sold (%%)",
                    period=when),
            [r[0] for r in skus], [round(100 * r[2] / r[1], 1) for r in skus], "%",
            [gettext("%(returned)s returned, %(sold)s sold", returned=r[2], sold=r[1])
             for r in skus]),
        "channel_rate_chart": charts.bar(
            gettext("Return rate by channel, %(period)s: after-sales orders created ÷ "
                    "orders dated (%%)", period=when),
            [r[0] for r in channels],
            [round(100 * r[2] / r[1], 1) if r[1] else 0 for r in channels], "%",
            [gettext("%(returned)s after-sales orders, %(sold)s orders", returned=r[2],
                     sold=r[1]) for r in channels]),
    }
