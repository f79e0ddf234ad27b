"""The permission list of SPEC S1 and the one check every view uses."""

PERMISSIONS = {
    "orders.manage": "Orders: create, edit, approve, cancel",
    "aftersales.manual": "Manual After-Sales Order: create, confirm, cancel, exchange",
    "aftersales.refund": "After-Sales Refund: create, confirm, reject refunds",
    "stock.return_in": "Return stock-in, uncollected parcels, unqualified notes",
    "customers.manage": "Customer file, labels, blacklist, credit settings",
    "credit.receive": "Receive payments, opening credit and balance",
    "credit.override": "Accept an order over the credit limit, with a reason",
    "distribution.manage": "Partnerships, push, recall, supplier-side processing",
    "reports.view": "Dashboards and reconciliation pages (read-only)",
    "users.manage": "Users and roles of the own organization",
    # Beyond S1's minimum: the catalog and hand-made stock changes need an owner too.
    "catalog.manage": "Stores, warehouses, SKUs and combos",
    "stock.adjust": "Adjust stock by hand, with a reason",
}


def has_permission(user, code: str) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_main:
        return True
    return user.role is not None and code in user.role.permission_set


def unknown_permissions(codes) -> list[str]:
    return [c for c in codes if c not in PERMISSIONS]
