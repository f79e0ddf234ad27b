"""`flask --app wsgi send-mail` against a real SMTP server started by the test: each
recipient receives a campaign once, failures are retried without resending the others,
blacklisted and email-less customers are never sent to (SPEC S7)."""
from datetime import date, datetime, timedelta

import pytest

from admin_app.models import Campaign, Customer, Outbox, User
from admin_app.rules.core.errors import RuleError
from admin_app.rules.customers import campaigns, outbox
from admin_app.rules.customers.outbox import MAX_ATTEMPTS

from ..rules.accounts_helpers import make_shop
from ..smtp_server import smtp  # noqa: F401  (fixture)
from tests.refusals import refused


def setup_campaign(session, refused=()):
    shop = make_shop(session, name="Campaign Shop")
    people = {}
    for code, name, extra in [("A1", "Ana", {}), ("B1", "Ben", {}), ("K1", "Kit", {}),
                              ("D1", "Dee", {"blacklisted": True}),
                              ("E1", "Eve", {"email": None})]:
        c = Customer(org_id=shop.org.id, code=code, name=name,
                     **{"email": f"{code.lower()}@buyers.test", **extra})
        session.add(c)
        people[code] = c
    session.flush()
    campaign = campaigns.save(session, shop.main, Campaign(), name="Sale", subject="Hi {name}",
                              body_text="Dear {name}, 10% off.",
                              body_html="<p>Dear <b>{name}</b>, 10% off.</p>",
                              starts_on=date(2026, 11, 1), ends_on=date(2026, 11, 30))
    campaigns.send(session, shop.main, campaign)
    session.commit()
    return shop, campaign


def _owner(session):
    return session.query(User).filter_by(is_main=True).first()


