"""Email campaigns (SPEC S7): a draft is edited freely; sending takes its recipients
once, as outbox rows, and the campaign can no longer change."""
import re
from decimal import Decimal

import nh3
from sqlalchemy import (DateTime, Text, and_, exists, func, insert, literal, null, or_,
                        select)

from ..core import audit, usage
from ..core.errors import RuleError
from ..core.text import CONTROL, typed
from ...models import Campaign, Customer, Order, Outbox, customer_label, utcnow
from .outbox import CAMPAIGN, INTERRUPTED, OUTBOX
from ..core.permissions import has_permission
from ..core.usecase import use_case

NAME = "{name}"  # where the customer's name goes, in the subject and both bodies
# Simple HTML: text formatting and links. No scripts, styles, images or forms.
HTML_TAGS = {"p", "br", "b", "strong", "i", "em", "u", "a", "ul", "ol", "li", "h1",
             "h2", "h3", "blockquote", "hr", "span", "div"}
HTML_ATTRIBUTES = {"a": {"href", "title"}}
# html.escape's, in its order (& first)
HTML_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"),
                ("'", "&#x27;"))
TEXT_LIMIT, HTML_LIMIT = 20000, 50000
SUBJECT_LIMIT, NAME_LIMIT = 200, 120  # the outbox's subject, the customer's name
MAX_PERIOD_DAYS = 366
NAME_IN_TAG = re.compile(r"<[^>]*\{name\}")


def clean_html(html: str | None) -> str | None:
    """The body's HTML with only simple tags kept (links to web and mail only), with
    {name} only in its text: a name inside a tag (a link's address, a title) would be
    filled in after cleaning, so a customer named "javascript:..." would make a link."""
    html = (html or "").strip()
    if not html:
        return None
    cleaned = nh3.clean(html, tags=HTML_TAGS, attributes=HTML_ATTRIBUTES,
                        url_schemes={"http", "https", "mailto"}) or None
    if cleaned and NAME_IN_TAG.search(cleaned):
        raise RuleError('campaign.body_html_stand_text')
    return cleaned


def why_frozen(campaign: Campaign) -> RuleError | None:
    """Why the campaign can no longer be edited or deleted (it was sent: it stays, with
    its messages, as the record of what went out), or None for a draft."""
    if campaign.id is None or CAMPAIGN.can(campaign, "send"):
        return None
    return RuleError("campaign.sent_frozen", {"name": campaign.name})


@use_case("customers.manage")
def delete(session, user, campaign: Campaign) -> None:
    """Delete a draft (only a draft: see why_frozen)."""
    frozen = why_frozen(campaign)
    if frozen:
        raise frozen
    usage.delete_row(session, user, campaign)


@use_case("customers.manage")
def save(session, user, campaign: Campaign, *, name, subject, body_text, body_html=None,
         level=None, label=None, min_spent=None, last_order_from=None,
         last_order_to=None, starts_on=None, ends_on=None) -> Campaign:
    """Create or change a draft campaign."""
    if campaign.id is not None:  # a send at the same moment waits, then refuses this
        session.refresh(campaign, with_for_update=True)
        frozen = why_frozen(campaign)
        if frozen:
            raise frozen
    values = {
        "name": _required(name, "Name", 120), "subject": _subject(subject),
        "body_text": _required(body_text, "Text", TEXT_LIMIT),
        "body_html": clean_html(typed(body_html, "HTML", HTML_LIMIT)),
        "level_id": _own(user, level, "Level"), "label_id": _own(user, label, "Label"),
        "min_spent": _spent(min_spent), "last_order_from": last_order_from,
        "last_order_to": last_order_to, "starts_on": starts_on, "ends_on": ends_on}
    if starts_on is None or ends_on is None:
        raise RuleError('campaign.period_give_first_last', field='period')
    if ends_on < starts_on:
        raise RuleError('campaign.period_last_day_before', field='period')
    if (ends_on - starts_on).days >= MAX_PERIOD_DAYS:
        raise RuleError(
            "campaign.period_most_days", {"max_period_days": MAX_PERIOD_DAYS}, field="period"
        )
    if last_order_from and last_order_to and last_order_to < last_order_from:
        raise RuleError('campaign.last_order_date_before', field='last_order')
    before = None if campaign.id is None else audit.snapshot(campaign)
    for key, value in values.items():
        setattr(campaign, key, value)
    if campaign.id is None:
        campaign.org_id, campaign.created_by, campaign.status = user.org_id, user.id, "draft"
        campaign.recipients = 0
        session.add(campaign)
    session.flush()
    audit.record(session, user, "campaign.create" if before is None else "campaign.update",
                 campaign, before=before)
    return campaign


