"""What a row may do next, from its lifecycle and the user: the buttons a page shows and
the actions an API lists come from allowed()/why_not(), which agree with the rules."""
from datetime import date

from admin_app.models import Campaign, DistributionReturn
from admin_app.rules.aftersales import refund_orders
from admin_app.rules.customers import campaigns
from admin_app.rules.distribution import partnerships, pushing
from tests import builders
from tests.distribution_builders import distribution_order, make_partners, returned


def test_a_waiting_bank_refund_can_be_confirmed_or_rejected_once(session):
    w = builders.make_world(session, "Alpha Trading", marker="Alpha")
    clerk = builders.make_user(session, w.org, "clerk@alpha.test", ["aftersales.manual"])
    assert refund_orders.allowed(w.main, w.refund) == ["confirm", "reject"]
    assert refund_orders.allowed(clerk, w.refund) == []
    assert refund_orders.why_not(clerk, w.refund, "confirm").code == "access.not_permitted"
    done = refund_orders.confirm(session, w.main, w.refund)
    assert done is w.refund and done.posting is not None
    assert done.posting.doc_no == w.aso.number
    assert refund_orders.allowed(w.main, w.refund) == []
    assert refund_orders.why_not(w.main, w.refund, "reject").code == \
        "refund.refund_longer_waiting_confirmation"


def test_a_partnership_is_accepted_by_the_other_side_and_ends_for_good(session):
    w = make_partners(session)
    assert set(partnerships.allowed(w.d_main, w.p)) == {
        "terminate", "link_warehouse", "map_sku", "settings"}
    assert "link_warehouse" not in partnerships.allowed(w.s_main, w.p)
    partnerships.terminate(session, w.s_main, w.p)
    assert partnerships.allowed(w.d_main, w.p) == []
    assert partnerships.why_not(w.d_main, w.p, "map_sku").code == \
        "partnership.partnership_ended_fees_auto"


def test_a_proposal_is_accepted_only_by_the_side_that_did_not_make_it(session):
    w = make_partners(session, tag="P")
    third = builders.make_org(session, "Third Co")
    owner = builders.make_user(session, third, "owner@third.test", main=True)
    proposal = partnerships.propose(session, owner, w.sup.name, "distributor")
    assert "accept" not in partnerships.allowed(owner, proposal)
    assert "accept" in partnerships.allowed(w.s_main, proposal)


def test_a_return_is_pushed_once_and_not_after_a_recall(session):
    w = make_partners(session, tag="Q")
    link = distribution_order(session, w)
    aso = returned(session, w, link)
    record = session.query(DistributionReturn).filter_by(aftersales_id=aso.id).one()
    assert pushing.allowed(w.d_main, record) == ["push"]
    pushing.push(session, w.d_main, record)
    # pushed: it can be recalled (S6), not pushed again
    assert pushing.is_pushed(record) and pushing.allowed(w.d_main, record) == ["recall"]
    assert pushing.why_not(w.d_main, record).code == "push.already_pushed"
    pushing.recall(session, w.d_main, record)
    assert record.status == "recalled" and pushing.allowed(w.d_main, record) == []


def test_a_sent_campaign_can_only_be_sent_again_to_its_failures(session):
    w = builders.make_world(session, "Alpha Trading", marker="Alpha")
    campaign = campaigns.save(session, w.main, Campaign(), name="Hello", subject="Hi {name}",
                              body_text="Dear {name}", starts_on=date(2026, 11, 1),
                              ends_on=date(2026, 11, 30))
    assert set(campaigns.allowed(w.main, campaign)) == {"send", "edit", "delete"}
    campaigns.send(session, w.main, campaign)
    assert campaigns.allowed(w.main, campaign) == ["retry"]
