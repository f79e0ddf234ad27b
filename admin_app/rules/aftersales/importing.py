"""Import of returns (SPEC S7): every row of a file checked against what a single
customer return needs (the order is the organization's and can take returns, the SKU
is on it, the quantity is within what can still come back counting the file's earlier
rows, the warehouse is usable, the reason is known); a file with any bad row is
refused whole, naming each row; a good file becomes customer returns in one
transaction, through the same create rule as one return; the same file (by its
content) is imported once."""
import hashlib
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from . import orders as aftersales
from .kinds import KINDS
from .lines import returned_many  # a customer return: goods only
from .orders import MAX_QTY, ReturnInput
from .returns_file import Row
from ..core import bulk
from ..core import audit, clock
from ..core.chunks import chunks, exact
from ..core.errors import RuleError
from ..core.messages import say
from ..core.messages._marker import _
from ..core.numbering import unique_numbers
from ..sales.orders import lock_many
from ...models import (AfterSalesOrder, ImportBatch, Order, OrderLine,
                       Organization,
                       ReturnReason, Warehouse)
from ..core.usecase import use_case
from ..core.text import digits_only, typed

KIND = "customer_return"
MAX_ERRORS_SHOWN = 200


@dataclass
class Plan:
    rows: int
    errors: list[tuple[int, str]] = field(default_factory=list)
    # (order, warehouse, tracking no.) -> [(row number, order line, quantity, reason)]
    # (the rows as loaded by the check: the import creates from them)
    groups: dict = field(default_factory=dict)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def already_imported(session, org_id: int, file_digest: str,
                     kind: str = "returns") -> ImportBatch | None:
    return session.execute(select(ImportBatch).where(
        ImportBatch.org_id == org_id, ImportBatch.kind == kind,
        ImportBatch.digest == file_digest)).scalar()


def refuse_twice(session, org_id: int, file_digest: str, kind: str = "returns") -> None:
    found = already_imported(session, org_id, file_digest, kind)
    if found is not None:
        raise RuleError(
            "import.file_already_imported_returns",
            {
                "created_at": clock.local_time(session.get(Organization, org_id),
                                               found.created_at),
                "filename": found.filename,
                "created": found.created,
            },
        )


def _orders(session, org_id, numbers) -> dict[str, Order]:
    """By number as typed, else in any case; looked up as typed and in capitals, so the
    (org, number) index serves it. Where two orders differ only in case, the one typed
    exactly is the one meant."""
    wanted = {n for number in numbers for n in (number, number.upper())}
    return by_number(o for part in chunks(wanted) for o in exact(
        session, Order.number, part, org_id,
        selectinload(Order.lines).joinedload(OrderLine.sku)))


def by_number(orders) -> dict[str, Order]:
    """Orders by number as it is, and in small letters for a number typed in another
    case (shared with the platforms' import)."""
    found = {o.number: o for o in orders}
    for order in list(found.values()):
        found.setdefault(order.number.lower(), order)
    return found


def order_of(orders: dict[str, Order], number: str) -> Order | None:
    """The order typed exactly, else the one of that number in another case."""
    return orders.get(number) or orders.get(number.lower())


# shared with the platforms' import (rules/platforms/importing.py)
SKU_NOT_ON_ORDER = _("SKU '{sku}' is not on order {number}")
QUANTITY = _("quantity '{quantity}': a whole number from 1 to {most}")


def _named(session, model, org_id) -> dict:
    return {row.name.strip().lower(): row for row in session.execute(
        select(model).where(model.org_id == org_id)).scalars()}


def check(session, org_id: int, rows: list[Row]) -> Plan:
    plan = Plan(rows=len(rows))
    orders = _orders(session, org_id, {r.order_no for r in rows if r.order_no})
    returned = returned_many(session, list({ln.id for o in orders.values() for ln in o.lines}),
                             goods_only=True)
    places, reasons = _named(session, Warehouse, org_id), _named(session, ReturnReason, org_id)
    for row in rows:
        problems: list[str] = []
        order = order_of(orders, row.order_no)
        lines = _lines(row, order, problems)
        qty = _quantity(row, problems)
        warehouse = checked_warehouse(places.get(row.warehouse.lower()), row.warehouse,
                                      problems)
        reason = reasons.get(row.reason.lower()) if row.reason else None
        if row.reason and (reason is None or not reason.active):
            problems.append(say(_("reason '{reason}' is not one of your return reasons"),
                                reason=row.reason))
        _tracking(row, problems)
        parts = _spread(lines, qty, returned, order, problems) if lines and qty else []
        if problems:
            plan.errors.append((row.number, "; ".join(problems)))
        elif not plan.errors:
            key = (order, warehouse, row.tracking_no)
            plan.groups.setdefault(key, []).extend(
                (row.number, line, part, reason) for line, part in parts)
    return plan


