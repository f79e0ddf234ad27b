"""Registers every admin view. Each view's endpoint is its URL name."""
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme

from ..extensions import db
from ..models import (
    AfterSalesOrder,
    Campaign,
    AuditLog,
    DistributionReturn,
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
from .audit import AuditLogView
from .catalog import (ComboComponentView, CustomerLevelView, SkuView, StoreView,
                      TierPriceView, WarehouseView)
from .customers import BlacklistView, CustomerView, LabelView
from .campaigns import CampaignView
from .credit_records import (CreditLotView, LedgerEntryView, OutboxView,
                             PaymentReceiptView, PointsEventView)
from .dashboard import DashboardView
from .access import init_org_gate
from ..security import csp_nonce
from .menu import init_menu_cache
from .loyalty import LoyaltyView
from .mail_settings import MailSettingsView
from .reconciliation import ReconciliationView
from .orders import OrderView
from .stock import StockAdjustView, StockLevelView, StockMovementView


# The menu, in order: (view class, model or None, name, endpoint, category, url).
VIEWS = [
    (OrderView, Order, "Orders", "orders", "Orders", None),
    (AfterSalesView, AfterSalesOrder, "Manual After-Sales Orders", "aftersales",
     "After-sales", None),
    (ReturnStockInView, None, "Return Stock-In", "return_stock_in", "After-sales",
     "/admin/return-stock-in"),
    (RefundsView, None, "After-Sales Refund", "refunds", "After-sales", "/admin/refunds"),
    *((view, AfterSalesOrder, SERVICE_MENU[code], f"service_{code}", "After-sales", None)
      for code, view in SERVICE_VIEWS.items()),
    (ReturnsImportView, None, "Import returns", "returns_import", "After-sales",
     "/admin/import-returns"),
    (ReturnReasonView, ReturnReason, "Return reasons", "return_reasons", "After-sales", None),
    (CustomerView, Customer, "Customers", "customers", "Customers", None),
    (BlacklistView, Customer, "Blacklist", "blacklist", "Customers", None),
    (LabelView, Label, "Labels", "labels", "Customers", None),
    (CampaignView, Campaign, "Email campaigns", "campaigns", "Customers", None),
    (OutboxView, Outbox, "Email outbox", "outbox", "Customers", None),
    (CustomerLevelView, CustomerLevel, "Customer levels", "customer_levels", "Customers",
     None),
    (TierPriceView, TierPrice, "Tier prices", "tier_prices", "Customers", None),
    (ReconciliationView, None, "Customer Reconciliation", "reconciliation", "Credit",
     "/admin/reconciliation"),
    (LedgerEntryView, LedgerEntry, "Ledger entries", "ledger", "Credit", None),
    (PaymentReceiptView, PaymentReceipt, "Payment receipts", "receipts", "Credit", None),
    (CreditLotView, CreditLot, "Store credit lots", "lots", "Credit", None),
    (PointsEventView, PointsEvent, "Points history", "points", "Credit", None),
    (StockLevelView, StockLevel, "Stock levels", "stock", "Stock", None),
    (StockMovementView, StockMovement, "Stock movements", "stock_movements", "Stock", None),
    (StockAdjustView, None, "Adjust stock", "stock_adjust", "Stock", None),
    (StockDocumentsView, StockDocument, "Receipts, counts, returns to supplier",
     "stock_documents", "Stock", None),
    (SkuView, Sku, "SKUs", "skus", "Catalog", None),
    (ComboComponentView, ComboComponent, "Combo components", "combo_components", "Catalog",
     None),
    (StoreView, Store, "Stores", "stores", "Catalog", None),
    (WarehouseView, Warehouse, "Warehouses", "warehouses", "Catalog", None),
    (UserView, User, "Users", "users", "Settings", None),
    (RoleView, Role, "Roles", "roles", "Settings", None),
    (LoyaltyView, None, "Member points", "loyalty", "Settings", "/admin/loyalty"),
    (MailSettingsView, None, "Mail sender", "mail_settings", "Settings",
     "/admin/mail-settings"),
    (AuditLogView, AuditLog, "Audit trail", "audit", "Settings", None),
    (PartnershipsView, None, "Partnerships", "partnerships", "Distribution",
     "/admin/partnerships"),
    (DistributionReturnsView, DistributionReturn, "Return Stock-In - Distribution",
     "distribution_returns", "Distribution", None),
    (SupplierDistributionView, AfterSalesOrder, "After-Sales Orders - Distribution",
     "supplier_distribution", "Distribution", None),
    (AccountView, None, "My account", "account", None, "/admin/account"),
    (JobsView, None, "Downloads", "jobs", None, "/admin/jobs"),
]


def init_admin(app) -> Admin:
    init_menu_cache(app)
    init_org_gate(app)
    app.jinja_env.globals["aftersales_url"] = aftersales_page_url
    admin = Admin(
        app, name="After-Sales Desk",
        # fluid: lists use the whole width of the screen
        theme=Bootstrap4Theme(swatch=app.config["FLASK_ADMIN_SWATCH"], fluid=True),
        index_view=DashboardView(name="Dashboard", url="/admin", endpoint="admin"),
        csp_nonce_generator=csp_nonce,
    )
    for view, model, name, endpoint, category, url in VIEWS:
        options = {"name": name, "endpoint": endpoint, "category": category}
        if url:
            options["url"] = url
        admin.add_view(view(model, db, **options) if model is not None else view(**options))
    return admin
