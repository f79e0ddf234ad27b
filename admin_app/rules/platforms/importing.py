"""Import of platform after-sales requests (SPEC S12): a channel's export as CSV or Excel,
one row per returned SKU; the rows of one store's request id make one request. Every
row is checked first (a file with any bad row is refused whole, naming each); a good
file goes through the same rule as the API (requests.receive) in one transaction, so a
request already known is brought up to date, never made twice; the same file is
imported once."""
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from . import evidence, requests, tables
from ..aftersales import importing as returns_import, orders as aftersales_orders
from ..aftersales.kinds import KINDS
from ..aftersales.orders import MAX_QTY, ReturnInput
from ..aftersales.returns_file import cells, records
from ..core import audit, clock, currency
from ..core.errors import RuleError
from ..core.messages import say
from ..core.messages._marker import _
from ..core.usecase import use_case
from ...money import MAX_AMOUNT
from ...models import (AfterSalesOrder, ImportBatch, Order, OrderLine, Organization,
                       Store, Warehouse)
from ..core.text import digits_only

KIND = "platform"
COLUMNS = ("Store", "Request id", "Order no.", "Type", "Platform status", "Refund amount",
           "SKU", "Quantity", "Warehouse", "Reason", "Evidence links", "Requested at")
ALIASES = {c.lower(): key for c, key in zip(COLUMNS, (
    "store", "request_id", "order_no", "type", "status", "refund", "sku", "quantity",
    "warehouse", "reason", "links", "requested_at"))}
REQUIRED = {"store": "Store", "request_id": "Request id", "order_no": "Order no.",
            "type": "Type", "status": "Platform status"}


@dataclass
class Plan:
    rows: int
    errors: list[tuple[int, str]] = field(default_factory=list)
    requests: dict = field(default_factory=dict)   # (store id, request id) -> (rows, request)
    counted: dict = field(default_factory=dict)    # order line id -> quantity in the file
    returned: dict = field(default_factory=dict)   # order line id -> already returned


EXAMPLE = ("Sunrise Shopee", "RR2612010001", "SO2611010001", "return_refund", "REQUESTED",
           "45.00", "PB-10K", "1", "Shah Alam DC", "Damaged",
           "https://cf.shopee.ph/file/abc.jpg", "2026-12-01 14:30")


def read(filename: str, data: bytes) -> list[tuple[int, dict]]:
    """(row number, {field: text}) of each filled row of a CSV or Excel file."""
    return records(cells(filename, data), ALIASES, REQUIRED, COLUMNS)


def check(session, org_id: int, found: list[tuple[int, dict]]) -> Plan:
    plan = Plan(len(found))
    org = session.get(Organization, org_id)
    stores = {s.name.lower(): s for s in session.execute(select(Store).where(
        Store.org_id == org_id)).scalars()}
    places = {w.name.lower(): w for w in session.execute(select(Warehouse).where(
        Warehouse.org_id == org_id)).scalars()}
    numbers = {v.get("order_no", "").lower() for _, v in found}
    # requests already here are brought up to date: their lines are not asked again
    known = set(session.execute(select(AfterSalesOrder.store_id,
                                       AfterSalesOrder.platform_request_id).where(
        AfterSalesOrder.org_id == org_id, AfterSalesOrder.platform_request_id.in_(
            {v.get("request_id", "") for _, v in found}))).all())
    orders = returns_import.by_number(session.execute(select(Order).where(
        Order.org_id == org_id, func.lower(Order.number).in_(numbers)).options(
        selectinload(Order.lines).joinedload(OrderLine.sku))).scalars())
    # what already came back, for every line at once: not a query per row
    plan.returned = aftersales_orders.returned_many(
        session, list({ln.id for o in orders.values() for ln in o.lines}), repairs=False)
    for n, values in found:
        values = {key: values.get(key, "") for key in ALIASES.values()}  # a short row
        problems: list[str] = []
        store = _store(stores.get(values["store"].lower()), values, problems)
        order = returns_import.order_of(orders, values["order_no"])
        if order is None or store is None or order.store_id != store.id:
            problems.append(say(_("no order '{number}' of store '{store}'"),
                                number=values["order_no"], store=values["store"]))
        lines = _lines(order, values, problems) if order is not None else []
        new = store is not None and (store.id, values["request_id"]) not in known
        _type_and_status(session, org_id, store, values, new, problems)
        refund = _amount(values.get("refund", ""), org.currency, problems)
        if order is not None and refund is not None and refund > order.total:
            problems.append(say(_("refund amount '{amount}' is more than the total of order "
                                  "{number} ({total})"), amount=values.get("refund"),
                                number=order.number, total=order.total))
        qty = int(values["quantity"]) if digits_only(values.get("quantity", "")) else 0
        parts = _spread(plan, lines, qty, problems) if lines and qty and new \
            else [(ln, qty) for ln in lines[:1]]
        requested = _instant(org, values.get("requested_at", ""), problems)
        warehouse = _warehouse_and_links(values, places, problems)
        if problems:
            plan.errors.append((n, "; ".join(problems)))
        elif not plan.errors:
            _add(plan, n, values, store, order, parts, refund, requested, warehouse)
    return plan


def _type_and_status(session, org_id: int, store, values, new: bool, problems) -> None:
    """The row's type and platform status, checked as the request's rule will check
    them (a new request whose goods come back names its warehouse)."""
    if store is not None and values["type"] != "abnormal_return" and \
            tables.mapping_for(session, org_id, store.channel, values["status"]) is None:
        problems.append(say(_("status '{status}' is not in the {channel} status mapping"),
                            status=values["status"], channel=store.channel))
    kind = requests.TYPES.get(values["type"])
    if kind is None:
        problems.append(say(_("type '{type}': one of {types}"), type=values["type"],
                            types=", ".join(requests.TYPES)))
    elif new and not values["warehouse"] and KINDS[kind].warehouse:
        problems.append(RuleError("aftersales.return_warehouse_choose_where").message)


