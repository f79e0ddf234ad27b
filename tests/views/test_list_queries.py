"""List pages run a fixed number of queries, however many rows they show."""
import re
from contextlib import contextmanager

from sqlalchemy import event

from admin_app.extensions import db
from admin_app.views.model_view import SecureModelView

from .. import builders

MAX_QUERIES = 4


@contextmanager
def counting(app):
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def list_counts(app, client, query=""):
    counts = {}
    for view in app.extensions["admin"][0]._views:
        if isinstance(view, SecureModelView):
            with counting(app) as statements:
                assert client.get(f"/admin/{view.endpoint}/{query}").status_code == 200
            counts[view.endpoint] = len(statements)
    return counts


def test_list_pages_run_the_same_few_queries_for_1_or_20_rows(app, world, client_for,
                                                               session):
    alpha, _ = world
    client = client_for(alpha.main)
    client.get("/admin/")  # warm up: first-request work is not a list page's cost
    few = list_counts(app, client)
    for n in range(19):
        builders.make_world(session, None, f"More{n}", org=alpha.org, main=alpha.main)
    session.commit()
    many = list_counts(app, client)
    assert many == few
    assert max(many.values()) <= MAX_QUERIES, many


def test_deep_pages_bigger_pages_and_searches_cost_no_more_queries(app, world, client_for,
                                                                   session):
    alpha, _ = world
    for n in range(19):
        builders.make_world(session, None, f"More{n}", org=alpha.org, main=alpha.main)
    session.commit()
    client = client_for(alpha.main)
    client.get("/admin/")
    first = list_counts(app, client)
    for query in ("?page_size=100", "?page_size=20&last=1", "?search=More1"):
        assert list_counts(app, client, query) == first, query


def test_the_cached_menu_follows_each_users_permissions(world, client_for, session):
    alpha, _ = world
    clerk = builders.make_user(session, alpha.org, "menu-clerk@alpha.test", ["orders.manage"])
    session.commit()
    main, other = client_for(alpha.main), client_for(clerk)
    for _ in range(2):  # the second round is served from the cache
        owner_page = main.get("/admin/orders/").get_data(as_text=True)
        clerk_page = other.get("/admin/orders/").get_data(as_text=True)
        assert 'href="/admin/users/"' in owner_page
        assert 'href="/admin/users/"' not in clerk_page
        assert 'href="/admin/orders/"' in clerk_page


def test_the_cached_menu_marks_the_page_drawn_not_the_one_asked_for(world, client_for):
    """A missing record is drawn in the frame of Home: the orders page of the same
    address, asked next, still marks Orders as the open page, and the other way round."""
    alpha, _ = world
    client = client_for(alpha.main)

    def active(url):
        page = client.get(url).get_data(as_text=True)
        return re.findall(r'class="dropdown-item active[^"]*"\s+href="([^"]+)"', page)
    for _ in range(2):  # the second round is served from the cache
        assert active("/admin/orders/details/?id=987654") == []
        assert active(f"/admin/orders/details/?id={alpha.order.id}") == ["/admin/orders/"]


def test_returns_waiting_for_a_refund_cost_no_query_per_row(app, world, client_for, session):
    """A row waiting for its refund asks what its order can still give back (the
    "Complete (nothing to refund)" button): that reads the order's money account, which
    comes with the list, not one query per row and column."""
    from admin_app.rules.aftersales import orders as aftersales
    from admin_app.rules.sales.status import change_status
    alpha, _ = world

    def waiting_return(w):
        for event in ("to_pickup", "ship"):
            change_status(session, w.main, w.order, event)
        aso = aftersales.create(session, w.main, w.order, "return_refund", [
            aftersales.ReturnInput(1, order_line=w.order.lines[0], reason=w.reason)],
            warehouse=w.warehouse)
        aftersales.confirm(session, w.main, aso, with_stock_in=True)
    counts = []
    for n in range(2):
        for more in range(1 if n == 0 else 5):
            w = builders.make_world(session, None, f"Wait{n}{more}", org=alpha.org,
                                    main=alpha.main)
            waiting_return(w)
        session.commit()
        client = client_for(alpha.main)
        client.get("/admin/")
        with counting(app) as statements:
            page = client.get("/admin/aftersales/?tab=received_return")
        assert page.status_code == 200 and 'value="nothing_to_refund:' not in page.get_data(True)
        counts.append(len(statements))
    assert counts[0] == counts[1] <= MAX_QUERIES, counts
