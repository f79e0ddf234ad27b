"""List search: the phrase typed, found anywhere in the searched texts, whatever its case.

- PostgreSQL: ILIKE '%phrase%', served by trigram (GIN) indexes on big tables;
- SQLite (the quick start, small data): casefold(column) LIKE '%phrase%', casefold being
  Python's, registered on every connection (extensions.py), so Vietnamese capitals,
  German ß and the like match too (SQLite's own lower() knows only ASCII).

A column of a related row (an order's customer name) is matched in that table first and
the list keeps the rows pointing at the matches, so each part of the search reads its
own index instead of joining every row of the list.
"""
from sqlalchemy import any_, false, func, or_, select

from ..reports.text_search import match

MAX_TERM = 100


def condition(view, term: str, org_id: int, dialect: str):
    """One OR over the view's searchable columns, or None when the phrase is empty."""
    term = term.strip()[:MAX_TERM]
    if not term or not getattr(view, "_search_fields", None):
        return None
    parts = []
    for n, (column, path) in enumerate(view._search_fields):
        if not path:
            parts.append(match(column, term, dialect))
            continue
        relation = path[0].property
        (local,) = relation.local_columns
        target = relation.mapper.class_
        where = (target.org_id == org_id, match(column, term, dialect))
        if dialect == "postgresql":
            # An array, not IN (subquery): PostgreSQL then ORs it with the other indexes
            # instead of filtering every row of the list by a hashed subplan. The matches
            # are a CTE, found once however often the statement uses the condition (the
            # tabs' counts use it once per tab: a number's digits match many orders).
            found = select(target.id).where(*where).cte(f"found_{n}") \
                .prefix_with("MATERIALIZED")
            parts.append(local == any_(func.array(select(found.c.id).scalar_subquery())))
        else:
            parts.append(local.in_(select(target.id).where(*where)))
    return or_(*parts) if parts else false()
