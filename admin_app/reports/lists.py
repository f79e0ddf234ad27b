"""Figures of list pages: the counts of status tabs."""
from sqlalchemy import func, literal, select, union_all


def tab_counts(session, model, org_id: int, statuses, cap: int,
               where=()) -> dict[str, int]:
    """{status: count}, each count stopping at cap + 1: one statement, and each part
    reads at most cap + 1 index entries however many rows a status holds. `where`:
    the list's own conditions (a page showing one kind)."""
    parts = [select(literal(status).label("status"), func.count().label("n")).select_from(
        select(model.id).where(model.org_id == org_id, model.status == status, *where)
        .limit(cap + 1).subquery()) for status in statuses]
    return dict(session.execute(union_all(*parts)).all())