def _warehouse_and_links(values, places: dict, problems):
    """The warehouse the row names (if any) and its evidence links, checked as the
    request's own rule will check them."""
    named = values.get("warehouse", "")
    links = values.get("links", "").split()
    if len(links) > requests.MAX_LINKS or not all(map(evidence.is_link, links)):
        problems.append(say(_("evidence links '{links}': at most {count}, each a web "
                              "address starting with https:// or http://"),
                            links=values.get("links", ""), count=requests.MAX_LINKS))
    return returns_import.checked_warehouse(places.get(named.lower()), named,
                                            problems) if named else None


def _store(store, values, problems):
    if store is None:
        problems.append(say(_("no store '{store}'"), store=values["store"]))
    elif store.channel not in tables.channels():
        problems.append(say(_("store {store} is not on {channels}"), store=store.name,
                            channels=", ".join(tables.channels())))
        return None
    return store


def _lines(order, values, problems) -> list:
    """The order's lines of the row's SKU (one SKU may be sold on several lines)."""
    if not values.get("sku"):
        return []  # the request is for everything still returnable
    lines = [ln for ln in order.lines if ln.sku.code.lower() == values["sku"].lower()]
    if not lines:
        problems.append(say(returns_import.SKU_NOT_ON_ORDER, sku=values["sku"],
                            number=order.number))
    qty = values.get("quantity", "")
    if not digits_only(qty) or not 1 <= int(qty) <= MAX_QTY:
        problems.append(say(returns_import.QUANTITY, quantity=qty, most=f"{MAX_QTY:,}"))
    return lines


def _spread(plan, lines, qty: int, problems) -> list:
    """The row's quantity over its SKU's lines, first line first; the file's rows count
    up against what can still come back."""
    can = {ln.id: ln.quantity - plan.returned[ln.id] for ln in lines}
    taken = {ln.id: plan.counted.get(ln.id, 0) for ln in lines}
    if qty + sum(taken.values()) > sum(can.values()):
        problems.append(say(_("{code}: {asked} asked in this file but only {left} of {total} "
                              "can still be returned"), code=lines[0].sku.code,
                            asked=qty + sum(taken.values()), left=sum(can.values()),
                            total=sum(ln.quantity for ln in lines)))
        return []
    parts = returns_import.spread(lines, qty, {ln.id: can[ln.id] - taken[ln.id] for ln in lines})
    for line, part in parts:
        plan.counted[line.id] = taken[line.id] + part
    return parts


def _amount(text: str, code: str, problems) -> Decimal | None:
    """An amount in the currency's units (VND and IDR have no decimals); a blank cell
    is not told (None: a known request keeps its amount)."""
    if not (text or "").strip():
        return None
    try:
        amount = Decimal(text)
        if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
            raise InvalidOperation
        return currency.entered(amount, code, "Refund amount") or Decimal(0)
    except InvalidOperation:
        problems.append(say(_("refund amount '{amount}': an amount like 150.50"), amount=text))
    except RuleError as refused:
        problems.append(refused.message)
    return Decimal(0)


def _instant(org, text: str, problems) -> datetime | None:
    """A time as the channel's export writes it, on the organization's clock unless it
    carries its own offset."""
    if not text:
        return None
    try:
        at = datetime.fromisoformat(text.replace("Z", "+00:00"))
        if not 2000 <= at.year <= 2100:  # as the API: a date of this century
            raise ValueError(text)
        if at.tzinfo is None:
            at = at.replace(tzinfo=clock.zone(org.timezone))
        return at.astimezone(timezone.utc).replace(tzinfo=None)
    except (ValueError, OverflowError):
        problems.append(say(_("requested at '{text}': a date and time like 2026-12-01 14:30"),
                            text=text))
        return None


def _add(plan, n, values, store, order, parts, refund, requested, warehouse) -> None:
    key = (store.id, values["request_id"])
    rows, request = plan.requests.get(key, ([], None))
    if request is None:
        request = requests.PlatformRequest(
            store=store, request_id=values["request_id"], order=order, type=values["type"],
            platform_status=values["status"], refund_amount=refund,
            reason=values.get("reason", ""),
            evidence_links=values.get("links", "").split(), warehouse=warehouse,
            requested_at=requested)
    request.lines.extend(ReturnInput(part, order_line=line) for line, part in parts)
    plan.requests[key] = (rows + [n], request)


@use_case("aftersales.manual")
def apply(session, user, plan: Plan, file_digest: str, filename: str) -> ImportBatch:
    """Every request of a checked file, through the API's rule, or nothing."""
    returns_import.refuse_twice(session, user.org_id, file_digest, KIND)
    if plan.errors:
        raise RuleError('import.row_s_problems_nothing', {'errors': len(plan.errors)})
    made = 0
    for rows, request in plan.requests.values():
        try:
            made += requests.receive(session, user, request).created
        except RuleError as refused:
            raise RuleError('import.row_nothing_imported', {
                'rows': ", ".join(map(str, rows)), 'refused': refused}) from None
    batch = ImportBatch(org_id=user.org_id, kind=KIND, digest=file_digest,
                        filename=filename[:200], rows=plan.rows, created=made,
                        created_by=getattr(user, "id", None))
    session.add(batch)
    session.flush()
    audit.record(session, user, "platform.import", batch)
    return batch
