"""After-sales services (SPEC S7): one list per service with its own status tabs,
started from a shipped order (its page or its row menu); a repair is completed on its
own small form. The buttons of each state come from the kind (rules/aftersales/kinds)."""
import re
from datetime import date

from flask import redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_admin import expose
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from flask_babel import gettext

from .row_urls import row_url
from . import aftersales_form
from .access import get_or_404, own_one, org_today
from .aftersales import AfterSalesView
from .forms import new_token
from .transaction import run
from ..extensions import db
from ..models import AfterSalesLine, AfterSalesOrder, Order, ReturnReason, Warehouse
from ..rules.aftersales import orders as aftersales, services
from ..rules.aftersales.kinds import MANUAL_KINDS, SERVICE_KINDS
from ..rules.core.errors import RuleError

def can_start(order) -> bool:
    """Whether the order's page offers services (every service starts from the same
    orders: the rule says which)."""
    return aftersales.can_start_on(order, SERVICE_KINDS["customer_return"])


def start_url(kind_code: str, order) -> str:
    return row_url(f"service_{kind_code}.start", order=order.number)


def starts(order, may_start: bool) -> list[tuple[str, str]]:
    """What an order's page may start: a manual after-sales order of each kind (the
    create form, order and kind filled in), then each service."""
    if not may_start:
        return []
    manual = [(kind.label, url_for("aftersales.create_aftersales", order=order.number,
                                   kind=code))
              for code, kind in MANUAL_KINDS.items() if aftersales.can_start_on(order, kind)]
    return manual + ([(kind.label, start_url(code, order))
                      for code, kind in SERVICE_KINDS.items()] if can_start(order) else [])


def _items(view, context, aso, name):
    return ", ".join(f"{line.quantity} x {line.sku.code}" for line in aso.lines)


class ServiceView(AfterSalesView):
    """One service's list (subclasses name the kind)."""
    kind = None  # a Kind of SERVICE_KINDS
    list_template = "services/list.html"
    can_edit = False
    endpoint_permissions = {**AfterSalesView.endpoint_permissions,
                            "start": ("aftersales.manual",),
                            "complete_repair": ("aftersales.manual",)}
    column_list = ("number", "status", "customer", "order", "lines", "warehouse",
                   "return_tracking_no", "created_at")
    column_labels = {**AfterSalesView.column_labels, "lines": "Items",
                     "warehouse": "Warehouse", "return_tracking_no": "Tracking no.",
                     "replacement_order": "Replacement order",
                     "repair_shipped_on": "Shipped back", "repair_waybill": "Waybill"}
    column_formatters = {**AfterSalesView.column_formatters, "lines": _items,
                         "replacement_order": lambda v, c, m, n:
                             m.replacement_order.number if m.replacement_order else ""}

    def tab_where(self):
        return (AfterSalesOrder.kind == self.kind.code,)

    def get_query(self):
        # the items and replacement order columns: in two queries, whatever the rows
        return super().get_query().options(
            selectinload(AfterSalesOrder.lines).joinedload(AfterSalesLine.sku),
            joinedload(AfterSalesOrder.replacement_order))

    def tab_statuses(self):
        return self.kind.states

    def kinds(self):
        return {self.kind.code: self.kind}

    @property
    def default_tab(self):
        return self.kind.start

    @expose("/create/")
    def create_aftersales(self):
        # a service starts from a shipped order: the list says how
        return redirect(url_for(".index_view"))

    @expose("/start/", methods=("GET", "POST"))
    def start(self):
        number = (request.values.get("order") or "").strip()[:40]
        order = own_one(Order, Order.number == number) if number else None
        if order is None:
            return redirect(url_for("orders.index_view", tab="shipped"))
        if request.method == "POST":
            form = request.form
            outcome = run(lambda: aftersales.create(
                db.session, current_user, order, self.kind.code,
                aftersales_form.lines(form, order)[0],
                warehouse=aftersales_form.warehouse(form) if self.kind.warehouse else None,
                tracking_no=form.get("tracking_no"), note=form.get("note")),
                token=form.get("token", ""), action=f"{self.kind.code}.create",
                done=lambda aso: gettext("%(kind)s %(number)s created: %(status)s.",
                                         kind=self.kind.label, number=aso.number,
                                         status=aso.status_label))
            if outcome.ok or outcome.replayed:
                return redirect(url_for(".index_view", tab=self.kind.start))
        return self.render(
            "services/start.html", order=order, kind=self.kind,
            token=request.form.get("token") or new_token(), form=request.form,
            refusal=aftersales.why_not_on(order, self.kind),
            returnable={line.id: aftersales.returnable(db.session, line,
                                                       self.kind.goods_only)
                        for line in order.lines},
            reasons=self._list(ReturnReason, ReturnReason.name),
            warehouses=self._list(Warehouse, Warehouse.name))

    @expose("/repair/<int:aso_id>", methods=("GET", "POST"))
    def complete_repair(self, aso_id):
        aso = get_or_404(AfterSalesOrder, aso_id, "write")
        if request.method == "POST":
            form = request.form
            outcome = run(lambda: services.complete_repair(
                db.session, current_user, aso, _date(form.get("shipped_on")),
                form.get("waybill") or ""), token=form.get("token", ""),
                action="repair.complete", done=lambda _: gettext("%(number)s: repair completed.",
                                                          number=aso.number))
            if outcome.ok or outcome.replayed:
                return redirect(url_for(".index_view", tab="repair_completed"))
        return self.render("services/repair.html", aso=aso, form=request.form,
                           token=request.form.get("token") or new_token(),
                           today=org_today().isoformat())


def _date(text):
    """YYYY-MM-DD as typed, nothing before or after it (never cut to fit)."""
    text = (text or "").strip()
    try:
        if not ISO_DAY.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise RuleError('form.ship_date_date_like', field='ship_date') from None


ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _columns(kind) -> tuple:
    """What each service's list shows besides its number, status, customer and order."""
    if kind.code == "repair":
        return ("lines", "repair_shipped_on", "repair_waybill", "created_at")
    extra = ("replacement_order",) if kind.code == "replacement" else ()
    return ("lines", "warehouse", "return_tracking_no", *extra, "created_at")


def _view_for(kind):
    columns = ("number", "status", "customer", "order", *_columns(kind))
    return type(f"{kind.code.title().replace('_', '')}View", (ServiceView,), {
        "kind": kind, "column_list": columns,
        "column_details_list": (*columns, "note", "received_at", "completed_at")})


SERVICE_VIEWS = {code: _view_for(kind) for code, kind in SERVICE_KINDS.items()}
SERVICE_MENU = {"customer_return": _l("Customer Returns"), "replacement": _l("Replacements"),
                "repair": _l("Repairs"), "uncollected": _l("Uncollected"),
                "abnormal_return": _l("Abnormal Returns")}
