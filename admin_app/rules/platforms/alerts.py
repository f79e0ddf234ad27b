"""The deadline-alerts job (SPEC S12): for each organization, a digest of the seller's
platform deadlines due within 24 hours, e-mailed (through the outbox) to its staff who
handle after-sales, and told to webhooks (aftersales.deadline_due); the deadlines that
passed unanswered are marked missed with what they cost. Each deadline is announced and
counted once (DeadlineMark), so the job is safe to run twice or in two places."""
from dataclasses import dataclass
from sqlalchemy import exists, select

from . import deadlines
from ..core import audit, clock
from ..core.messages import speaking, word
from ..core.messages._marker import _
from ..core.permissions import has_permission
from ...models import (CLOCK_STEPS, AfterSalesOrder, DeadlineMark, Organization, Outbox,
                       User, utcnow)

PERMISSION = "aftersales.manual"


@dataclass(frozen=True)
class Ran:
    announced: int   # deadlines put in a digest
    messages: int    # e-mails queued
    missed: int      # deadlines newly marked missed


def _unmarked(what: str):
    return ~exists().where(
        DeadlineMark.aftersales_id == AfterSalesOrder.id, DeadlineMark.what == what,
        DeadlineMark.step == AfterSalesOrder.deadline_step,
        DeadlineMark.due_at == AfterSalesOrder.deadline_at)


def mark_missed(session, now) -> int:
    """The seller's deadlines passed and not yet counted (each once)."""
    late = session.execute(select(AfterSalesOrder).where(
        *deadlines.due_where("overdue", now), _unmarked("missed"))).scalars().all()
    return sum(1 for aso in late if deadlines.mark_missed(session, aso) is not None)


def run(session, now=None) -> Ran:
    """One pass over every organization (a job: the caller commits)."""
    now = now or utcnow()
    missed = mark_missed(session, now)
    due = session.execute(select(AfterSalesOrder).where(
        *deadlines.due_where("due_24h", now), _unmarked("alert"))
        .order_by(AfterSalesOrder.org_id, AfterSalesOrder.deadline_at)).scalars().all()
    by_org: dict[int, list] = {}
    for aso in due:
        by_org.setdefault(aso.org_id, []).append(aso)
    messages = sum(_digest(session, org_id, asos) for org_id, asos in by_org.items())
    return Ran(len(due), messages, missed)


def _digest(session, org_id: int, asos) -> int:
    org = session.get(Organization, org_id)
    for aso in asos:
        session.add(DeadlineMark(org_id=org_id, aftersales_id=aso.id, what="alert",
                                 step=aso.deadline_step, due_at=aso.deadline_at))
        audit.record(session, None, "aftersales.deadline_due", aso, before={}, after={
            "step": aso.deadline_step, "due_at": aso.deadline_at.isoformat(),
            "platform_request_id": aso.platform_request_id})
    staff = [u for u in session.execute(select(User).where(
        User.org_id == org_id, User.active.is_(True))).scalars()
        if has_permission(u, PERMISSION)]
    for user in staff:
        with speaking(user.language or org.language):
            subject = word(_("{count} after-sales deadline(s) due within 24 hours")
                           ).format(count=len(asos))
            lines = [f"- {aso.number} ({aso.store.channel} {aso.platform_request_id}): "
                     f"{word(CLOCK_STEPS[aso.deadline_step])}, "
                     f"{clock.local_time(org, aso.deadline_at):%Y-%m-%d %H:%M}"
                     for aso in asos]
            body = word(_("Due within 24 hours ({zone}):\n{lines}\n")).format(
                zone=org.timezone, lines="\n".join(lines))
        session.add(Outbox(org_id=org_id, to_address=user.email, subject=subject, body=body))
    return len(staff)
