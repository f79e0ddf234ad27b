"""Tables: orders."""
from decimal import Decimal
from datetime import date, datetime

from sqlalchemy import (false, text, Boolean, CheckConstraint, Date, DateTime,
                        ForeignKey, Index, Integer, String, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..money import ZERO, Money
from .base import Base, OrgScoped, search_indexes, utcnow
from ..rules.core.messages import Labels


ORDER_TYPES = Labels({"platform": "Platform", "manual": "Manual", "messenger": "Messenger",
               "pos": "POS", "distribution": "Distribution", "replacement": "Replacement"})
PAYMENT_METHODS = Labels({"cod": "COD", "prepaid": "Prepaid"})
PAID_WITH = Labels({"bank_transfer": "Bank transfer", "card": "Card", "cash": "Cash",
             "external": "Paid on the platform", "exchange": "Returned goods (exchange)",
             "balance": "Account balance"})
SETTLEMENT = Labels({"settled": "Settled", "unsettled": "Unsettled",
                     "partial": "Partially settled"})
REVERT_STATUSES = Labels({"not_reverted": "Not reverted", "reverted": "Reverted"})
ORDER_STATUSES = Labels({
    "pending": "Pending (Waiting to Approve)",
    "new": "New",
    "to_pickup": "To Pickup",
    "shipped": "Shipped",
    "completed": "Completed",
    "cancelled": "Cancelled",
})


class Order(OrgScoped, Base):
    __tablename__ = "sales_order"
    __table_args__ = (
        Index("ix_sales_order_org_id_id", "org_id", "id"),  # the API's lists, newest first
        UniqueConstraint("org_id", "number"),
        # A channel's own order id (a connector's): one order per id and store
        UniqueConstraint("store_id", "external_id"),
        CheckConstraint("unsettled >= 0", name="unsettled_not_negative"),
        Index("ix_sales_order_customer_open", "customer_id", "unsettled", "order_date"),
        Index("ix_sales_order_org_due", "org_id", "credit_due_date"),
        Index("ix_sales_order_org_date", "org_id", "order_date", "id"),
        Index("ix_sales_order_org_status_date", "org_id", "status", "order_date"),
        # Overdue and due-soon credit (reconciliation, dashboards) read only open orders.
        Index("ix_sales_order_open_due", "org_id", "credit_due_date", "customer_id",
              "unsettled", postgresql_where=text("unsettled > 0"),
              sqlite_where=text("unsettled > 0")),
        *search_indexes("sales_order", "number"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40))
    external_id: Mapped[str | None] = mapped_column(String(80))
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"), index=True)
    # No single-column indexes on org_id and customer_id: the composite indexes above
    # start with them, and every index makes the updates of a big payment slower.
    org_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), nullable=False)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    order_type: Mapped[str] = mapped_column(String(20), default="manual")
    order_date: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    payment_method: Mapped[str] = mapped_column(String(20), default="prepaid")
    total: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    # Charged besides the lines (a supplier's distribution fee, SPEC S6): total = lines + fee.
    fee: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    status: Mapped[str] = mapped_column(String(20), default="new")
    approved_at: Mapped[datetime | None] = mapped_column(DateTime)
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    # Payment and credit (SPEC S4). received: money taken at order time (bank, card,
    # cash, the platform); balance_used and points_value: paid from the customer's
    # account; goods_received: paid by goods returned for an exchange; credit_amount:
    # the rest, owed; settled: collected since; unsettled: still owed. A messenger
    # order holds its planned payment here until it is approved (payment_taken).
    paid_with: Mapped[str | None] = mapped_column(String(20))
    received: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    balance_used: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    points_used: Mapped[int] = mapped_column(Integer, default=0)
    points_value: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    goods_received: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    credit_amount: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    settled: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    unsettled: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    payment_taken: Mapped[bool] = mapped_column(Boolean, default=False)
    shipped_at: Mapped[datetime | None] = mapped_column(DateTime)  # COD: collected
    # What went back (rules/order_money.py keeps these; nothing else writes them):
    # by bank, into the balance by refunds, into the balance by the cancellation,
    # store credit and points (their value) reverted, returned goods paying exchange
    # orders of this order's after-sales, this order's goods part given back.
    back_bank: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    back_balance: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    back_cancel: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    back_credit: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    back_points: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    back_exchange: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    back_goods: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    # What the platform refunded its buyer and kept from our payout (SPEC S12), and
    # what the platform paid us back for it (disputes won, logistics claims).
    back_platform: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    compensation: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    # Credit removed by refunds (their offset), and every refund made final.
    credit_offset: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    refunded_total: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    credit_due_date: Mapped[date | None] = mapped_column(Date)
    on_ledger: Mapped[bool] = mapped_column(Boolean, default=False)
    # The buyer never collected the parcel; it came back (SPEC S7 Uncollected).
    uncollected: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    credit_override_reason: Mapped[str | None] = mapped_column(String(300))
    # None: nothing to revert; "not_reverted" / "reverted" after a cancellation.
    revert_status: Mapped[str | None] = mapped_column(String(20))
    points_earned: Mapped[int] = mapped_column(Integer, default=0)
    points_taken_back: Mapped[int] = mapped_column(Integer, default=0)
    points_reverted: Mapped[int] = mapped_column(Integer, default=0)  # on cancellation

    store = relationship("Store")
    customer = relationship("Customer")
    lines = relationship("OrderLine", back_populates="order", cascade="all, delete-orphan",
                         order_by="OrderLine.id")

    @property
    def settlement_status(self) -> str | None:
        # settled is what was collected: a credit cleared otherwise (the order cancelled
        # with nothing paid, its debt offset by a return) has no settlement to show
        if self.credit_amount <= 0 or (self.unsettled <= 0 and self.settled <= 0):
            return None
        if self.unsettled <= 0:
            return SETTLEMENT["settled"]
        return SETTLEMENT["unsettled" if self.settled <= 0 else "partial"]

    @property
    def status_label(self):
        return ORDER_STATUSES.get(self.status, self.status)

    @property
    def type_label(self):
        return ORDER_TYPES.get(self.order_type, self.order_type)

    # What __str__ reads: lists load only these columns of a related row.
    label_columns = ("number",)

    def __str__(self):
        return self.number


class OrderLine(OrgScoped, Base):
    __tablename__ = "order_line"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("sales_order.id"), index=True)
    sku_id: Mapped[int] = mapped_column(ForeignKey("sku.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Decimal] = mapped_column(Money, nullable=False)
    amount: Mapped[Decimal] = mapped_column(Money, nullable=False)

    order = relationship("Order", back_populates="lines")
    sku = relationship("Sku")

    def __str__(self):
        return f"{self.quantity} x {self.sku}"
