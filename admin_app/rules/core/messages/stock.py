"""Refusal messages: Stock movements and stock documents (SPEC S3)."""
from ._marker import _

MESSAGES = {
    'stock_document.warehouse_choose_one_your': _('Warehouse: choose one of your warehouses.'),
    'stock_document.lines_most_per_document': _('Lines: at most {max_lines} per document.'),
    'stock_document.supplier_say_who_goods': _('Supplier: say who the goods go back to.'),
    'stock_document.line_combo_count_move': _(
        'Line {n}: {code} is a combo: count and move its single SKUs.'
    ),
    'stock_document.line_document_twice': _('Line {n}: {code} is on the document twice.'),
    'stock_document.line_receive_least_one': _('Line {n}: receive at least one unit.'),
    'stock_document.line_unqualified_units_go': _(
        'Line {n}: only unqualified units go back to the supplier.'
    ),
    'stock_document.line_quantities_whole_numbers': _(
        'Line {n}: quantities are whole numbers from 0 to {max_move:,}.'
    ),
    'stock.combo_sub_skus_add': _(
        'Combo {code} has no sub-SKUs: add them before moving stock.'
    ),
    'stock.quality_must_one': _('Quality must be one of: {names}.'),
    'stock.quantity_must_whole_number': _(
        'Quantity must be a whole number from -{max_move:,} to {max_move:,}, not 0.'
    ),
    'stock.reason_required_every_stock': _('Reason is required for every stock movement.'),
    'stock.level_most': _('{code} in {name}: at most {most:,} units can be held.'),
    'stock_document.supplier_warehouse': _(
        "{name} is a warehouse at a supplier: its stock is the supplier's to record."
    ),
    'stock.reason_use_most_200': _('Reason: use at most 200 characters.'),
    'stock.sku_warehouse_must_belong': _(
        'The SKU and the warehouse must belong to your organization.'
    ),
    'stock.unqualified_note_most_1': _('Unqualified note: at most 1,000 characters.'),
    'stock.unqualified_stock_explain': _('There is no unqualified stock here to explain.'),
    'stock.combo_contains_another_combo': _('Combo {code} contains another combo ({code2}).'),
    'stock.not_enough': _(
        'Not enough {lower} stock of {code} in {name}: {have} on hand, {value} to take '
        'out.'
    ),
}
