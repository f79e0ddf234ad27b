"""Figures added up during a transaction and written once, when it commits, in key order.

Kept figures (a dashboard's counts per day) are rows many transactions add to. Written at
each flush, a transaction would hold some of those rows while it goes on to lock orders
and customers, and two staff moving different after-sales orders could wait on each
other for ever (PostgreSQL ends one with a deadlock). Written at the commit, every
transaction takes the figures' rows last, table by table, in key order: it waits for
nothing else while it holds them.

A savepoint that rolls back takes its figures with it; one that is released hands them
to the transaction around it. A reader in the same transaction (verify-ledger, a test)
settles them first. Commit through the Session's own commit method (the unit of work
does): it releases open savepoints before the outermost commit's before_commit, where
the figures are written."""
from collections import Counter
from typing import Callable

from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, scoped_session

PENDING = "figures_at_commit"
COMMITTING = "figures_committing"
BATCH = 1000  # rows per upsert statement

# {figure name: write(connection, {key: n})}
WRITERS: dict[str, Callable] = {}


def table(model, column: str) -> None:
    """Register a table of figures: its primary key is the key, `column` the number."""
    WRITERS[model.__tablename__] = \
        lambda connection, figures: upsert(connection, model, column, figures)


def upsert(connection, model, column: str, figures: Counter) -> None:
    """Each key's row plus its number, made if missing (concurrent transactions adding
    to the same row add up), in key order, one statement per BATCH rows."""
    keys = [c.name for c in model.__table__.primary_key]
    rows = [{**dict(zip(keys, key)), column: n} for key, n in sorted(figures.items()) if n]
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    for start in range(0, len(rows), BATCH):
        statement = insert(model).values(rows[start:start + BATCH])
        connection.execute(statement.on_conflict_do_update(
            index_elements=keys,
            set_={column: getattr(model, column) + getattr(statement.excluded, column)}))


def _own(session) -> Session:
    """The Session itself (db.session is the request's scoped proxy to it): its info
    holds the pending figures."""
    return session() if isinstance(session, scoped_session) else session


def add(session, name: str, figures: Counter) -> None:
    """Add to the figures `name` (a WRITERS entry) when the transaction commits."""
    if not any(figures.values()):
        return
    session = _own(session)
    if session.info.get(COMMITTING):  # a flush inside the commit, after it settled
        WRITERS[name](session.connection(), figures)
        return
    frames = session.info.setdefault(PENDING, {})
    frame = frames.setdefault(session.get_nested_transaction(), {})
    frame.setdefault(name, Counter()).update(figures)


def settle(session) -> None:
    """Write what the transaction has added up so far, its changes flushed first (a
    reader in the same transaction: verify-ledger, a test). Inside a savepoint it only
    flushes: a write there would vanish with the savepoint while the levels around it
    had let go of their figures."""
    session = _own(session)
    session.flush()
    frames = session.info.get(PENDING)
    if not frames or session.get_nested_transaction() is not None:
        return
    merged: dict[str, Counter] = {}
    for frame in frames.values():
        for name, figures in frame.items():
            merged.setdefault(name, Counter()).update(figures)
    frames.clear()
    connection = session.connection()
    for name in sorted(merged):  # every transaction: the same tables in the same order
        WRITERS[name](connection, merged[name])


def discard(session, names, org_id: int | None) -> None:
    """Forget what the transaction has added up to the figures `names` of one
    organization (None: all), its changes flushed first: a rebuild is about to count
    them from the rows themselves."""
    session = _own(session)
    session.flush()
    for frame in session.info.get(PENDING, {}).values():
        for name in names:
            figures = frame.get(name)
            if figures is not None:
                for key in [k for k in figures if org_id is None or k[0] == org_id]:
                    del figures[key]


@event.listens_for(Session, "before_commit")
def _at_commit(session) -> None:
    if session.get_nested_transaction() is not None:
        return  # a savepoint released: its figures join the transaction around it
    settle(session)
    session.info[COMMITTING] = True


@event.listens_for(Session, "after_rollback")
def _rolled_back(session) -> None:
    frames = session.info.get(PENDING)
    if frames:
        savepoint = session.get_nested_transaction()
        if savepoint is None:
            frames.clear()
        else:
            frames.pop(savepoint, None)


@event.listens_for(Session, "after_transaction_end")
def _ended(session, transaction) -> None:
    if transaction.nested:
        frame = session.info.get(PENDING, {}).pop(transaction, None)
        if frame:  # released (a rolled back one was dropped above)
            outer = session.info[PENDING].setdefault(session.get_nested_transaction(), {})
            for name, figures in frame.items():
                outer.setdefault(name, Counter()).update(figures)
    elif transaction.parent is None:  # over, committed or not
        session.info.pop(PENDING, None)
        session.info.pop(COMMITTING, None)
