"""The permission list of SPEC S1 and the one check every view uses."""
from .messages import word
from .messages._marker import _

# code -> (the name people see, what it allows), as SPEC S1's table
PERMISSIONS = {
    "orders.manage": (_("Orders"), _("create and edit manual and messenger orders, approve "
                      "pending orders, cancel orders")),
    "aftersales.manual": (_("Manual After-Sales Order"), _("create, edit, confirm and cancel "
                          "after-sales orders, generate exchange orders")),
    "aftersales.refund": (_("After-Sales Refund"), _("create refund orders, confirm or reject "
                          "refunds")),
    "stock.return_in": (_("Return Stock-In"), _("return stock-in, uncollected parcels, "
                        "unqualified stock notes")),
    "customers.manage": (_("Customer File"), _("customers, labels, blacklist, credit settings")),
    "credit.receive": (_("Receive Payments"), _("receive payments, opening credit and balance")),
    "credit.override": (_("Credit Limit Override"), _("accept an order over the customer's "
                        "credit limit, with a reason")),
    "distribution.manage": (_("Distribution"), _("partnerships, push, re-push and recall, "
                            "supplier-side processing")),
    "reports.view": (_("Reports"), _("dashboards and reconciliation pages (read-only)")),
    "users.manage": (_("Users and Roles"), _("users and roles of the organization")),
    # Beyond S1's minimum: the catalog, hand-made stock changes and the organization's
    # own settings need an owner too.
    "catalog.manage": (_("Catalog"), _("stores, warehouses, SKUs and combos")),
    "stock.adjust": (_("Stock Adjustments"), _("adjust stock by hand, with a reason")),
    "settings.manage": (_("Organization Settings"), _("values that apply to the whole "
                        "organization: member points rate, value and expiry")),
}


def name_of(code: str) -> str:
    return word(PERMISSIONS[code][0]) if code in PERMISSIONS else code


def has_permission(user, code: str) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_main:
        return True
    return user.role is not None and code in user.role.permission_set


def unknown_permissions(codes) -> list[str]:
    return [c for c in codes if c not in PERMISSIONS]
