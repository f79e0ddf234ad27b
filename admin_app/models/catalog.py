"""Tables: catalog."""

from decimal import Decimal
from sqlalchemy import (
    true,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..rules.core.text import code_text, name_text
from ..money import Money
from .base import Base, OrgScoped
from ..rules.core.messages import Labels


CHANNELS = ["Shopee", "Lazada", "TikTok", "Shopify", "PG Mall", "WooCommerce", "TEMU",
            "Offline"]
WAREHOUSE_KINDS = Labels({"own": "Own", "third_party": "Third-party", "supplier": "Supplier"})


class Store(OrgScoped, Base):
    __tablename__ = "store"
    __table_args__ = (UniqueConstraint("org_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    # Deactivated: hidden from pickers, kept on the history that uses it.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    name: Mapped[str] = mapped_column(String(120))
    channel: Mapped[str] = mapped_column(String(20))

    # What __str__ reads: lists load only these columns of a related row.
    label_columns = ("name", "channel")

    def __str__(self):
        return f"{self.name} ({self.channel})"


class Warehouse(OrgScoped, Base):
    __tablename__ = "warehouse"
    __table_args__ = (UniqueConstraint("org_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    # Deactivated: hidden from pickers, kept on the history that uses it.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20), default="own")

    def __str__(self):
        return self.name


class Sku(OrgScoped, Base):
    __tablename__ = "sku"
    __table_args__ = (UniqueConstraint("org_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    # Deactivated: hidden from pickers, kept on the history that uses it.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    wholesale_price: Mapped[Decimal | None] = mapped_column(Money)
    cost_price: Mapped[Decimal | None] = mapped_column(Money)
    is_combo: Mapped[bool] = mapped_column(Boolean, default=False)

    components = relationship(
        "ComboComponent", foreign_keys="ComboComponent.combo_id",
        back_populates="combo", cascade="all, delete-orphan",
    )

    # What __str__ reads: lists load only these columns of a related row.
    label_columns = ("code", "name")

    def __str__(self):
        return f"{self.code} {self.name}"

    @validates("code")
    def _code(self, key, value):
        return code_text(value, "Code", 60)

    @validates("name")
    def _name(self, key, value):
        return name_text(value, "Name", 200)


class ComboComponent(OrgScoped, Base):
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


class CustomerLevel(OrgScoped, Base):
    __tablename__ = "customer_level"
    __table_args__ = (UniqueConstraint("org_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    # Deactivated: hidden from pickers, kept on the history that uses it.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    name: Mapped[str] = mapped_column(String(60))

    def __str__(self):
        return self.name


class TierPrice(OrgScoped, Base):
    __tablename__ = "tier_price"
    __table_args__ = (UniqueConstraint("level_id", "sku_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    level_id: Mapped[int] = mapped_column(ForeignKey("customer_level.id"), index=True)
    sku_id: Mapped[int] = mapped_column(ForeignKey("sku.id"), index=True)
    price: Mapped[Decimal] = mapped_column(Money, nullable=False)

    level = relationship("CustomerLevel")
    sku = relationship("Sku")
