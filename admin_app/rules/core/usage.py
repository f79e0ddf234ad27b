"""Deleting a record (SPEC S9: nothing is lost or orphaned).

A record is deleted only when nothing refers to it: every foreign key of the schema is
asked, so a new table is covered the day it is added. What belongs to the record itself
(a combo's sub-SKU lines, a customer's labels, a level's or SKU's tier prices) goes with
it. Anything else in use is refused with what uses it; such a record can be deactivated
instead: hidden from pickers, kept on its history.
"""
from sqlalchemy import delete, func, select

from . import access, audit
from .errors import RuleError

# (table, column) whose rows belong to the record they point at and go with it.
OWNED = {("combo_component", "combo_id"), ("customer_label", "customer_id"),
         ("tier_price", "level_id"), ("tier_price", "sku_id")}
NAMES = {"sales_order": "order", "aftersales_order": "after-sales order",
         "aftersales_line": "after-sales line", "app_user": "user",
         "ledger_entry": "ledger entry", "credit_lot": "store-credit lot",
         "stock_movement": "stock movement", "stock_level": "stock level",
         "combo_component": "combo", "customer_label": "customer",
         "payment_receipt": "payment receipt", "points_event": "points event",
         "point_lot": "point lot", "audit_log": "audit trail entry",
         "outbox": "notification", "lot_use": "store-credit use",
         "point_use": "points use", "payment_allocation": "payment allocation",
         "refund_order": "refund order", "order_line": "order line",
         "idempotency_key": "submitted form"}
COUNT_UP_TO = 1000  # "1,000+" is enough to say it is in use


def _references(row):
    """(table, column) pairs of every foreign key pointing at the row's table."""
    table = row.__table__
    for other in table.metadata.sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table is table:
                yield other, fk.parent


def uses_of(session, row) -> list[tuple[str, int]]:
    """What refers to `row` (not counting what belongs to it): (name, count)."""
    found: dict[str, int] = {}
    for table, column in _references(row):
        if (table.name, column.name) in OWNED:
            continue
        capped = select(1).select_from(table).where(column == row.id).limit(COUNT_UP_TO)
        count = session.execute(select(func.count()).select_from(capped.subquery())) \
            .scalar()
        if count:
            name = NAMES.get(table.name, table.name.replace("_", " "))
            found[name] = found.get(name, 0) + count
    return sorted(found.items())


def _plural(name: str, n: int) -> str:
    if n == 1:
        return name
    return name[:-1] + "ies" if name.endswith("y") else name + "s"


def describe(uses) -> str:
    return ", ".join(f"{'1,000+' if n >= COUNT_UP_TO else n} {_plural(name, n)}"
                     for name, n in uses)


def check_unused(session, row) -> None:
    uses = uses_of(session, row)
    if uses:
        instead = ("Deactivate it instead: it is then hidden from pickers and kept on "
                   "its history." if hasattr(row, "active") else
                   "Move what uses it elsewhere first.")
        raise RuleError(
            "usage.used_deleted", {"row": row, "describe": describe(uses), "instead": instead}
        )


def delete_row(session, user, row) -> None:
    """Delete `row` and what belongs to it, or refuse naming what uses it (only the
    organization's own rows: another's, a partner's too, is NotYours)."""
    access.require(session, user, row, "write")
    check_unused(session, row)
    audit.record(session, user, f"{type(row).__name__.lower()}.delete", row,
                 before=audit.snapshot(row), after={})
    for table, column in _references(row):
        if (table.name, column.name) in OWNED:
            session.execute(delete(table).where(column == row.id))
    session.expire(row)  # its collections are gone already: do not delete them twice
    session.delete(row)
    session.flush()


def set_active(session, user, row, active: bool) -> None:
    """Deactivate (hide from pickers, keep on history) or activate again (the
    organization's own rows only)."""
    access.require(session, user, row, "write")
    if row.active == active:
        return
    row.active = active
    session.flush()
    audit.record(session, user, f"{type(row).__name__.lower()}."
                 f"{'activate' if active else 'deactivate'}", row,
                 before={"active": not active}, after={"active": active})


def require_active(*rows) -> None:
    """New orders and after-sales orders may not pick a deactivated record."""
    for row in rows:
        if row is not None and getattr(row, "active", True) is False:
            raise RuleError('usage.deactivated_activate_again_choose', {'row': row})
