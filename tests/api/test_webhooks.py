"""Webhooks: events written with the change, signed, retried with backoff, redelivered,
seen by a real receiver at least once and never forged."""
from datetime import timedelta

import pytest

from admin_app import webhooks
from admin_app.extensions import db
from admin_app.models import WebhookSubscription
from admin_app.models import WebhookDelivery, WebhookEvent, utcnow
from admin_app.rules.accounts import webhook_subscriptions as subs
from admin_app.rules.core import unit_of_work
from admin_app.rules.core.errors import RuleError
from admin_app.rules.core.webhook_deliveries import GIVE_UP_AFTER, signature, verify
from tests.api.receiver import Receiver


@pytest.fixture
def receiver(world, session):
    """A receiver; the world's own subscriptions and events are cleared first."""
    for model in (WebhookDelivery, WebhookEvent, WebhookSubscription):
        session.query(model).delete()
    session.commit()
    made = Receiver()
    yield made
    made.close()


def subscribe(user, url, events=("*",), allow_private=True):
    return unit_of_work.run(db.session, lambda: subs.subscribe(
        db.session, user, url=url, events=list(events), allow_private=allow_private))


def make_due(session):
    session.query(WebhookDelivery).update({"next_attempt_at": utcnow() - timedelta(
        seconds=1)})
    session.commit()


def test_every_event_reaches_the_receiver_signed_even_after_failures(
        api_for, world, session, receiver):
    alpha, beta = world
    receiver.secret = subscribe(alpha.main, receiver.url).secret
    receiver.fail_first = 2
    api = api_for(alpha.main)
    order = api.post("/orders", {"store_id": alpha.store.id, "customer_id": alpha.customer.id,
                                 "lines": [{"sku_id": alpha.sku.id, "quantity": 1}]}
                     ).get_json()
    api.post(f"/orders/{order['id']}/cancel", {})
    api.post(f"/refunds/{alpha.refund.id}/reject", {"reason": "Wrong account"})
    api_for(beta.main).post("/orders", {"store_id": beta.store.id,
                                        "customer_id": beta.customer.id,
                                        "lines": [{"sku_id": beta.sku.id, "quantity": 1}]})
    written = {f"evt_{e.id}" for e in session.query(WebhookEvent)}
    assert {e.org_id for e in session.query(WebhookEvent)} == {alpha.org.id}
    first = webhooks.deliver()
    assert first.delivered == len(written) - 2 and first.retried == 2
    retried = session.query(WebhookDelivery).filter_by(status="pending").all()
    assert all(d.next_attempt_at > utcnow() and d.response_code == 500 for d in retried)
    make_due(session)
    assert webhooks.deliver().delivered == 2
    assert {event["id"] for event in receiver.seen} == written
    assert receiver.forged == 0
    assert {"order.created", "order.cancelled", "refund.rejected",
            "aftersales.status_changed"} <= set(receiver.types())
    created = next(e for e in receiver.seen if e["type"] == "order.created")
    assert created["data"]["number"] == order["number"]



def test_each_side_of_a_push_is_told_of_its_own_part(session, receiver):
    """The distributor hears of its push; the supplier of the after-sales order the push
    made on its books (S11), each at its own receiver."""
    from tests.distribution_builders import distribution_order, make_partners, returned
    from admin_app.models import DistributionReturn
    from admin_app.rules.distribution import pushing
    w = make_partners(session, tag="W")
    record = session.query(DistributionReturn).filter_by(aftersales_id=returned(
        session, w, distribution_order(session, w)).id).one()
    session.commit()
    supplier_side = Receiver()
    try:
        receiver.secret = subscribe(w.d_main, receiver.url).secret
        supplier_side.secret = subscribe(w.s_main, supplier_side.url).secret
        unit_of_work.run(db.session, lambda: pushing.push(db.session, w.d_main, record))
        webhooks.deliver()
        assert "distribution.pushed" in receiver.types()
        assert supplier_side.types() == ["aftersales.created"]
        made = supplier_side.seen[0]["data"]
        assert made["number"] == db.session.get(DistributionReturn, record.id).supplier_aso.number
    finally:
        supplier_side.close()

def test_a_refused_action_tells_nothing(api_for, world, session, receiver):
    alpha, _ = world
    subscribe(alpha.main, receiver.url)
    api_for(alpha.main).post(f"/aftersales/{alpha.refund.aftersales_id}/refunds",
                             {"amount": "9999.00", "method": "balance"})
    assert session.query(WebhookEvent).count() == 0


