"""Figures of list pages: the counts of status tabs."""
from sqlalchemy import bindparam, func, literal, select, union_all


def tab_counts(session, model, org_id: int, statuses, cap: int,
               where=(), other_tabs: dict | None = None, base=None) -> dict[str, int]:
    """{status: count}, each count stopping at cap + 1: one statement, and each part
    reads at most cap + 1 index entries however many rows a status holds. `where`:
    the list's own conditions (a page showing one kind); `other_tabs`: tabs that are
    not a status, {tab: its conditions} (deadlines due); `base`: a select of the ids,
    with the joins the list's filters made."""
    if not where and base is None and not other_tabs:  # a list's first look: built once
        key = (model, tuple(statuses), cap)
        statement = _PLAIN_TABS.get(key)
        if statement is None:
            statement = _PLAIN_TABS[key] = _statement(
                model, {s: (model.status == s,) for s in statuses}, bindparam("org_id"),
                cap, (), None)
        return dict(session.execute(statement, {"org_id": org_id}).all())
    tabs = {**{status: (model.status == status,) for status in statuses},
            **(other_tabs or {})}
    return dict(session.execute(_statement(model, tabs, org_id, cap, where, base)).all())


_PLAIN_TABS: dict = {}


def _statement(model, tabs: dict, org_id, cap: int, where, base):
    ids = _ids(model, base)
    return union_all(*[select(literal(tab).label("status"), func.count().label("n"))
                       .select_from(ids.where(model.org_id == org_id, *conditions, *where)
                                    .limit(cap + 1).subquery())
                       for tab, conditions in tabs.items()])


def _ids(model, base):
    return select(model.id) if base is None else base
