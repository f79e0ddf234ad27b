"""The clock running on a platform after-sales order (SPEC S12): one step at a time
(respond, buyer ships back, confirm receipt), due at an instant counted by clocks.due in
the organization's zone and working days. A seller's step found late (when the seller
acts, when the platform moves on, or by the deadline-alerts job) is marked missed once,
with what it cost: the platform's refund."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from . import clocks, tables
from ..core import audit, clock
from ...models import CLOCK_STEPS, AfterSalesOrder, DeadlineMark, Organization, utcnow
from ...money import ZERO


WINDOW = timedelta(hours=24)  # "due soon": the tabs, the API's filter, the digest


def due_where(which: str, now: datetime) -> tuple:
    """The seller's deadlines "overdue" (passed) or "due_24h" (within the window)."""
    seller = AfterSalesOrder.deadline_step.in_(tables.SELLER_STEPS)
    if which == "overdue":
        return seller, AfterSalesOrder.deadline_at <= now
    return seller, AfterSalesOrder.deadline_at > now, AfterSalesOrder.deadline_at <= now + WINDOW


@dataclass(frozen=True)
class Next:
    step: str
    label: str
    due_at: datetime
    missed: str        # what the platform does when it passes
    seller: bool       # the seller's step (the tabs and alerts count only these)


def due_for(session, org: Organization, channel: str, step: str, start: datetime):
    """When `step` started at `start` runs out on this channel, or None (no rule)."""
    rule = tables.deadline_for(session, org, channel, step)
    if rule is None:
        return None
    return clocks.due(start, rule.amount, rule.unit, clock.zone(org.timezone),
                      tables.holidays(session, org.id))


def start(session, aso, channel: str, step: str, at: datetime,
          platform_due: datetime | None = None) -> None:
    """Run `step`'s clock from `at` (the platform's own deadline wins when it sends one);
    a different step running before ends first (marked missed if it was late)."""
    if aso.deadline_step == step:
        if platform_due is not None:
            aso.deadline_at = platform_due
        return
    end(session, aso)
    org = session.get(Organization, aso.org_id)
    aso.deadline_step = step
    aso.deadline_at = platform_due or due_for(session, org, channel, step, at)
    if aso.deadline_at is None:
        aso.deadline_step = None


def end(session, aso, steps: tuple[str, ...] | None = None, now=None) -> None:
    """The running clock stops (only if it is one of `steps`)."""
    if aso.deadline_step is None or (steps is not None and aso.deadline_step not in steps):
        return
    if aso.deadline_at is not None and aso.deadline_at <= (now or utcnow()):
        mark_missed(session, aso)
    aso.deadline_step, aso.deadline_at = None, None


def mark_missed(session, aso) -> DeadlineMark | None:
    """The running seller's step passed unanswered: counted once, with its cost."""
    if aso.deadline_step not in tables.SELLER_STEPS:
        return None
    found = session.execute(select(DeadlineMark.id).where(
        DeadlineMark.aftersales_id == aso.id, DeadlineMark.what == "missed",
        DeadlineMark.step == aso.deadline_step,
        DeadlineMark.due_at == aso.deadline_at)).scalar()
    if found is not None:
        return None
    mark = DeadlineMark(org_id=aso.org_id, aftersales_id=aso.id, what="missed",
                        step=aso.deadline_step, due_at=aso.deadline_at,
                        amount=aso.platform_refund or ZERO)
    session.add(mark)
    audit.record(session, None, "aftersales.deadline_missed", aso, before={}, after={
        "step": aso.deadline_step, "due_at": aso.deadline_at.isoformat(),
        "amount": str(mark.amount)})
    return mark


def next_of(session, aso) -> Next | None:
    """The running clock, worded for a page: the step, when, and what happens then."""
    if aso.deadline_step is None or aso.deadline_at is None:
        return None
    org = session.get(Organization, aso.org_id)
    rule = tables.deadline_for(session, org, aso.store.channel if aso.store else "",
                               aso.deadline_step)
    return Next(aso.deadline_step, CLOCK_STEPS.get(aso.deadline_step, aso.deadline_step),
                aso.deadline_at, tables.MISSED.get(rule.missed, rule.missed) if rule else "",
                aso.deadline_step in tables.SELLER_STEPS)
