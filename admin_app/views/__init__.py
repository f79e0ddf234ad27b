"""Registers every admin view. Each view's endpoint is its URL name."""
from flask_babel import lazy_gettext as _l
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme

from ..extensions import db
from ..rules.core import notes
from ..models import (
    AfterSalesOrder,
    Campaign,
    AuditLog,
    DistributionReturn,
    PlatformClaim,
    ReturnReason,
    ComboComponent,
    CreditLot,
    Customer,
    LedgerEntry,
    Outbox,
    PaymentReceipt,
    PointsEvent,
    CustomerLevel,
    Label,
    Order,
    Role,
    Sku,
    StockDocument,
    StockLevel,
    StockMovement,
    Store,
    TierPrice,
    User,
    Warehouse,
)
from .my_account import AccountView
from .api_tokens import ApiTokensView
from .webhooks import WebhooksView
from .jobs import JobsView
from .users import RoleView, UserView
from .services import SERVICE_MENU, SERVICE_VIEWS
from .returns_import import ReturnsImportView
from .stock_documents import StockDocumentsView
from .aftersales import AfterSalesView, ReturnReasonView, page_url as aftersales_page_url
from .refunds import RefundsView
from .distribution import DistributionReturnsView, SupplierDistributionView
from .partnerships import PartnershipsView
from .return_stock_in import ReturnStockInView
from .platform_aftersales import PlatformAfterSalesView
from .claims import ClaimView
from .evidence import EvidenceView
from .platform_settings import PlatformSettingsView
from .platform_import import PlatformImportView
from .audit import AuditLogView
from .catalog import (ComboComponentView, CustomerLevelView, SkuView, StoreView,
                      TierPriceView, WarehouseView)
from .customers import BlacklistView, CustomerView, LabelView
from .campaigns import CampaignView
from .credit_records import (CreditLotView, LedgerEntryView, OutboxView,
                             PaymentReceiptView, PointsEventView)
from .dashboard import DashboardView
from .access import init_org_gate, may_open_page
from ..security import csp_nonce
from .menu import init_menu_cache
from .loyalty import LoyaltyView
from .mail_settings import MailSettingsView
from .reconciliation import ReconciliationView
from .orders import OrderView
from .stock import StockAdjustView, StockLevelView, StockMovementView


