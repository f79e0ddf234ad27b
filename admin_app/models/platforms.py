"""Tables: platform after-sales as data (SPEC S12): each channel's status mapping and
deadlines, the organization's holidays, evidence, disputes and logistics claims, and
the deadlines missed or announced."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..money import ZERO, Money
from ..rules.core.messages import Labels
from .base import Base, OrgScoped, utcnow

# The seller's and the buyer's steps on a platform's clock, in pipeline order.
CLOCK_STEPS = Labels({
    "respond": "Respond to the request",
    "buyer_ship": "Buyer ships back",
    "confirm_receipt": "Confirm receipt of the return",
    "appeal": "Appeal",
    "logistics_claim": "Logistics claim",
})
CLOCK_UNITS = Labels({"hours": "hours", "days": "calendar days",
                      "working_days": "working days"})
CLAIM_KINDS = Labels({"dispute": "Dispute", "logistics": "Logistics claim"})
CLAIM_STATUSES = Labels({"open": "Open", "won": "Won", "partial": "Partly won",
                         "lost": "Lost"})
EVIDENCE_KINDS = Labels({"link": "Link", "photo": "Photo", "video": "Video"})
EVIDENCE_STAGES = Labels({"request": "Request", "stock_in": "Stock-in", "claim": "Claim"})


class PlatformStatus(OrgScoped, Base):
    """A channel's after-sales status and what it means here: the state it moves the
    order to and the clock it starts (None: none)."""
    __tablename__ = "platform_status"
    __table_args__ = (UniqueConstraint("org_id", "channel", "platform_status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    platform_status: Mapped[str] = mapped_column(String(60))
    state: Mapped[str] = mapped_column(String(20))
    clock: Mapped[str | None] = mapped_column(String(20))

    def __str__(self):
        return f"{self.channel}: {self.platform_status}"


class PlatformDeadline(OrgScoped, Base):
    """How long a step may take on a channel (country "": every country)."""
    __tablename__ = "platform_deadline"
    __table_args__ = (UniqueConstraint("org_id", "channel", "country", "step"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    country: Mapped[str] = mapped_column(String(2), default="")
    step: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(20))
    missed: Mapped[str] = mapped_column(String(300))   # what the platform does then
    source: Mapped[str] = mapped_column(String(300))   # where the default comes from

    @property
    def step_label(self):
        return CLOCK_STEPS.get(self.step, self.step)

    @property
    def unit_label(self):
        return CLOCK_UNITS.get(self.unit, self.unit)

    def __str__(self):
        return f"{self.channel} {self.country or '*'} {self.step}"


class Holiday(OrgScoped, Base):
    """A day the organization does not work: working-day clocks skip it."""
    __tablename__ = "holiday"
    __table_args__ = (UniqueConstraint("org_id", "day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(120))

    def __str__(self):
        return f"{self.day.isoformat()} {self.name}"


class Evidence(OrgScoped, Base):
    """A photo, a video or a link on an after-sales order (or one of its claims)."""
    __tablename__ = "evidence"
    id: Mapped[int] = mapped_column(primary_key=True)
    aftersales_id: Mapped[int] = mapped_column(ForeignKey("aftersales_order.id"), index=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("platform_claim.id"))
    stage: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(10))
    url: Mapped[str | None] = mapped_column(String(500))
    stored: Mapped[str | None] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str | None] = mapped_column(String(60))
    size: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def kind_label(self):
        return EVIDENCE_KINDS.get(self.kind, self.kind)

    def __str__(self):
        return self.name


class PlatformClaim(OrgScoped, Base):
    """A dispute (appeal) or a logistics claim lodged with the platform."""
    __tablename__ = "platform_claim"
    __table_args__ = (UniqueConstraint("org_id", "number"),
                      Index("ix_platform_claim_org_status", "org_id", "status", "id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    aftersales_id: Mapped[int] = mapped_column(ForeignKey("aftersales_order.id"), index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("sales_order.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    claimed: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    status: Mapped[str] = mapped_column(String(20), default="open")
    deadline_at: Mapped[datetime | None] = mapped_column(DateTime)
    compensation: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    opened_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    opened_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)

    aftersales = relationship("AfterSalesOrder")
    order = relationship("Order")

    @property
    def kind_label(self):
        return CLAIM_KINDS.get(self.kind, self.kind)

    @property
    def status_label(self):
        return CLAIM_STATUSES.get(self.status, self.status)

    def __str__(self):
        return self.number


class DeadlineMark(OrgScoped, Base):
    """A deadline announced in a digest (what="alert") or found missed (what="missed",
    with what it cost): once per order, step and due instant, so a job run twice
    announces and counts nothing twice."""
    __tablename__ = "deadline_mark"
    __table_args__ = (UniqueConstraint("aftersales_id", "what", "step", "due_at"),
                      Index("ix_deadline_mark_org_what_due", "org_id", "what", "due_at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    aftersales_id: Mapped[int] = mapped_column(ForeignKey("aftersales_order.id"))
    what: Mapped[str] = mapped_column(String(10))
    step: Mapped[str] = mapped_column(String(20))
    due_at: Mapped[datetime] = mapped_column(DateTime)
    amount: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    aftersales = relationship("AfterSalesOrder")
