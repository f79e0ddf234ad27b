"""Tables: manual after-sales orders (SPEC S5), their lines and refund orders."""
from decimal import Decimal
from datetime import date, datetime

from sqlalchemy import (
    true,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..money import ZERO, Money
from .base import Base, OrgScoped, search_indexes, utcnow
# The kinds' definitions import no model; their labels are the vocabulary of this table.
from ..rules.aftersales.kinds import KIND_LABELS, STATUSES
from ..rules.core.messages import Labels

REFUND_METHODS = Labels({"bank_transfer": "Bank transfer", "balance": "Customer balance"})
REFUND_STATUSES = Labels({"pending": "Waiting for confirmation", "confirmed": "Confirmed",
                   "rejected": "Rejected"})


class ReturnReason(OrgScoped, Base):
    __tablename__ = "return_reason"
    __table_args__ = (UniqueConstraint("org_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    # Deactivated: hidden from pickers, kept on the history that uses it.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    name: Mapped[str] = mapped_column(String(80))

    def __str__(self):
        return self.name


class AfterSalesOrder(OrgScoped, Base):
    __tablename__ = "aftersales_order"
    __table_args__ = (
        Index("ix_aftersales_order_org_id_id", "org_id", "id"),  # the API's lists, newest first
        UniqueConstraint("org_id", "number"),
        Index("ix_aftersales_org_status", "org_id", "status", "id"),
        # lists of one kind (a supplier's pushed returns, each service) and their tabs
        Index("ix_aftersales_org_kind_status", "org_id", "kind", "status", "id"),
        Index("ix_aftersales_org_id", "org_id", "id"),  # the "All" tab, newest first
        Index("ix_aftersales_org_created", "org_id", "created_at"),  # dashboards
        Index("ix_aftersales_org_tracking", "org_id", "return_tracking_no"),
        *search_indexes("aftersales_order", "number", "return_tracking_no"),
        # a platform's request id is taken once per store (SPEC S11, S12)
        UniqueConstraint("store_id", "platform_request_id"),
        # the deadline tabs and the list sorted by the nearest deadline
        Index("ix_aftersales_org_deadline", "org_id", "deadline_at", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="to_confirm")
    order_id: Mapped[int] = mapped_column(ForeignKey("sales_order.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    warehouse_id: Mapped[int | None] = mapped_column(ForeignKey("warehouse.id"))
    return_tracking_no: Mapped[str | None] = mapped_column(String(80))
    returned_amount: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)   # R
    exchange_amount: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)   # E
    refunded: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)  # confirmed
    # A supplier's return handling fee (SPEC S6), kept back from the refund.
    handling_fee: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    exchange_order_id: Mapped[int | None] = mapped_column(ForeignKey("sales_order.id"))
    # Services (SPEC S7): the replacement shipped; a repair's return shipment.
    replacement_order_id: Mapped[int | None] = mapped_column(ForeignKey("sales_order.id"))
    repair_shipped_on: Mapped[date | None] = mapped_column(Date)
    repair_waybill: Mapped[str | None] = mapped_column(String(80))
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    received_at: Mapped[datetime | None] = mapped_column(DateTime)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # A distribution order's fee, kept back from an abnormal return's refund (SPEC S6).
    distribution_fee: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    # Platform after-sales (SPEC S12): the request as the platform tells it, what it
    # refunds the buyer (and took back from our payout: platform_refunded), the clock
    # now running (deadline_step, due at deadline_at) and the seller's answer.
    store_id: Mapped[int | None] = mapped_column(ForeignKey("store.id"))
    platform_request_id: Mapped[str | None] = mapped_column(String(80))
    platform_status: Mapped[str | None] = mapped_column(String(60))
    platform_reason: Mapped[str | None] = mapped_column(String(300))
    platform_refund: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    platform_refunded: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    requested_at: Mapped[datetime | None] = mapped_column(DateTime)
    deadline_step: Mapped[str | None] = mapped_column(String(20))
    deadline_at: Mapped[datetime | None] = mapped_column(DateTime)
    responded_at: Mapped[datetime | None] = mapped_column(DateTime)

    order = relationship("Order", foreign_keys=[order_id])
    store = relationship("Store")
    exchange_order = relationship("Order", foreign_keys=[exchange_order_id])
    replacement_order = relationship("Order", foreign_keys=[replacement_order_id])
    customer = relationship("Customer")
    warehouse = relationship("Warehouse")
    lines = relationship("AfterSalesLine", back_populates="aftersales",
                         order_by="AfterSalesLine.id", cascade="all, delete-orphan")
    refunds = relationship("RefundOrder", back_populates="aftersales",
                           order_by="RefundOrder.id")
    evidence = relationship("Evidence", order_by="Evidence.id", viewonly=True)

    @property
    def kind_label(self):
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def status_label(self):
        return STATUSES.get(self.status, self.status)

    @property
    def return_lines(self):
        return [line for line in self.lines if line.kind == "return"]

    @property
    def repair_lines(self):
        return [line for line in self.lines if line.kind == "repair"]

    @property
    def exchange_lines(self):
        return [line for line in self.lines if line.kind == "exchange"]

    # What __str__ reads: lists load only these columns of a related row.
    label_columns = ("number",)

    def __str__(self):
        return self.number


class AfterSalesLine(OrgScoped, Base):
    __tablename__ = "aftersales_line"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    aftersales_id: Mapped[int] = mapped_column(ForeignKey("aftersales_order.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # return / exchange / repair
    order_line_id: Mapped[int | None] = mapped_column(ForeignKey("order_line.id"),
                                                      index=True)
    sku_id: Mapped[int] = mapped_column(ForeignKey("sku.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Decimal] = mapped_column(Money, nullable=False)
    amount: Mapped[Decimal] = mapped_column(Money, nullable=False)
    reason_id: Mapped[int | None] = mapped_column(ForeignKey("return_reason.id"))
    qualified_qty: Mapped[int] = mapped_column(Integer, default=0)
    unqualified_qty: Mapped[int] = mapped_column(Integer, default=0)
    missing_qty: Mapped[int] = mapped_column(Integer, default=0)

    aftersales = relationship("AfterSalesOrder", back_populates="lines")
    sku = relationship("Sku")
    reason = relationship("ReturnReason")
    order_line = relationship("OrderLine")


class RefundOrder(OrgScoped, Base):
    __tablename__ = "refund_order"
    __table_args__ = (UniqueConstraint("org_id", "number"),
                      Index("ix_refund_order_org_status", "org_id", "status", "id"),
                      Index("ix_refund_order_org_decided", "org_id", "decided_at"),
                      Index("ix_refund_order_org_id_id", "org_id", "id"))  # the API's lists
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40))
    aftersales_id: Mapped[int] = mapped_column(ForeignKey("aftersales_order.id"),
                                               index=True)
    amount: Mapped[Decimal] = mapped_column(Money, nullable=False)
    method: Mapped[str] = mapped_column(String(20))
    bank_name: Mapped[str | None] = mapped_column(String(120))
    account_name: Mapped[str | None] = mapped_column(String(120))
    account_no: Mapped[str | None] = mapped_column(String(60))
    payment_info: Mapped[str | None] = mapped_column(String(300))
    proof_file: Mapped[str | None] = mapped_column(String(120))
    proof_name: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    from_status: Mapped[str] = mapped_column(String(20))
    reject_reason: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)

    aftersales = relationship("AfterSalesOrder", back_populates="refunds")

    # What confirming it posted (the ledger entry), set by the rule that posts: the
    # outcome a message or an answer words, without reading the ledger again.
    posting = None

    @property
    def status_label(self):
        return REFUND_STATUSES.get(self.status, self.status)

    def __str__(self):
        return self.number


class ImportBatch(OrgScoped, Base):
    """A file of returns imported once (SPEC S7): the same content twice is refused."""
    __tablename__ = "import_batch"
    __table_args__ = (UniqueConstraint("org_id", "kind", "digest"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))         # what the file held: returns
    digest: Mapped[str] = mapped_column(String(64))       # SHA-256 of the file's bytes
    filename: Mapped[str] = mapped_column(String(200))
    rows: Mapped[int] = mapped_column(Integer)
    created: Mapped[int] = mapped_column(Integer)         # after-sales orders made
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    user = relationship("User")