# The menu, in order: (view class, model or None, name, endpoint, category, url).
VIEWS = [
    (OrderView, Order, _l("Orders"), "orders", _l("Orders"), None),
    (AfterSalesView, AfterSalesOrder, _l("Manual After-Sales Orders"), "aftersales",
     _l("After-sales"), None),
    (PlatformAfterSalesView, AfterSalesOrder, _l("Platform After-Sales"),
     "platform_aftersales", _l("After-sales"), None),
    (ClaimView, PlatformClaim, _l("Disputes and claims"), "claims", _l("After-sales"), None),
    (EvidenceView, None, _l("Evidence"), "evidence", None, "/admin/evidence"),
    (ReturnStockInView, None, _l("Return Stock-In"), "return_stock_in", _l("After-sales"),
     "/admin/return-stock-in"),
    (RefundsView, None, _l("After-Sales Refund"), "refunds", _l("After-sales"),
     "/admin/refunds"),
    *((view, AfterSalesOrder, SERVICE_MENU[code], f"service_{code}", _l("After-sales"), None)
      for code, view in SERVICE_VIEWS.items()),
    (ReturnsImportView, None, _l("Import returns"), "returns_import", _l("After-sales"),
     "/admin/import-returns"),
    (PlatformImportView, None, _l("Import platform requests"), "platform_import",
     _l("After-sales"), "/admin/import-platform-requests"),
    (ReturnReasonView, ReturnReason, _l("Return reasons"), "return_reasons",
     _l("After-sales"), None),
    (CustomerView, Customer, _l("Customers"), "customers", _l("Customers"), None),
    (BlacklistView, Customer, _l("Blacklist"), "blacklist", _l("Customers"), None),
    (LabelView, Label, _l("Labels"), "labels", _l("Customers"), None),
    (CampaignView, Campaign, _l("Email campaigns"), "campaigns", _l("Customers"), None),
    (OutboxView, Outbox, _l("Email outbox"), "outbox", _l("Customers"), None),
    (CustomerLevelView, CustomerLevel, _l("Customer levels"), "customer_levels", _l("Customers"),
     None),
    (TierPriceView, TierPrice, _l("Tier prices"), "tier_prices", _l("Customers"), None),
    (ReconciliationView, None, _l("Customer Reconciliation"), "reconciliation", _l("Credit"),
     "/admin/reconciliation"),
    (LedgerEntryView, LedgerEntry, _l("Ledger entries"), "ledger", _l("Credit"), None),
    (PaymentReceiptView, PaymentReceipt, _l("Payment receipts"), "receipts", _l("Credit"), None),
    (CreditLotView, CreditLot, _l("Store credit lots"), "lots", _l("Credit"), None),
    (PointsEventView, PointsEvent, _l("Points history"), "points", _l("Credit"), None),
    (StockLevelView, StockLevel, _l("Stock levels"), "stock", _l("Stock"), None),
    (StockMovementView, StockMovement, _l("Stock movements"), "stock_movements", _l("Stock"), None),
    (StockAdjustView, None, _l("Adjust stock"), "stock_adjust", _l("Stock"), None),
    (StockDocumentsView, StockDocument, _l("Receipts, counts, returns to supplier"),
     "stock_documents", _l("Stock"), None),
    (SkuView, Sku, _l("SKUs"), "skus", _l("Catalog"), None),
    (ComboComponentView, ComboComponent, _l("Combo components"), "combo_components", _l("Catalog"),
     None),
    (StoreView, Store, _l("Stores"), "stores", _l("Catalog"), None),
    (WarehouseView, Warehouse, _l("Warehouses"), "warehouses", _l("Catalog"), None),
    (UserView, User, _l("Users"), "users", _l("Settings"), None),
    (RoleView, Role, _l("Roles"), "roles", _l("Settings"), None),
    (LoyaltyView, None, _l("Member points"), "loyalty", _l("Settings"), "/admin/loyalty"),
    (MailSettingsView, None, _l("Mail sender"), "mail_settings", _l("Settings"),
     "/admin/mail-settings"),
    (AuditLogView, AuditLog, _l("Audit trail"), "audit", _l("Settings"), None),
    (ApiTokensView, None, _l("API tokens"), "api_tokens", _l("Settings"), "/admin/api-tokens"),
    (WebhooksView, None, _l("Webhooks"), "webhooks", _l("Settings"), "/admin/webhooks"),
    (PlatformSettingsView, None, _l("Platform deadlines"), "platform_settings", _l("Settings"),
     "/admin/platform-deadlines"),
    (PartnershipsView, None, _l("Partnerships"), "partnerships", _l("Distribution"),
     "/admin/partnerships"),
    (DistributionReturnsView, DistributionReturn, _l("Return Stock-In - Distribution"),
     "distribution_returns", _l("Distribution"), None),
    (SupplierDistributionView, AfterSalesOrder, _l("After-Sales Orders - Distribution"),
     "supplier_distribution", _l("Distribution"), None),
    (AccountView, None, _l("My account"), "account", None, "/admin/account"),
    (JobsView, None, _l("Downloads"), "jobs", None, "/admin/jobs"),
]


def init_admin(app, translations=None) -> Admin:
    init_menu_cache(app)
    init_org_gate(app)
    app.jinja_env.globals["aftersales_url"] = aftersales_page_url
    app.jinja_env.globals["may_open_page"] = may_open_page
    app.jinja_env.filters["note"] = notes.shown  # a rule's stored note, in the reader's words
    admin = Admin(
        app, name="After-Sales Desk",
        # fluid: lists use the whole width of the screen
        theme=Bootstrap4Theme(swatch=app.config["FLASK_ADMIN_SWATCH"], fluid=True),
        index_view=DashboardView(name=_l("Dashboard"), url="/admin", endpoint="admin"),
        csp_nonce_generator=csp_nonce,
        translations_path=str(translations) if translations else None,
    )
    for view, model, name, endpoint, category, url in VIEWS:
        options = {"name": name, "endpoint": endpoint, "category": category}
        if url:
            options["url"] = url
        admin.add_view(view(model, db, **options) if model is not None else view(**options))
    return admin
