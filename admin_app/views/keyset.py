"""Keyset pages for big lists: First / Previous / Next / Last without OFFSET.

A page link carries the sort key of the row it starts after (`after`) or before
(`before`), or asks for the `last` page; the query then reads page-size rows straight
from the index, however deep the page is. Pages numbered by OFFSET are only used for a
sort on a joined or nullable column.
"""
import base64
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask import flash, request
from sqlalchemy import BigInteger, bindparam, tuple_

from flask_babel import gettext

from ..money import MAX_AMOUNT

CURSOR_ARGS = ("after", "before", "last")


@dataclass
class Page:
    """What the pager shows: whether there are rows before/after, and their cursors."""
    keyed: bool
    has_prev: bool = False
    has_next: bool = False
    first: str = ""
    last: str = ""


def sort_keys(view, sort_column, sort_desc):
    """[(column, descending)] ending with the primary key, or None when the sort cannot
    be keyed (a joined or nullable column)."""
    pk = view.model.__mapper__.primary_key[0]
    if sort_column is None:
        default = view.column_default_sort
        if isinstance(default, list):
            return None
        name, desc = default if isinstance(default, tuple) else (default, False)
        if name is None:
            return [(pk, False)]
        attr = getattr(view.model, name, None) if isinstance(name, str) else name
        if not hasattr(attr, "property") or not hasattr(attr.property, "columns"):
            return None
        column = attr.property.columns[0]
    else:
        attr = view._sortable_columns.get(sort_column)
        if attr is None or view._sortable_joins.get(sort_column) or \
                not hasattr(attr, "property") or not hasattr(attr.property, "columns"):
            return None
        column, desc = attr.property.columns[0], bool(sort_desc)
    if column.table is not pk.table or column.nullable:
        return None
    return [(column, desc)] + ([] if column is pk else [(pk, desc)])


def encode(row, keys) -> str:
    values = [_plain(getattr(row, col.key)) for col, _ in keys]
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def decode(token: str, keys):
    try:
        raw = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if not isinstance(raw, list) or len(raw) != len(keys):
            raise ValueError
        return [_typed(value, col) for value, (col, _) in zip(raw, keys)]
    except (ValueError, TypeError, ArithmeticError):
        flash(gettext("That page link is out of date: showing the first page."), "warning")
        return None


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _typed(value, column):
    python_type = column.type.python_type
    if python_type is datetime:
        return datetime.fromisoformat(value)
    if python_type is date:
        return date.fromisoformat(value)
    if python_type is Decimal:
        value = Decimal(str(value))
        if not value.is_finite() or abs(value) > MAX_AMOUNT:
            raise ValueError
        return value
    if python_type is int and (isinstance(value, bool) or not isinstance(value, int)
                               or abs(value) > max_of(column)):
        raise ValueError
    if python_type is str and not isinstance(value, str):
        raise ValueError
    return value


def max_of(column) -> int:
    """The largest value an integer column holds (a cursor beyond it is tampered)."""
    return 2**63 - 1 if isinstance(column.type, BigInteger) else 2**31 - 1


def fetch(query, keys, size: int):
    """Run the page query for the request's cursor; returns (rows, Page)."""
    mode, values = "first", None
    for arg in CURSOR_ARGS:
        if arg in request.args:
            mode = arg
            if arg != "last":
                values = decode(request.args[arg], keys)
                if values is None:
                    mode = "first"
            break
    backwards = mode in ("before", "last")
    columns = [col for col, _ in keys]
    if values is not None:
        bound = tuple_(*[bindparam(None, v, type_=c.type) for v, c in zip(values, columns)])
        # All keys share one direction, so one row comparison is the whole condition.
        later = keys[0][1] != (mode == "before")
        query = query.filter(tuple_(*columns) < bound if later else tuple_(*columns) > bound)
    order = [c.desc() if desc != backwards else c.asc() for c, desc in keys]
    rows = query.order_by(None).order_by(*order).limit(size + 1).all()
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    page = Page(keyed=True,
                has_prev=more if backwards else mode == "after",
                has_next=mode == "before" or (more and not backwards))
    if rows:
        page.first, page.last = encode(rows[0], keys), encode(rows[-1], keys)
    return rows, page
