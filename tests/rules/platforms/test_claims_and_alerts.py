"""Disputes and logistics claims with their compensation, and the deadline-alerts
digest (SPEC S12)."""
from datetime import timedelta
from decimal import Decimal as D

import pytest

from admin_app.models import DeadlineMark, Outbox, WebhookDelivery, utcnow
from admin_app.rules.accounts import webhook_subscriptions
from admin_app.rules.platforms import alerts, claims

from tests import builders
from ..accounts_helpers import assert_books_balance
from .helpers import make_platform_shop, request, shipped
from tests.refusals import refused


@pytest.fixture
def shop(session):
    return make_platform_shop(session)


def test_a_dispute_won_pays_compensation_into_the_orders_account(session, shop):
    order = shipped(session, shop)
    aso = request(session, shop, order, status="REFUND_PAID", refund="100.00").aso
    claim = claims.open_claim(session, shop.main, aso, "dispute", "Buyer returned a brick",
                              D("100.00"))
    assert (claim.status, claim.deadline_at) == ("open", aso.completed_at + timedelta(days=2))
    with refused("claim.already_open"):
        claims.open_claim(session, shop.main, aso, "dispute", "again", D("1.00"))
    with refused("claim.won_pays_claimed", claimed="100.00"):
        claims.decide(session, shop.main, claim, "won", D("60.00"))
    with refused("claim.compensation_within", claimed="100.00"):
        claims.decide(session, shop.main, claim, "partial", D("100.00"))
    claims.decide(session, shop.main, claim, "partial", D("60.00"))
    assert (claim.status, order.compensation, order.back_platform) == (
        "partial", D("60.00"), D("100.00"))
    with refused("claim.already_decided", claim=claim.number):
        claims.open_claim(session, shop.main, aso, "dispute", "once more", D("10.00"))
    assert_books_balance(session)


def test_a_lost_claim_pays_nothing_and_a_closed_window_refuses_a_claim(session, shop):
    order = shipped(session, shop)
    aso = request(session, shop, order, status="REFUND_PAID", refund="100.00").aso
    claim = claims.open_claim(session, shop.main, aso, "logistics", "Parcel crushed",
                              D("100.00"))
    assert claim.deadline_at == aso.requested_at + timedelta(days=25)
    with refused("claim.lost_pays_nothing"):
        claims.decide(session, shop.main, claim, "lost", D("5.00"))
    claims.decide(session, shop.main, claim, "lost", D("0"))
    assert order.compensation == D("0.00")
    aso.completed_at = utcnow() - timedelta(days=3)  # Shopee's appeal window is 2 days
    with refused("claim.window_closed"):
        claims.open_claim(session, shop.main, aso, "dispute", "late", D("10.00"))
    assert_books_balance(session)


def test_a_manual_order_has_no_platform_to_claim_from(session, shop):
    from admin_app.rules.aftersales import orders as aftersales
    from admin_app.rules.aftersales.orders import ReturnInput
    order = shipped(session, shop)
    aso = aftersales.create(session, shop.main, order, "return_refund",
                            [ReturnInput(1, order_line=order.lines[0])], warehouse=shop.wh)
    with refused("claim.platform_only"):
        claims.open_claim(session, shop.main, aso, "dispute", "why", D("1.00"))


