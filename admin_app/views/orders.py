"""Orders: list with status tabs as filters, create/edit with lines, status buttons."""
from flask_admin.actions import action
from flask_admin.model.form import InlineFormAdmin
from flask_login import current_user
from wtforms import StringField, validators

from .base import MoneyField, PostRowAction, SecureModelView, ajax_ref, money_range
from ..extensions import db
from ..models import (ORDER_STATUSES, ORDER_TYPES, PAYMENT_METHODS, Customer, OrderLine,
                      Sku)
from ..money import fmt
from ..rules import orders
from ..rules.orders import ORDER_EVENTS, LineInput


class LineInline(InlineFormAdmin):
    form_columns = ("id", "sku", "quantity", "unit_price")
    form_label = "Line"
    form_ajax_refs = {"sku": ajax_ref(Sku, "code", "name")}
    form_overrides = {"unit_price": MoneyField}
    form_args = {"unit_price": {
        "validators": [validators.Optional(), money_range()],
        "description": "Blank: the customer's level price, else the wholesale price.",
    }}

    def __init__(self):
        super().__init__(OrderLine)


def _status_action(event: str):
    label = ORDER_EVENTS[event]

    def handler(self, ids):
        self.run_rule_on_rows(
            ids, lambda o: orders.change_status(db.session, current_user, o, event),
            f"{label}: done for {{count}} order(s).")

    handler.__name__ = f"action_{event}"
    return action(event, label, f"{label}: apply to the selected orders?")(handler)


def _lines_from_form(form) -> list[LineInput]:
    lines = []
    for entry in form.lines.entries:
        if form.lines.should_delete(entry):
            continue
        data = entry.form.data
        if data.get("sku") is None and not data.get("quantity"):
            continue  # an empty row left by the "add line" button
        lines.append(LineInput(sku=data.get("sku"), quantity=data.get("quantity"),
                               unit_price=data.get("unit_price")))
    return lines


class OrderView(SecureModelView):
    permissions = ("orders.manage",)
    can_delete = False  # orders are cancelled, never deleted
    audit_saves = False  # the order rules write their own audit rows
    column_list = ("number", "order_date", "store", "customer", "order_type",
                   "payment_method", "total", "status")
    column_details_list = ("number", "order_date", "store", "customer", "order_type",
                           "payment_method", "total", "status", "approved_at", "note",
                           "lines", "created_at")
    column_searchable_list = ("number", "customer.name", "customer.code")
    column_filters = ("status", "order_type", "payment_method", "store.name", "order_date")
    column_default_sort = ("order_date", True)
    column_labels = {"store.name": "Store", "customer.name": "Customer name",
                     "customer.code": "Customer code"}
    column_formatters = {
        "status": lambda v, c, m, n: ORDER_STATUSES.get(m.status, m.status),
        "order_type": lambda v, c, m, n: ORDER_TYPES.get(m.order_type, m.order_type),
        "payment_method": lambda v, c, m, n: PAYMENT_METHODS.get(m.payment_method),
        "total": lambda v, c, m, n: fmt(m.total),
    }
    form_columns = ("order_number", "store", "customer", "order_type", "payment_method",
                    "order_date", "note", "lines")
    form_edit_columns = ("note", "lines")
    form_choices = {"order_type": [(k, v) for k, v in ORDER_TYPES.items() if k != "platform"],
                    "payment_method": list(PAYMENT_METHODS.items())}
    form_extra_fields = {"order_number": StringField(
        "Number", validators=[validators.Optional(), validators.Length(max=40)],
        description="Leave blank to number it automatically.")}
    form_ajax_refs = {"customer": ajax_ref(Customer, "code", "name", "phone")}
    inline_models = (LineInline(),)
    column_extra_row_actions = [
        PostRowAction(event, ORDER_EVENTS[event],
                      visible=lambda row, event=event: orders.can(row, event),
                      confirm="Cancel this order?" if event == "cancel" else "")
        for event in ORDER_EVENTS
    ]

    action_approve = _status_action("approve")
    action_to_pickup = _status_action("to_pickup")
    action_ship = _status_action("ship")
    action_complete = _status_action("complete")
    action_cancel = _status_action("cancel")

    def save_model(self, form, obj, is_created):
        lines = _lines_from_form(form)
        if is_created:
            return orders.create_order(
                db.session, current_user, store=form.store.data,
                customer=form.customer.data, lines=lines,
                order_type=form.order_type.data, payment_method=form.payment_method.data,
                order_date=form.order_date.data, number=form.order_number.data,
                note=form.note.data)
        return orders.update_order(db.session, current_user, obj, lines=lines,
                                   note=form.note.data)
