"""Refusal messages: Orders, customers, the catalog, cancellation (SPEC S2, S4)."""
from ._marker import _

MESSAGES = {
    "cancel.extend_1_days": _("Extend by: from 1 to {max_extend_days} days."),
    "catalog.combo_needs_least_one": _("{code}: a combo needs at least one sub-SKU."),
    "catalog.combo_sku_sub_skus": _(
        "{code}: only a combo SKU has sub-SKUs; tick Combo or remove them."
    ),
    "catalog.combo_contain_itself": _("{code}: a combo cannot contain itself."),
    "catalog.itself_combo_use_sub": _(
        "{code}: {code2} is itself a combo; use its sub-SKUs instead."
    ),
    "catalog.listed_twice": _("{code}: {code2} is listed twice."),
    "catalog.sub_sku_of_a_combo": _(
        "{code} is a sub-SKU of combo {code2}: a combo cannot be inside another combo."
    ),
    "catalog.sub_skus_must_belong": _("Sub-SKUs must belong to your organization."),
    "customer.channel_order_needs_buyer": _(
        "A channel order needs the buyer's id to find the customer."
    ),
    "customer.store_choose_one_your": _("Store: choose one of your stores."),
    "customer.customer_choose_one_give": _(
        "Customer: choose one, or give the channel buyer's id."
    ),
    "customer.say_why_customer_goes": _("{name}: say why the customer goes on the blacklist."),
    "customer.label_choose_one_your": _("Label: choose one of your labels."),
    "customer.label_deactivated": _("Label {name} is deactivated."),
    "customer.customers_choose_customers_your": _(
        "Customers: choose customers of your organization."
    ),
    "order.lines_add_least_one": _("Lines: add at least one SKU."),
    "order.lines_most_per_order": _("Lines: at most {max_lines} per order."),
    "order.order_type_must_one": _("Order type must be one of: {names}."),
    "order.payment_method_must_cod": _("Payment method must be COD or Prepaid."),
    "order.number_taken": _("Order number {number} already exists."),
    "order.dated_after_today": _(
        "Order date: {date} is after today ({today}, your organization's date). An order "
        "is dated when it was placed."
    ),
    "order.external_id_taken": _("External id {external_id}: this store already has an "
                                 "order with that id."),
    "order.order_pending_new_orders": _(
        "Order {number} is {status_label}: only Pending or New orders can be edited."
    ),
    "order.order_customer_s_account": _(
        "Order {number} is on the customer's account: cancel it and create a new one "
        "instead of changing its lines."
    ),
    "order.order_taken_payment_cancel": _(
        "Order {number} has taken its payment: cancel it and create a new one instead of "
        "changing its lines."
    ),
    "order.amount_received_negative": _("Amount received: it cannot be negative."),
    "order.order_exchange_order_whose": _(
        "Order {number} was an exchange order whose returned goods went back to its "
        "after-sales order: generate a new exchange order there instead of reopening this"
        " one."
    ),
    "order.store_customer_skus_must": _(
        "Store, customer and SKUs must belong to your organization."
    ),
    "order.line_quantity_must_1": _(
        "Line {n}: quantity must be from 1 to {max_line_quantity:,}."
    ),
    "order.line_unit_price_must": _("Line {n}: unit price must be from 0 to {max_amount:,}."),
    "order.line_amount_too_large": _("Line {n}: the amount is too large."),
    "cancel.already_cancelled": _("Order {number} is already Cancelled."),
    "cancel.replacement_shipped": _(
        "Replacement order {number} cannot be cancelled: its goods left the warehouse. "
        "If they come back, start a Customer Return or Uncollected on it."
    ),
    "cancel.nothing_left_to_revert": _(
        "Order {number} is already Cancelled and has nothing left to revert."
    ),
    "customer.blacklisted": _(
        '{name} is on the blacklist. Tick "Enter the order anyway" to save it.'
    ),
    "customer.blacklisted_because": _(
        '{name} is on the blacklist ({reason}). Tick "Enter the order anyway" to save it.'
    ),
    "customer.blacklisted_api": _(
        '{name} is on the blacklist. Send "blacklist_acknowledged": true to enter the order '
        'anyway.'
    ),
    "customer.blacklisted_because_api": _(
        '{name} is on the blacklist ({reason}). Send "blacklist_acknowledged": true to enter '
        'the order anyway.'
    ),
}