def test_only_the_chosen_events_are_written(api_for, world, session, receiver):
    alpha, _ = world
    subscribe(alpha.main, receiver.url, ["order.cancelled"])
    api = api_for(alpha.main)
    order = api.post("/orders", {"store_id": alpha.store.id, "customer_id": alpha.customer.id,
                                 "lines": [{"sku_id": alpha.sku.id, "quantity": 1}]}
                     ).get_json()
    api.post(f"/orders/{order['id']}/cancel", {})
    assert [e.event_type for e in session.query(WebhookEvent)] == ["order.cancelled"]


def test_a_receiver_down_for_three_days_is_given_up_then_redelivered(
        api_for, world, session, receiver):
    alpha, _ = world
    receiver.secret = subscribe(alpha.main, receiver.url, ["order.created"]).secret
    receiver.fail_first = 1000
    api_for(alpha.main).post("/orders", {"store_id": alpha.store.id,
                                         "customer_id": alpha.customer.id,
                                         "lines": [{"sku_id": alpha.sku.id, "quantity": 1}]})
    delivery = session.query(WebhookDelivery).one()
    delivery.created_at -= GIVE_UP_AFTER
    session.commit()
    assert webhooks.deliver().failed == 1
    session.refresh(delivery)
    assert (delivery.status, delivery.attempts, delivery.error) == ("failed", 1, "answered 500")
    receiver.fail_first = 0
    unit_of_work.run(db.session, lambda: subs.redeliver(db.session, alpha.main, delivery))
    assert webhooks.deliver().delivered == 1
    assert receiver.types() == ["order.created"]


