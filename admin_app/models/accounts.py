"""Tables: accounts."""
from decimal import Decimal
from datetime import datetime

from sqlalchemy import (Boolean, DateTime,
                        ForeignKey, Integer, String, Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..money import ZERO, Money, Rate
from .base import Base, OrgScoped, utcnow
from ..rules.core.text import email_text


class Organization(Base):
    __tablename__ = "organization"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    currency: Mapped[str] = mapped_column(String(3), default="PHP")
    # IANA name: its business dates (rules/core/clock.py); instants stay in UTC.
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Manila",
                                          server_default="Asia/Manila")
    # What its people and customers read unless they chose (rules/core/languages.py)
    language: Mapped[str] = mapped_column(String(10), default="en", server_default="en")
    # Member points (SPEC S4): earned per 1.00 spent, worth point_value each, and
    # expiring every year on points_expiry_month/day.
    points_earn_rate: Mapped[Decimal] = mapped_column(Rate, nullable=False, default=ZERO)
    point_value: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    points_expiry_month: Mapped[int] = mapped_column(Integer, default=12)
    points_expiry_day: Mapped[int] = mapped_column(Integer, default=31)
    # Whom the customers' mail comes from (campaigns, notifications); blank: the
    # server's MAIL_DEFAULT_SENDER
    mail_sender_name: Mapped[str | None] = mapped_column(String(120))
    mail_sender_address: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    def __str__(self):
        return self.name


class Role(OrgScoped, Base):
    __tablename__ = "role"
    __table_args__ = (UniqueConstraint("org_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    # Space-separated permission codes from rules.permissions.PERMISSIONS.
    permissions: Mapped[str] = mapped_column(Text, default="")

    @property
    def permission_set(self) -> frozenset:
        return frozenset((self.permissions or "").split())

    def __str__(self):
        return self.name


class User(OrgScoped, Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_main: Mapped[bool] = mapped_column(Boolean, default=False)
    role_id: Mapped[int | None] = mapped_column(ForeignKey("role.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The language this person reads; None: the organization's
    language: Mapped[str | None] = mapped_column(String(10))
    # Part of the login cookie: bumping it ends every session of this user.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    org = relationship("Organization")
    role = relationship("Role")

    # What Flask-Login asks of a user, without importing Flask into the models.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self):
        return bool(self.active)

    def get_id(self):
        return f"{self.id}:{self.session_version}"

    def __str__(self):
        return f"{self.name} <{self.email}>"

    @validates("email")
    def _email(self, key, value):
        """The sign-in address: checked and kept lower-case, however it is entered."""
        return (email_text(value) or "").lower() or None
