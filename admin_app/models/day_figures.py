"""Tables: orders and units sold per organization, day, store (and SKU), kept as orders
are created and changed (rules/sales/day_figures.py), so the after-sales dashboard reads
a few rows per day instead of every order line of its period (issue 23)."""
from datetime import date

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class SkuUnitsDay(Base):
    """Units of an SKU on the orders of one store dated on one day (any status)."""
    __tablename__ = "sku_units_day"
    # a period's units by SKU from the index alone (PostgreSQL: no heap visits)
    __table_args__ = (Index("ix_sku_units_day_org_day", "org_id", "day",
                            postgresql_include=["sku_id", "store_id", "units"]),)
    org_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"), primary_key=True)
    sku_id: Mapped[int] = mapped_column(ForeignKey("sku.id"), primary_key=True)
    units: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)


class StoreOrdersDay(Base):
    """Orders of one store dated on one day (any status)."""
    __tablename__ = "store_orders_day"
    org_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"), primary_key=True)
    orders: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class AfterSalesDay(Base):
    """After-sales orders created on one day (the organization's date) for the orders
    of one store, by kind and status: each status move takes one from its old status and
    gives it to the new (rules/aftersales/day_figures.py)."""
    __tablename__ = "aftersales_day"
    org_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    status: Mapped[str] = mapped_column(String(30), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class SkuReturnsDay(Base):
    """Units of an SKU on the return lines of after-sales orders created on one day for
    one store's orders, cancelled ones left out."""
    __tablename__ = "sku_returns_day"
    org_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"), primary_key=True)
    sku_id: Mapped[int] = mapped_column(ForeignKey("sku.id"), primary_key=True)
    units: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
