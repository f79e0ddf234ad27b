"""Refusal messages: Partnerships, fulfilment from a supplier, pushes (SPEC S6)."""
from ._marker import _

MESSAGES = {
    'fulfilment.partnership_ended_warehouses_longer': _(
        'The partnership with {name} ended on {ended_on}: its warehouses no longer fulfil'
        ' new orders. Ship the order from your own warehouse.'
    ),
    'fulfilment.partnership_active_yet_waiting': _(
        'The partnership with {name} is not active yet (waiting for the supplier to '
        'accept): its warehouses cannot fulfil orders.'
    ),
    'fulfilment.choose_one_your_orders': _(
        'Choose one of your orders and a supplier warehouse of your partnerships.'
    ),
    'fulfilment.order_already_fulfilled_supplier': _(
        'Order {number} is already fulfilled by a supplier.'
    ),
    'fulfilment.order_new_pickup_orders': _(
        'Order {number} is {status_label}: only New and To Pickup orders can be shipped '
        'from a supplier warehouse.'
    ),
    'fulfilment.ship': _('Cannot ship: {why}.'),
    'fulfilment.supplier_short': _(
        "Cannot ship: the supplier's warehouse {name} does not have enough {code} for "
        'this order. Ask the supplier, or ship from your own warehouse.'
    ),
    'fulfilment.sku_mapped_supplier_sku': _('SKU {code} is not mapped to a supplier SKU.'),
    'partnership.say_whether_your_organization': _(
        'Say whether your organization is the distributor or the supplier.'
    ),
    'partnership.partner_enter_exact_name': _(
        'Partner: enter the exact name of another organization.'
    ),
    'partnership.partnership_these_roles_already': _(
        'A partnership with {name} in these roles already exists.'
    ),
    'partnership.partnership_waiting_acceptance': _(
        'This partnership is {status_label}, not waiting for acceptance.'
    ),
    'partnership.other_organization_accepts_proposal': _(
        'The other organization accepts a proposal, not the one that made it.'
    ),
    'partnership.partnership_already_terminated': _('This partnership is already terminated.'),
    'partnership.partnership_ended_fees_auto': _(
        'This partnership ended on {ended_on}: its fees, auto-push, warehouses and SKU '
        'mapping stay as they were, so the returns of its cooperation period are pushed '
        'and refunded on the terms agreed.'
    ),
    'partnership.choose_one_organization_s': _(
        "{what}: choose one of the organization's own."
    ),
    'partnership.distributor_links_warehouses_supplier': _(
        "The distributor links its warehouses to the supplier's."
    ),
    'partnership.supplier_warehouse_set_kind': _(
        '{name} is not a supplier warehouse: set its kind to Supplier.'
    ),
    'partnership.already_stands_supplier_warehouse': _(
        '{name} already stands for a supplier warehouse.'
    ),
    'partnership.two_partners_map_skus': _('Only the two partners map SKUs.'),
    'partnership.map_supplier_s_single': _(
        "Map to the supplier's single SKUs: combos are split before pushing."
    ),
    'partnership.return_handling_fee_per': _('Return handling fee: per unit or per order.'),
    'partnership.sku_code': _('{what}: no SKU with code {strip!r}.'),
    "partnership.distributor_sets_auto_push": _(
        "Auto-push is the distributor's setting: the supplier sets the fees."
    ),
    "partnership.supplier_sets_fees": _(
        "The fees are the supplier's settings: the distributor sets auto-push."
    ),
    'partnership.amount_0': _('{label}: an amount from 0 to {max_amount:,}.'),
    'push.return_recalled_after_sales': _(
        'This return was recalled: its after-sales order is cancelled.'
    ),
    'push.returned_sku_supplier_s': _(
        "a returned SKU was not on the supplier's distribution order"
    ),
    'push.returned_but_supplier_s': _(
        "{code}: {qty} returned but only {left} of the supplier's order {number} can "
        'still be returned'
    ),
    'push.cancelled_supplier_already_stocked': _(
        '{number} cannot be cancelled: the supplier has already stocked in the goods '
        'pushed to it ({number2}).'
    ),
    "push.already_pushed": _("{number} is pushed already."),
    "push.recall_not_pushed": _(
        "{number} is not with the supplier: there is nothing to recall. Cancel its "
        "after-sales order instead."
    ),
    "push.final": _("{number} cannot be pushed again: {reason}"),
}
