"""The dashboards take a date range and a store; bad values are said, never a 500."""
import pytest


@pytest.mark.parametrize("board", ["/admin/", "/admin/boards/credit", "/admin/boards/aftersales"])
def test_each_board_draws_for_a_chosen_period_and_store(world, client_for, board):
    alpha, _ = world
    client = client_for(alpha.main)
    response = client.get(f"{board}?start=2026-11-01&end=2026-11-30&store={alpha.store.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="2026-11-01"' in page and f'value="{alpha.store.id}" selected' in page
    assert "plotly" in page


@pytest.mark.parametrize("query, message", [
    ("start=yesterday", "Dates: enter them as YYYY-MM-DD"),
    ("start=2026-11-30&end=2026-11-01", "the start must be before the end"),
    ("start=2020-01-01&end=2026-11-01", "at most 366 days apart"),
    ("store=999999", "Store: choose one of your stores."),
])
def test_bad_dashboard_input_is_explained_and_the_default_shown(world, client_for, query,
                                                                message):
    alpha, _ = world
    response = client_for(alpha.main).get(f"/admin/boards/aftersales?{query}")
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)


def test_another_organizations_store_is_refused(world, client_for):
    alpha, beta = world
    page = client_for(alpha.main).get(f"/admin/boards/credit?store={beta.store.id}").get_data(
        as_text=True)
    assert "Store: choose one of your stores." in page and "Zebra Shop" not in page


def test_users_without_reports_see_no_figures(world, client_for, session):
    from .. import builders
    alpha, _ = world
    clerk = builders.make_user(session, alpha.org, "clerk@alpha.test", ["orders.manage"])
    session.commit()
    client = client_for(clerk)
    for board in ("/admin/", "/admin/boards/credit", "/admin/boards/aftersales"):
        page = client.get(board).get_data(as_text=True)
        assert "Welcome" in page and "dash-total-credit" not in page, board
