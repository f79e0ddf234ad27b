"""Return stock-in (distribution) on the distributor's side (SPEC S6): created with an
after-sales order of a distribution order, pushed to the supplier (at once with
auto-push), re-pushed after a failure, recalled when the after-sales order is cancelled.
A push creates exactly one supplier record, however many users or retries push it."""
from datetime import date

from sqlalchemy import select

from ..aftersales import hooks, orders as aftersales, refund_orders
from ..aftersales.kinds import kind_of
from ..core import access, audit, clock
from ..core.chunks import chunks
from ..core.errors import RuleError, TransitionError
from ..core.messages import Said
from ..core.messages._marker import _
from ..core.numbering import unique_number
from ..sales.orders import lock as lock_order
from ..stock import movements
from . import partnerships, push_failure, shipped_as
from .push_failure import Problem
from .fulfilment import usable_warehouse
from ...models import (PUSH_STATUSES, AfterSalesLine, AfterSalesOrder, DistributionOrder,
                       DistributionReturn, Warehouse, utcnow)
from ...money import ZERO, fmt, quantize
from ..core.permissions import has_permission
from ..core.transitions import Lifecycle
from ..core.usecase import use_case

# A distributor's record of a return going back to its supplier: pushed, or failed with
# its reasons (pushed again, unless the failure is final); recalled when the
# distributor cancels its after-sales order.
PUSH = Lifecycle("push", {
    "to_push": {"push": "pushed", "fail": "push_failed", "recall": "recalled"},
    "push_failed": {"push": "pushed", "fail": "push_failed", "recall": "recalled"},
    "pushed": {"recall": "recalled"},
    "recalled": {},
}, PUSH_STATUSES, {"push": "Push", "fail": "Push failed", "recall": "Recall"})

MAX_AGE_DAYS = 90


def on_aftersales_created(session, user, asos) -> None:
    """An after-sales order whose goods come back (SPEC S6 Decision: not a Refund-Only
    one, nor a repair) on a distribution order gets its return stock-in record, unless
    they come back to one of the distributor's own warehouses: stocked in there, they
    are not sent to the supplier too. The distribution orders of all of them are read
    at once."""
    coming_back = [aso for aso in asos if kind_of(aso).warehouse and not _own(session, aso)]
    order_ids = sorted({aso.order_id for aso in coming_back})
    links = {link.distributor_order_id: link for part in chunks(order_ids)
             for link in session.execute(select(DistributionOrder).where(
                 DistributionOrder.distributor_order_id.in_(part))).scalars()}
    for aso in coming_back:
        if aso.order_id not in links:
            # a supplier's warehouse takes back only what that supplier shipped: anything
            # else could never be pushed, nor stocked in here
            raise RuleError("aftersales.supplier_warehouse_not_shipped",
                            {"name": session.get(Warehouse, aso.warehouse_id).name,
                             "number": aso.order.number if aso.order else aso.order_id},
                            field="return_warehouse")
        _record_return(session, user, aso, links[aso.order_id])


def _own(session, aso) -> bool:
    warehouse = session.get(Warehouse, aso.warehouse_id) if aso.warehouse_id else None
    return warehouse is not None and warehouse.kind != "supplier"


def _record_return(session, user, aso, link) -> None:
    record = DistributionReturn(org_id=aso.org_id, aftersales_id=aso.id,
                                distribution_order_id=link.id)
    session.add(record)
    session.flush()
    audit.record(session, user, "distribution.return_created", record)
    if link.partnership.auto_push:
        push(session, user, record)