def test_the_digest_goes_once_to_after_sales_staff_and_counts_what_was_missed(session, shop):
    clerk = builders.make_user(session, shop.org, "clerk@books.test",
                               permissions=["aftersales.manual"])
    builders.make_user(session, shop.org, "cashier@books.test",
                       permissions=["credit.receive"])
    hook = webhook_subscriptions.subscribe(session, shop.main, url="https://hooks.test/x",
                                           events=["aftersales.deadline_due"])
    now = utcnow()
    soon = request(session, shop, shipped(session, shop), request_id="SOON",
                   at=now - timedelta(hours=30)).aso   # due in 18 h
    later = request(session, shop, shipped(session, shop), request_id="LATER",
                    at=now - timedelta(hours=1)).aso   # due in 47 h
    late = request(session, shop, shipped(session, shop), request_id="LATE",
                   at=now - timedelta(days=3), refund="70.00").aso
    ran = alerts.run(session, now)
    assert (ran.announced, ran.messages, ran.missed) == (1, 2, 1)
    mail = session.query(Outbox).order_by(Outbox.id).all()
    assert sorted(m.to_address for m in mail) == [clerk.email, shop.main.email]
    assert soon.number in mail[0].body and later.number not in mail[0].body
    assert session.query(WebhookDelivery).filter_by(subscription_id=hook.id).count() == 1
    missed = session.query(DeadlineMark).filter_by(what="missed").one()
    assert (missed.aftersales_id, missed.amount) == (late.id, D("70.00"))
    again = alerts.run(session, now + timedelta(minutes=5))
    assert (again.announced, again.messages, again.missed) == (0, 0, 0)
    assert session.query(Outbox).count() == 2
    # a day on, the next one falls due and is told
    assert alerts.run(session, now + timedelta(hours=25)).announced == 1


def test_missed_deadlines_and_their_cost_by_week_on_the_organizations_calendar(session,
                                                                              shop):
    from datetime import date, datetime
    from admin_app.models import DeadlineMark
    from admin_app.reports import aftersales as reports
    from admin_app.reports.overview import Period
    aso = request(session, shop, shipped(session, shop), request_id="X").aso
    # Sunday 23:30 in Manila is still the week of Monday 2026-11-23; 00:30 Monday is not
    for at, amount in ((datetime(2026, 11, 29, 15, 30), "40.00"),
                       (datetime(2026, 11, 29, 16, 30), "25.00"),
                       (datetime(2026, 11, 30, 1, 0), "10.00")):
        session.add(DeadlineMark(org_id=shop.org.id, aftersales_id=aso.id, what="missed",
                                 step="respond", due_at=at, amount=D(amount)))
    session.add(DeadlineMark(org_id=shop.org.id, aftersales_id=aso.id, what="alert",
                             step="respond", due_at=datetime(2026, 11, 29, 1, 0)))
    session.flush()
    weeks = reports.missed_deadlines_per_week(
        session, shop.org.id, Period(date(2026, 11, 23), date(2026, 12, 6), None,
                                     "Asia/Manila"))
    assert weeks == [(date(2026, 11, 23), 1, D("40.00")), (date(2026, 11, 30), 2, D("35.00"))]


def test_a_won_claim_pays_what_was_claimed_and_no_order_is_paid_beyond_its_total(
        session, shop):
    order = shipped(session, shop, qty=2, price="50.00")
    aso = request(session, shop, order, status="REFUND_PAID", refund="100.00").aso
    dispute = claims.open_claim(session, shop.main, aso, "dispute", "Used item", D("80.00"))
    claims.decide(session, shop.main, dispute, "won", None)
    assert dispute.compensation == D("80.00")
    logistics = claims.open_claim(session, shop.main, aso, "logistics", "Crushed", D("30.00"))
    with refused("claim.beyond_the_order", paid="80.00", total="100.00"):
        claims.decide(session, shop.main, logistics, "won", None)
    claims.decide(session, shop.main, logistics, "partial", D("20.00"))
    assert order.compensation == D("100.00")
    assert_books_balance(session)


def test_a_closed_window_is_named_at_the_organizations_time(session, shop):
    """The refusal says when the window closed as the shop reads its clock, as the
    request's page does (it gave the UTC time: 8 hours off in Manila, sometimes the
    day before)."""
    from datetime import datetime
    shop.org.timezone = "Asia/Manila"
    aso = request(session, shop, shipped(session, shop), status="REFUND_PAID").aso
    aso.completed_at = datetime(2026, 11, 20, 2, 0)  # 10:00 in Manila; closes 2 days on
    with refused("claim.window_closed", at="2026-11-22 10:00"):
        claims.open_claim(session, shop.main, aso, "dispute", "late", D("10.00"))