def _subject(value) -> str:
    """One line that fits the outbox once the longest customer name is filled in."""
    text = _required(value, "Subject", SUBJECT_LIMIT)
    if CONTROL.search(text):
        raise RuleError('campaign.subject_one_line_without', field='subject')
    longest = len(text) + text.count(NAME) * (NAME_LIMIT - len(NAME))
    if longest > SUBJECT_LIMIT:
        raise RuleError(
            "campaign.subject_longest_customer_name",
            {"longest": longest, "subject_limit": SUBJECT_LIMIT},
            field="subject",
        )
    return text


def _required(value, label, limit):
    text = typed(value, label, limit)
    if not text:
        raise RuleError('campaign.required', {'label': label})
    return text


def _own(user, row, label):
    if row is None:
        return None
    if row.org_id != user.org_id:
        raise RuleError('campaign.choose_one_your_organization', {'label': label})
    return row.id


def _spent(value):
    if value is None:
        return None
    if not isinstance(value, Decimal) or value < 0:
        raise RuleError('campaign.spent_least_amount_0', field='spent_at_least')
    return value


def matching(campaign: Campaign):
    """The customers the campaign goes to, as (id, name, email): the filter, and never a
    blacklisted customer or one without an email address. Spent counts orders not
    cancelled; the last order is the newest of any status. A replacement order (goods
    sent again for an after-sales order) is not a purchase: neither counts it."""
    bought = select(Order.customer_id.label("customer_id"),
                    func.sum(Order.total).filter(Order.status != "cancelled")
                    .label("spent"),
                    func.max(Order.order_date).label("last")) \
        .where(Order.org_id == campaign.org_id, Order.order_type != "replacement") \
        .group_by(Order.customer_id).subquery()
    query = select(Customer.id, Customer.name, Customer.email).where(
        Customer.org_id == campaign.org_id, Customer.active.is_(True),
        Customer.blacklisted.is_(False), Customer.unsubscribed_at.is_(None),
        Customer.email.is_not(None), func.trim(Customer.email) != "")
    if campaign.level_id:
        query = query.where(Customer.level_id == campaign.level_id)
    if campaign.label_id:
        query = query.where(exists().where(customer_label.c.customer_id == Customer.id,
                                           customer_label.c.label_id == campaign.label_id))
    if campaign.min_spent is not None or campaign.last_order_from or campaign.last_order_to:
        query = query.outerjoin(bought, bought.c.customer_id == Customer.id)
        if campaign.min_spent:
            query = query.where(func.coalesce(bought.c.spent, 0) >= campaign.min_spent)
        if campaign.last_order_from:
            query = query.where(func.date(bought.c.last) >= campaign.last_order_from)
        if campaign.last_order_to:
            query = query.where(func.date(bought.c.last) <= campaign.last_order_to)
    return query.order_by(Customer.id)


def count_matching(session, campaign: Campaign) -> int:
    return session.scalar(select(func.count()).select_from(matching(campaign).subquery()))


def _filled(template: str | None, name, html: bool = False):
    """SQL: the template with the customer's name on one line filled in (escaped in
    HTML), so the whole snapshot is one INSERT ... SELECT, however many recipients."""
    if template is None:
        return null()
    name = func.replace(func.replace(name, "\r", " "), "\n", " ")
    if html:
        for char, entity in HTML_ESCAPES:
            name = func.replace(name, char, entity)
    return func.replace(literal(template, Text), NAME, name)


