"""Long id lists cut into parts for `IN (...)`: databases cap a statement's parameters
(SQLite at 32,766), and an import or a bulk lock can name tens of thousands."""

IN_LIST = 500


def chunks(values, size: int = IN_LIST):
    """The values, as lists of at most `size`, in their order."""
    values = list(values)
    for i in range(0, len(values), size):
        yield values[i:i + size]




def exact(session, column, values, org_id: int, *options) -> list:
    """The organization's rows of `column`'s model whose column equals one of `values`.
    On PostgreSQL, an IN-list of hundreds on a column that also has a trigram index (the
    list search's) makes the planner probe that index once per value (it can only be
    read by bitmap scans), 100 times slower than the (org_id, column) key: bitmap scans
    are off for this one statement, so the key's index serves it."""
    from sqlalchemy import select, text
    model = column.class_
    statement = select(model).where(model.org_id == org_id, column.in_(list(values))) \
        .options(*options)
    if session.get_bind().dialect.name != "postgresql":
        return list(session.execute(statement).scalars())
    session.execute(text("SET LOCAL enable_bitmapscan = off"))
    try:
        return list(session.execute(statement).scalars())
    finally:
        session.execute(text("SET LOCAL enable_bitmapscan = on"))
