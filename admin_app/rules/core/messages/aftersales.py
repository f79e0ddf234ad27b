"""Refusal messages: After-sales orders, refunds, exchanges, services, the returns import
(SPEC S5, S7)."""

from ._marker import _

MESSAGES = {
    "exchange.exchange_items": _("{number} is {kind_label}: it has no exchange items."),
    "exchange.already_exchange_order": _("{number} already has exchange order {number2}."),
    "exchange.still_refund_due_create": _(
        "{number} still has a refund due: create a refund order."
    ),
    "import.file_already_imported_returns": _(
        "This file was already imported on {created_at:%Y-%m-%d %H:%M} ({filename}: "
        "{created} made): nothing was doubled."
    ),
    "import.row_s_problems_nothing": _("{errors} row(s) have problems: nothing was imported."),
    "import.row_nothing_imported": _("Row {rows}: {refused} Nothing was imported."),
    "aftersales.event_not_possible": _('{number}: "{label}" is not possible: {why_not}.'),
    "aftersales.line_quantity_must_1": _("Line {n}: quantity must be from 1 to {max_qty:,}."),
    "aftersales.line_amount_negative": _("Line {n}: the amount cannot be negative."),
    "aftersales.line_amount_most_x": _(
        "Line {n}: the amount can be at most {cap} ({qty} x {unit_price} paid)."
    ),
    "aftersales.returned_items_add_least": _("Returned items: add at least one."),
    "aftersales.order_choose_order_your": _("Order: choose an order of your organization."),
    "aftersales.type_one_service": _("Type: one of {names}, or a service: {names2}."),
    "aftersales.exchange_items_add_what": _(
        "Exchange items: add what the customer gets instead."
    ),
    "aftersales.exchange_items_do_belong": _(
        "Exchange items do not belong on a {label} order."
    ),
    "aftersales.return_tracking_number_changed": _(
        "{number}: the return tracking number can be changed only before the goods are "
        "stocked in."
    ),
    "aftersales.goods_go_back_supplier": _(
        "{number}: the goods go back to the supplier's warehouse {name}. Push them from "
        "Return Stock-In - Distribution; the order follows when the supplier stocks them "
        "in."
    ),
    "aftersales.distributor_s_return_goes": _(
        "{number}: a distributor's return goes into one of your own warehouses, not "
        "{name} ({kind})."
    ),
    "aftersales.exchange_order_cancel_order": _(
        "{number} has exchange order {number2}: cancel that order first."
    ),
    "aftersales.line_choose_one_your": _("Line {n}: choose one of your return reasons."),
    "aftersales.exchange_line_choose_sku": _(
        "Exchange line {n}: choose a SKU of your organization."
    ),
    "aftersales.exchange_line_unit_price": _(
        "Exchange line {n}: unit price from 0 to {max_amount:,}."
    ),
    "aftersales.return_warehouse_choose_where": _(
        "Return warehouse: choose where the goods come back to."
    ),
    "aftersales.nothing_comes_back_stock": _(
        "{number} is {kind_label}: nothing comes back to stock in."
    ),
    "aftersales.line_say_how_many": _("Line {n} ({code}): say how many came back."),
    "cancel.debt_backs_exchange": _(
        "{number} cannot be cancelled: {amount} of its goods, still owed for, paid an "
        "exchange order. Cancel that exchange order first."
    ),
    "cancel.goods_pay_exchange": _(
        "{number} cannot be cancelled: {amount} of the returned goods that paid it now pay "
        "an exchange order of its own. Cancel that exchange order first."
    ),
    "aftersales.uncollected_qualified": _(
        "Line {n} ({code}): an uncollected parcel comes back unused, into qualified stock; "
        "count what is not in it as missing."
    ),
    "aftersales.line_qualified_unqualified_missing": _(
        "Line {n} ({code}): qualified, unqualified and missing must be whole numbers "
        "adding up to {quantity}."
    ),
    "aftersales.line_line_order": _("Line {n}: that line is not on order {number}."),
    "aftersales.line_sold_already_returned": _(
        "Line {n}: {code} was sold {quantity}, {value} already returned; at most {left} "
        "can be returned."
    ),
    "aftersales.line_choose_sku_your": _("Line {n}: choose a SKU of your organization."),
    "refund.most_with_offset": _(
        "At most {most} can be refunded on order {number} now: {offset} settles what is "
        "still owed and {left} of what came in can go back."
    ),
    "refund.refund_method_bank_transfer": _(
        "Refund method: bank transfer or customer balance."
    ),
    "refund.bank_transfer_enter_bank": _(
        "Bank transfer: enter the bank, the account name and the account number."
    ),
    "refund.refund_amount_enter_amount": _("Refund amount: enter an amount above 0."),
    "refund.exceeds_available": _(
        "Refund amount: at most {left} can be refunded on {number}."
    ),
    "refund.refund_confirmed_distributor_when": _(
        "Refund {number} is confirmed by the distributor when the money arrives."
    ),
    "refund.already_confirmed": _("Refund {number} is already confirmed."),
    "refund.already_rejected": _("Refund {number} is already rejected."),
    "refund.reason_say_why_refund": _("Reason: say why the refund is rejected."),
    "refund.refund_longer_waiting_confirmation": _(
        "Refund {number} is no longer waiting for confirmation."
    ),
    "refund.refunds_order_would_add": _(
        "Refunds of order {number} would add up to {value}, more than the order total {total}."
    ),
    "import.row_more_columns_template": _(
        "Row {n}: more than {max_columns} columns; the template has {columns}."
    ),
    "import.excel_file_unzips_mb": _(
        "This Excel file unzips to {value:,.0f} MB: at most {value2} MB ({max_rows:,} "
        "rows of the template's columns fit easily). Split it, or save it as CSV."
    ),
    "import.file_empty_use_template": _("The file is empty: use the template's columns."),
    "import.row_1_must_name": _("Row 1 must name the columns; missing: {names}."),
    "import.file_header_but_rows": _("The file has its header but no rows."),
    "import.row_characters_most": _(
        "Row {n}, {label}: {text:,} characters; at most {max_cell}."
    ),
    "import.row_holds_control_character": _(
        "Row {n}, {label}: holds a control character (such as NUL or a line break): type "
        "the value again."
    ),
    "import.choose_csv_xlsx_file": _(
        "Choose a .csv or .xlsx file (the template has the columns)."
    ),
    "import.csv_file_utf_8": _("The CSV file is not UTF-8 text: save it as 'CSV UTF-8'."),
    "import.line_csv_file_read": _(
        "Line {line_num}: this is not a CSV file that can be read ({error})."
    ),
    "import.file_more_rows_most": _(
        "The file has more than {max_rows:,} rows: at most {max_rows:,} per file (and the"
        " header). Split it and import each part."
    ),
    "import.file_more_lines_most": _(
        "The file has more than {max_lines:,} lines, empty ones included: at most "
        "{max_rows:,} rows per file. Remove the empty lines, or split it and import each "
        "part."
    ),
    "import.csv_file_too_large": _(
        "The file is {size} MB: at most {max_mb} MB per file (and {max_rows:,} rows). "
        "Split it and import each part."
    ),
    "import.sheet_rows_most_per": _(
        "The sheet has {rows:,} rows: at most {max_rows:,} per file (and the header). "
        "Split it and import each part."
    ),
    "import.excel_xlsx_file_read": _("This is not an Excel (.xlsx) file that can be read."),
    "import.excel_file_read_save": _(
        "This Excel file cannot be read ({name}): save it again from Excel, or as CSV UTF-8."
    ),
    "import.excel_file_compressed_over": _(
        "This Excel file is compressed over {max_ratio} times ({filename}): it is not a "
        "sheet of returns."
    ),
    "import.row_cell_formulas_accepted": _(
        "Row {n}, cell {coordinate}: formulas are not accepted. Paste the values instead."
    ),
    "service.already_shipped_replacement_order": _(
        "{number} already shipped replacement order {number2}."
    ),
    "service.repair_completed_enter_ship": _(
        "Repair completed: enter the ship date and the waybill number."
    ),
    "service.ship_date_repair_record": _(
        "Ship date: from {date} (the repair record) to today."
    ),
    "refund.distributor_who_pushed_return": _(
        "Only the distributor who pushed the return confirms its refund."
    ),
    "aftersales.order_status_refused": _(
        'Order {number} is {status_label}: after-sales orders can be created only for '
        'orders that are {allowed}.'
    ),
    "aftersales.supplier_warehouse_not_shipped": _(
        'Return warehouse: {name} is a supplier\'s, and order {number} was not shipped by '
        'that supplier, so its goods cannot go back there. Choose one of your own '
        'warehouses.'
    ),
    "aftersales.nothing_left_to_refund": _(
        'Order {number} ({status_label}) has nothing left to refund: nothing paid for it '
        'is left to give back (never paid, refunded already, or moved to the balance '
        'when it was cancelled). A Return & Refund still takes its goods back.'
    ),
    "service.order_status_refused": _(
        'Order {number} is {status_label}: services can be created only for orders that '
        'are {allowed}.'
    ),
}
