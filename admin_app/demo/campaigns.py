"""Demo email campaigns (SPEC S7): one sent six weeks ago to the VIP customers, with its
contribution to orders and one bounced address, and a draft to finish."""
from datetime import timedelta

from sqlalchemy import update

from .amounts import local
from ..models import Campaign, Label, Outbox, utcnow
from ..rules.core import clock
from ..rules.customers import campaigns

BOUNCE = "Refused by the mail server: 550 5.1.1 Mailbox does not exist"


def email_campaigns(session, main, org) -> None:
    today, now = clock.today(session, org.id), utcnow()  # the organization's date
    vip = session.query(Label).filter_by(org_id=org.id, name="VIP").first()
    sent = campaigns.save(
        session, main, Campaign(), name="VIP thank-you week",
        subject="{name}, a thank-you from us", label=vip,
        body_text="Dear {name},\n\nthank you for buying with us. This week every order "
                  "ships free.\n",
        body_html="<p>Dear <b>{name}</b>,</p><p>thank you for buying with us. This week "
                  "every order <b>ships free</b>.</p>",
        starts_on=today - timedelta(days=45), ends_on=today - timedelta(days=15))
    if campaigns.count_matching(session, sent) == 0:
        sent.label_id = None
    campaigns.send(session, main, sent, now=now - timedelta(days=45))
    # What send-mail did then: every message delivered but the last, which bounced.
    ids = [i for (i,) in session.query(Outbox.id).filter_by(campaign_id=sent.id)
           .order_by(Outbox.id)]
    session.execute(update(Outbox).where(Outbox.id.in_(ids[:-1])).values(
        status="sent", attempts=1, sent_at=now - timedelta(days=45)))
    session.execute(update(Outbox).where(Outbox.id == ids[-1]).values(
        status="failed", attempts=5, error=BOUNCE))
    sent.status, sent.finished_at = "sent", now - timedelta(days=44)
    sent.created_at = now - timedelta(days=47)
    campaigns.save(
        session, main, Campaign(), name="We miss you", subject="{name}, we miss you",
        body_text="Dear {name},\n\nit has been a while. Here is 10% off your next order.\n",
        min_spent=local(org, 500), last_order_to=today - timedelta(days=60),
        starts_on=today, ends_on=today + timedelta(days=30))
    session.flush()
