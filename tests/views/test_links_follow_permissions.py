"""A link is shown only to those the page it leads to lets in: others read the same
words as plain text, never a link to "Not allowed (403)"."""
from admin_app.models import Outbox
from tests import builders


def test_finance_reads_the_campaign_of_a_message_without_a_link_to_it(world, client_for,
                                                                      session):
    alpha, _ = world
    session.add(Outbox(org_id=alpha.org.id, campaign_id=alpha.campaign.id,
                       customer_id=alpha.customer.id, to_address="a@b.test",
                       subject="Hello", body="Hi"))
    finance = builders.make_user(session, alpha.org, "fin@alpha.test", ["reports.view"])
    session.commit()
    link = f'/admin/campaigns/details/?id={alpha.campaign.id}'
    mine = client_for(alpha.main).get("/admin/outbox/").get_data(as_text=True)
    assert link in mine
    theirs = client_for(finance).get("/admin/outbox/").get_data(as_text=True)
    assert alpha.campaign.name in theirs and link not in theirs
    assert client_for(finance).get(link).status_code == 403


def test_customer_service_reads_the_ledger_count_without_a_link_to_it(world, client_for,
                                                                      session):
    alpha, _ = world
    service = builders.make_user(session, alpha.org, "svc@alpha.test", ["customers.manage"])
    session.commit()
    ledger = f"/admin/reconciliation/{alpha.customer.id}/ledger"
    page = client_for(service).get(f"/admin/customers/details/?id={alpha.customer.id}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "ledger (" in text and ledger not in text
    assert client_for(service).get(ledger).status_code == 403
    assert ledger in client_for(alpha.main).get(
        f"/admin/customers/details/?id={alpha.customer.id}").get_data(as_text=True)
