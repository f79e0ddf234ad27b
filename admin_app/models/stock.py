"""Tables: stock."""
from datetime import datetime

from sqlalchemy import (Text, BigInteger, CheckConstraint, DateTime,
                        ForeignKey, Index, Integer, String, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, OrgScoped, utcnow
from ..rules.core.messages import Labels


QUALITIES = Labels({"qualified": "Qualified", "unqualified": "Unqualified"})


class StockLevel(OrgScoped, Base):
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


class StockMovement(OrgScoped, Base):
    """Append-only journal of stock changes."""

    __tablename__ = "stock_movement"
    __table_args__ = (
        Index("ix_stock_movement_org_id_id", "org_id", "id"),  # the API's lists, newest first
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


# Stock documents (seed 003): goods in from a supplier, a count, unqualified goods back.
STOCK_DOCUMENT_KINDS = Labels({"purchase_receipt": "Purchase receipt",
                        "inventory_count": "Inventory count",
                        "supplier_return": "Return to supplier"})


class StockDocument(OrgScoped, Base):
    __tablename__ = "stock_document"
    __table_args__ = (UniqueConstraint("org_id", "number"),
                      Index("ix_stock_document_org_kind", "org_id", "kind", "id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    number: Mapped[str] = mapped_column(String(40))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouse.id"))
    supplier: Mapped[str | None] = mapped_column(String(120))
    note: Mapped[str | None] = mapped_column(String(500))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    warehouse = relationship("Warehouse")
    user = relationship("User")
    lines = relationship("StockDocumentLine", back_populates="document",
                         order_by="StockDocumentLine.id", cascade="all, delete-orphan")

    @property
    def kind_label(self) -> str:
        return STOCK_DOCUMENT_KINDS.get(self.kind, self.kind)

    def __str__(self):
        return self.number


class StockDocumentLine(OrgScoped, Base):
    """Receipt: quantities in. Count: what was counted and the change it made. Return
    to supplier: the unqualified quantity sent and the note read with it."""
    __tablename__ = "stock_document_line"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("stock_document.id"), index=True)
    sku_id: Mapped[int] = mapped_column(ForeignKey("sku.id"))
    qualified: Mapped[int] = mapped_column(Integer, default=0)     # in, out or counted
    unqualified: Mapped[int] = mapped_column(Integer, default=0)
    qualified_change: Mapped[int] = mapped_column(Integer, default=0)
    unqualified_change: Mapped[int] = mapped_column(Integer, default=0)
    unqualified_note: Mapped[str | None] = mapped_column(Text)

    document = relationship("StockDocument", back_populates="lines")
    sku = relationship("Sku")