def _tracking(row, problems) -> None:
    """A tracking number too long for the after-sales order is named at the check, as
    the confirmation would refuse it."""
    try:
        typed(row.tracking_no, "Return tracking no.", aftersales.TRACKING_MAX)
    except RuleError as too_long:
        problems.append(too_long.message)


def _spread(lines, qty: int, returned: dict, order, problems) -> list:
    """The row's quantity over the order's lines of its SKU, first line first (an order
    may sell one SKU on several lines); the file's later rows see what this one took."""
    left = sum(line.quantity - returned[line.id] for line in lines)
    if qty > left:
        problems.append(say(_("{code} on {number}: {qty} but only {left} of {total} "
                              "can still be returned"), code=lines[0].sku.code,
                            number=order.number, qty=qty, left=left,
                            total=sum(line.quantity for line in lines)))
        return []
    parts = spread(lines, qty, {line.id: line.quantity - returned[line.id] for line in lines})
    for line, part in parts:
        returned[line.id] += part
    return parts


def spread(lines, qty: int, room: dict) -> list:
    """[(line, quantity)]: qty over the lines, first line first, each up to its room
    (shared with the platforms' import)."""
    parts = []
    for line in lines:
        part = min(qty, room[line.id])
        if part > 0:
            parts.append((line, part))
            qty -= part
    return parts


def _lines(row, order, problems) -> list:
    if order is None:
        problems.append(say(_("no order '{number}' in your organization"), number=row.order_no)
                        if row.order_no else say(_("the order no. is missing")))
        return []
    refusal = aftersales.why_not_on(order, KINDS[KIND])
    if refusal:
        problems.append(refusal.message)
        return []
    lines = [ln for ln in order.lines if ln.sku.code.lower() == row.sku.lower()]
    if not lines:
        problems.append(say(SKU_NOT_ON_ORDER, sku=row.sku, number=order.number))
    return lines


def _quantity(row, problems) -> int | None:
    text = row.quantity.strip()
    if not digits_only(text) or not 1 <= int(text) <= MAX_QTY:
        problems.append(say(QUANTITY, quantity=row.quantity, most=f"{MAX_QTY:,}"))
        return None
    return int(text)


def checked_warehouse(warehouse, name: str, problems):
    """The warehouse a row names, if it can take returns (shared with the platforms'
    import)."""
    if warehouse is None:
        problems.append(say(_("no warehouse '{name}'"), name=name) if name
                        else say(_("the warehouse is missing")))
    elif not warehouse.active or warehouse.kind == "supplier":
        problems.append(say(_("warehouse {name} cannot take returns (deactivated)")
                            if not warehouse.active else
                            _("warehouse {name} cannot take returns (a supplier warehouse)"),
                            name=warehouse.name))
    return warehouse


@use_case("aftersales.manual")
def apply(session, user, plan: Plan, file_digest: str, filename: str) -> ImportBatch:
    """Creates every return of a checked file, or nothing."""
    refuse_twice(session, user.org_id, file_digest)
    if plan.errors:
        raise RuleError('import.row_s_problems_nothing', {'errors': len(plan.errors)})
    orders = [order for order, _, _ in plan.groups]
    lock_many(session, orders)
    # read again under the locks: someone may have returned some since the check
    returned = returned_many(session, [ln.id for order in orders for ln in order.lines],
                             goods_only=True)
    numbers = unique_numbers(session, AfterSalesOrder, user.org_id, "AS", len(plan.groups),
                             clock.today(session, user.org_id))
    made = [_prepare(session, key, items, number, returned, filename)
            for (key, items), number in zip(plan.groups.items(), numbers)]
    session.add_all(made)
    bulk.number_new_rows(session, list(session.new))
    session.flush()
    with session.no_autoflush:  # the trail's rows go in with the batch's one flush
        aftersales.record_created(session, user, *made)
    batch = ImportBatch(org_id=user.org_id, kind="returns", digest=file_digest,
                        filename=filename[:200], rows=plan.rows, created=len(made),
                        created_by=getattr(user, "id", None))
    session.add(batch)
    bulk.number_new_rows(session, list(session.new))
    session.flush()
    audit.record(session, user, "returns.import", batch)
    return batch


def _prepare(session, key, items, number, returned, filename):
    order, warehouse, tracking = key
    try:
        return aftersales.prepare(
            session, order, KIND, [ReturnInput(qty, order_line=line, reason=reason)
                                   for _, line, qty, reason in items],
            warehouse=warehouse, tracking_no=tracking or None,
            note=f"Imported from {filename}"[:500], number=number, returned=returned)
    except RuleError as refused:  # changed since the check: name the rows
        rows = ", ".join(str(n) for n, *_ in items)
        raise RuleError('import.row_nothing_imported', {'rows': rows, 'refused': refused}) from None
