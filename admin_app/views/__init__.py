"""Registers every admin view. Each view's endpoint is its URL name."""
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme

from ..extensions import db
from ..models import (AfterSalesOrder, AuditLog, ReturnReason, ComboComponent, CreditLot, Customer, LedgerEntry, Outbox,
                      PaymentReceipt, PointsEvent, CustomerLevel, Label, Order, Role, Sku,
                      StockLevel, StockMovement, Store, TierPrice, User, Warehouse)
from .my_account import AccountView
from .users import RoleView, UserView
from .aftersales import AfterSalesView, ReturnReasonView
from .refunds import RefundsView
from .return_stock_in import ReturnStockInView
from .audit import AuditLogView
from .catalog import (ComboComponentView, CustomerLevelView, SkuView, StoreView,
                      TierPriceView, WarehouseView)
from .customers import CustomerView, LabelView
from .credit_records import (CreditLotView, LedgerEntryView, OutboxView,
                             PaymentReceiptView, PointsEventView)
from .dashboard import DashboardView
from .menu import init_menu_cache
from .loyalty import LoyaltyView
from .reconciliation import ReconciliationView
from .orders import OrderView
from .stock import StockAdjustView, StockLevelView, StockMovementView


def init_admin(app) -> Admin:
    init_menu_cache(app)
    admin = Admin(
        app, name="After-Sales Desk",
        theme=Bootstrap4Theme(swatch=app.config["FLASK_ADMIN_SWATCH"]),
        index_view=DashboardView(name="Dashboard", url="/admin", endpoint="admin"),
    )
    admin.add_view(OrderView(Order, db, name="Orders", endpoint="orders", category="Orders"))
    admin.add_view(AfterSalesView(AfterSalesOrder, db, name="Manual After-Sales Orders",
                                  endpoint="aftersales", category="After-sales"))
    admin.add_view(ReturnStockInView(name="Return Stock-In", endpoint="return_stock_in",
                                     url="/admin/return-stock-in", category="After-sales"))
    admin.add_view(RefundsView(name="After-Sales Refund", endpoint="refunds",
                               url="/admin/refunds", category="After-sales"))
    admin.add_view(ReturnReasonView(ReturnReason, db, name="Return reasons",
                                    endpoint="return_reasons", category="After-sales"))
    admin.add_view(CustomerView(Customer, db, name="Customers", endpoint="customers",
                                category="Customers"))
    admin.add_view(LabelView(Label, db, name="Labels", endpoint="labels",
                             category="Customers"))
    admin.add_view(CustomerLevelView(CustomerLevel, db, name="Customer levels",
                                     endpoint="customer_levels", category="Customers"))
    admin.add_view(TierPriceView(TierPrice, db, name="Tier prices", endpoint="tier_prices",
                                 category="Customers"))
    admin.add_view(ReconciliationView(name="Customer Reconciliation", endpoint="reconciliation",
                                      url="/admin/reconciliation", category="Credit"))
    admin.add_view(LedgerEntryView(LedgerEntry, db, name="Ledger entries", endpoint="ledger",
                                   category="Credit"))
    admin.add_view(PaymentReceiptView(PaymentReceipt, db, name="Payment receipts",
                                      endpoint="receipts", category="Credit"))
    admin.add_view(CreditLotView(CreditLot, db, name="Store credit lots", endpoint="lots",
                                 category="Credit"))
    admin.add_view(PointsEventView(PointsEvent, db, name="Points history",
                                   endpoint="points", category="Credit"))
    admin.add_view(StockLevelView(StockLevel, db, name="Stock levels", endpoint="stock",
                                  category="Stock"))
    admin.add_view(StockMovementView(StockMovement, db, name="Stock movements",
                                     endpoint="stock_movements", category="Stock"))
    admin.add_view(StockAdjustView(name="Adjust stock", endpoint="stock_adjust",
                                   category="Stock"))
    admin.add_view(SkuView(Sku, db, name="SKUs", endpoint="skus", category="Catalog"))
    admin.add_view(ComboComponentView(ComboComponent, db, name="Combo components",
                                      endpoint="combo_components", category="Catalog"))
    admin.add_view(StoreView(Store, db, name="Stores", endpoint="stores", category="Catalog"))
    admin.add_view(WarehouseView(Warehouse, db, name="Warehouses", endpoint="warehouses",
                                 category="Catalog"))
    admin.add_view(UserView(User, db, name="Users", endpoint="users", category="Settings"))
    admin.add_view(RoleView(Role, db, name="Roles", endpoint="roles", category="Settings"))
    admin.add_view(LoyaltyView(name="Member points", endpoint="loyalty",
                               url="/admin/loyalty", category="Settings"))
    admin.add_view(OutboxView(Outbox, db, name="Notifications", endpoint="outbox",
                              category="Settings"))
    admin.add_view(AuditLogView(AuditLog, db, name="Audit trail", endpoint="audit",
                                category="Settings"))
    admin.add_view(AccountView(name="My account", endpoint="account", url="/admin/account"))
    return admin
