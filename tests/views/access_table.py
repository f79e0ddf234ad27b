"""Who may open each endpoint and run each bulk action, written from SPEC S1's table
(not read from the views): each entry is a list of alternatives, each a set of
permissions a role must hold together. A view's standard pages (list, details, export,
lookups, create/edit/delete and inline edit) follow the view's entry unless listed;
every custom page and every bulk action must be listed, or the matrix test fails."""

AFTERSALES_QUEUES = ("aftersales.manual", "aftersales.refund", "stock.return_in")
CREDIT_READERS = ("reports.view", "credit.receive")
STOCK_READERS = ("stock.adjust", "stock.return_in", "reports.view")


def any_of(*permissions):
    return [frozenset({p}) for p in permissions]


def all_of(*permissions):
    return [frozenset(permissions)]


EVERYONE = [frozenset()]
NOBODY: list = []

VIEWS = {
    "orders": any_of("orders.manage"),
    "aftersales": any_of(*AFTERSALES_QUEUES),
    "service_customer_return": any_of(*AFTERSALES_QUEUES),
    "service_replacement": any_of(*AFTERSALES_QUEUES),
    "service_repair": any_of(*AFTERSALES_QUEUES),
    "service_uncollected": any_of(*AFTERSALES_QUEUES),
    "service_abnormal_return": any_of(*AFTERSALES_QUEUES),
    "platform_aftersales": any_of(*AFTERSALES_QUEUES),
    "claims": any_of("aftersales.manual", "aftersales.refund"),
    "evidence": any_of(*AFTERSALES_QUEUES),
    "platform_import": any_of("aftersales.manual"),
    "platform_settings": any_of("settings.manage"),
    "supplier_distribution": any_of("distribution.manage", "aftersales.refund",
                                    "stock.return_in"),
    # distribution.manage: a supplier's pushed returns (S1 "supplier-side processing");
    # the rules refuse it any other return (tests/views/test_distribution_pages.py)
    "return_stock_in": any_of("stock.return_in", "distribution.manage"),
    "refunds": any_of("aftersales.refund"),
    "returns_import": any_of("aftersales.manual"),
    "return_reasons": any_of("aftersales.manual"),
    "customers": any_of("customers.manage"),
    "blacklist": any_of("customers.manage"),
    "labels": any_of("customers.manage"),
    "campaigns": any_of("customers.manage"),
    "outbox": any_of("customers.manage", "reports.view"),
    "customer_levels": any_of("customers.manage"),
    "tier_prices": any_of("customers.manage"),
    "reconciliation": any_of(*CREDIT_READERS),
    "ledger": any_of(*CREDIT_READERS),
    "receipts": any_of(*CREDIT_READERS),
    "lots": any_of(*CREDIT_READERS),
    "points": any_of(*CREDIT_READERS),
    "stock": any_of(*STOCK_READERS),
    "stock_movements": any_of(*STOCK_READERS),
    "stock_adjust": any_of("stock.adjust"),
    "stock_documents": any_of("stock.adjust"),
    "skus": any_of("catalog.manage"),
    "combo_components": any_of("catalog.manage"),
    "stores": any_of("catalog.manage"),
    "warehouses": any_of("catalog.manage"),
    "users": any_of("users.manage"),
    "roles": any_of("users.manage"),
    "loyalty": any_of("settings.manage"),
    "mail_settings": any_of("settings.manage"),
    "audit": any_of("users.manage", "reports.view"),
    "partnerships": any_of("distribution.manage"),
    "distribution_returns": any_of("distribution.manage"),
    "account": EVERYONE,
    "jobs": EVERYONE,  # each user's own jobs only (another's answers 404)
}

MANUAL_EVENTS = ("confirm", "confirm_stock_in", "generate_exchange", "complete", "cancel")
SERVICE_PAGES = ("service_customer_return", "service_replacement", "service_repair",
                 "service_uncollected", "service_abnormal_return")

