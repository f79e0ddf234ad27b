"""Tables: webhook subscriptions, the events written with each change (the outbox) and
one delivery per event and subscription."""
from datetime import datetime

from sqlalchemy import (Boolean, DateTime, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..rules.core.messages import Labels
from .base import Base, OrgScoped, utcnow

DELIVERY_STATUSES = Labels({"pending": "Waiting", "delivering": "Sending",
                            "delivered": "Delivered", "failed": "Gave up"})


class WebhookSubscription(OrgScoped, Base):
    __tablename__ = "webhook_subscription"
    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    # space-separated event types; "*": every event
    events: Mapped[str] = mapped_column(Text, default="*")
    # signs each delivery (HMAC-SHA256); shown to the organization, never sent
    secret: Mapped[str] = mapped_column(String(80))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    description: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def event_set(self) -> frozenset:
        return frozenset((self.events or "").split())

    def __str__(self):
        return self.url


class WebhookEvent(OrgScoped, Base):
    """What happened, written in the same transaction as the change."""
    __tablename__ = "webhook_event"
    __table_args__ = (Index("ix_webhook_event_org_created", "org_id", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_type: Mapped[str] = mapped_column(String(60))
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class WebhookDelivery(OrgScoped, Base):
    __tablename__ = "webhook_delivery"
    __table_args__ = (UniqueConstraint("subscription_id", "event_id"),
                      Index("ix_webhook_delivery_due", "status", "next_attempt_at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_subscription.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("webhook_event.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(40))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    response_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(String(500))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    subscription = relationship("WebhookSubscription")
    event = relationship("WebhookEvent")
