"""What every table shares: naive-UTC timestamps and the organization column."""
from datetime import datetime, timezone

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, declared_attr, mapped_column


def utcnow() -> datetime:
    """Naive UTC: SQLite keeps no time zone, so we store UTC everywhere, naive."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


class OrgScoped:
    """A business row: it belongs to exactly one organization (SPEC S1)."""

    @declared_attr
    def org_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("organization.id"), nullable=False, index=True)
