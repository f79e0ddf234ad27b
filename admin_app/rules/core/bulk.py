"""New rows numbered before their flush. An import adds thousands of rows; left to the
ORM, PostgreSQL's ids come back through INSERT ... RETURNING in statements of a thousand
rows, whose tens of thousands of placeholders psycopg parses in Python on every one
(about 2 s for 10,000 returns). With their ids already given, the flush sends one
statement per table with executemany, parsed once."""
from collections import defaultdict

from sqlalchemy import inspect, text


def number_new_rows(session, objects) -> None:
    """Give each new row without an id the next ids of its table's sequence, in one
    statement per table (PostgreSQL; elsewhere the flush numbers them as before)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    waiting = defaultdict(list)
    for obj in objects:
        mapper = inspect(obj).mapper
        if len(mapper.primary_key) != 1:
            continue
        column = mapper.primary_key[0]
        attribute = mapper.get_property_by_column(column).key
        if column.autoincrement in (True, "auto") and getattr(obj, attribute) is None:
            waiting[(mapper.local_table.name, column.name, attribute)].append(obj)
    for (table, column, attribute), rows in waiting.items():
        with session.no_autoflush:  # the rows stay unflushed until they have their ids
            ids = session.execute(text(
                "SELECT nextval(pg_get_serial_sequence(:table, :column)) "
                "FROM generate_series(1, :n)"), {"table": table, "column": column,
                                                 "n": len(rows)}).scalars().all()
        for obj, new_id in zip(rows, ids):
            setattr(obj, attribute, new_id)