def problems(session, record, today: date) -> list[Problem]:
    """Why this record cannot be pushed today (empty: it can)."""
    link = record.distribution_order
    p, order = link.partnership, link.distributor_order
    ordered = order.order_date.date()
    out = []
    if (today - ordered).days > MAX_AGE_DAYS:
        out.append(Problem(Said(_("order {number} is {days} days old; orders older than "
                                  "{most} days cannot be pushed"), number=order.number,
                                days=(today - ordered).days, most=MAX_AGE_DAYS), True))
    if not partnerships.in_period(p, ordered) and (
            p.status == "terminated" or (p.started_on or today) > ordered):
        out.append(Problem(_outside_period(p, order, ordered), True))
    # a terminated partnership's mapping and warehouses are frozen: no fixing them now
    frozen = p.status == "terminated"
    mapping = partnerships.mapped(session, p)
    for line in record.aftersales.return_lines:
        if shipped_as.of(link, line.sku) is not None:
            continue  # returned as it was shipped, whatever the mapping says now
        for sku, _qty in movements.components_of(session, line.sku, 1):
            if sku.id not in mapping:
                out.append(Problem(Said(_("SKU {code} is not mapped to a supplier SKU"),
                                        code=sku.code), frozen))
    # whether its warehouse is active is the supplier's own setting, not a term frozen
    # with the partnership: switched back on, the return can be pushed again
    why = usable_warehouse(link.partner_warehouse.supplier_warehouse)
    if why:
        out.append(Problem(why, False))
    return out


def _lock(session, record) -> None:
    session.flush()  # a refresh would drop changes not yet written
    session.refresh(record, with_for_update=True)


def _outside_period(p, order, ordered: date) -> Said:
    """The cooperation period as people say it: a partnership still running has no end
    ("which started on 2026-07-10"), one not accepted yet no start."""
    if p.started_on and p.ended_on:
        return Said(_("order {number} of {day} is outside the cooperation period ({start} "
                      "to {end})"), number=order.number, day=str(ordered),
                    start=str(p.started_on), end=str(p.ended_on))
    if p.started_on:
        return Said(_("order {number} of {day} is before the cooperation period, which "
                      "started on {start}"), number=order.number, day=str(ordered),
                    start=str(p.started_on))
    return Said(_("order {number} of {day} is outside the cooperation period, which has "
                  "not started"), number=order.number, day=str(ordered))


@use_case("distribution.manage")
def push(session, user, record: DistributionReturn, today: date | None = None):
    """Push (or re-push); a refusal is recorded as Push Failed with its reasons."""
    _lock(session, record)
    if PUSH.state(record) == "pushed":
        return record  # pushed already, by someone else or an earlier try
    if not PUSH.can(record, "push") or record.aftersales.status == "cancelled":
        raise RuleError('push.return_recalled_after_sales')
    record.attempts += 1
    found = problems(session, record, today or clock.today(session, record.org_id))
    if not found:
        try:
            with session.begin_nested():
                record.supplier_aso_id = _supplier_record(session, user, record).id
        except RuleError as refused:
            found = [Problem(refused, False)]
    action = "distribution.repush" if record.attempts > 1 else "distribution.push"
    record.final = any(problem.final for problem in found)
    if found:
        PUSH.apply(record, "fail")
        record.fail_reason = push_failure.kept(found)
    else:
        PUSH.apply(record, "push")
        record.fail_reason, record.pushed_at = None, utcnow()
        theirs = record.supplier_aso
        audit.record(session, user, "distribution.received", theirs, after={
            "number": theirs.number, "pushed_as": record.aftersales.number,
            "return_amount": str(theirs.returned_amount),
            "handling_fee": str(theirs.handling_fee)})
    audit.record(session, user, action, record, after={
        "status": record.status, "reason": push_failure.text(record.fail_reason, True)})
    return record


