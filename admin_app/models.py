"""Every table, grouped by area. Amounts use the Money type (integer cents)."""
from datetime import datetime, timezone

from flask_login import UserMixin
from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from .extensions import db
from .money import ZERO, Money


def utcnow() -> datetime:
    """Naive UTC: SQLite keeps no time zone, so we store UTC everywhere, naive."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


class OrgScoped:
    """A business row: it belongs to exactly one organization (SPEC S1)."""

    @declared_attr
    def org_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("organization.id"), nullable=False, index=True)


# --- accounts -----------------------------------------------------------------------

class Organization(db.Model):
    __tablename__ = "organization"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    currency: Mapped[str] = mapped_column(String(3), default="PHP")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    def __str__(self):
        return self.name


class Role(OrgScoped, db.Model):
    __tablename__ = "role"
    __table_args__ = (UniqueConstraint("org_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    # Space-separated permission codes from rules.permissions.PERMISSIONS.
    permissions: Mapped[str] = mapped_column(Text, default="")

    @property
    def permission_set(self) -> frozenset:
        return frozenset((self.permissions or "").split())

    def __str__(self):
        return self.name


class User(OrgScoped, UserMixin, db.Model):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_main: Mapped[bool] = mapped_column(Boolean, default=False)
    role_id: Mapped[int | None] = mapped_column(ForeignKey("role.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Part of the login cookie: bumping it ends every session of this user.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    org = relationship("Organization")
    role = relationship("Role")

    @property
    def is_active(self):
        return bool(self.active)

    def get_id(self):
        return f"{self.id}:{self.session_version}"

    def __str__(self):
        return f"{self.name} <{self.email}>"


# --- catalog ------------------------------------------------------------------------

CHANNELS = ["Shopee", "Lazada", "TikTok", "Shopify", "PG Mall", "WooCommerce", "TEMU",
            "Offline"]
WAREHOUSE_KINDS = {"own": "Own", "third_party": "Third-party", "supplier": "Supplier"}


class Store(OrgScoped, db.Model):
    __tablename__ = "store"
    __table_args__ = (UniqueConstraint("org_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    channel: Mapped[str] = mapped_column(String(20))

    def __str__(self):
        return f"{self.name} ({self.channel})"


class Warehouse(OrgScoped, db.Model):
    __tablename__ = "warehouse"
    __table_args__ = (UniqueConstraint("org_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20), default="own")

    def __str__(self):
        return self.name


class Sku(OrgScoped, db.Model):
    __tablename__ = "sku"
    __table_args__ = (UniqueConstraint("org_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    wholesale_price = mapped_column(Money)
    cost_price = mapped_column(Money)
    is_combo: Mapped[bool] = mapped_column(Boolean, default=False)

    components = relationship(
        "ComboComponent", foreign_keys="ComboComponent.combo_id",
        back_populates="combo", cascade="all, delete-orphan",
    )

    def __str__(self):
        return f"{self.code} {self.name}"


class ComboComponent(OrgScoped, db.Model):
    __tablename__ = "combo_component"
    __table_args__ = (
        UniqueConstraint("combo_id", "component_id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    combo_id: Mapped[int] = mapped_column(ForeignKey("sku.id"), index=True)
    component_id: Mapped[int] = mapped_column(ForeignKey("sku.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer, default=1)

    combo = relationship("Sku", foreign_keys=[combo_id], back_populates="components")
    component = relationship("Sku", foreign_keys=[component_id])

    def __str__(self):
        return f"{self.quantity} x {self.component}"


class CustomerLevel(OrgScoped, db.Model):
    __tablename__ = "customer_level"
    __table_args__ = (UniqueConstraint("org_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))

    def __str__(self):
        return self.name


class TierPrice(OrgScoped, db.Model):
    __tablename__ = "tier_price"
    __table_args__ = (UniqueConstraint("level_id", "sku_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    level_id: Mapped[int] = mapped_column(ForeignKey("customer_level.id"), index=True)
    sku_id: Mapped[int] = mapped_column(ForeignKey("sku.id"), index=True)
    price = mapped_column(Money, nullable=False)

    level = relationship("CustomerLevel")
    sku = relationship("Sku")


# --- customers ----------------------------------------------------------------------

customer_label = Table(
    "customer_label",
    db.metadata,
    Column("customer_id", ForeignKey("customer.id", ondelete="CASCADE"), primary_key=True),
    Column("label_id", ForeignKey("label.id", ondelete="CASCADE"), primary_key=True),
)


class Label(OrgScoped, db.Model):
    __tablename__ = "label"
    __table_args__ = (UniqueConstraint("org_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))

    def __str__(self):
        return self.name


class Customer(OrgScoped, db.Model):
    __tablename__ = "customer"
    __table_args__ = (
        UniqueConstraint("org_id", "code"),
        UniqueConstraint("org_id", "channel", "buyer_id"),
        Index("ix_customer_org_name", "org_id", "name"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    level_id: Mapped[int | None] = mapped_column(ForeignKey("customer_level.id"), index=True)
    blacklisted: Mapped[bool] = mapped_column(Boolean, default=False)
    # A channel buyer is matched by (channel, buyer id) when its orders come in.
    channel: Mapped[str | None] = mapped_column(String(20))
    buyer_id: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    level = relationship("CustomerLevel")
    labels = relationship("Label", secondary=customer_label)

    def __str__(self):
        return f"{self.code} {self.name}"


# --- orders -------------------------------------------------------------------------

ORDER_TYPES = {"platform": "Platform", "manual": "Manual", "messenger": "Messenger",
               "pos": "POS"}
PAYMENT_METHODS = {"cod": "COD", "prepaid": "Prepaid"}
ORDER_STATUSES = {
    "pending": "Pending (Waiting to Approve)",
    "new": "New",
    "to_pickup": "To Pickup",
    "shipped": "Shipped",
    "completed": "Completed",
    "cancelled": "Cancelled",
}


class Order(OrgScoped, db.Model):
    __tablename__ = "sales_order"
    __table_args__ = (
        UniqueConstraint("org_id", "number"),
        Index("ix_sales_order_org_date", "org_id", "order_date", "id"),
        Index("ix_sales_order_org_status_date", "org_id", "status", "order_date"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40))
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    order_type: Mapped[str] = mapped_column(String(20), default="manual")
    order_date: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    payment_method: Mapped[str] = mapped_column(String(20), default="prepaid")
    total = mapped_column(Money, nullable=False, default=ZERO)
    status: Mapped[str] = mapped_column(String(20), default="new")
    approved_at: Mapped[datetime | None] = mapped_column(DateTime)
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    store = relationship("Store")
    customer = relationship("Customer")
    lines = relationship("OrderLine", back_populates="order", cascade="all, delete-orphan",
                         order_by="OrderLine.id")

    @property
    def status_label(self):
        return ORDER_STATUSES.get(self.status, self.status)

    def __str__(self):
        return self.number


class OrderLine(OrgScoped, db.Model):
    __tablename__ = "order_line"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("sales_order.id"), index=True)
    sku_id: Mapped[int] = mapped_column(ForeignKey("sku.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price = mapped_column(Money, nullable=False)
    amount = mapped_column(Money, nullable=False)

    order = relationship("Order", back_populates="lines")
    sku = relationship("Sku")

    def __str__(self):
        return f"{self.quantity} x {self.sku}"


# --- stock --------------------------------------------------------------------------

QUALITIES = {"qualified": "Qualified", "unqualified": "Unqualified"}


class StockLevel(OrgScoped, db.Model):
    """Current stock; always equal to the sum of the movements (SPEC S3)."""

    __tablename__ = "stock_level"
    __table_args__ = (
        UniqueConstraint("sku_id", "warehouse_id"),
        CheckConstraint("qualified >= 0", name="qualified_not_negative"),
        CheckConstraint("unqualified >= 0", name="unqualified_not_negative"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    sku_id: Mapped[int] = mapped_column(ForeignKey("sku.id"), index=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouse.id"), index=True)
    qualified: Mapped[int] = mapped_column(Integer, default=0)
    unqualified: Mapped[int] = mapped_column(Integer, default=0)

    sku = relationship("Sku")
    warehouse = relationship("Warehouse")


class StockMovement(OrgScoped, db.Model):
    """Append-only journal of stock changes."""

    __tablename__ = "stock_movement"
    __table_args__ = (
        Index("ix_stock_movement_level", "sku_id", "warehouse_id", "quality"),
        Index("ix_stock_movement_org_at", "org_id", "created_at"),
    )
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True)
    sku_id: Mapped[int] = mapped_column(ForeignKey("sku.id"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouse.id"), index=True)
    quality: Mapped[str] = mapped_column(String(12))
    quantity: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(200))
    source_type: Mapped[str | None] = mapped_column(String(40))
    source_ref: Mapped[str | None] = mapped_column(String(80))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    sku = relationship("Sku")
    warehouse = relationship("Warehouse")
    user = relationship("User")


# --- audit and idempotency ----------------------------------------------------------

class AuditLog(OrgScoped, db.Model):
    """Who did what, when, with the values before and after (SPEC S9). Never edited."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_org_at", "org_id", "at"),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), index=True)
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(60))
    object_id: Mapped[str | None] = mapped_column(String(40))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)

    user = relationship("User")


class IdempotencyKey(OrgScoped, db.Model):
    """One row per submitted money/stock form: a replay finds it and posts nothing."""

    __tablename__ = "idempotency_key"
    __table_args__ = (UniqueConstraint("org_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(60))
    result_ref: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
