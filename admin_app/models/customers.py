"""Tables: customers."""
from datetime import datetime

from sqlalchemy import (Boolean, Column, DateTime,
                        ForeignKey, Index, String, Table, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import OrgScoped, utcnow


customer_label = Table(
    "customer_label",
    db.metadata,
    Column("customer_id", ForeignKey("customer.id", ondelete="CASCADE"), primary_key=True),
    Column("label_id", ForeignKey("label.id", ondelete="CASCADE"), primary_key=True),
)


class Label(OrgScoped, db.Model):
    __tablename__ = "label"
    __table_args__ = (UniqueConstraint("org_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))

    def __str__(self):
        return self.name


class Customer(OrgScoped, db.Model):
    __tablename__ = "customer"
    __table_args__ = (
        UniqueConstraint("org_id", "code"),
        UniqueConstraint("org_id", "channel", "buyer_id"),
        Index("ix_customer_org_name", "org_id", "name"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    level_id: Mapped[int | None] = mapped_column(ForeignKey("customer_level.id"), index=True)
    blacklisted: Mapped[bool] = mapped_column(Boolean, default=False)
    # A channel buyer is matched by (channel, buyer id) when its orders come in.
    channel: Mapped[str | None] = mapped_column(String(20))
    buyer_id: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    level = relationship("CustomerLevel")
    labels = relationship("Label", secondary=customer_label)

    def __str__(self):
        return f"{self.code} {self.name}"