def _supplier_record(session, user, record) -> AfterSalesOrder:
    """The supplier's after-sales order: the returned goods as the supplier's SKUs
    (combos split), at the unit price of the original shipment."""
    link = record.distribution_order
    p, sale, mine = link.partnership, link.supplier_order, record.aftersales
    lock_order(session, sale)
    mapping = partnerships.mapped(session, p)
    sold = {line.sku_id: line for line in sale.lines}
    wanted: dict = {}
    for line in mine.return_lines:
        shipped = shipped_as.of(link, line.sku)
        parts = [(sku_id, per * line.quantity) for sku_id, per in shipped] \
            if shipped is not None else \
            [(mapping[sku.id].id, qty)
             for sku, qty in movements.components_of(session, line.sku, line.quantity)]
        for sku_id, qty in parts:
            wanted[sku_id] = wanted.get(sku_id, 0) + qty
    lines = []
    for sku_id, qty in wanted.items():
        original = sold.get(sku_id)
        if original is None:
            raise RuleError('push.returned_sku_supplier_s')
        left = aftersales.returnable(session, original)
        if qty > left:
            raise RuleError(
                "push.returned_but_supplier_s",
                {"code": original.sku.code, "qty": qty, "left": left, "number": sale.number},
            )
        lines.append(AfterSalesLine(
            org_id=sale.org_id, kind="return", order_line_id=original.id, sku_id=sku_id,
            quantity=qty, unit_price=original.unit_price,
            amount=quantize(original.unit_price * qty)))
    units = sum(line.quantity for line in lines)
    fee = p.handling_fee * units if p.fee_mode == "per_unit" else p.handling_fee
    aso = AfterSalesOrder(
        org_id=sale.org_id, kind="distribution_return", status="confirm_return",
        number=unique_number(session, AfterSalesOrder, sale.org_id, "AS",
                             clock.today(session, sale.org_id)),
        order_id=sale.id, customer_id=sale.customer_id,
        warehouse_id=link.partner_warehouse.supplier_warehouse_id,
        return_tracking_no=mine.return_tracking_no,
        returned_amount=sum((line.amount for line in lines), ZERO),
        handling_fee=quantize(fee), note=f"Pushed by the distributor: {mine.number}",
        distribution_fee=sale.fee if mine.kind == "abnormal_return" else ZERO)
    aso.lines = lines
    session.add(aso)
    session.flush()
    return aso


@use_case("distribution.manage")
def recall(session, user, record: DistributionReturn) -> DistributionReturn:
    """The distributor takes a return back (SPEC S6: by cancelling its own after-sales
    order, which recalls what was pushed): the recall of the Distribution page and of
    the API, for whoever manages distribution (S1). Only a pushed return: cancelling
    one that never reached the supplier is after-sales work, not a recall."""
    _lock(session, record)
    if not is_pushed(record):
        raise TransitionError("push.recall_not_pushed", {"number": record.aftersales.number})
    aftersales.cancel(session, user, record.aftersales)
    return record


def recall_on_cancel(session, user, aso) -> None:
    """Cancelling the distributor's after-sales order recalls what was pushed, unless
    the supplier has already stocked the goods in (then nothing changes)."""
    record = session.execute(select(DistributionReturn).where(
        DistributionReturn.aftersales_id == aso.id)).scalar()
    if record is None:
        return
    _lock(session, record)
    if PUSH.state(record) == "pushed":
        theirs = record.supplier_aso
        aftersales.lock_aso(session, theirs)
        if not aftersales.can(theirs, "recall"):
            raise RuleError(
                "push.cancelled_supplier_already_stocked",
                {"number": aso.number, "number2": theirs.number},
            )
        supplier = access.act_as_partner(session, user, "recall", theirs)
        aftersales.move(session, supplier, theirs, "recall")
    if PUSH.can(record, "recall"):
        PUSH.apply(record, "recall")
        record.recalled_at = utcnow()
        audit.record(session, user, "distribution.recall", record)


def send_tracking(session, user, aso) -> None:
    """A tracking number the distributor enters after the push reaches the supplier's
    record (SPEC S5: "entered at any time before stock-in"; the supplier stocks in)."""
    record = session.execute(select(DistributionReturn).where(
        DistributionReturn.aftersales_id == aso.id)).scalar()
    if record is None or PUSH.state(record) != "pushed":
        return
    theirs = record.supplier_aso
    aftersales.lock_aso(session, theirs)
    if theirs.received_at is not None or theirs.status in ("completed", "cancelled") or \
            theirs.return_tracking_no == aso.return_tracking_no:
        return
    supplier = access.act_as_partner(session, user, "send_tracking", theirs)
    before = {"return_tracking_no": theirs.return_tracking_no}
    theirs.return_tracking_no = aso.return_tracking_no
    audit.record(session, supplier, "aftersales.tracking", theirs, before=before,
                 after={"return_tracking_no": theirs.return_tracking_no})


