"""Email campaigns from the pages (SPEC S7): a draft is created and sent from its page
once, its list and page show delivery and contribution, a sent campaign cannot be
edited, failed messages are retried from the page, and the customer's page lists the
campaigns they received."""
from datetime import datetime

from admin_app.extensions import db
from admin_app.models import Campaign, Outbox
from admin_app.rules.sales.orders import LineInput, create_order

from ..conftest import token_of

FORM = {"name": "Black Friday", "subject": "Hi {name}", "body_text": "Dear {name}, 20% off",
        "body_html": "<p>Dear <b>{name}</b></p><img src=x onerror=alert(1)>",
        "starts_on": "2026-11-01", "ends_on": "2026-11-30"}


def create(client, **changes):
    token = token_of(client.get("/admin/campaigns/new/").get_data(True))
    return client.post("/admin/campaigns/new/", {**FORM, **changes, "token": token})


def test_create_send_once_and_see_delivery_and_contribution(world, client_for, session):
    alpha, beta = world
    client = client_for(alpha.main)
    assert create(client).status_code == 302
    campaign = session.query(Campaign).filter_by(name="Black Friday").one()
    assert "<img" not in campaign.body_html
    page = client.get(f"/admin/campaigns/details/?id={campaign.id}").get_data(True)
    assert "<strong>1</strong> customer(s) match" in page and "Send to 1 customer(s)" in page

    question, _ = client.asked(f"/admin/campaigns/send/{campaign.id}")
    assert "Send Black Friday to 1 customer(s)?" in question
    again = client._press(question, follow_redirects=True).get_data(True)
    assert "already" in again  # the question's button pressed twice: sent once
    [message] = session.query(Outbox).filter_by(campaign_id=campaign.id).all()
    assert (message.to_address, message.subject) == (alpha.customer.email,
                                                     f"Hi {alpha.customer.name}")

    create_order(session, alpha.main, store=alpha.store, customer=alpha.customer,
                 lines=[LineInput(alpha.sku, 1, None)], number="CAMP-1",
                 order_date=datetime(2026, 11, 25, 9))
    session.commit()
    listing = client.get("/admin/campaigns/").get_data(True)
    assert "1 queued" in listing and "Black Friday" in listing
    page = client.get(f"/admin/campaigns/details/?id={campaign.id}").get_data(True)
    # the world's two November orders (40.00 + 30.00) and this one (the tier price 20.00)
    assert '<div class="value">3</div>' in page and '<div class="value">90.00</div>' in page
    edit = client.get(f"/admin/campaigns/edit/?id={campaign.id}", follow_redirects=True)
    assert "can no longer change" in edit.get_data(True)
    customer_page = client.get(f"/admin/customers/details/?id={alpha.customer.id}")
    assert "Black Friday" in customer_page.get_data(True)
    assert client_for(beta.main).get(
        f"/admin/campaigns/details/?id={campaign.id}").status_code == 404


def test_failed_messages_are_retried_from_the_page(world, client_for, session):
    alpha, _ = world
    client = client_for(alpha.main)
    create(client)
    campaign = session.query(Campaign).filter_by(name="Black Friday").one()
    page = client.get(f"/admin/campaigns/details/?id={campaign.id}").get_data(True)
    client.asked(f"/admin/campaigns/send/{campaign.id}")
    message = session.query(Outbox).filter_by(campaign_id=campaign.id).one()
    message.status, message.attempts, message.error = "failed", 5, "550 No such mailbox"
    session.commit()
    page = client.get(f"/admin/campaigns/details/?id={campaign.id}").get_data(True)
    assert "550 No such mailbox" in page and "Retry the 1 failed message(s)" in page
    done = client.post(f"/admin/campaigns/retry/{campaign.id}", {"token": token_of(page)},
                       follow_redirects=True).get_data(True)
    assert "1 failed message(s) queued again" in done
    db.session.expire_all()
    assert (db.session.get(Outbox, message.id).status,
            db.session.get(Outbox, message.id).attempts) == ("queued", 0)


def test_a_draft_nobody_matches_cannot_be_sent(world, client_for, session):
    alpha, _ = world
    alpha.customer.blacklisted = True
    session.commit()
    client = client_for(alpha.main)
    create(client)
    campaign = session.query(Campaign).filter_by(name="Black Friday").one()
    page = client.get(f"/admin/campaigns/details/?id={campaign.id}").get_data(True)
    assert "<strong>0</strong> customer(s) match" in page
    _, refused = client.asked(f"/admin/campaigns/send/{campaign.id}",
                              follow_redirects=True)
    refused = refused.get_data(True)
    assert "No customer matches" in refused
    assert session.query(Outbox).filter_by(campaign_id=campaign.id).count() == 0


def test_a_draft_saved_twice_is_one_draft_and_a_sent_one_stays(world, client_for, session):
    alpha, _ = world
    client = client_for(alpha.main)
    token = token_of(client.get("/admin/campaigns/new/").get_data(True))
    for _ in range(2):
        client.post("/admin/campaigns/new/", {**FORM, "token": token})
    [campaign] = session.query(Campaign).filter_by(name="Black Friday").all()
    client.asked(f"/admin/campaigns/send/{campaign.id}")
    listing = client.get("/admin/campaigns/").get_data(True)
    assert f"/admin/campaigns/edit/?id={campaign.id}" not in listing
    assert f'name="id" value="{campaign.id}"' not in listing  # no delete button
    refused = client.post("/admin/campaigns/delete/", {"id": str(campaign.id)},
                          follow_redirects=True).get_data(True)
    assert "record of what was sent" in refused
    assert session.query(Campaign).filter_by(id=campaign.id).count() == 1
    export = client.get("/admin/campaigns/export/csv/").get_data(True)
    assert "Black Friday" in export and "<a" not in export


def test_the_list_and_its_export_run_as_many_queries_for_1_or_6_campaigns(
        app, world, client_for, session):
    from .test_list_queries import counting
    alpha, _ = world
    client = client_for(alpha.main)
    client.get("/admin/campaigns/")

    def statements():
        with counting(app) as page:
            assert client.get("/admin/campaigns/").status_code == 200
        with counting(app) as export:
            assert b"Black Friday" in client.get("/admin/campaigns/export/csv/").data
        return len(page), len(export)
    create(client)
    one = statements()
    for n in range(5):
        create(client, name=f"Black Friday {n}")
    assert statements() == one


def test_dates_are_taken_as_the_reader_types_them(world, client_for, session):
    """Issue 24 item 5: the picker's ISO date, or the date as the reader's language
    writes it (day first in Thai, year first in Chinese); anything else is refused
    with an example, and nothing is saved."""
    alpha, _ = world
    alpha.main.language = "th"
    session.commit()
    client = client_for(alpha.main)
    assert create(client, name="Thai", starts_on="1/12/2026",
                  ends_on="2026-12-31").status_code == 302
    thai = session.query(Campaign).filter_by(name="Thai").one()
    assert (str(thai.starts_on), str(thai.ends_on)) == ("2026-12-01", "2026-12-31")
    refused = create(client, name="Nonsense", starts_on="next Friday")
    assert refused.status_code == 200 and "YYYY-MM-DD" in refused.get_data(True)
    assert session.query(Campaign).filter_by(name="Nonsense").count() == 0
    client.post("/language", data={"language": "zh_Hans", "next": "/admin/"})
    assert create(client, name="Chinese", starts_on="2026/12/2",
                  ends_on="2026/12/31").status_code == 302
    assert str(session.query(Campaign).filter_by(name="Chinese").one().starts_on) == "2026-12-02"
