"""Tables: orders."""
from datetime import datetime

from sqlalchemy import (CheckConstraint, DateTime,
                        ForeignKey, Index, Integer, String, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..money import ZERO, Money
from .base import OrgScoped, utcnow


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
