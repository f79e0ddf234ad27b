"""After-sales orders: the pipeline tabs with counts, the create page, and the buttons
each state allows, all read from the kinds' definitions (rules/aftersales/kinds.py);
the rules refuse anything else too."""
from flask import flash, jsonify, redirect, request, url_for
from flask_admin import expose
from flask_admin.actions import action
from flask_login import current_user
from markupsafe import Markup, escape

from flask_babel import gettext, lazy_gettext as _l
from .local_time import iso_date_cell, local_text
from .words import word
from ..rules.core.messages import Labels

from .row_urls import row_url
from . import aftersales_form
from . import printing
from .access import get_or_404, own_active, own_one
from .forms import new_token
from .model_view import SecureModelView, choice_filters
from .row_buttons import PostRowAction
from .tabs import StatusTabs
from .transaction import run
from ..extensions import db
from ..models import (EVIDENCE_STAGES, REFUND_METHODS, REFUND_STATUSES, AfterSalesOrder,
                      Order, ReturnReason, Sku, Warehouse)
from ..money import fmt
from ..rules.aftersales import actions, orders as aftersales
from ..rules.credit import order_money
from ..rules.sales.pricing import price_for
from ..rules.sales import orders as sales_orders
from ..rules.core.permissions import has_permission
from ..rules.aftersales.kinds import (EVENTS, KIND_NAMES, MANUAL_KINDS, STATUSES, kind_of,
                                      tabs)

PAGES = {  # the pages a "page" event's button opens
    "return_stock_in": lambda rid, row: row_url("return_stock_in.index", q=row.number),
    "refund": lambda rid, row: row_url("refunds.create", aso_id=rid),
    "complete_repair": lambda rid, row: row_url("service_repair.complete_repair", aso_id=rid),
}


def page_url(aso) -> str:
    """An after-sales order's page: pushed returns and services have their own lists."""
    kind = kind_of(aso)
    endpoint = "supplier_distribution" if kind.partner else \
        f"service_{kind.code}" if kind.service else \
        "platform_aftersales" if kind.platform else "aftersales"
    return url_for(f"{endpoint}.details_view", id=aso.id)


def _row_button(code, event):
    # a supplier-side event's role is asked per row (a pushed return: permits)
    per_row = event.permission in aftersales.SUPPLIER_SIDE
    return PostRowAction(
        code, event.label, permission=None if per_row else event.permission,
        visible=lambda row: aftersales.can(row, code) and (
            not per_row or aftersales.permits(current_user, row, code)),
        confirm=event.confirm, link=PAGES[event.page] if event.button == "page" else None)


def _done_message(code, event):
    if code == "generate_exchange":  # say which orders were made, and lead to them
        return lambda orders: Markup(" ").join(Markup(
            'Exchange order {} created: Pending, waiting to be approved. '
            '<a class="alert-link" href="{}">Process it</a>.').format(
            o.number, url_for("orders.approve_view", id=o.id)) for o in orders)
    return gettext("%(action)s: done for {count} after-sales order(s).",
                   action=word(event.label))


def _bulk_handler(code, event):
    def handler(self, ids):
        self.run_rule_on_rows(
            ids, lambda aso: actions.apply(db.session, current_user, aso, code),
            _done_message(code, event))
    return action(code, event.label, _l("Apply to the selected?"))(handler)


def _exchange_link(view, context, aso, name):
    """The exchange order made for this after-sales order: "Process" it (approve it,
    then it follows normal fulfilment)."""
    order = aso.exchange_order
    if order is None:
        return ""
    waiting = sales_orders.can(order, "approve")
    target = url_for("orders.approve_view" if waiting else "orders.details_view",
                     id=order.id)
    return Markup('<a href="{}">{} · {}</a>').format(target, order.number, gettext("Process")) \
        if waiting else Markup('<a href="{}">{}</a>').format(target, order.number)


LINE_KINDS = Labels({"return": "Returned", "exchange": "Exchange", "repair": "Repair"})


def _lines_text(aso) -> str:
    return "; ".join(f"{LINE_KINDS.get(ln.kind, ln.kind)}: {ln.quantity} x {ln.sku.code} = "
                     f"{fmt(ln.amount)}"
                     + (f" ({ln.reason})" if ln.reason else "") for ln in aso.lines)


