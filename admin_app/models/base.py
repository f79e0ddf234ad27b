"""What every table shares: naive-UTC timestamps and the organization column."""
from datetime import datetime, timezone

from sqlalchemy import DDL, ForeignKey, Index, MetaData, event, text
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

# Named constraints: SQLite batch migrations cannot drop unnamed ones.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Every table's base, plain SQLAlchemy: the rules and models import without Flask
    (extensions.db shares this metadata and registry)."""
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Naive UTC: SQLite keeps no time zone, so we store UTC everywhere, naive."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


class OrgScoped:
    """A business row: it belongs to exactly one organization (SPEC S1)."""

    @declared_attr
    def org_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("organization.id"), nullable=False, index=True)


SEARCH_INDEX_SUFFIXES = ("_search", "_prefix")


def search_indexes(table: str, *columns: str) -> tuple[Index, ...]:
    """Indexes for the list search (views/search.py): trigram indexes for ILIKE on
    PostgreSQL, indexes on lower(column) for prefix ranges on SQLite."""
    out = []
    for col in columns:
        out.append(Index(f"ix_{table}_{col}_search", col, postgresql_using="gin",
                         postgresql_ops={col: "gin_trgm_ops"}).ddl_if(dialect="postgresql"))
        out.append(Index(f"ix_{table}_{col}_prefix", "org_id", text(f"lower({col})"))
                   .ddl_if(dialect="sqlite"))
    return tuple(out)


def install_extensions(metadata):
    """pg_trgm serves the trigram indexes; it comes with PostgreSQL (trusted since 13)."""
    event.listen(metadata, "before_create", DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                 .execute_if(dialect="postgresql"))
