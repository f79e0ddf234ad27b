"""Figures of list pages: the counts of status tabs."""
from sqlalchemy import func, literal, select, union_all


def tab_counts(session, model, org_id: int, statuses, cap: int,
               where=(), other_tabs: dict | None = None, base=None) -> dict[str, int]:
    """{status: count}, each count stopping at cap + 1: one statement, and each part
    reads at most cap + 1 index entries however many rows a status holds. `where`:
    the list's own conditions (a page showing one kind); `other_tabs`: tabs that are
    not a status, {tab: its conditions} (deadlines due); `base`: a select of the ids,
    with the joins the list's filters made."""
    tabs = {**{status: (model.status == status,) for status in statuses},
            **(other_tabs or {})}
    ids = _ids(model, base)
    parts = [select(literal(tab).label("status"), func.count().label("n")).select_from(
        ids.where(model.org_id == org_id, *conditions, *where)
        .limit(cap + 1).subquery()) for tab, conditions in tabs.items()]
    return dict(session.execute(union_all(*parts)).all())


def _ids(model, base):
    return select(model.id) if base is None else base
