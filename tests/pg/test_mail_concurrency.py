"""Real threads on PostgreSQL: several `send-mail` runs at once deliver each message
once, and a campaign sent by two users at once takes its recipients once."""
from datetime import date

import pytest

from admin_app import mailer
from admin_app.models import Campaign, Customer, Outbox, User
from admin_app.rules.customers import campaigns

from ..rules.accounts_helpers import make_shop
from ..smtp_server import smtp  # noqa: F401  (fixture)
from .conftest import at_once

pytestmark = pytest.mark.pg


def draft_for(session, people: int):
    shop = make_shop(session, name="Mailing Shop")
    session.add_all([Customer(org_id=shop.org.id, code=f"M{n:03d}", name=f"Buyer {n}",
                              email=f"m{n:03d}@buyers.test") for n in range(people)])
    session.flush()
    campaign = campaigns.save(session, shop.main, Campaign(), name="Big sale",
                              subject="Hi {name}", body_text="Dear {name}",
                              starts_on=date(2026, 11, 1), ends_on=date(2026, 11, 30))
    session.commit()
    return shop, campaign


def test_four_senders_at_once_deliver_every_message_exactly_once(app, session, smtp):
    shop, campaign = draft_for(session, 30)
    campaigns.send(session, shop.main, campaign)
    session.commit()

    outcome = at_once(app, *[lambda s: mailer.deliver(batch=4)] * 4)

    assert outcome == ["done"] * 4
    got = smtp.inbox.recipients()
    assert len(got) == 30 and len(set(got)) == 30
    session.expire_all()
    assert {r.status for r in session.query(Outbox)} == {"sent"}
    assert session.get(Campaign, campaign.id).status == "sent"


def test_two_users_sending_the_same_campaign_at_once_queue_it_once(app, session):
    shop, campaign = draft_for(session, 5)
    ids = (shop.main.id, campaign.id)

    outcome = at_once(app, *[lambda s: campaigns.send(s, s.get(User, ids[0]),
                                                      s.get(Campaign, ids[1]))] * 3)

    assert outcome.count("done") == 1
    assert all("already sent" in o for o in outcome if o != "done")
    assert session.query(Outbox).filter_by(campaign_id=campaign.id).count() == 5


def test_a_claim_takes_exactly_as_many_messages_as_asked(app, session):
    """The claim's SELECT ... LIMIT n FOR UPDATE SKIP LOCKED inside IN (...) ran once per
    outer row on PostgreSQL: claim(limit=1) took 72 messages."""
    from admin_app.models import utcnow
    from admin_app.rules.customers import outbox
    from sqlalchemy import text
    shop, campaign = draft_for(session, 500)  # enough rows for the planner to loop
    campaigns.send(session, shop.main, campaign)
    session.commit()
    session.execute(text("ANALYZE outbox"))
    started = utcnow()
    assert len(outbox.claim(session, 1, started, "run-one")) == 1
    assert len(outbox.claim(session, 10, started, "run-ten")) == 10
    session.commit()
    held = {token: session.query(Outbox).filter_by(claimed_by=token).count()
            for token in ("run-one", "run-ten")}
    assert held == {"run-one": 1, "run-ten": 10}
    assert session.query(Outbox).filter_by(status="queued").count() == 489


def test_two_runners_with_batch_10_split_a_queue_of_50(app, session, smtp):
    shop, campaign = draft_for(session, 50)
    campaigns.send(session, shop.main, campaign)
    session.commit()
    smtp.inbox.delay = 0.02  # 10 messages take a fifth of a second: both runners work
    runs = []
    outcome = at_once(app, *[lambda s: runs.append(mailer.deliver(batch=10))] * 2)
    assert outcome == ["done", "done"]
    got = smtp.inbox.recipients()
    assert len(got) == 50 and len(set(got)) == 50
    assert sorted(r.sent for r in runs)[0] >= 10 and sum(r.sent for r in runs) == 50
