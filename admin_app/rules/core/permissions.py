"""The permission list of SPEC S1 and the one check every view uses."""

# code -> (the name people see, what it allows), as SPEC S1's table
PERMISSIONS = {
    "orders.manage": ("Orders", "create and edit manual and messenger orders, approve "
                      "pending orders, cancel orders"),
    "aftersales.manual": ("Manual After-Sales Order", "create, edit, confirm and cancel "
                          "after-sales orders, generate exchange orders"),
    "aftersales.refund": ("After-Sales Refund", "create refund orders, confirm or reject "
                          "refunds"),
    "stock.return_in": ("Return Stock-In", "return stock-in, uncollected parcels, "
                        "unqualified stock notes"),
    "customers.manage": ("Customer File", "customers, labels, blacklist, credit settings"),
    "credit.receive": ("Receive Payments", "receive payments, opening credit and balance"),
    "credit.override": ("Credit Limit Override", "accept an order over the customer's "
                        "credit limit, with a reason"),
    "distribution.manage": ("Distribution", "partnerships, push, re-push and recall, "
                            "supplier-side processing"),
    "reports.view": ("Reports", "dashboards and reconciliation pages (read-only)"),
    "users.manage": ("Users and Roles", "users and roles of the organization"),
    # Beyond S1's minimum: the catalog, hand-made stock changes and the organization's
    # own settings need an owner too.
    "catalog.manage": ("Catalog", "stores, warehouses, SKUs and combos"),
    "stock.adjust": ("Stock Adjustments", "adjust stock by hand, with a reason"),
    "settings.manage": ("Organization Settings", "values that apply to the whole "
                        "organization: member points rate, value and expiry"),
}


def name_of(code: str) -> str:
    return PERMISSIONS[code][0] if code in PERMISSIONS else code


def has_permission(user, code: str) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_main:
        return True
    return user.role is not None and code in user.role.permission_set


def unknown_permissions(codes) -> list[str]:
    return [c for c in codes if c not in PERMISSIONS]
