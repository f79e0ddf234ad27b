"""Tables: stock."""
from datetime import datetime

from sqlalchemy import (Text, BigInteger, CheckConstraint, DateTime,
                        ForeignKey, Index, Integer, String, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import OrgScoped, utcnow


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
    # Why the unqualified stock is damaged (seed 003); cleared when it reaches 0.
    unqualified_note: Mapped[str | None] = mapped_column(Text)

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