def send_mail(app, *args):
    result = app.test_cli_runner().invoke(args=["send-mail", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_campaign_reaches_each_recipient_once_and_a_refused_one_is_retried_alone(
        app, session, smtp):
    shop, campaign = setup_campaign(session)
    smtp.inbox.refuse.add("k1@buyers.test")

    first = send_mail(app)

    assert first.startswith("2 sent, 1 failed"), first
    assert smtp.inbox.recipients() == ["a1@buyers.test", "b1@buyers.test"]
    failed = session.query(Outbox).filter_by(to_address="k1@buyers.test").one()
    assert failed.status == "failed" and "550" in failed.error and failed.attempts == 1
    assert session.get(Campaign, campaign.id).status == "sending"

    smtp.inbox.refuse.clear()
    second = send_mail(app)
    third = send_mail(app)

    assert second.startswith("1 sent, 0 failed") and "1 campaign(s) finished" in second
    assert third.startswith("0 sent, 0 failed"), third
    assert smtp.inbox.recipients() == ["a1@buyers.test", "b1@buyers.test", "k1@buyers.test"]
    session.expire_all()
    assert session.get(Campaign, campaign.id).status == "sent"
    assert {r.status for r in session.query(Outbox)} == {"sent"}
    assert "d1@buyers.test" not in smtp.inbox.recipients()  # blacklisted
    assert session.query(Outbox).count() == 3                 # Eve has no address


def test_the_message_carries_the_name_in_text_and_html(app, session, smtp):
    setup_campaign(session)
    send_mail(app)
    [message] = smtp.inbox.to("a1@buyers.test")
    assert message["Subject"] == "Hi Ana"
    assert message["From"] == "Campaign Shop <shop@seller.test>"  # the shop's name
    assert message.get_body(("plain",)).get_content().startswith("Dear Ana, 10% off.\r\n")
    assert "<b>Ana</b>" in message.get_body(("html",)).get_content()


def test_a_server_that_is_down_leaves_everything_to_retry(app, session, smtp):
    setup_campaign(session)
    smtp.stop()
    down = send_mail(app)
    assert down.startswith("0 sent, 3 failed"), down
    # nothing was tried: the attempt does not count against the message
    assert {(r.status, r.attempts) for r in session.query(Outbox)} == {("failed", 0)}
    assert "Could not reach the mail server" in session.query(Outbox).first().error
    smtp.start()
    up = send_mail(app)
    assert up.startswith("3 sent, 0 failed"), up
    assert len(smtp.inbox.recipients()) == 3


def test_notifications_go_out_the_same_way_and_one_without_address_fails_for_good(
        app, session, smtp):
    shop = make_shop(session, name="Notify Shop")
    session.add_all([
        Outbox(org_id=shop.org.id, to_address="maria@buyers.test",
               subject="Order SO1 was cancelled", body="Your order was cancelled."),
        Outbox(org_id=shop.org.id, to_address=None, subject="Order SO2 was cancelled",
               body="Your order was cancelled.")])
    session.commit()
    send_mail(app)
    assert smtp.inbox.recipients() == ["maria@buyers.test"]
    lost = session.query(Outbox).filter_by(subject="Order SO2 was cancelled").one()
    assert (lost.status, lost.attempts, lost.error) == ("failed", MAX_ATTEMPTS,
                                                        "No email address.")


def test_a_message_left_sending_by_a_dead_sender_is_not_sent_again(app, session, smtp):
    setup_campaign(session)
    stuck = session.query(Outbox).order_by(Outbox.id).first()
    stuck.status, stuck.claimed_at = "sending", datetime.utcnow() - timedelta(hours=1)
    session.commit()
    output = send_mail(app)
    assert output.startswith("2 sent, 0 failed, 1 interrupted"), output
    session.expire_all()
    stuck = session.get(Outbox, stuck.id)
    assert stuck.status == "failed" and "not sent again" in stuck.error
    assert stuck.to_address not in smtp.inbox.recipients()
    with refused("campaign.campaign_failed_message_retry"):
        campaigns.retry_failed(session, _owner(session), stuck.campaign)
    assert send_mail(app).startswith("0 sent, 0 failed")


def test_a_sender_judged_dead_that_reports_after_all_is_believed(app, session):
    setup_campaign(session)
    slow = session.query(Outbox).order_by(Outbox.id).first()
    slow.status, slow.claimed_by = "sending", "slow-run"
    slow.claimed_at = datetime.utcnow() - timedelta(hours=1)
    session.commit()
    assert outbox.release_stale(session) == 1
    outbox.record(session, slow.id, "slow-run", None)  # its mail went out after all
    session.commit()
    session.expire_all()
    assert (session.get(Outbox, slow.id).status, session.get(Outbox, slow.id).error) == (
        "sent", None)


def test_what_a_dead_run_only_claimed_is_sent_by_the_next_and_never_by_both(
        app, session, smtp):
    setup_campaign(session)
    first, second, third = session.query(Outbox).order_by(Outbox.id).all()
    first.status, first.claimed_by = "claimed", "dead-run"
    first.claimed_at = datetime.utcnow() - timedelta(hours=1)
    second.status, second.claimed_by, second.claimed_at = "claimed", "slow-run", \
        datetime.utcnow()
    session.commit()

    output = send_mail(app)

    # the dead run's claim went back to the queue; the live run's is left to it
    assert output.startswith("2 sent, 0 failed, 0 interrupted"), output
    assert sorted(smtp.inbox.recipients()) == sorted([first.to_address, third.to_address])
    assert not outbox.start(session, second.id, "another-run")
    assert outbox.start(session, second.id, "slow-run")


def test_a_server_gone_mid_batch_leaves_the_rest_queued_without_using_attempts(
        app, session, smtp):
    setup_campaign(session)
    smtp.inbox.refuse.add("a1@buyers.test")  # the first message fails...
    smtp.inbox.on_refuse = smtp.stop_listening  # ...and the server is gone after it
    output = send_mail(app, "--batch", "10")
    assert output.startswith("0 sent, 3 failed"), output
    rows = {r.to_address: r for r in session.query(Outbox)}
    assert rows["a1@buyers.test"].attempts == 1 and "550" in rows["a1@buyers.test"].error
    for address in ("b1@buyers.test", "k1@buyers.test"):
        assert rows[address].attempts == 0
        assert rows[address].error.startswith("Could not reach the mail server")


def test_a_name_with_a_control_character_is_delivered_on_one_line(app, session, smtp):
    """A vertical tab in a customer's name crashed every send-mail run (issue 20 item
    7). A name stored before names were cleaned (written here behind the model's back)
    still goes out, its subject on one line; new names are cleaned where they enter."""
    from sqlalchemy import update
    shop = make_shop(session, name="Control Shop")
    session.add(Customer(org_id=shop.org.id, code="V1", name="Vee", email="v1@buyers.test"))
    session.flush()
    session.execute(update(Customer).where(Customer.code == "V1")
                    .values(name="Vee\x0bVon\x1c\u2028Tab\tLast"))
    campaign = campaigns.save(session, shop.main, Campaign(), name="Sale", subject="Hi {name}",
                              body_text="Dear {name}", starts_on=date(2026, 11, 1),
                              ends_on=date(2026, 11, 30))
    campaigns.send(session, shop.main, campaign)
    session.commit()
    assert send_mail(app).startswith("1 sent, 0 failed")
    assert send_mail(app).startswith("0 sent, 0 failed")
    (message,) = smtp.inbox.to("v1@buyers.test")
    assert message["Subject"] == "Hi Vee Von Tab Last"
    typed = Customer(org_id=shop.org.id, code="V2", name=" Wen\x0b\r\nWu ", phone="0917\t555")
    assert (typed.name, typed.phone) == ("Wen Wu", "0917 555")
    with pytest.raises(RuleError, match="control characters"):
        Customer(org_id=shop.org.id, code="V3\r\nX", name="Bad code")
    with pytest.raises(RuleError, match="control characters"):
        campaigns.save(session, shop.main, Campaign(), name="Tabbed", subject="Hi\v{name}",
                       body_text="x", starts_on=date(2026, 11, 1), ends_on=date(2026, 11, 30))


def test_customers_blacklisted_or_deactivated_after_the_send_do_not_receive_it(
        app, session, smtp):
    """Issue 20 item 9: the sender checks the customer when it sends."""
    shop, campaign = setup_campaign(session)  # queued for Ana, Ben and Kit
    ana, ben = (session.query(Customer).filter_by(code=c).one() for c in ("A1", "B1"))
    ana.blacklisted, ben.active = True, False
    session.commit()
    assert send_mail(app).startswith("1 sent")
    assert smtp.inbox.recipients() == ["k1@buyers.test"]
    held = session.query(Outbox).filter(Outbox.to_address.in_(
        ["a1@buyers.test", "b1@buyers.test"])).all()
    assert {(m.status, m.error) for m in held} == {("failed", outbox.NOT_WANTED)}
    assert send_mail(app).startswith("0 sent, 0 failed")


def test_campaign_mail_comes_from_the_organization_and_can_be_unsubscribed(
        app, session, smtp, client_for):
    """Issue 21 item 16: the organization's sender; every campaign message carries a
    link that works without signing in and takes the customer out of later campaigns;
    the customer's page shows it."""
    import re
    from admin_app.rules.customers import subscriptions
    shop, campaign = setup_campaign(session)
    subscriptions.save_sender(session, shop.main, shop.org, "Campaign Shop PH",
                              "hello@campaignshop.test")
    session.commit()
    send_mail(app)
    (message,) = smtp.inbox.to("a1@buyers.test")
    assert message["From"] == "Campaign Shop PH <hello@campaignshop.test>"
    link = re.search(r"<(http[^>]+/unsubscribe/[^>]+)>", message["List-Unsubscribe"]).group(1)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(("plain",)).get_content()
    assert link in text and link in message.get_body(("html",)).get_content()
    path = link.split("127.0.0.1:5000")[1]
    visitor = client_for()  # not signed in
    page = visitor.get(path).get_data(True)
    assert "Stop receiving" in page
    ana = session.query(Customer).filter_by(code="A1").one()
    assert ana.unsubscribed_at is None  # a GET (a mail scanner) changes nothing
    one_click = visitor.post(path, {"List-Unsubscribe": "One-Click"}, csrf=False)
    assert one_click.status_code == 200 and "any more" in one_click.get_data(True)
    session.expire_all()
    assert ana.unsubscribed_at is not None
    assert visitor.get(path[:-3] + "xyz").status_code == 404  # a forged token
    later = campaigns.save(session, shop.main, Campaign(), name="Later", subject="Hi",
                           body_text="x", starts_on=date(2026, 12, 1),
                           ends_on=date(2026, 12, 31))
    campaigns.send(session, shop.main, later)
    session.commit()
    assert session.query(Outbox).filter_by(campaign_id=later.id, customer_id=ana.id) \
        .count() == 0
    page = client_for(shop.main).get(f"/admin/customers/details/?id={ana.id}")
    assert "unsubscribed from campaigns on" in page.get_data(True)


def test_a_sender_address_that_is_not_one_is_refused_and_kept_as_it_was(
        app, session, client_for):
    """Issue 21 item 15: the mail sender page refuses an invalid address, says why, and
    keeps the sender the organization had."""
    from admin_app.rules.customers import subscriptions
    shop, _ = setup_campaign(session)
    subscriptions.save_sender(session, shop.main, shop.org, "Shop", "hello@shop.test")
    session.commit()
    client = client_for(shop.main)
    for bad in ("not-an-email", "someone@", "a@@b.test", "shop@localhost"):
        page = client.post("/admin/mail-settings/", {
            "mail_sender_name": "Shop", "mail_sender_address": bad},
            follow_redirects=True).get_data(as_text=True)
        assert "Sender address" in page and "is not an email address" in page, bad
        session.expire_all()
        assert shop.org.mail_sender_address == "hello@shop.test"
    with pytest.raises(RuleError):
        subscriptions.save_sender(session, shop.main, shop.org, "Shop", "x@y")


def test_names_are_put_on_one_line_wherever_they_enter(app, session, client_for):
    """Issue 20 item 7, at the doors: the customer form and a channel's buyer (the
    import and the API enter through the same rules and model)."""
    from admin_app.rules.sales.customers import find_or_create_buyer
    shop, _ = setup_campaign(session)
    session.commit()
    client = client_for(shop.main)
    assert client.post("/admin/customers/new/", {
        "code": "VT1", "name": "Vertical\x0bTab\r\nName"}).status_code == 302
    typed = session.query(Customer).filter_by(code="VT1").one()
    buyer = find_or_create_buyer(session, shop.main, "Shopee", "b-77", "Line\nBreak\x07Bell")
    for name in (typed.name, buyer.name):
        assert not any(ord(ch) < 32 or ord(ch) == 127 for ch in name), repr(name)
    assert typed.name.split() == ["Vertical", "Tab", "Name"]