ENDPOINTS = {
    # orders (S1 orders.manage); shipping from a supplier is also distribution (S6)
    "orders.approve_view": any_of("orders.manage"),
    "orders.price": any_of("orders.manage"),
    "orders.cancel_view": any_of("orders.manage"),
    "orders.reopen_view": any_of("orders.manage"),
    "orders.ship_from_supplier": all_of("orders.manage", "distribution.manage"),
    **{f"orders.action_view/{a}": any_of("orders.manage")
       for a in ("approve", "cancel", "complete", "reopen", "ship", "to_pickup")},
    # after-sales: editing and creating is Manual After-Sales Order's (S1)
    **{f"{v}.{e}": any_of("aftersales.manual")
       for v in ("aftersales", "platform_aftersales", *SERVICE_PAGES)
       for e in ("edit_view", "ajax_update", "create_aftersales", "price")},
    # platform after-sales (S12): the seller answers, disputes and claims
    **{f"platform_aftersales.{e}": any_of("aftersales.manual")
       for e in ("open_claim", "decide_claim", "action_view/accept")},
    "evidence.upload": any_of("aftersales.manual", "stock.return_in"),
    "evidence.file": any_of(*AFTERSALES_QUEUES),
    "platform_import.template": any_of("aftersales.manual"),
    # the supplier's list of pushed returns: its records are not edited (they come with
    # the push) and new after-sales orders are made on After-Sales Orders
    **{f"supplier_distribution.{e}": [frozenset({p, "aftersales.manual"}) for p in (
        "distribution.manage", "aftersales.refund", "stock.return_in")]
       for e in ("edit_view", "ajax_update", "create_aftersales", "price")},
    **{f"{v}.return_note": any_of(*AFTERSALES_QUEUES)
       for v in ("aftersales", "platform_aftersales", *SERVICE_PAGES)},
    "supplier_distribution.return_note": any_of("distribution.manage", "aftersales.refund",
                                                "stock.return_in"),
    **{f"aftersales.action_view/{a}": any_of("aftersales.manual") for a in MANUAL_EVENTS},
    **{f"{v}.{e}": any_of("aftersales.manual")
       for v in SERVICE_PAGES for e in ("start", "complete_repair", "action_view/cancel")},
    "service_replacement.action_view/ship_replacement": any_of("aftersales.manual"),
    "aftersales.action_view/nothing_to_refund": any_of("aftersales.refund"),
    "supplier_distribution.action_view/nothing_to_refund": any_of("aftersales.refund",
                                                                 "distribution.manage"),
    **{f"refunds.{e}": any_of("aftersales.refund")
       for e in ("index", "create", "confirm", "reject", "receipt", "slip", "proof")},
    "returns_import.template": any_of("aftersales.manual"),
    **{f"return_reasons.action_view/{a}": any_of("aftersales.manual")
       for a in ("delete", "deactivate", "activate")},
    # customers (S1 customers.manage)
    **{f"{v}.{e}": any_of("customers.manage") for v in ("customers", "blacklist")
       for e in ("blacklist", "labels", "action_view/labels", "action_view/unblacklist")},
    **{f"customers.action_view/{a}": any_of("customers.manage")
       for a in ("delete", "deactivate", "activate")},
    **{f"labels.action_view/{a}": any_of("customers.manage")
       for a in ("delete", "deactivate", "activate")},
    **{f"customer_levels.action_view/{a}": any_of("customers.manage")
       for a in ("delete", "deactivate", "activate")},
    "tier_prices.action_view/delete": any_of("customers.manage"),
    **{f"campaigns.{e}": any_of("customers.manage")
       for e in ("send", "retry", "action_view/delete")},
    # credit (S1 credit.receive; reports.view reads)
    **{f"reconciliation.{e}": any_of(*CREDIT_READERS)
       for e in ("index", "aging", "ledger", "statement", "receipt", "proof")},
    "reconciliation.receive": any_of("credit.receive"),
    "reconciliation.adjust": any_of("credit.receive"),
    # stock: unqualified notes are stock.return_in's (S1), and adjusters'
    "stock.note": any_of("stock.return_in", "stock.adjust"),
    "stock_documents.new": any_of("stock.adjust"),
    "stock_documents.excel": any_of("stock.adjust"),
    # catalog, users
    **{f"{v}.action_view/{a}": any_of("catalog.manage")
       for v in ("skus", "stores", "warehouses") for a in ("delete", "deactivate", "activate")},
    "combo_components.action_view/delete": any_of("catalog.manage"),
    **{f"users.action_view/{a}": any_of("users.manage")
       for a in ("delete", "deactivate", "activate")},
    "roles.action_view/delete": any_of("users.manage"),
    # distribution (S1 distribution.manage)
    **{f"partnerships.{e}": any_of("distribution.manage")
       for e in ("index", "propose", "accept", "terminate", "settings", "warehouse",
                 "map_sku")},
    "distribution_returns.action_view/push": any_of("distribution.manage"),
    "distribution_returns.action_view/repush": any_of("distribution.manage"),
    "distribution_returns.action_view/recall": any_of("distribution.manage"),
    # pages of one form each
    **{f"{v}.index": VIEWS[v] for v in ("return_stock_in", "returns_import", "stock_adjust",
                                        "loyalty", "mail_settings", "account",
                                        "platform_import", "platform_settings", "evidence")},
    **{f"jobs.{e}": EVERYONE for e in ("index", "status", "download")},
    # a user's own API tokens (the main account: everyone's, and tokens for a role)
    **{f"api_tokens.{e}": EVERYONE for e in ("index", "revoke")},
    **{f"webhooks.{e}": any_of("settings.manage")
       for e in ("index", "switch", "redeliver")},
}

STANDARD = ("index_view", "details_view", "export", "ajax_lookup", "create_view",
            "edit_view", "delete_view", "ajax_update", "action_view")


def expected(endpoint: str):
    """The alternatives for an endpoint (or `view.action_view/name`); None: unlisted."""
    if endpoint in ENDPOINTS:
        return ENDPOINTS[endpoint]
    view, _, name = endpoint.partition(".")
    if name in STANDARD and view in VIEWS:
        return VIEWS[view]
    return None


def allows(alternatives, permissions: frozenset, main: bool = False) -> bool:
    return main or any(alt <= permissions for alt in alternatives)
