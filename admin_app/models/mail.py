"""Tables: email campaigns and the outbox every message goes out through (SPEC S7)."""
from decimal import Decimal
from datetime import date, datetime

from sqlalchemy import (CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String,
                        Text, UniqueConstraint, text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..money import Money
from .base import Base, OrgScoped, utcnow
from ..rules.core.messages import Labels

CAMPAIGN_STATUSES = Labels({"draft": "Draft", "sending": "Sending", "sent": "Sent"})
OUTBOX_STATUSES = Labels({"queued": "Queued", "claimed": "Queued (taken by a sender)",
                   "sending": "Sending", "sent": "Sent", "failed": "Failed"})


class Campaign(OrgScoped, Base):
    """An email to every customer matching its filter. Sending snapshots the recipients
    into the outbox; orders they place during the period are its contribution."""

    __tablename__ = "campaign"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="campaign_period_order"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    subject: Mapped[str] = mapped_column(String(200))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)  # cleaned to simple tags
    # The recipient filter; blank means any. Blacklisted and email-less never receive.
    level_id: Mapped[int | None] = mapped_column(ForeignKey("customer_level.id"))
    label_id: Mapped[int | None] = mapped_column(ForeignKey("label.id"))
    min_spent: Mapped[Decimal | None] = mapped_column(Money)
    last_order_from: Mapped[date | None] = mapped_column(Date)
    last_order_to: Mapped[date | None] = mapped_column(Date)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    recipients: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)      # recipients taken
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)  # nothing left to try

    level = relationship("CustomerLevel")
    label = relationship("Label")

    label_columns = ("name",)  # what lists that show a campaign load of it

    @property
    def status_label(self) -> str:
        return CAMPAIGN_STATUSES.get(self.status, self.status)

    def __str__(self):
        return self.name


class Outbox(OrgScoped, Base):
    """One message to one address: a campaign's recipient or a notification. `send-mail`
    claims queued rows (and failed ones with attempts left), sends, records the outcome."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_org_id_id", "org_id", "id"),  # the API's lists, newest first
        # A campaign reaches each customer once, however often sending is retried.
        UniqueConstraint("campaign_id", "customer_id"),
        # a campaign's delivery counts and its page's failed-first messages
        Index("ix_outbox_campaign_status", "campaign_id", "status", "id"),
        Index("ix_outbox_pending", "status", "id",
              postgresql_where=text("status IN ('queued', 'failed')"),
              sqlite_where=text("status IN ('queued', 'failed')")),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"), index=True)
    to_address: Mapped[str | None] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(10), default="queued",
                                        server_default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    error: Mapped[str | None] = mapped_column(String(500))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(32))  # the send-mail run's token
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)

    customer = relationship("Customer")
    campaign = relationship("Campaign")

    @property
    def status_label(self) -> str:
        return OUTBOX_STATUSES.get(self.status, self.status)
