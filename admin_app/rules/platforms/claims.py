"""Disputes (appeals) and logistics claims (SPEC S12): lodged from a platform
after-sales order within the channel's window (Settings > Platform deadlines: appeal,
logistics claim), decided won, partly won or lost; the compensation the platform pays
is money in on the order's account (order.compensation), which verify-ledger checks
against the decided claims."""
from decimal import Decimal

from sqlalchemy import func, select

from . import deadlines
from ..aftersales.kinds import kind_of
from ..aftersales.orders import lock_aso
from ..core import audit, clock
from ..core.errors import RuleError
from ..core.messages import Labels
from ..core.numbering import unique_number
from ..core.text import typed
from ..core.transitions import Lifecycle
from ..core.usecase import use_case
from ...models import CLAIM_KINDS, CLAIM_STATUSES, Organization, PlatformClaim, utcnow
from ...money import ZERO, fmt, quantize

LIFECYCLE = Lifecycle("platform_claim", {"open": {"won": "won", "partial": "partial",
                                                  "lost": "lost"}},
                      CLAIM_STATUSES, Labels({"won": "Won", "partial": "Partly won",
                                              "lost": "Lost"}))
STEP_OF = {"dispute": "appeal", "logistics": "logistics_claim"}


def cap(aso, kind: str) -> Decimal:
    """The most a claim can recover: a dispute, the platform's refund; a logistics
    claim, the order's value."""
    return aso.platform_refund if kind == "dispute" else aso.order.total


def window(session, aso, kind: str):
    """When the channel's window for this claim closes (None: no rule): an appeal
    counts from the request (or the refund, once made), a logistics claim from the
    goods' return (or the request)."""
    if aso.store is None:
        return None
    start = (aso.completed_at if kind == "dispute" and aso.completed_at else
             aso.received_at if kind == "logistics" and aso.received_at else
             aso.requested_at or aso.created_at)
    org = session.get(Organization, aso.org_id)
    return deadlines.due_for(session, org, aso.store.channel, STEP_OF[kind], start)


def _local(session, aso, at) -> str:
    """An instant as the organization reads it (its zone), to the minute."""
    org = session.get(Organization, aso.org_id)
    return clock.local_time(org, at).strftime("%Y-%m-%d %H:%M")


def why_not_open(session, aso, kind: str) -> RuleError | None:
    if kind not in CLAIM_KINDS:
        return RuleError("claim.kind_one_of", {"names": ", ".join(CLAIM_KINDS.values())},
                         field="kind")
    if aso.store_id is None or (kind == "dispute" and not kind_of(aso).platform):
        return RuleError("claim.platform_only", {"number": aso.number})
    ends = window(session, aso, kind)
    if ends is not None and ends < utcnow():
        return RuleError("claim.window_closed", {"number": aso.number,
                                                 "kind_label": CLAIM_KINDS.english(kind),
                                                 "at": _local(session, aso, ends)})
    # a platform hears one appeal and one claim per request
    earlier = session.execute(select(PlatformClaim.number, PlatformClaim.status).where(
        PlatformClaim.aftersales_id == aso.id, PlatformClaim.kind == kind)).first()
    if earlier is not None:
        return RuleError("claim.already_open" if earlier.status == "open" else
                         "claim.already_decided",
                         {"number": aso.number, "kind_label": CLAIM_KINDS.english(kind),
                          "claim": earlier.number,
                          "status_label": CLAIM_STATUSES.english(earlier.status)})
    return None


@use_case("aftersales.manual")
def open_claim(session, user, aso, kind: str, reason: str, claimed) -> PlatformClaim:
    lock_aso(session, aso)
    refusal = why_not_open(session, aso, kind)
    if refusal:
        raise refusal
    text = typed(reason, "Reason", 2000)
    if not text:
        raise RuleError("claim.reason_required", field="reason")
    claimed = quantize(claimed or ZERO)
    if not ZERO < claimed <= cap(aso, kind):
        raise RuleError("claim.amount_within", {"cap": fmt(cap(aso, kind))}, field="claimed")
    claim = PlatformClaim(
        org_id=aso.org_id, kind=kind, aftersales_id=aso.id, order_id=aso.order_id,
        reason=text, claimed=claimed, deadline_at=window(session, aso, kind),
        opened_by=getattr(user, "id", None),
        number=unique_number(session, PlatformClaim, aso.org_id, "CL",
                             clock.today(session, aso.org_id)))
    session.add(claim)
    session.flush()
    audit.record(session, user, "claim.open", claim)
    return claim


@use_case("aftersales.manual")
def decide(session, user, claim: PlatformClaim, outcome: str, compensation) -> PlatformClaim:
    """The platform's decision; what it pays is money in on the order's account."""
    lock_aso(session, claim.aftersales)
    session.refresh(claim)
    # won: what was claimed (the default); partly won: less; lost: nothing
    amount = claim.claimed if outcome == "won" and compensation in (None, "") else \
        quantize(compensation or ZERO)
    if outcome == "lost" and amount:
        raise RuleError("claim.lost_pays_nothing", field="compensation")
    if outcome == "won" and amount != claim.claimed:
        raise RuleError("claim.won_pays_claimed", {"claimed": fmt(claim.claimed)},
                        field="compensation")
    if outcome == "partial" and not ZERO < amount < claim.claimed:
        raise RuleError("claim.compensation_within", {"claimed": fmt(claim.claimed)},
                        field="compensation")
    order = claim.order
    if order.compensation + amount > order.total:
        raise RuleError("claim.beyond_the_order", {
            "number": order.number, "total": fmt(order.total),
            "paid": fmt(order.compensation)}, field="compensation")
    LIFECYCLE.move(session, user, claim, outcome)
    claim.compensation, claim.decided_at = amount, utcnow()
    claim.decided_by = getattr(user, "id", None)
    order.compensation += amount
    audit.record(session, user, "claim.decide", claim, before={}, after={
        "outcome": outcome, "compensation": str(amount), "order": claim.order.number})
    return claim


def totals(session, org_id: int) -> tuple[Decimal, Decimal]:
    """What the decided claims asked for, and what they recovered."""
    claimed, recovered = session.execute(select(
        func.coalesce(func.sum(PlatformClaim.claimed), 0),
        func.coalesce(func.sum(PlatformClaim.compensation), 0)).where(
        PlatformClaim.org_id == org_id,
        PlatformClaim.status.not_in(LIFECYCLE.sources("won")))).one()
    return claimed, recovered
