"""Refusal messages: Credit, payments, adjustments, the ledger, points and store credit
(SPEC S4)."""

from ._marker import _

MESSAGES = {
    "adjustment.amount_0_most_either": _(
        "Amount: not 0, and at most {max_amount:,} either way."
    ),
    "adjustment.reason_say_why_balance": _("Reason: say why the balance is adjusted."),
    "adjustment.expiry_added_credit_past": _(
        "Expiry: only for added credit, and not in the past."
    ),
    "ledger.owes_credit_drop": _(
        "{name} owes {total_credit}: the credit cannot drop by {value}."
    ),
    "ledger.holds_balance_drop": _(
        "{name} holds a balance of {total_balance}: it cannot drop by {value}."
    ),
    "order_money.most_still_given_back": _(
        "{what}: at most {left} can still be given back {ways} for order {number} (what "
        "came in for it, less what refunds, the cancellation, reverts and exchanges "
        "already gave back)."
    ),
    "payment.amount_enter_amount_received": _("Amount: enter the amount received."),
    "payment.amount_out_of_range": _(
        "Amount: enter an amount above 0 and at most {max_amount:,}."
    ),
    "payment.selected_orders_tick_least": _(
        "Selected orders: tick at least one order, or choose All orders."
    ),
    "payment.selected_orders_some_them": _(
        "Selected orders: some of them are settled already or are not this customer's. "
        "Reload the page."
    ),
    "payment.customer_s_open_orders": _(
        "The customer's open orders changed since the preview: check the amounts and "
        "confirm again."
    ),
    "points.expiry_day_month_fewer": _("Expiry day: that month has fewer days."),
    "points.earn_rate_range": _(
        "Points earned: enter a rate from 0 to {max}, with at most {places} decimals."
    ),
    "points.points_usable_points_were": _(
        "Points: {name} has {have} usable points; {points} were asked for."
    ),
    "store_credit.balance_unexpired_store_credit": _(
        "Balance: {name} has {have} of unexpired store credit; {amount} was asked for."
    ),
    "credit.order_types_credit_manual": _(
        "Order types on credit: only Manual and Messenger orders."
    ),
    "credit.account_period_0_days": _(
        "Account period: from 0 to {max_period_days} days, or blank."
    ),
    "credit.payment_amounts_negative": _("Payment amounts cannot be negative."),
    "credit.paid_choose_bank_transfer": _(
        "Paid with: choose bank transfer, card or cash for the amount received."
    ),
    "credit.points_your_organization_set": _(
        "Points: your organization has not set a value per point."
    ),
    "credit.payments_add_up_more": _(
        "Payments add up to {paid}, more than the order total {total}."
    ),
    "credit.no_credit_for_order_type": _(
        "{name} has no credit for {order_type} orders: the order must be fully paid "
        "({credit} is missing)."
    ),
    "credit.0_blank": _("{label}: from 0 to {max_amount:,}, or blank."),
    "credit.opening_credit_opening_balance": _(
        "Opening credit and opening balance post to the customer's account: only users "
        "allowed to receive payments can set them."
    ),
    "credit.cod_full_amount_paid": _(
        "COD: the full amount is paid on delivery; leave the payment fields empty."
    ),
    "credit.balance_unexpired_store_credit": _(
        "Balance: {name} has {have} of unexpired store credit on {start}; {balance} was "
        "asked for."
    ),
    "credit.already_posted_correct_adjustment": _(
        "{field_label} was already posted ({current}); correct it with an adjustment."
    ),
    "credit.opening_credit_allow_credit": _(
        "Opening credit: allow credit for this customer first."
    ),
    "credit.over_limit_give_reason": _(
        "Credit limit: {name}'s limit is {limit}; this order would bring their credit to "
        '{after}, {over} over the limit. Give a reason to accept it anyway.'
    ),
    "credit.over_limit": _(
        "Credit limit: {name}'s limit is {limit}; this order would bring their credit to "
        '{after}, {over} over the limit. A user allowed to override the limit can accept '
        'it with a reason.'
    ),
}
