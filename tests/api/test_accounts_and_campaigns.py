"""A customer's statement, lots and adjustments; campaigns and the outbox; over the API."""
from admin_app.models import Customer, LedgerEntry
from tests import builders


def test_the_statement_adds_up_like_the_printed_one(api_for, world):
    alpha, _ = world
    api = api_for(alpha.main)
    today = builders.local_today()
    stmt = api.get(f"/customers/{alpha.customer.id}/statement", start="2026-01-01",
                   end=today.isoformat()).get_json()
    assert stmt["opening_credit"] == "0.00" and stmt["rows"]
    running = stmt["opening_credit"]
    for r in stmt["rows"]:
        assert float(r["total_credit"]) == round(float(running) + float(r["credit_change"]), 2)
        running = r["total_credit"]
    assert stmt["closing_credit"] == running
    bad = api.get(f"/customers/{alpha.customer.id}/statement", start="2026-12-01",
                  end="2026-01-01")
    assert bad.status_code == 422 and bad.get_json()["code"] == "api.period_invalid"


def test_an_adjustment_adds_a_lot_and_a_ledger_row(api_for, world, session):
    alpha, _ = world
    api = api_for(alpha.main)
    balance = alpha.customer.total_balance
    added = api.post(f"/customers/{alpha.customer.id}/adjustments",
                     {"amount": "25.00", "reason": "Goodwill"}, key="adj-1")
    assert added.status_code == 201, added.get_json()
    assert added.get_json()["balance_change"] == "25.00"
    lots = api.get(f"/customers/{alpha.customer.id}/credit-lots").get_json()["data"]
    assert lots[0]["amount"] == "25.00" and lots[0]["source"] == "adjustment: Goodwill"
    taken = api.post(f"/customers/{alpha.customer.id}/adjustments",
                     {"amount": "-5.00", "reason": "Correction"})
    assert taken.get_json()["balance_change"] == "-5.00"
    for bad in ({"amount": "abc", "reason": "x"}, {"amount": "1.001", "reason": "x"},
                {"amount": "1.00", "reason": ""}):
        assert api.post(f"/customers/{alpha.customer.id}/adjustments",
                        bad).status_code in (400, 422)
    session.expire_all()
    assert session.get(Customer, alpha.customer.id).total_balance == balance + 20
    points = api.get(f"/customers/{alpha.customer.id}/point-lots").get_json()["data"]
    assert points[0]["amount"] == "10" and points[0]["source"] == "Alpha welcome"


def test_campaigns_and_the_outbox_are_read(api_for, world):
    alpha, _ = world
    api = api_for(alpha.main)
    campaigns = api.get("/campaigns").get_json()["data"]
    assert [c["name"] for c in campaigns] == ["Alpha campaign"]
    assert campaigns[0]["orders"] == 0 and campaigns[0]["amount"] == "0.00"
    outbox = api.get("/outbox").get_json()["data"]
    assert [m["subject"] for m in outbox] == ["Alpha hello"]
    assert api_for(alpha.nobody).get("/outbox").status_code == 403


def test_adjustments_need_credit_receive(api_for, world, session):
    alpha, _ = world
    alpha.role.permissions = "reports.view"
    session.commit()
    entries = session.query(LedgerEntry).count()
    clerk = api_for(alpha.nobody)
    assert clerk.get(f"/customers/{alpha.customer.id}/statement",
                     start="2026-01-01").status_code == 200
    assert clerk.post(f"/customers/{alpha.customer.id}/adjustments",
                      {"amount": "5.00", "reason": "x"}).status_code == 403
    assert session.query(LedgerEntry).count() == entries


def test_a_campaign_is_drafted_changed_and_sent_over_the_api(api_for, world, session):
    """S11, every action of the pages: a draft for the customers of a level, changed,
    sent once (one message per matching customer with an address), then frozen."""
    from admin_app.models import Customer, Outbox
    alpha, _ = world
    api = api_for(alpha.main)
    draft = {"name": "Gold week", "subject": "Hello {name}", "body_text": "Dear {name}",
             "starts_on": "2026-12-01", "ends_on": "2026-12-31",
             "level_id": alpha.customer.level_id}
    made = api.post("/campaigns", draft)
    assert made.status_code == 201, made.get_json()
    cid = made.get_json()["id"]
    assert made.get_json()["status"] == "draft" and "send" in made.get_json()["allowed_events"]
    assert api.post("/campaigns", {**draft, "ends_on": "2026-11-01"}).status_code == 422
    changed = api.patch(f"/campaigns/{cid}", {**draft, "subject": "Hi {name}, gold week"})
    assert changed.status_code == 200 and changed.get_json()["subject"] == \
        "Hi {name}, gold week"
    sent = api.post(f"/campaigns/{cid}/send")
    assert sent.status_code == 200, sent.get_json()
    matching = session.query(Customer).filter_by(
        org_id=alpha.org.id, level_id=alpha.customer.level_id, blacklisted=False).filter(
        Customer.email.isnot(None), Customer.email != "").count()
    assert sent.get_json()["recipients"] == matching >= 1
    queued = session.query(Outbox).filter_by(campaign_id=cid).all()
    assert len(queued) == matching and queued[0].subject.startswith("Hi Alpha Buyer")
    assert api.post(f"/campaigns/{cid}/send").status_code == 422  # once
    assert api.patch(f"/campaigns/{cid}", draft).status_code == 422  # sent: frozen
    assert not {"send", "edit", "delete"} & set(
        api.get(f"/campaigns/{cid}").get_json()["allowed_events"])
    assert api.post(f"/campaigns/{cid}/retry").status_code == 422  # nothing failed
