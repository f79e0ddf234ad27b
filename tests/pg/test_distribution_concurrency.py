"""Real threads on PostgreSQL: distributors' staff and retries pushing and re-pushing the
same returns at once. Each return gets exactly one supplier record."""
import pytest

from admin_app.models import AfterSalesOrder, DistributionReturn, User
from admin_app.rules.credit import verification
from admin_app.rules.distribution import pushing

from ..distribution_builders import distribution_order, make_partners, returned
from .conftest import at_once

pytestmark = pytest.mark.pg


def test_several_threads_pushing_the_same_records_make_one_supplier_record_each(
        app, session):
    w = make_partners(session)
    link = distribution_order(session, w, days_ago=5)
    records = [session.query(DistributionReturn).filter_by(
        aftersales_id=returned(session, w, link).id).one().id for _ in range(3)]
    session.commit()
    user_id = w.d_main.id

    def pusher(record_id):
        return lambda s: pushing.push(s, s.get(User, user_id),
                                      s.get(DistributionReturn, record_id))

    outcome = at_once(app, *[pusher(r) for r in records for _ in range(4)])

    assert outcome == ["done"] * 12
    session.expire_all()
    for record_id in records:
        record = session.get(DistributionReturn, record_id)
        assert record.status == "pushed"
    pushed = session.query(AfterSalesOrder).filter_by(org_id=w.sup.id).all()
    assert len(pushed) == 3 and len({a.id for a in pushed}) == 3
    assert verification.verify(session, org_id=w.sup.id)[1] == []
