"""Tables: supplier partnerships and distribution after-sales (SPEC S6).

A partnership belongs to two organizations at once, so its tables carry no `org_id`:
every read goes through `rules.core.access.may_touch` (the partnership case) or a query
naming the user's organization on one of its two sides."""
from decimal import Decimal
from datetime import date, datetime

from sqlalchemy import (Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint, false)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..money import ZERO, Money
from .base import Base, OrgScoped, utcnow
from ..rules.core.messages import Labels, word
from ..rules.core.messages._marker import _

PARTNERSHIP_STATUSES = Labels({"proposed": "Proposed", "active": "Active",
                        "terminated": "Terminated"})
FEE_MODES = Labels({"per_unit": "Per unit", "per_order": "Per order"})
PUSH_STATUSES = Labels({"to_push": "To Push", "pushed": "Pushed", "push_failed": "Push Failed",
                 "recalled": "Recalled"})


class Partnership(Base):
    __tablename__ = "partnership"
    __table_args__ = (UniqueConstraint("distributor_org_id", "supplier_org_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    distributor_org_id: Mapped[int] = mapped_column(ForeignKey("organization.id"),
                                                    index=True)
    supplier_org_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    proposed_by_org_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))
    status: Mapped[str] = mapped_column(String(20), default="proposed")
    # The cooperation period: from acceptance to termination (inclusive).
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    # The supplier's settings: return handling fee and the distribution fee per order.
    fee_mode: Mapped[str] = mapped_column(String(10), default="per_unit")
    handling_fee: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    distribution_fee: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    # The distributor's setting.
    auto_push: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The distributor as a customer in the supplier's customer file (SPEC S4, S6).
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"))
    note: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    distributor = relationship("Organization", foreign_keys=[distributor_org_id])
    supplier = relationship("Organization", foreign_keys=[supplier_org_id])
    customer = relationship("Customer")
    warehouses = relationship("PartnerWarehouse", back_populates="partnership",
                              cascade="all, delete-orphan", order_by="PartnerWarehouse.id")
    mappings = relationship("SkuMapping", back_populates="partnership",
                            cascade="all, delete-orphan", order_by="SkuMapping.id")

    @property
    def status_label(self):
        return PARTNERSHIP_STATUSES.get(self.status, self.status)

    def side(self, org_id: int) -> str | None:
        if org_id == self.distributor_org_id:
            return "distributor"
        return "supplier" if org_id == self.supplier_org_id else None

    def __str__(self):
        return f"{self.distributor} -> {self.supplier}"


class PartnerWarehouse(Base):
    """A supplier warehouse fulfilling the distributor's orders: the distributor's
    warehouse record (kind supplier) and the supplier's own warehouse it stands for."""
    __tablename__ = "partner_warehouse"
    __table_args__ = (UniqueConstraint("distributor_warehouse_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id"), index=True)
    distributor_warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouse.id"))
    supplier_warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouse.id"))

    partnership = relationship("Partnership", back_populates="warehouses")
    distributor_warehouse = relationship("Warehouse", foreign_keys=[distributor_warehouse_id])
    supplier_warehouse = relationship("Warehouse", foreign_keys=[supplier_warehouse_id])


class SkuMapping(Base):
    """Distributor SKU -> supplier SKU (combos are split into their sub-SKUs first)."""
    __tablename__ = "sku_mapping"
    __table_args__ = (UniqueConstraint("partnership_id", "distributor_sku_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id"), index=True)
    distributor_sku_id: Mapped[int] = mapped_column(ForeignKey("sku.id"))
    supplier_sku_id: Mapped[int] = mapped_column(ForeignKey("sku.id"))

    partnership = relationship("Partnership", back_populates="mappings")
    distributor_sku = relationship("Sku", foreign_keys=[distributor_sku_id])
    supplier_sku = relationship("Sku", foreign_keys=[supplier_sku_id])


class DistributionOrder(Base):
    """A distributor's order fulfilled from a supplier warehouse, and the supplier's
    sale to the distributor it created (stock out, posted on the supplier's ledger)."""
    __tablename__ = "distribution_order"
    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id"), index=True)
    distributor_order_id: Mapped[int] = mapped_column(ForeignKey("sales_order.id"),
                                                      unique=True)
    supplier_order_id: Mapped[int] = mapped_column(ForeignKey("sales_order.id"),
                                                   unique=True)
    partner_warehouse_id: Mapped[int] = mapped_column(ForeignKey("partner_warehouse.id"))
    fee: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    shipped_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # JSON: {distributor SKU id: [[supplier SKU id, how many per unit], ...]}, as shipped
    # (None: shipped before it was kept; the mapping of the day is read instead)
    shipped_as: Mapped[str | None] = mapped_column(Text, nullable=True)

    partnership = relationship("Partnership")
    distributor_order = relationship("Order", foreign_keys=[distributor_order_id])
    supplier_order = relationship("Order", foreign_keys=[supplier_order_id])
    partner_warehouse = relationship("PartnerWarehouse")


class DistributionReturn(OrgScoped, Base):
    """Return stock-in (distribution), on the distributor's side: one per after-sales
    order of a distribution order; pushing it creates the supplier's record."""
    __tablename__ = "distribution_return"
    __table_args__ = (Index("ix_distribution_return_org_status", "org_id", "status", "id"),
                      Index("ix_distribution_return_org_all", "org_id", "id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    aftersales_id: Mapped[int] = mapped_column(ForeignKey("aftersales_order.id"),
                                               unique=True)
    distribution_order_id: Mapped[int] = mapped_column(
        ForeignKey("distribution_order.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="to_push")
    fail_reason: Mapped[str | None] = mapped_column(Text)
    # the last failure can never be pushed through (too old, outside the cooperation
    # period, a terminated partnership's frozen mapping): not offered again
    final: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # The supplier's after-sales order (distribution kind) this push created.
    supplier_aso_id: Mapped[int | None] = mapped_column(ForeignKey("aftersales_order.id"),
                                                        unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    pushed_at: Mapped[datetime | None] = mapped_column(DateTime)
    recalled_at: Mapped[datetime | None] = mapped_column(DateTime)

    aftersales = relationship("AfterSalesOrder", foreign_keys=[aftersales_id])
    supplier_aso = relationship("AfterSalesOrder", foreign_keys=[supplier_aso_id])
    distribution_order = relationship("DistributionOrder")

    @property
    def status_label(self):
        return PUSH_STATUSES.get(self.status, self.status)

    def __str__(self):
        return word(_("Return stock-in #{id}")).format(id=self.id)
