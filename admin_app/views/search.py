"""List search that uses indexes on big tables.

The search box matches the whole phrase typed:
- PostgreSQL: anywhere in the text, case-insensitive (ILIKE), served by trigram (GIN)
  indexes;
- SQLite: at the start of the text, case-insensitive for ASCII, served by indexes on
  lower(column).

A column of a related row (an order's customer name) is matched in that table first and
the list keeps the rows pointing at the matches, so each part of the search reads its
own index instead of joining every row of the list.
"""
from sqlalchemy import any_, false, func, or_, select

MAX_TERM = 100
TOP = "\U0010ffff"  # sorts after any text: the end of a prefix range


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def match(column, term: str, dialect: str):
    if dialect == "postgresql":
        return column.ilike(f"%{_escape_like(term)}%", escape="\\")
    low = term.lower()
    return func.lower(column).between(low, low + TOP)


def condition(view, term: str, org_id: int, dialect: str):
    """One OR over the view's searchable columns, or None when the phrase is empty."""
    term = term.strip()[:MAX_TERM]
    if not term:
        return None
    parts = []
    for column, path in view._search_fields:
        if not path:
            parts.append(match(column, term, dialect))
            continue
        relation = path[0].property
        (local,) = relation.local_columns
        target = relation.mapper.class_
        where = (target.org_id == org_id, match(column, term, dialect))
        if dialect == "postgresql":
            # An array, not IN (subquery): PostgreSQL then ORs it with the other indexes
            # instead of filtering every row of the list by a hashed subplan.
            found = select(target.id).where(*where).scalar_subquery()
            parts.append(local == any_(func.array(found)))
        else:
            parts.append(local.in_(select(target.id).where(*where)))
    return or_(*parts) if parts else false()
