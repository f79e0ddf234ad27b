import pytest
from admin_app.models import AuditLog, Customer
from admin_app.rules.core.errors import RuleError
from admin_app.rules.sales.customers import customer_for_buyer, set_blacklisted

from ... import builders


def test_a_channel_buyer_is_matched_by_channel_and_buyer_id_else_created(session):
    org = builders.make_org(session)
    main = builders.make_user(session, org, "o@x.test", main=True)
    first = customer_for_buyer(session, main, "Shopee", "buyer-77", "Ana Cruz")
    again = customer_for_buyer(session, main, "Shopee", "buyer-77", "Ana C.")
    other_channel = customer_for_buyer(session, main, "Lazada", "buyer-77", "Ana Cruz")
    assert again is first and other_channel is not first
    assert first.name == "Ana Cruz" and first.code.startswith("C")
    assert session.query(Customer).count() == 2


def test_buyers_of_another_organization_are_never_matched(session):
    org, other = builders.make_org(session, "A"), builders.make_org(session, "B")
    a = builders.make_user(session, org, "a@x.test", main=True)
    b = builders.make_user(session, other, "b@x.test", main=True)
    theirs = customer_for_buyer(session, b, "TikTok", "u1", "Same buyer")
    ours = customer_for_buyer(session, a, "TikTok", "u1", "Same buyer")
    assert ours is not theirs and ours.org_id == org.id


def test_blacklisting_is_audited_once(session):
    org = builders.make_org(session)
    main = builders.make_user(session, org, "o@x.test", main=True)
    customer = customer_for_buyer(session, main, "Shopee", "b1", "Bob")
    with pytest.raises(RuleError, match="say why"):
        set_blacklisted(session, main, customer, True, "  ")
    set_blacklisted(session, main, customer, True, "3 COD parcels refused")
    set_blacklisted(session, main, customer, True, "again")
    assert (customer.blacklisted, customer.blacklist_reason) == (True, "3 COD parcels refused")
    assert session.query(AuditLog).filter_by(action="customer.blacklist").count() == 1
    set_blacklisted(session, main, customer, False)
    assert (customer.blacklisted, customer.blacklist_reason) == (False, None)