class ReturnReasonView(SecureModelView):
    permissions = ("aftersales.manual",)
    column_list = ("name", "active")
    form_columns = ("name", "active")


class AfterSalesView(StatusTabs, SecureModelView):
    # The list is the work queue of three roles; each sees the buttons of its own job
    # (kinds.EVENTS name the permission of each), the create page needs the first.
    permissions = ("aftersales.manual", "aftersales.refund", "stock.return_in")
    # a row's refund buttons ask what its order can still give back (refund_room)
    label_reads = {"order": (*order_money.COLUMNS, "total", "refunded_total", "unsettled")}
    endpoint_permissions = {"create_aftersales": ("aftersales.manual",),
                            "price": ("aftersales.manual",),
                            "edit_view": ("aftersales.manual",)}
    can_create = False  # the create page below picks the order first
    can_delete = False
    list_template = "aftersales/list.html"
    details_template = "aftersales/details.html"
    # the columns people scan first come first, so they stay on screen at 1366 px
    column_list = ("number", "status", "kind", "customer", "returned_amount",
                   "exchange_amount", "refunded", "order", "return_tracking_no",
                   "created_at")
    phone_columns = ("number", "status", "customer", "returned_amount")
    column_details_list = ("number", "kind", "status", "order", "customer", "warehouse",
                           "return_tracking_no", "returned_amount", "exchange_amount",
                           "refunded", "exchange_order", "lines", "refunds", "note",
                           "created_at", "received_at", "completed_at")
    column_searchable_list = ("number", "return_tracking_no", "order.number", "customer.name",
                              "customer.code")
    column_filters = (*choice_filters(AfterSalesOrder.kind, "Type", KIND_NAMES),
                      *choice_filters(AfterSalesOrder.status, "Status", STATUSES),
                      "created_at")
    column_default_sort = ("id", True)
    column_labels = {"kind": "Type", "returned_amount": "Returned R",
                     "created_at": "Created", "exchange_amount": "Exchange E",
                     "order.number": "Order no.", "return_tracking_no": "Tracking no."}
    column_choices = {"kind": list(KIND_NAMES.items()), "status": list(STATUSES.items())}
    column_formatters = {
        "returned_amount": lambda v, c, m, n: fmt(m.returned_amount),
        "exchange_amount": lambda v, c, m, n: fmt(m.exchange_amount),
        "refunded": lambda v, c, m, n: fmt(m.refunded),
        "created_at": lambda v, c, m, n: local_text(m.created_at, n, "date"),
        "lines": lambda v, c, m, n: _lines_text(m),
        "exchange_order": _exchange_link,
        "refunds": lambda v, c, m, n: "; ".join(
            f"{r.number} {fmt(r.amount)} {REFUND_METHODS.get(r.method, r.method).lower()}: "
            f"{REFUND_STATUSES.get(r.status, r.status)}" for r in m.refunds),
    }
    # the file keeps ISO dates (read by machines); the page writes them the reader's way
    column_formatters_export = {**column_formatters, "created_at": iso_date_cell}
    form_choices = {"kind": [(c, k.label) for c, k in MANUAL_KINDS.items()]}
    form_columns = ("return_tracking_no", "note")
    # the state's forward step is the row's main button; Cancel always waits in the menu
    column_extra_row_actions = [_row_button(code, event) for code, event in sorted(
        EVENTS.items(), key=lambda item: item[0] == "cancel") if event.button] + [PostRowAction(
        "return_note", _l("Return note"), visible=lambda row: row.received_at is not None,
        link=lambda rid, row: row_url(".return_note", aso_id=rid))]

    # completing without a refund leaves the customer's money where it is: ask first
    asks_first = frozenset({"complete", "nothing_to_refund"})

    def row_summary(self, aso) -> str:
        return (f"{aso.number} · {aso.customer} · {aso.status_label} · "
                + gettext("returned %(returned)s, refunded %(refunded)s, still refundable %(left)s",
                          returned=fmt(aso.returned_amount), refunded=fmt(aso.refunded),
                          left=fmt(aftersales.refundable(aso))))

    def kinds(self) -> dict:
        """The kinds this list shows (its tabs, buttons and bulk actions follow)."""
        return MANUAL_KINDS

    def render(self, template, **kwargs):
        if template == self.details_template:  # evidence under every after-sales order
            kwargs.update(self.details_extras(kwargs["model"]))
        return super().render(template, **kwargs)

    def details_extras(self, aso) -> dict:
        may_attach = any(self.may(p) for p in ("aftersales.manual", "stock.return_in"))
        return {"stages": EVIDENCE_STAGES,
                "evidence_token": new_token() if may_attach else None,
                "next_steps": self.next_steps(aso)}

    def next_steps(self, aso) -> Markup:
        """The buttons its row shows on the list (what the state allows this user),
        on its own page too: it is no dead end."""
        rid = escape(aso.id)
        return Markup("".join(
            a.html(rid, aso, a.shown_title()) for a in self.column_extra_row_actions or ()
            if (a.permission is None or has_permission(current_user, a.permission))
            and a.shown(aso)))

    def init_actions(self):
        """Flask-Admin's bulk actions, plus one per posting event of the list's kinds."""
        super().init_actions()
        for code, event in EVENTS.items():
            if event.button == "post" and any(code in moves for kind in self.kinds().values()
                                              for moves in kind.machine.values()):
                handler = _bulk_handler(code, event).__get__(self)
                self._actions.append((code, event.label))
                self._actions_data[code] = (handler, event.label,
                                            _l("Apply to the selected?"))

    def action_permissions(self, name):
        event = EVENTS.get(name)
        return (event.permission,) if event is not None else super().action_permissions(name)

    # --- tabs: the pipeline's states (views/tabs.py) --------------------------------
    default_tab = "to_confirm"

    def tab_statuses(self):
        return tabs()

    def tab_where(self):
        # a distributor's pushed returns have their own page (views/distribution.py)
        return (AfterSalesOrder.kind.in_(MANUAL_KINDS),)

    def tab_labels(self):
        return STATUSES

    def save_model(self, form, obj, is_created):
        if form.return_tracking_no.data != obj.return_tracking_no:
            aftersales.set_tracking(db.session, current_user, obj, form.return_tracking_no.data)
        obj.note = form.note.data

    @expose("/price/")
    def price(self):
        """The unit price an added or exchange item gets for the order's customer (SPEC
        S2: level price, else wholesale), for the create page's estimate."""
        number = (request.args.get("order") or "").strip()[:40]
        code = (request.args.get("sku") or "").strip()[:60]
        order = own_one(Order, Order.number == number) if number else None
        sku = own_one(Sku, Sku.code == code) if code else None
        if order is None or sku is None:
            return jsonify(price=""), 404
        return jsonify(price=str(price_for(db.session, order.customer, sku)))

    @expose("/return-note/<int:aso_id>")
    def return_note(self, aso_id):
        """The return (stock-in) note: what came back, in what state."""
        return printing.page("print/return_note.html",
                             aso=get_or_404(AfterSalesOrder, aso_id))

    # --- create ----------------------------------------------------------------------
    @expose("/create/", methods=("GET", "POST"))
    def create_aftersales(self):
        number = (request.values.get("order") or "").strip()[:40]
        order = own_one(Order, Order.number == number) if number else None
        if number and order is None:
            flash(gettext("Order: there is no order %(number)s.", number=number), "error")
        if order is not None and request.method == "POST":
            form = request.form
            outcome = run(lambda: aftersales.create(
                db.session, current_user, order, form.get("kind", ""),
                *aftersales_form.lines(form, order),
                warehouse=aftersales_form.warehouse(form),
                tracking_no=form.get("tracking_no"), note=form.get("note")),
                token=form.get("token", ""), action="aftersales.create",
                done=lambda aso: gettext("After-sales order %(number)s created: %(status)s.",
                                         number=aso.number, status=aso.status_label))
            if outcome.ok:
                return redirect(url_for(".index_view", tab="to_confirm"))
            if outcome.replayed:
                return redirect(url_for(".index_view"))
        return self.render("aftersales/create.html", order=order, number=number,
                           kinds=MANUAL_KINDS, token=request.form.get("token") or new_token(),
                           returnable={line.id: aftersales.returnable(db.session, line)
                                       for line in (order.lines if order else [])},
                           reasons=self._list(ReturnReason, ReturnReason.name),
                           warehouses=self._list(Warehouse, Warehouse.name),
                           # a link from the order's page names the kind to start
                           form=request.form if request.method == "POST" else request.args)

    def _list(self, model, order_by):
        return db.session.execute(own_active(model).order_by(order_by)).scalars().all()

