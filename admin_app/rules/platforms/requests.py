"""Platform after-sales orders (SPEC S12): a channel's return or refund request, or an
abnormal return it reports, received through the API or an import. The platform's
request id is taken once per store: the same request again updates the order, never
makes a second. The platform's status moves it (tables.mapping_for, data per channel)
and runs its clocks (deadlines); the seller only answers (accept), stocks the goods in
and disputes. The platform refunds its buyer: no bank or balance refund of ours, but
what it kept from our payout is recorded on the order's money account."""
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from . import deadlines, evidence, tables
from ..aftersales import hooks, orders as aftersales
from ..aftersales.kinds import KINDS, kind_of
from ..aftersales.orders import ReturnInput
from ..core import audit, clock
from ..core.errors import RuleError
from ..core.numbering import unique_number
from ..core.text import single_line, typed
from ..core.usecase import use_case
from ..credit import ledger, order_money, points
from ..sales.orders import lock
from ...models import AfterSalesOrder, Order, Store, Warehouse, utcnow
from ...money import ZERO, fmt, quantize

# the request types a channel sends -> the kind of after-sales order they make
TYPES = {"return_refund": "platform_return", "refund_only": "platform_refund",
         "abnormal_return": "abnormal_return"}
MAX_LINKS = 20


@dataclass
class PlatformRequest:
    store: Store
    request_id: str
    order: Order
    type: str
    platform_status: str
    refund_amount: Decimal | None = None  # None: not told (kept on an update, 0 on a new one)
    reason: str = ""
    evidence_links: list[str] = field(default_factory=list)
    lines: list[ReturnInput] = field(default_factory=list)
    warehouse: Warehouse | None = None
    tracking_no: str | None = None
    requested_at: datetime | None = None   # naive UTC; None: now
    due_at: datetime | None = None         # the platform's own deadline, if it sends one


@dataclass(frozen=True)
class Received:
    aso: AfterSalesOrder
    created: bool


@use_case("aftersales.manual")
def receive(session, user, req: PlatformRequest) -> Received:
    """Create the platform's after-sales order, or bring it up to date."""
    request_id = _check(session, user, req)
    lock(session, req.order)
    aso = session.execute(select(AfterSalesOrder).where(
        AfterSalesOrder.store_id == req.store.id,
        AfterSalesOrder.platform_request_id == request_id)).scalar()
    if aso is not None:
        if aso.order_id != req.order.id:
            raise RuleError("platform.request_other_order",
                            {"request_id": request_id, "number": aso.order.number},
                            field="request_id")
        _update(session, user, aso, req)
        return Received(aso, False)
    aso = _create(session, user, req, request_id)
    return Received(aso, True)


def _check(session, user, req: PlatformRequest) -> str:
    store, order = req.store, req.order
    if store is None or order is None or order.store_id != store.id:
        raise RuleError("platform.order_of_store", field="order")
    if store.channel not in tables.channels():
        raise RuleError("platform.store_not_platform",
                        {"name": store.name, "names": ", ".join(tables.channels())},
                        field="store")
    if req.type not in TYPES:
        raise RuleError("platform.type_one_of", {"names": ", ".join(TYPES)}, field="type")
    request_id = single_line(req.request_id)
    if not request_id or len(request_id) > 80:
        raise RuleError("platform.request_id_required", field="request_id")
    amount = quantize(req.refund_amount or ZERO)
    if not ZERO <= amount <= order.total:
        raise RuleError("platform.refund_within_order",
                        {"amount": fmt(amount), "total": fmt(order.total),
                         "number": order.number}, field="refund_amount")
    if req.type == "abnormal_return" and amount and order.payment_method == "cod":
        raise RuleError("platform.cod_never_paid", {"number": order.number},
                        field="refund_amount")
    # an abnormal return's status is the carrier's (failed delivery...): kept as told
    if req.type != "abnormal_return" and \
            tables.mapping_for(session, user.org_id, store.channel, req.platform_status) is None:
        raise RuleError("platform.status_unknown",
                        {"channel": store.channel, "status": req.platform_status[:60]},
                        field="platform_status")
    if len(req.evidence_links) > MAX_LINKS or \
            not all(evidence.is_link(u) for u in req.evidence_links):
        raise RuleError("platform.evidence_links", {"count": MAX_LINKS},
                        field="evidence_links")
    return request_id


