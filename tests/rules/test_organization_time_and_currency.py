"""Business dates are the organization's; amounts follow its currency's minor units."""
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from admin_app.models import Customer, LedgerEntry
from admin_app.rules.credit import adjustments, payments, verification
from tests.builders import make_org, make_user
from tests.refusals import refused


def _customer(session, org):
    customer = Customer(org_id=org.id, code="C1", name="Người mua", credit_allowed=True,
                        credit_order_types="manual")
    session.add(customer)
    session.flush()
    return customer


def test_a_vnd_organization_stores_and_keeps_whole_dong_and_the_books_add_up(session):
    org = make_org(session, "Sài Gòn Shop", currency="VND", timezone="Asia/Ho_Chi_Minh")
    owner = make_user(session, org, "owner@vnd.test", main=True)
    customer = _customer(session, org)
    receipt = payments.receive(session, owner, customer.id, Decimal("150000"), None)
    with refused("money.whole_units", amount=Decimal("150000.5"), currency="VND"):
        payments.receive(session, owner, customer.id, Decimal("150000.5"), None)
    with refused("money.whole_units"):
        adjustments.adjust_balance(session, owner, customer.id, Decimal("0.5"), "typo")
    session.expire_all()
    assert receipt.amount == Decimal("150000")
    assert session.get(Customer, customer.id).total_balance == Decimal("150000")
    assert verification.verify(session, org_id=org.id)[1] == []


def test_a_ledger_entry_is_dated_on_the_organizations_calendar(session):
    # Kiritimati is 14 hours ahead of UTC: most of the day its date is not the server's.
    org = make_org(session, "Line Islands", timezone="Pacific/Kiritimati")
    owner = make_user(session, org, "owner@kiri.test", main=True)
    customer = _customer(session, org)
    adjustments.adjust_balance(session, owner, customer.id, Decimal("10.00"), "goodwill")
    entry = session.query(LedgerEntry).filter_by(customer_id=customer.id).one()
    assert entry.entry_date == datetime.now(ZoneInfo("Pacific/Kiritimati")).date()
