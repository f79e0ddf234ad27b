"""Tables: the customer account ledger, store-credit lots, payments, points."""
from decimal import Decimal
from datetime import date, datetime

from sqlalchemy import (BigInteger, CheckConstraint, Date, DateTime, ForeignKey, Index,
                        Integer, String, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..money import ZERO, Money
from .base import Base, OrgScoped, utcnow
from ..rules.core.messages import Labels

DOC_TYPES = Labels({
    "order": "Order",
    "payment": "Payment receipt",
    "aftersales": "After-sales order",
    "opening_credit": "Opening credit",
    "opening_balance": "Opening balance",
    "cancellation": "Order cancellation",
    "expiry": "Credit expiry",
    "adjustment": "Adjustment",
})


class LedgerEntry(OrgScoped, Base):
    """One money event of a customer (SPEC S4). Append-only, with running totals."""

    __tablename__ = "ledger_entry"
    __table_args__ = (
        UniqueConstraint("customer_id", "seq"),
        Index("ix_ledger_entry_org_date", "org_id", "entry_date"),
        Index("ix_ledger_entry_org_doc", "org_id", "doc_no"),  # document numbers
        CheckConstraint("total_credit >= 0", name="total_credit_not_negative"),
        CheckConstraint("total_balance >= 0", name="total_balance_not_negative"),
    )
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    # 1, 2, 3... per customer: the order of the chain of running totals.
    seq: Mapped[int] = mapped_column(Integer)
    entry_date: Mapped[date] = mapped_column(Date)
    doc_type: Mapped[str] = mapped_column(String(20))
    doc_no: Mapped[str] = mapped_column(String(60))
    receivable: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    received: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    credit_change: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    balance_change: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    total_credit: Mapped[Decimal] = mapped_column(Money, nullable=False)
    total_balance: Mapped[Decimal] = mapped_column(Money, nullable=False)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("sales_order.id"), index=True)
    note: Mapped[str | None] = mapped_column(String(300))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    customer = relationship("Customer")
    order = relationship("Order")

    @property
    def doc_type_label(self):
        return DOC_TYPES.get(self.doc_type, self.doc_type)


class CreditLot(OrgScoped, Base):
    """Store credit held for a customer: the balance is the sum of lots' remaining."""

    __tablename__ = "credit_lot"
    __table_args__ = (
        Index("ix_credit_lot_customer_open", "customer_id", "remaining", "expires_on"),
        Index("ix_credit_lot_expiry", "expires_on", "remaining"),
        CheckConstraint("remaining >= 0", name="remaining_not_negative"),
        CheckConstraint("remaining <= amount", name="remaining_within_amount"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    amount: Mapped[Decimal] = mapped_column(Money, nullable=False)
    remaining: Mapped[Decimal] = mapped_column(Money, nullable=False)
    expires_on: Mapped[date | None] = mapped_column(Date)  # None: never expires
    source: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expired_at: Mapped[datetime | None] = mapped_column(DateTime)

    customer = relationship("Customer")


class LotUse(OrgScoped, Base):
    """Which lot paid how much of which order; reverted when given back on cancel."""

    __tablename__ = "lot_use"
    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("credit_lot.id"), index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("sales_order.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money, nullable=False)
    reverted_lot_id: Mapped[int | None] = mapped_column(ForeignKey("credit_lot.id"))

    lot = relationship("CreditLot", foreign_keys=[lot_id])


class PaymentReceipt(OrgScoped, Base):
    __tablename__ = "payment_receipt"
    __table_args__ = (UniqueConstraint("org_id", "number"),
                      Index("ix_payment_receipt_org_at", "org_id", "created_at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money, nullable=False)
    applied: Mapped[Decimal] = mapped_column(Money, nullable=False)
    to_balance: Mapped[Decimal] = mapped_column(Money, nullable=False)
    scope: Mapped[str] = mapped_column(String(10))
    proof_file: Mapped[str | None] = mapped_column(String(120))
    proof_name: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(String(300))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    customer = relationship("Customer")
    allocations = relationship("PaymentAllocation", back_populates="receipt")


class PaymentAllocation(OrgScoped, Base):
    """What a payment settled: an order, or (order_id empty) the opening credit."""

    __tablename__ = "payment_allocation"
    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_id: Mapped[int] = mapped_column(ForeignKey("payment_receipt.id"), index=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("sales_order.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money, nullable=False)

    receipt = relationship("PaymentReceipt", back_populates="allocations")
    order = relationship("Order")


class PointLot(OrgScoped, Base):
    """Member points earned together, expiring together."""

    __tablename__ = "point_lot"
    __table_args__ = (
        Index("ix_point_lot_customer_open", "customer_id", "remaining", "expires_on"),
        CheckConstraint("remaining >= 0", name="remaining_not_negative"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    points: Mapped[int] = mapped_column(Integer)
    remaining: Mapped[int] = mapped_column(Integer)
    expires_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class PointUse(OrgScoped, Base):
    __tablename__ = "point_use"
    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("point_lot.id"), index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("sales_order.id"), index=True)
    points: Mapped[int] = mapped_column(Integer)
    reverted_lot_id: Mapped[int | None] = mapped_column(ForeignKey("point_lot.id"))

    lot = relationship("PointLot", foreign_keys=[lot_id])


POINT_EVENTS = Labels({"earned": "Earned", "used": "Used", "reverted": "Reverted",
                "expired": "Expired", "taken_back": "Taken back"})


class PointsEvent(OrgScoped, Base):
    """The points history of a customer."""

    __tablename__ = "points_event"
    __table_args__ = (Index("ix_points_event_customer", "customer_id", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    kind: Mapped[str] = mapped_column(String(20))
    points: Mapped[int] = mapped_column(Integer)  # signed
    not_recovered: Mapped[int] = mapped_column(Integer, default=0)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("sales_order.id"))
    expires_on: Mapped[date | None] = mapped_column(Date)
    balance_after: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    customer = relationship("Customer")
