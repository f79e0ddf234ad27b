"""Tables: customers."""
from decimal import Decimal
from datetime import date, datetime

from sqlalchemy import (
    true,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy import func, select, type_coerce
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship, validates

from ..money import ZERO, Money
from .base import Base, OrgScoped, search_indexes, utcnow
from ..rules.core.text import code_text, email_text, name_text


customer_label = Table(
    "customer_label",
    Base.metadata,
    Column("customer_id", ForeignKey("customer.id", ondelete="CASCADE"), primary_key=True),
    Column("label_id", ForeignKey("label.id", ondelete="CASCADE"), primary_key=True),
)


class Label(OrgScoped, Base):
    __tablename__ = "label"
    __table_args__ = (UniqueConstraint("org_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    # Deactivated: hidden from pickers, kept on the history that uses it.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    name: Mapped[str] = mapped_column(String(60))

    def __str__(self):
        return self.name


class Customer(OrgScoped, Base):
    __tablename__ = "customer"
    __table_args__ = (
        Index("ix_customer_org_id_id", "org_id", "id"),  # the API's lists, newest first
        UniqueConstraint("org_id", "code"),
        UniqueConstraint("org_id", "channel", "buyer_id"),
        Index("ix_customer_org_name", "org_id", "name"),
        Index("ix_customer_org_credit", "org_id", "total_credit"),
        Index("ix_customer_org_credit_allowed", "org_id", "credit_allowed", "total_credit"),
        *search_indexes("customer", "code", "name", "phone"),
        Index("ix_customer_email_search", "email", postgresql_using="gin",
              postgresql_ops={"email": "gin_trgm_ops"}).ddl_if(dialect="postgresql"),
        CheckConstraint("total_credit >= 0", name="total_credit_not_negative"),
        CheckConstraint("total_balance >= 0", name="total_balance_not_negative"),
        CheckConstraint("points >= 0", name="points_not_negative"),
        CheckConstraint("opening_credit_unsettled >= 0", name="opening_unsettled_not_negative"),
    )

    @property
    def credit_types(self) -> frozenset:
        return frozenset((self.credit_order_types or "").split())
    id: Mapped[int] = mapped_column(primary_key=True)
    # Deactivated: hidden from pickers, kept on the history that uses it.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    # The language of the customer's e-mails; None: the organization's
    language: Mapped[str | None] = mapped_column(String(10))
    level_id: Mapped[int | None] = mapped_column(ForeignKey("customer_level.id"), index=True)
    blacklisted: Mapped[bool] = mapped_column(Boolean, default=False)
    # When the customer asked for no more campaigns (the link in every campaign mail)
    unsubscribed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Why the customer is kept out (SPEC S7), and since when.
    blacklist_reason: Mapped[str | None] = mapped_column(String(300))
    blacklisted_at: Mapped[datetime | None] = mapped_column(DateTime)
    # A channel buyer is matched by (channel, buyer id) when its orders come in.
    channel: Mapped[str | None] = mapped_column(String(20))
    buyer_id: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    # Credit settings (SPEC S4).
    credit_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    credit_order_types: Mapped[str] = mapped_column(String(40), default="manual messenger")
    account_period_days: Mapped[int | None] = mapped_column(Integer)
    credit_limit: Mapped[Decimal | None] = mapped_column(Money)
    opening_credit: Mapped[Decimal | None] = mapped_column(Money)
    opening_balance: Mapped[Decimal | None] = mapped_column(Money)
    # The opening credit is settled by payments like an order: what is still owed.
    opening_credit_unsettled: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    opening_credit_date: Mapped[date | None] = mapped_column(Date)
    # Current totals; always equal to the newest ledger entry's (locked while posting).
    total_credit: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    total_balance: Mapped[Decimal] = mapped_column(Money, nullable=False, default=ZERO)
    points: Mapped[int] = mapped_column(Integer, default=0)

    level = relationship("CustomerLevel")
    labels = relationship("Label", secondary=customer_label)

    # What __str__ reads: lists load only these columns of a related row.
    label_columns = ("code", "name", "blacklisted", "blacklist_reason")  # lists flag it

    @property
    def spendable_balance(self):
        """The balance the customer can spend today: total_balance less lots already
        past their expiry that the daily expire-credits has not removed yet."""
        return self.total_balance - (self.expired_balance or ZERO)

    def __str__(self):
        return f"{self.code} {self.name}"

    # Wherever a customer comes from (form, channel buyer, partnership, import), its
    # code refuses control characters and its name and phone are put on one line: they
    # go into mail headers, file names and exports.
    @validates("code")
    def _code(self, key, value):
        return code_text(value, "Code", 40)

    @validates("email")
    def _email(self, key, value):
        return email_text(value)

    @validates("name", "phone")
    def _one_line(self, key, value):
        return name_text(value, key.capitalize(), 120 if key == "name" else 40)


def add_expired_balance(credit_lot) -> None:
    """Customer.expired_balance (deferred): what remains of the customer's store-credit
    lots past their expiry date, as of the database's today. Lists undefer it."""
    Customer.expired_balance = column_property(type_coerce(
        select(func.coalesce(func.sum(credit_lot.remaining), 0)).where(
            credit_lot.customer_id == Customer.id, credit_lot.remaining > 0,
            credit_lot.expires_on.is_not(None),
            credit_lot.expires_on < func.current_date())
        .correlate_except(credit_lot).scalar_subquery(), Money), deferred=True)
