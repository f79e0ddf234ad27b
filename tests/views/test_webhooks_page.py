"""The webhooks page: subscribe, see the secret and each delivery, pause, redeliver."""
from admin_app.models import WebhookDelivery, WebhookSubscription


def test_subscribe_pause_and_redeliver_from_the_page(app, world, client_for, session):
    alpha, _ = world
    browser = client_for(alpha.main)
    browser.post("/admin/webhooks/", data={"url": "https://erp.example.com/in",
                                           "events": ["order.created", "refund.confirmed"]})
    made = session.query(WebhookSubscription).filter_by(url="https://erp.example.com/in").one()
    assert made.events == "order.created refund.confirmed"
    page = browser.get("/admin/webhooks/").get_data(as_text=True)
    assert made.secret in page and "Refund confirmed" in page
    assert alpha.delivery.event.event_type == "campaign.sent" and "Campaign sent" in page
    browser.post(f"/admin/webhooks/{made.id}/pause", data={})
    session.expire_all()
    assert session.get(WebhookSubscription, made.id).active is False
    delivery = session.get(WebhookDelivery, alpha.delivery.id)
    delivery.status = "failed"
    session.commit()
    browser.post(f"/admin/webhooks/deliveries/{delivery.id}/redeliver", data={})
    session.expire_all()
    assert session.get(WebhookDelivery, delivery.id).status == "pending"


def test_a_bad_url_is_refused_with_a_message(app, world, client_for, session):
    alpha, _ = world
    answer = client_for(alpha.main).post("/admin/webhooks/", data={
        "url": "ftp://files", "events": ["*"]}, follow_redirects=True)
    assert "starting with https://" in answer.get_data(as_text=True)
    assert session.query(WebhookSubscription).filter_by(url="ftp://files").count() == 0


def test_a_clerk_cannot_see_the_secrets(app, world, client_for):
    alpha, _ = world
    assert client_for(alpha.nobody).get("/admin/webhooks/").status_code == 403


def test_a_receiver_inside_the_servers_network_is_refused_on_the_page(app, world, client_for,
                                                                     session):
    alpha, _ = world
    app.config["WEBHOOK_ALLOW_PRIVATE"] = False  # as in production
    try:
        answer = client_for(alpha.main).post("/admin/webhooks/", data={
            "url": "https://127.0.0.1:8080/x", "events": ["*"]}, follow_redirects=True)
    finally:
        app.config["WEBHOOK_ALLOW_PRIVATE"] = True
    page = answer.get_data(as_text=True)
    assert "127.0.0.1 is inside this server&#39;s own network" in page
    assert "Subscribed" not in page
    assert session.query(WebhookSubscription).filter_by(
        url="https://127.0.0.1:8080/x").count() == 0


def test_a_failed_delivery_reads_in_the_readers_language(app, world, client_for, session):
    """A try that failed keeps its answer in English; the page words it for the reader
    and says the delivery will be tried again (not just "Waiting")."""
    alpha, _ = world
    delivery = session.get(WebhookDelivery, alpha.delivery.id)
    delivery.attempts, delivery.error = 3, "not reached: [Errno -2] Name or service not known"
    alpha.main.language = "zh_Hans"
    session.commit()
    page = client_for(alpha.main).get("/admin/webhooks/").get_data(as_text=True)
    assert "无法送达：[Errno -2] Name or service not known" in page
    assert "失败，将重试" in page and "not reached" not in page
