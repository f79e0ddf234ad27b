"""Orders: list, create/edit with lines and payment, status buttons, the single-order
cancel form with the revert of store credit and points."""

from flask import flash, jsonify, redirect, request, url_for
from flask_admin import expose
from markupsafe import Markup, escape
from flask_admin.actions import action
from flask_admin.contrib.sqla.filters import BaseSQLAFilter
from flask_login import current_user
from ..app_form import AppForm
from sqlalchemy import and_, false
from wtforms import BooleanField, StringField, validators

from flask_babel import gettext, lazy_gettext as _l
from .local_time import iso_date_cell, local_text
from .words import word

from .forms import ajax_ref
from .order_forms import (PAYMENT_FIELDS, PRICE_SOURCES, ApproveForm, CancelForm,
                          LineInline, lines_from_form, payment_from_form)
from .row_urls import row_url
from . import order_export, distribution
from .access import find, get_or_404, org_today
from .customers import CustomerLoader
from .model_view import SecureModelView, choice_filters
from .row_buttons import PostRowAction
from .lean_rows import LeanReads
from .tabs import StatusTabs
from .transaction import run
from .services import can_start, start_url, starts
from ..extensions import db
from ..models import (SETTLEMENT, ORDER_STATUSES, ORDER_TYPES, PAID_WITH, PAYMENT_METHODS,
                      REVERT_STATUSES, Customer, Order, Sku)
from ..money import ZERO, fmt
from ..rules.sales import cancellation, customers, status as order_status, orders
from ..rules.distribution import fulfilment
from ..rules.credit import points, terms
from ..rules.sales.orders import ORDER_EVENTS
from ..rules.sales.pricing import priced
from ..rules.core import clock
from ..rules.aftersales.kinds import SERVICE_KINDS


def _status_action(event: str):
    label = ORDER_EVENTS[event]

    def handler(self, ids):
        self.run_rule_on_rows(
            ids, lambda o: order_status.change_status(db.session, current_user, o, event),
            gettext("%(action)s: done for {count} order(s).", action=word(label)))
        if event == "reopen":
            flash(word(orders.REOPEN_WARNING), "warning")

    handler.__name__ = f"action_{event}"
    question = _l("Apply to the selected orders?")
    if event == "reopen":
        question = _l("Apply to the selected orders? Nothing the cancellation gave back (money "
                      "moved to the balance, reverted store credit and points) is taken back.")
    return action(event, label, question)(handler)


def _customer_cell(customer) -> Markup:
    """The customer, with the blacklist's flag and reason when they are on it."""
    if customer is None:
        return Markup("")
    if not customer.blacklisted:
        return escape(str(customer))
    return Markup('{} <span class="marker-blacklist" title="{}">&#9873; {}</span>').format(
        str(customer), customer.blacklist_reason or "", gettext("blacklist"))


class SettlementFilter(BaseSQLAFilter):
    """Settlement status of an order's credit (SPEC S4), a filter by its label."""

    def __init__(self):
        super().__init__(Order.unsettled, "Settlement status",
                         options=[(k, SETTLEMENT.english(k)) for k in SETTLEMENT])

    def apply(self, query, value, alias=None):
        credit = Order.credit_amount > 0
        return query.filter({
            "unsettled": and_(credit, Order.settled == 0, Order.unsettled > 0),
            "partial": and_(credit, Order.settled > 0, Order.unsettled > 0),
            # what was collected in full (Order.settlement_status)
            "settled": and_(credit, Order.settled > 0, Order.unsettled == 0),
        }.get(value, false()))

    def operation(self):
        return _l("is")  # looked up when the list is drawn


