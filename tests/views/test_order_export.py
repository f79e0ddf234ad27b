"""The Orders export from plain tuples writes the very cells the object export writes,
for the same rows (the organization's, the tab's, the filter's, the search's, in the
list's order), blacklist markers, uncollected orders and labels included."""
import pytest
from flask_login import login_user

from admin_app.extensions import db
from admin_app.models import Order
from admin_app.views.exporting import escape_formula
from tests.views.test_access_matrix import admin_views


def _both(app, url, user):
    view = next(v for v in admin_views(app) if v.endpoint == "orders")
    with app.test_request_context(url):
        login_user(user)
        fast = _written(view._export_rows())
        slow = _written(view._export_object_rows(view._export_data()[1]))
    return fast, slow


def _written(rows):
    """What the file gets: numbers and dates as they are, anything else as its text."""
    return [[escape_formula(cell) for cell in row] for row in rows]


@pytest.mark.parametrize("query", ["", "?search=Alpha", "?tab=shipped",
                                   "?sort=0&desc=1", "?flt0_0=completed"])
def test_the_tuple_export_writes_the_object_exports_cells(app, world, session, query):
    alpha, _ = world
    alpha.customer.blacklisted, alpha.customer.blacklist_reason = True, "chargebacks"
    session.get(Order, alpha.credit_order.id).uncollected = True
    session.commit()
    fast, slow = _both(app, f"/admin/orders/{query}", alpha.main)
    assert fast == slow
    if not query:
        assert len(fast) == db.session.query(Order).filter_by(org_id=alpha.org.id).count()
        assert any(str(c).endswith("\u2691 blacklist") for row in fast for c in row)
        assert any(str(c).endswith("· Uncollected") for row in fast for c in row)
        assert not any("Zebra" in str(c) for row in fast for c in row)