@use_case("customers.manage")
def send(session, user, campaign: Campaign, now=None) -> int:
    """Take the recipients (once: the campaign row is locked and must still be a draft)
    and queue one message each, one per address; `send-mail` delivers them. Returns
    how many."""
    session.refresh(campaign, with_for_update=True)
    if not CAMPAIGN.can(campaign, "send"):
        raise RuleError(
            "campaign.campaign_already_sent_customer",
            {"name": campaign.name, "recipients": campaign.recipients},
        )
    clean_html(campaign.body_html)  # a draft saved before {name} was kept out of tags
    now = now or utcnow()
    chosen = matching(campaign).subquery()
    first_per_address = select(func.min(chosen.c.id)).group_by(
        func.lower(func.trim(chosen.c.email)))
    columns = ("org_id", "campaign_id", "customer_id", "to_address", "subject", "body",
               "body_html", "created_at", "status", "attempts")
    session.execute(insert(Outbox).from_select(columns, select(
        literal(campaign.org_id), literal(campaign.id), Customer.id,
        func.trim(Customer.email), _filled(campaign.subject, Customer.name),
        _filled(campaign.body_text, Customer.name),
        _filled(campaign.body_html, Customer.name, html=True),
        literal(now, DateTime), literal("queued"), literal(0))
        .where(Customer.id.in_(first_per_address)).order_by(Customer.id)))
    count = session.scalar(select(func.count()).where(Outbox.campaign_id == campaign.id))
    if not count:
        raise RuleError('campaign.customer_matches_filter_blacklisted')
    before = audit.snapshot(campaign)
    CAMPAIGN.apply(campaign, "send")
    campaign.sent_at, campaign.recipients = now, count
    session.flush()
    audit.record(session, user, "campaign.send", campaign, before=before)
    return count


def _retryable(campaign):
    return and_(
        Outbox.campaign_id == campaign.id, Outbox.status == "failed",
        or_(Outbox.error.is_(None), Outbox.error != INTERRUPTED),
        exists().where(Customer.id == Outbox.customer_id, Customer.active.is_(True),
                       Customer.blacklisted.is_(False), Customer.unsubscribed_at.is_(None),
                       func.trim(Customer.email) != ""))


def retryable_count(session, campaign: Campaign) -> int:
    return session.scalar(select(func.count()).where(_retryable(campaign)))


@use_case("customers.manage")
def retry_failed(session, user, campaign: Campaign) -> int:
    """Queue the campaign's failed messages again, with a fresh set of attempts, to the
    customer's address as it is now (staff may have corrected it). Never those sent,
    nor those interrupted mid-send (they may have gone out), nor customers now without
    an address, deactivated or on the blacklist."""
    session.refresh(campaign, with_for_update=True)
    address = select(func.trim(Customer.email)).where(
        Customer.id == Outbox.customer_id).scalar_subquery()
    count = OUTBOX.move_many(session, Outbox, "requeue", _retryable(campaign), attempts=0,
                             error=None, claimed_by=None, to_address=address)
    if not count:
        raise RuleError('campaign.campaign_failed_message_retry', {'name': campaign.name})
    before = audit.snapshot(campaign)
    CAMPAIGN.apply(campaign, "retry")
    campaign.finished_at = None
    session.flush()
    audit.record(session, user, "campaign.retry", campaign, before=before,
                 after={**audit.snapshot(campaign), "requeued": count})
    return count


def is_draft(campaign: Campaign) -> bool:
    return CAMPAIGN.can(campaign, "send")


def why_not(user, campaign: Campaign, event: str) -> RuleError | None:
    """Why `user` cannot `event` ("send", "edit", "delete", "retry") the campaign now."""
    if not has_permission(user, "customers.manage"):
        return RuleError("access.not_permitted", {"names": '"Customers"'})
    if event == "retry":
        return None if CAMPAIGN.can(campaign, "retry") else RuleError(
            "campaign.campaign_failed_message_retry", {"name": campaign.name})
    return why_frozen(campaign)


def allowed(user, campaign: Campaign) -> list[str]:
    return [e for e in ("send", "edit", "delete", "retry")
            if why_not(user, campaign, e) is None]