def _lines(session, req: PlatformRequest) -> list[ReturnInput]:
    """What the request is for: the lines sent, else everything still returnable."""
    if req.lines:
        return req.lines
    left = [(line, aftersales.returnable(session, line, repairs=False))
            for line in req.order.lines]
    return [ReturnInput(qty, order_line=line) for line, qty in left if qty > 0]


def _create(session, user, req: PlatformRequest, request_id: str) -> AfterSalesOrder:
    code = TYPES[req.type]
    aso = aftersales.prepare(
        session, req.order, code, _lines(session, req),
        warehouse=req.warehouse if KINDS[code].warehouse else None,
        tracking_no=req.tracking_no, note=None, platform=KINDS[code].platform,
        number=unique_number(session, AfterSalesOrder, req.order.org_id, "AS",
                             clock.today(session, req.order.org_id)))
    aso.store_id, aso.platform_request_id = req.store.id, request_id
    aso.platform_reason = typed(single_line(req.reason), "Reason", 300)
    aso.platform_refund = quantize(req.refund_amount or ZERO)
    aso.requested_at = req.requested_at or utcnow()
    session.add(aso)
    session.flush()
    aftersales.record_created(session, user, aso)
    _add_links(session, user, aso, req.evidence_links)
    if kind_of(aso).platform:
        apply_status(session, user, aso, req.platform_status, aso.requested_at, req.due_at)
    else:  # an abnormal return: the platform refunded (or the COD buyer never paid)
        aso.platform_status = single_line(req.platform_status)[:60]
        post_refund(session, user, aso)
    return aso


def _update(session, user, aso, req: PlatformRequest) -> None:
    before = {"platform_status": aso.platform_status, "platform_refund": str(aso.platform_refund)}
    aso.platform_reason = typed(single_line(req.reason), "Reason", 300) or aso.platform_reason
    # the amount is the platform's until it refunded or the request ended (a stale
    # status arriving late must not say a refund the books never posted); a status sent
    # alone keeps it
    if aso.platform_refunded == ZERO and aso.status not in ENDED and \
            req.refund_amount is not None:
        aso.platform_refund = quantize(req.refund_amount)
    _add_links(session, user, aso, req.evidence_links)
    if kind_of(aso).platform:
        apply_status(session, user, aso, req.platform_status, utcnow(), req.due_at)
    else:
        aso.platform_status = single_line(req.platform_status)[:60]
        post_refund(session, user, aso)
    after = {"platform_status": aso.platform_status, "platform_refund": str(aso.platform_refund)}
    if after != before:  # a connector re-sending the same request leaves no trail row
        audit.record(session, user, "aftersales.platform_update", aso, before=before,
                     after=after)


def _add_links(session, user, aso, links) -> None:
    for url in links:
        evidence.add_link(session, user, aso, url, "request")


def _target(aso, state: str) -> str:
    """The mapped state in this kind's pipeline: a refund-only order has no return to
    wait for, so a return's waiting states are its Confirm Refund."""
    kind = kind_of(aso)
    if state in kind.states:
        return state
    return "confirm_refund" if "confirm_refund" in kind.states else state


ENDED = ("completed", "cancelled")


def waits_for_platform(aso, actions) -> bool:
    """Nothing is left for the seller: the platform's next status moves the request."""
    return not actions and aso.status not in ENDED