class OrderView(StatusTabs, SecureModelView):
    permissions = ("orders.manage",)
    can_delete = False  # orders are cancelled, never deleted
    audit_saves = False  # the order rules write their own audit rows
    # the columns people scan first come first, so they stay on screen at 1366 px
    column_list = ("number", "status", "order_date", "customer", "total", "unsettled",
                   "store", "order_type", "revert_status")
    phone_columns = ("number", "status", "customer", "total")
    tab_only_columns = {"revert_status": ("cancelled",)}
    column_details_list = ("number", "order_date", "store", "customer", "order_type",
                           "payment_method", "total", "paid_with", "received",
                           "goods_received", "balance_used", "points_used", "points_value",
                           "credit_amount",
                           "settled", "unsettled", "credit_due_date",
                           "credit_override_reason", "status", "revert_status",
                           "approved_at", "points_earned", "note", "lines", "created_at")
    column_searchable_list = ("number", "customer.name", "customer.code", "customer.phone")
    column_filters = (*choice_filters(Order.status, "Status", ORDER_STATUSES),
                      *choice_filters(Order.order_type, "Order type", ORDER_TYPES),
                      *choice_filters(Order.payment_method, "Payment method",
                                      PAYMENT_METHODS),
                      "store.name", "order_date",
                      *choice_filters(Order.revert_status, "Revert status",
                                      REVERT_STATUSES),
                      SettlementFilter(), "credit_due_date")
    column_default_sort = ("order_date", True)
    # what the list's cells and row buttons read (views/lean_rows.py)
    lean_reads = LeanReads(
        columns=("number", "status", "uncollected", "order_date", "customer_id", "store_id",
                 "total", "unsettled", "order_type", "payment_method", "revert_status"),
        related=("customer", "store"), properties=("status_label",))

    def export_tuples(self, query):
        return order_export.tuples(query, [name for name, _ in self._export_columns])

    # --- tabs: Pending (Waiting to Approve) ... Cancelled (views/tabs.py) ---------------
    def tab_statuses(self):
        return tuple(ORDER_STATUSES)

    def tab_labels(self):
        return ORDER_STATUSES
    column_labels = {"store.name": "Store", "customer.name": "Customer name",
                     "received": "Received (money)",
                     "goods_received": "Paid by returned goods (exchange)",
                     "customer.code": "Customer code", "revert_status": "Revert status",
                     "order_type": "Type · payment", "payment_method": "Payment"}
    # Coded columns show (and filter by) the labels people read, not the codes.
    column_choices = {"status": list(ORDER_STATUSES.items()),
                      "order_type": list(ORDER_TYPES.items()),
                      "payment_method": list(PAYMENT_METHODS.items()),
                      "revert_status": list(REVERT_STATUSES.items()),
                      "paid_with": list(PAID_WITH.items())}
    column_formatters = {
        "status": lambda v, c, m, n: m.status_label + (" · " + gettext("Uncollected")
                                                       if m.uncollected else ""),
        "customer": lambda v, c, m, n: _customer_cell(m.customer),
        "total": lambda v, c, m, n: fmt(m.total),
        "order_date": lambda v, c, m, n: local_text(m.order_date, n, "date"),
        # one column for the type and how it is paid (the filters keep them apart)
        "order_type": lambda v, c, m, n: f"{ORDER_TYPES.get(m.order_type, m.order_type)} · "
                                         f"{PAYMENT_METHODS.get(m.payment_method, '')}",
        "unsettled": lambda v, c, m, n: fmt(m.unsettled),
        "goods_received": lambda v, c, m, n: fmt(m.goods_received),
        "revert_status": lambda v, c, m, n: REVERT_STATUSES.get(m.revert_status, "—"),
    }
    # the file keeps ISO dates (read by machines); the page writes them the reader's way
    column_formatters_export = {**column_formatters, "order_date": iso_date_cell}
    form_columns = ("order_number", "store", "customer", "buyer_id", "buyer_name",
                    "blacklist_ok", "order_type",
                    "payment_method", "order_date", "note", "lines", *PAYMENT_FIELDS)
    form_edit_columns = ("note", "lines")
    form_choices = {"order_type": [(k, v) for k, v in ORDER_TYPES.items()
                                   if k not in ("distribution", "replacement")],
                    "payment_method": list(PAYMENT_METHODS.items()),
                    "revert_status": list(REVERT_STATUSES.items())}
    form_extra_fields = {"order_number": StringField(
        _l("Number"), validators=[validators.Optional(), validators.Length(max=40)],
        description=_l("Leave blank to number it automatically.")), **PAYMENT_FIELDS,
        "buyer_id": StringField(_l("Channel buyer id"), validators=[
            validators.Optional(), validators.Length(max=80)],
            description=_l("The buyer's id on the store's channel (when no customer is "
                        "chosen above).")),
        "buyer_name": StringField(_l("Buyer name"), validators=[
            validators.Optional(), validators.Length(max=120)]),
        "blacklist_ok": BooleanField(
            _l("Enter the order anyway"), description=_l("Only needed when the customer is on "
            "the blacklist: the picker marks them, and saving asks first."))}
    form_args = {"customer": {"description": "Or leave it blank and give the channel "
                                             "buyer's id below: the customer is found "
                                             "by channel and buyer id, or created.",
                              "validators": [validators.Optional()]}}
    form_ajax_refs = {"customer": ajax_ref(Customer, "code", "name", "phone",
                                           loader=CustomerLoader)}
    # the payment fields matter for prepaid orders paid in the customer's account only
    form_widget_args = {name: {"data-shown-when": "payment_method=prepaid&order_type!=platform"}
                        for name in ("paid_with", "amount_received", "balance_to_use",
                                     "points_to_use", "override_reason")}
    inline_models = (LineInline(),)
    # Only users who may accept credit over the limit see the reason for doing it.
    field_permissions = {"override_reason": "credit.override"}
    column_extra_row_actions = [
        PostRowAction(event, ORDER_EVENTS[event],
                      visible=lambda row, event=event: orders.can(row, event))
        for event in ORDER_EVENTS if event not in ("cancel", "approve", "reopen")
    ] + [PostRowAction("approve_view", "Approve…", visible=lambda row: orders.can(
        row, "approve"), link=lambda row_id, row: row_url(".approve_view", id=row_id))
    ] + [PostRowAction("reopen_view", "Reopen…", visible=lambda row: orders.can(
        row, "reopen"), link=lambda row_id, row: row_url(".reopen_view", id=row_id))
    ] + [PostRowAction("ship_from_supplier", "Ship from supplier…",
                       permission="distribution.manage",
                       visible=fulfilment.can_ship,
                       link=lambda row_id, row: row_url(".ship_from_supplier", id=row_id))
    ] + [PostRowAction(f"service_{code}", f"{kind.label}…", permission="aftersales.manual",
                       visible=can_start,
                       link=lambda row_id, row, code=code: start_url(code, row))
         for code, kind in SERVICE_KINDS.items()
    ] + [  # last: cancelling is never a row's main button (a completed order's first)
        PostRowAction("cancel_view", "Cancel…", visible=lambda row: orders.can(row, "cancel")
                      or cancellation.revert_left(row),
                      link=lambda row_id, row: row_url(".cancel_view", id=row_id))]
    endpoint_permissions = {"ship_from_supplier": ("distribution.manage",)}
    details_template = "orders/details.html"
    create_template = "orders/create.html"

    def render(self, template, **kwargs):
        if template == self.details_template:  # the after-sales it can start
            kwargs["services"] = starts(kwargs["model"], self.may("aftersales.manual"))
        return super().render(template, **kwargs)

    action_approve = _status_action("approve")
    action_to_pickup = _status_action("to_pickup")
    action_ship = _status_action("ship")
    action_complete = _status_action("complete")
    action_cancel = _status_action("cancel")  # bulk: nothing is reverted (seed 004)
    action_reopen = _status_action("reopen")

    def save_model(self, form, obj, is_created):
        lines = lines_from_form(form)
        if is_created:
            customer = customers.customer_of_new_order(
                db.session, current_user, form.customer.data, form.store.data,
                form.buyer_id.data, form.buyer_name.data, form.blacklist_ok.data)
            return orders.create_order(
                db.session, current_user, store=form.store.data,
                customer=customer, lines=lines,
                order_type=form.order_type.data, payment_method=form.payment_method.data,
                order_date=form.order_date.data, number=form.order_number.data,
                note=form.note.data, payment=payment_from_form(form))
        return orders.update_order(db.session, current_user, obj, lines=lines,
                                   note=form.note.data)

    def get_save_return_url(self, model, is_created=False):
        """A new order opens on its own page (its number, what it owes), not somewhere in
        the middle of a long list."""
        if is_created:
            return self.get_url(".details_view", id=model.id)
        return super().get_save_return_url(model, is_created)

    @expose("/price/")
    def price(self):
        """What a line's blank unit price becomes for the chosen customer (SPEC S2), for
        the order form to show before saving."""
        sku = find(Sku, request.args.get("sku"))
        customer = find(Customer, request.args.get("customer")) \
            if request.args.get("customer") else None
        if sku is None:
            return jsonify(price="", source=""), 404
        price, source = priced(db.session, customer, sku)
        return jsonify(price=str(price), source=PRICE_SOURCES[source])

    def create_form(self, obj=None):
        form = super().create_form(obj)
        if request.method == "GET" and "order_date" in form:  # now, on the shop's clock
            form.order_date.data = clock.wall_clock(db.session, current_user.org_id)
        if "points_to_use" in form:  # what a point is worth, where points are used
            org = current_user.org
            form.points_to_use.description = gettext(
                "1 point = %(value)s %(currency)s; the customer's points are on their page.",
                value=fmt(org.point_value), currency=org.currency)
        return form

    @expose("/ship-from-supplier/", methods=("GET", "POST"))
    def ship_from_supplier(self):
        """A distributor's order shipped from a supplier warehouse (SPEC S6)."""
        return distribution.ship_page(self, request.values.get("id"))

    # --- approval, with the payment what is planned leaves open --------------------------
    @expose("/approve/", methods=("GET", "POST"))
    def approve_view(self):
        order = get_or_404(Order, request.values.get("id"), "write")
        form = ApproveForm()
        back = url_for(".details_view", id=order.id)
        to_pay = orders.to_pay_at_approval(db.session, order)
        if request.method == "GET" and to_pay:
            form.amount_received.data = to_pay
        if request.method == "POST" and form.validate():
            outcome = run(lambda: orders.approve(db.session, current_user, order,
                                                 form.amount_received.data or ZERO,
                                                 form.paid_with.data),
                          token=form.token.data, action="order.approve",
                          done=gettext("Order %(number)s approved.", number=order.number))
            if outcome.ok or outcome.replayed:
                return redirect(back)
        return self.render("orders/approve.html", order=order, form=form, back=back,
                           approvable=orders.can(order, "approve"),
                           to_pay=to_pay,
                           points_worth=points.value_of(current_user.org, order.points_used),
                           credit=terms.allowed_for(order.customer, order.order_type))

    # --- reopening a cancelled order: what stays where, asked first --------------------
    @expose("/reopen/", methods=("GET", "POST"))
    def reopen_view(self):
        order = get_or_404(Order, request.values.get("id"), "write")
        form = AppForm()
        back = url_for(".details_view", id=order.id)
        if request.method == "POST" and form.validate() and run(
                lambda: order_status.change_status(db.session, current_user, order,
                                                   "reopen"),
                done=lambda status: gettext("Order %(number)s is reopened: %(status)s.",
                                            number=order.number,
                                            status=ORDER_STATUSES[status])).ok:
            flash(word(orders.REOPEN_WARNING), "warning")
            return redirect(back)
        return self.render("orders/reopen.html", order=order, form=form, back=back,
                           reopenable=orders.can(order, "reopen"),
                           summary=cancellation.reopen_summary(db.session, order))

    # --- the single-order cancel (with revert) -----------------------------------------
    @expose("/cancel/", methods=("GET", "POST"))
    def cancel_view(self):
        order = self.get_one(request.values.get("id"))
        form = CancelForm()
        back = url_for(".details_view", id=order.id)
        if request.method == "POST" and form.validate():
            choice = cancellation.Revert(
                credit=form.revert_credit.data,
                extend_credit_days=form.extend_days.data if form.extend_credit.data else None,
                points=form.revert_points.data, extend_points=form.extend_points.data,
                notify=form.notify.data)
            if form.extend_credit.data and not form.extend_days.data:
                flash(gettext("Extend by: enter the number of days."), "error")
            else:
                outcome = run(lambda: cancellation.cancel(db.session, current_user, order,
                                                          choice),
                              token=form.token.data, action="order.cancel")
                if outcome.ok:
                    flash(gettext("Order %(number)s is cancelled.", number=order.number) + " "
                          + " ".join(map(str, outcome.result)),
                          "success")
                    if cancellation.revert_left(order):
                        flash(gettext("Revert status: Not reverted. Cancel again to revert "
                                      "later."),
                              "warning")
                if outcome.ok or outcome.replayed:
                    return redirect(back)
        return self.render("orders/cancel.html", order=order, form=form,
                           reverting=cancellation.is_cancelled(order),
                           pieces=cancellation.revertible_summary(db.session, order),
                           today=org_today(), back=back)
