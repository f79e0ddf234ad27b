"""A phrase found anywhere in a text column, whatever its case and script: PostgreSQL's
ILIKE (served by trigram indexes), SQLite's casefold() (Python's, registered on each
connection: extensions.py) with LIKE. The lists' search (views/search.py) and the
reports' own filters use it alike."""
from sqlalchemy import func


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def match(column, term: str, dialect: str):
    if dialect == "postgresql":
        return column.ilike(f"%{_escape_like(term)}%", escape="\\")
    return func.casefold(column).like(f"%{_escape_like(term.casefold())}%", escape="\\")