def test_the_backoff_doubles_and_a_dead_runs_lease_ends(api_for, world, session, receiver):
    from admin_app.rules.core.webhook_deliveries import LEASE, claim, record, wait_after
    assert [wait_after(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert wait_after(30) == timedelta(hours=6)
    alpha, _ = world
    subscribe(alpha.main, "https://example.com/hooks", ["order.created"])
    api_for(alpha.main).post("/orders", {"store_id": alpha.store.id,
                                         "customer_id": alpha.customer.id,
                                         "lines": [{"sku_id": alpha.sku.id, "quantity": 1}]})
    held = unit_of_work.run(db.session, lambda: claim(db.session, 10, "dead-run"))
    assert len(held) == 1
    assert unit_of_work.run(db.session, lambda: claim(db.session, 10, "other")) == []
    later = utcnow() + LEASE + timedelta(seconds=1)
    again = unit_of_work.run(db.session, lambda: claim(db.session, 10, "second", later))
    assert [c.id for c in again] == [c.id for c in held]
    assert unit_of_work.run(db.session, lambda: record(
        db.session, held[0].id, "dead-run", 200, None)) == "lost"
    assert unit_of_work.run(db.session, lambda: record(
        db.session, held[0].id, "second", 204, None)) == "delivered"


def test_signatures_cannot_be_forged():
    body = b'{"id": "evt_1"}'
    header = signature("whsec_a", 1_700_000_000, body)
    assert verify("whsec_a", header, body, 1_700_000_010)
    assert not verify("whsec_b", header, body, 1_700_000_010)
    assert not verify("whsec_a", header, body + b" ", 1_700_000_010)
    assert not verify("whsec_a", header, body, 1_700_001_000)  # replayed too late


def test_bad_urls_and_events_are_refused(world, session, receiver):
    alpha, _ = world
    for url, events in (("ftp://x/y", ["*"]), ("https://u:p@x.com/", ["*"]),
                        ("https://x.com/", ["nothing.happened"]), ("https://x.com/", [])):
        with pytest.raises(RuleError):
            subscribe(alpha.main, url, events)
    with pytest.raises(RuleError) as refused:
        subscribe(alpha.nobody, "https://x.com/")
    assert refused.value.code == "access.not_permitted"


@pytest.mark.parametrize("url,code", [
    ("http://hooks.example.com/in", "webhook.url_invalid"),
    ("https://127.0.0.1:8080/x", "webhook.url_private"),
    ("https://10.1.2.3/x", "webhook.url_private"),
    ("https://[::1]/x", "webhook.url_private"),
    ("https://localhost/x", "webhook.url_private"),
    ("https://printer.local/x", "webhook.url_private")])
def test_a_receiver_that_can_never_be_reached_is_refused_when_subscribing(
        world, session, url, code):
    """Where private receivers are not allowed (production), an address only this
    server's network can mean, or plain http, is refused at once, not at every delivery."""
    alpha, _ = world
    with pytest.raises(RuleError) as refused:
        subscribe(alpha.main, url, allow_private=False)
    assert refused.value.code == code
    assert session.query(WebhookSubscription).filter_by(url=url).count() == 0
    assert subscribe(alpha.main, "https://hooks.example.com/in", allow_private=False).url \
        == "https://hooks.example.com/in"


def test_private_addresses_are_refused_unless_allowed(app, api_for, world, session,
                                                      receiver):
    alpha, _ = world
    subscribe(alpha.main, receiver.url, ["order.created"])
    api_for(alpha.main).post("/orders", {"store_id": alpha.store.id,
                                         "customer_id": alpha.customer.id,
                                         "lines": [{"sku_id": alpha.sku.id, "quantity": 1}]})
    app.config["WEBHOOK_ALLOW_PRIVATE"] = False
    try:
        assert webhooks.deliver().retried == 1
    finally:
        app.config["WEBHOOK_ALLOW_PRIVATE"] = True
    delivery = session.query(WebhookDelivery).one()
    assert "inside this server's network" in delivery.error and receiver.seen == []


def test_a_redirect_is_not_followed_and_a_paused_subscription_waits(
        api_for, world, session, receiver):
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    alpha, _ = world

    class Redirecting(BaseHTTPRequestHandler):
        def do_POST(self):
            self.send_response(302)
            self.send_header("Location", receiver.url)
            self.end_headers()

        def log_message(self, *args):
            pass
    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirecting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        subscribe(alpha.main, f"http://127.0.0.1:{server.server_port}/", ["order.created"])
        api_for(alpha.main).post("/orders", {"store_id": alpha.store.id,
                                             "customer_id": alpha.customer.id,
                                             "lines": [{"sku_id": alpha.sku.id,
                                                        "quantity": 1}]})
        assert webhooks.deliver().retried == 1
    finally:
        server.shutdown()
        server.server_close()
    assert receiver.seen == []  # the redirect's target was never called
    delivery = session.query(WebhookDelivery).one()
    assert delivery.response_code == 302
    from admin_app.models import WebhookSubscription
    sub = session.query(WebhookSubscription).one()
    unit_of_work.run(db.session, lambda: subs.set_active(db.session, alpha.main, sub, False))
    make_due(session)
    assert webhooks.deliver().delivered + webhooks.deliver().retried == 0


def test_webhooks_are_managed_over_the_api_as_on_their_page(api_for, world, session,
                                                            receiver):
    """SPEC S11: subscribe, pause, resume, see each delivery and redeliver it."""
    alpha, beta = world
    api = api_for(alpha.main)
    made = api.post("/webhooks", {"url": receiver.url, "events": ["order.created"],
                                  "description": "ERP"})
    assert made.status_code == 201, made.get_json()
    sub = made.get_json()
    assert (sub["events"], sub["active"]) == (["order.created"], True)
    assert sub["secret"].startswith("whsec_")
    receiver.secret = sub["secret"]
    assert api.post("/webhooks", {"url": "ftp://x", "events": ["*"]}).status_code == 422
    assert api.post("/webhooks", {"url": receiver.url, "events": ["nope"]}).status_code == 400
    order = {"store_id": alpha.store.id, "customer_id": alpha.customer.id,
             "lines": [{"sku_id": alpha.sku.id, "quantity": 1}]}
    receiver.fail_first = 1000
    api.post("/orders", order)
    delivery = session.query(WebhookDelivery).one()
    delivery.created_at -= GIVE_UP_AFTER
    session.commit()
    assert webhooks.deliver().failed == 1
    listed = api.get("/webhooks/deliveries", subscription_id=sub["id"]).get_json()["data"]
    assert [(d["event_type"], d["status"], d["response_code"], d["allowed_events"])
            for d in listed] == [("order.created", "failed", 500, ["redeliver"])]
    assert api.get("/webhooks/deliveries", status="delivered").get_json()["data"] == []
    receiver.fail_first = 0
    again = api.post(f"/webhooks/deliveries/{listed[0]['id']}/redeliver")
    assert again.status_code == 200 and again.get_json()["status"] == "pending"
    assert webhooks.deliver().delivered == 1 and receiver.types() == ["order.created"]
    paused = api.post(f"/webhooks/{sub['id']}/events/pause").get_json()
    assert paused["active"] is False
    api.post("/orders", order)
    assert webhooks.deliver().delivered == 0
    assert api.post(f"/webhooks/{sub['id']}/events/resume").get_json()["active"] is True
    assert [s["id"] for s in api.get("/webhooks").get_json()["data"]] == [sub["id"]]
    # another organization sees none of it and touches none of it
    other = api_for(beta.main)
    assert other.get("/webhooks").get_json()["data"] == []
    assert other.get("/webhooks/deliveries").get_json()["data"] == []
    assert other.post(f"/webhooks/{sub['id']}/events/pause").status_code == 404


def test_a_payload_writes_amounts_and_times_as_the_api_does(api_for, session):
    """S9/S11: a dong shop's order.created tells 450000, not 450000.00, beside its
    currency; instants carry the organization's offset and the order's date the zone
    it was typed in (a receiver could not tell them apart when both were naive)."""
    import json
    from tests import builders
    org = builders.make_org(session, "Viet Hooks", currency="VND",
                            timezone="Asia/Ho_Chi_Minh")
    w = builders.make_world(session, "Viet Hooks", marker="VH", org=org)
    for model in (WebhookDelivery, WebhookEvent, WebhookSubscription):
        session.query(model).delete()
    session.commit()
    subscribe(w.main, "https://hooks.example.com/v", ["order.created"])
    made = api_for(w.main).post("/orders", {
        "store_id": w.store.id, "customer_id": w.customer.id,
        "lines": [{"sku_id": w.sku.id, "quantity": 3, "unit_price": "150000"}]})
    assert made.status_code == 201 and made.get_json()["total"] == "450000"
    data = json.loads(session.query(WebhookEvent).one().payload)["data"]
    changes = data["changes"]
    assert data["currency"] == "VND"
    assert (changes["total"], changes["received"]) == ("450000", "450000")
    assert changes["created_at"].endswith("+07:00")
    assert changes["order_date"].endswith("+07:00")
    assert changes["order_date"] == made.get_json()["order_date"]


def test_deadline_events_write_the_due_time_and_cost_as_the_api_does(api_for, session):
    """A dong shop's missed deadline: its instant carries the organization's offset, as
    the API's due_at does, and what it cost the currency's decimals (it read a naive
    UTC time, 8 h off for a receiver in the shop's zone, and 450000.00)."""
    import json
    from datetime import datetime
    from admin_app.rules.platforms import alerts
    from tests.rules.platforms.helpers import make_platform_shop, shipped
    shop = make_platform_shop(session, name="Hook Clock")
    shop.org.currency, shop.org.timezone = "VND", "Asia/Ho_Chi_Minh"
    order = shipped(session, shop, qty=1, price="450000")
    for model in (WebhookDelivery, WebhookEvent, WebhookSubscription):
        session.query(model).delete()
    session.commit()
    subscribe(shop.main, "https://hooks.example.com/d",
              ["aftersales.deadline_due", "aftersales.deadline_missed"])
    asked = (utcnow() - timedelta(hours=60)).replace(microsecond=0)
    made = api_for(shop.main).post("/platform-aftersales", {
        "store_id": order.store_id, "request_id": "HC-1", "order_id": order.id,
        "type": "return_refund", "platform_status": "REQUESTED",
        "refund_amount": "450000", "warehouse_id": shop.wh.id,
        "requested_at": asked.isoformat() + "+00:00"})
    assert made.status_code == 201, made.get_json()
    due_at = made.get_json()["platform"]["deadline"]["due_at"]
    assert due_at.endswith("+07:00")
    unit_of_work.run(db.session, lambda: alerts.run(db.session))
    events = [json.loads(e.payload) for e in session.query(WebhookEvent)]
    missed = [e["data"]["changes"] for e in events if e["type"] == "aftersales.deadline_missed"]
    assert len(missed) == 1
    assert missed[0]["amount"] == "450000"
    assert missed[0]["due_at"] == due_at
    assert datetime.fromisoformat(missed[0]["due_at"]).utcoffset() == timedelta(hours=7)
