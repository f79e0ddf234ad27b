"""Bulk loading for the benchmark data: COPY on PostgreSQL, executemany on SQLite.

Rows are dicts keyed by column name; missing columns take the model's default, and
columns of the app's own types (Money in cents, Rate in millionths) are written as
their type stores them."""
import sys
import time

from sqlalchemy.types import TypeDecorator


class Loader:
    def __init__(self, engine):
        self.engine = engine
        self.pg = engine.dialect.name == "postgresql"

    def _values(self, columns, row):
        out = []
        for col in columns:
            if col.name in row:
                value = row[col.name]
            elif col.default is not None and not col.primary_key:
                arg = col.default.arg
                value = arg(None) if callable(arg) else arg
            else:
                value = None
            if isinstance(col.type, TypeDecorator) and value is not None:
                value = col.type.process_bind_param(value, self.engine.dialect)
            out.append(value)
        return tuple(out)

    def load(self, table, rows, label=None, total=None):
        label = label or table.name
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return 0
        # Rows without an id let the database number them (its sequence or rowid).
        columns = [c for c in table.columns if not (c.primary_key and c.name not in first)]
        names = [c.name for c in columns]
        rows = __import__("itertools").chain([first], rows)
        started, n = time.time(), 0
        raw = self.engine.raw_connection()
        try:
            if self.pg:
                cur = raw.driver_connection.cursor()
                quoted = ", ".join(f'"{c}"' for c in names)
                with cur.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(self._values(columns, row))
                        n += 1
                        if n % 50000 == 0:
                            progress(label, n, total, started)
            else:
                cur = raw.cursor()
                sql = (f'INSERT INTO "{table.name}" ({", ".join(names)}) VALUES '
                       f'({", ".join("?" for _ in names)})')
                batch = []
                for row in rows:
                    batch.append(self._values(columns, row))
                    n += 1
                    if len(batch) == 20000:
                        cur.executemany(sql, batch)
                        batch = []
                        progress(label, n, total, started)
                if batch:
                    cur.executemany(sql, batch)
            raw.commit()
        finally:
            raw.close()
        progress(label, n, n, started, done=True)
        return n

    def reset_sequences(self, tables):
        if not self.pg:
            return
        with self.engine.begin() as conn:
            for table in tables:
                if "id" in table.columns:
                    conn.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM \"{table.name}\"), 1))")


def progress(label, n, total, started, done=False):
    rate = n / max(time.time() - started, 1e-6)
    pct = f"{100 * n / total:5.1f}%" if total else "      "
    end = "\n" if done else "\r"
    sys.stderr.write(f"  {label:<20} {pct} {n:>10,} rows  {rate:>9,.0f}/s{end}")
    sys.stderr.flush()