def follow_supplier_stock_in(session, user, aso) -> None:
    """The supplier stocked a pushed return in: the distributor's after-sales order
    moves to Received Return with it (its goods never enter the distributor's stock),
    as its own stock-in would move it (a platform's clocks stop: the goods are back)."""
    if aso.kind != "distribution_return":
        return
    record = session.execute(select(DistributionReturn).where(
        DistributionReturn.supplier_aso_id == aso.id)).scalar()
    if record is None:
        return
    mine = record.aftersales
    for event in ("stock_in", "confirm_stock_in"):
        if aftersales.can(mine, event):
            distributor = access.act_as_partner(session, user, "follow_supplier", mine)
            mine.received_at = utcnow()
            aftersales.move(session, distributor, mine, event)
            hooks.run(hooks.ON_STOCK_IN, session, distributor, mine)
            break
    audit.record(session, user, "distribution.supplier_stock_in", record,
                 after={"supplier_record": aso.number})


def complete_when_nothing_to_refund(session, user, aso) -> None:
    """A pushed return whose handling fee is at least its return amount has nothing to
    refund: it completes with its stock-in, saying why (the distributor sees it)."""
    if aso.kind == "distribution_return" and aftersales.can(aso, "nothing_to_refund"):
        refund_orders.complete_nothing_to_refund(session, user, aso)


def follow_supplier_refund(session, user, aso) -> None:
    """The distributor's own audit trail shows the supplier's refund as it moves."""
    if aso.kind != "distribution_return":
        return
    record = session.execute(select(DistributionReturn).where(
        DistributionReturn.supplier_aso_id == aso.id)).scalar()
    if record is not None:
        audit.record(session, user, "distribution.supplier_refund", record,
                     after={"supplier_record": aso.number,
                            "progress": progress(record).english()})


def progress(record: DistributionReturn) -> Said:
    """What the distributor sees of the supplier's side (str(): in the reader's words)."""
    if record.status != "pushed" or record.supplier_aso is None:
        return Said(PUSH_STATUSES.english(record.status, record.status))
    theirs = record.supplier_aso
    if theirs.status == "completed" and not theirs.refunded:
        return Said(_("Completed by the supplier: nothing to refund (handling fee {fee} is at "
                      "least the return amount {amount})"), fee=fmt(theirs.handling_fee),
                    amount=fmt(theirs.returned_amount))
    if theirs.status == "completed":
        return Said(_("Refunded by the supplier"))
    if theirs.status == "refund_processing":
        return Said(_("Refund sent: confirm receipt"))
    if theirs.received_at is not None:
        return Said(_("Stocked in by the supplier"))
    return Said(_("Waiting for the supplier's stock-in"))


def why_not(user, record: DistributionReturn, event: str = "push") -> RuleError | None:
    """Why `user` cannot push (or push again) this record now; None: they can."""
    if not has_permission(user, "distribution.manage"):
        return RuleError("access.not_permitted", {"names": '"Distribution"'})
    if PUSH.state(record) == "pushed":
        return RuleError("push.already_pushed", {"number": record.aftersales.number})
    if not PUSH.can(record, event):  # a cancelled return's record is recalled with it
        return RuleError("push.return_recalled_after_sales")
    if record.final:
        return RuleError("push.final", {"number": record.aftersales.number,
                                        "reason": failure(record)})
    return None


def allowed(user, record: DistributionReturn) -> list[str]:
    """"push" when the record can be pushed (its first try, or again after a failure
    that is not final); "recall" while the supplier has not stocked it in."""
    if why_not(user, record) is None:
        return ["push"]
    # the supplier's side decides (its stock-in ends the recall); the cancel of the
    # distributor's own order checks the rest
    if is_pushed(record) and has_permission(user, "distribution.manage") and \
            aftersales.can(record.supplier_aso, "recall"):
        return ["recall"]
    return []


def failure(record: DistributionReturn) -> str:
    """Why its last push failed, in the reader's words ("" when it did not)."""
    return push_failure.text(record.fail_reason)


def is_pushed(record: DistributionReturn) -> bool:
    return PUSH.state(record) == "pushed"