def apply_status(session, user, aso, platform_status: str, at: datetime,
                 platform_due: datetime | None = None) -> None:
    """The platform's status: the order moves forward to its mapped state and the clock
    the status starts runs (or the running one stops). A status mapped to an earlier
    state, or arriving after the request ended, is a message overtaken by a later one
    (connectors retry out of order): it changes nothing, except a dispute or judging
    (no clock of the seller's): raised after the buyer shipped, it is recorded and the
    seller's clock stops, the state staying where it is."""
    mapping = tables.mapping_for(session, aso.org_id, aso.store.channel, platform_status)
    if mapping is None:
        raise RuleError("platform.status_unknown",
                        {"channel": aso.store.channel, "status": platform_status[:60]},
                        field="platform_status")
    target = _target(aso, mapping.state)
    if target != aso.status and not kind_of(aso).can(aso.status, f"platform_{target}"):
        if mapping.clock is None and target not in ENDED and aso.status not in ENDED:
            aso.platform_status = mapping.platform_status
            deadlines.end(session, aso)
        return
    if target == aso.status and _earlier_step(mapping.clock, aso.deadline_step):
        return  # e.g. ACCEPTED retried after PROCESSING: the buyer has shipped already
    if target == aso.status and _request_retried(session, aso, mapping):
        return  # REQUESTED retried after SELLER_DISPUTE: the platform is judging already
    aso.platform_status = mapping.platform_status
    if target != aso.status:
        if target == "cancelled":
            _recall_what_was_pushed(session, user, aso)
        aftersales.move(session, user, aso, f"platform_{target}")
        if target == "completed":
            aso.completed_at = utcnow()
            post_refund(session, user, aso)
    if aso.status in ENDED or mapping.clock is None:
        deadlines.end(session, aso)
    else:
        # The buyer's request starts the first step's clock; a later step started when
        # its status came, not when the buyer asked (a request first seen at PROCESSING
        # six days on is not overdue already)
        started = at if mapping.clock == tables.CLOCKED[0] else max(at, utcnow())
        deadlines.start(session, aso, aso.store.channel, mapping.clock, started, platform_due)


def _recall_what_was_pushed(session, user, aso) -> None:
    """As a cancel on the page, what was pushed to a supplier is recalled. The platform's
    cancel is a fact, not a request: where the supplier has stocked the goods in already
    (nothing to recall), the order still follows the platform and the supplier's record
    stays, to be refunded as it is."""
    try:
        with session.begin_nested():
            hooks.run(hooks.BEFORE_CANCEL, session, user, aso)
    except RuleError as kept:
        audit.record(session, user, "aftersales.platform_cancel_not_recalled", aso, before={},
                     after={"why": kept.message})


def _request_retried(session, aso, mapping) -> bool:
    """Whether a status that starts a request arrives while the request is in a later
    phase of the same state that runs no clock of the seller's (judging, a dispute)."""
    if mapping.clock != tables.CLOCKED[0] or not aso.platform_status:
        return False
    now = tables.mapping_for(session, aso.org_id, aso.store.channel, aso.platform_status)
    return now is not None and now.clock is None and now.state == mapping.state


def _earlier_step(step: str | None, running: str | None) -> bool:
    """Whether `step` comes before the clock already running in the same state."""
    steps = tables.CLOCKED
    return step in steps and running in steps and steps.index(step) < steps.index(running)


def post_refund(session, user, aso) -> Decimal:
    """What the platform refunded its buyer, taken from our payout: on the order's money
    account (never more than came in for it), once."""
    amount = aso.platform_refund - aso.platform_refunded
    if amount <= 0:
        return ZERO
    order_money.give_back(aso.order, "platform", amount, "Platform refund")
    aso.platform_refunded += amount
    if aso.order.points_earned:  # SPEC S4: points go back in proportion to the refund
        ledger.lock_customer(session, aso.order.customer_id)
        points.take_back(session, aso.order, points.refunded(aso.order),
                         clock.today(session, aso.org_id))
    audit.record(session, user, "aftersales.platform_refund", aso, before={}, after={
        "amount": str(amount), "order": aso.order.number})
    return amount


@use_case("aftersales.manual")
def accept(session, user, aso) -> AfterSalesOrder:
    """The seller accepts the buyer's request (the platform is told by the seller's
    connector): the respond clock stops; goods coming back start the buyer's."""
    aftersales.lock_aso(session, aso)
    aftersales.require(aso, "accept")
    aftersales.move(session, user, aso, "accept")
    aso.responded_at = utcnow()
    deadlines.end(session, aso, ("respond",))
    if kind_of(aso).warehouse:
        deadlines.start(session, aso, aso.store.channel, "buyer_ship", aso.responded_at)
    return aso


def stop_on_stock_in(session, user, aso) -> None:
    """The goods are back: the buyer shipped and the seller confirmed receipt; a request
    stocked in before it was answered is answered by it (a respond clock that had
    passed is marked missed)."""
    if kind_of(aso).platform:
        deadlines.end(session, aso)
