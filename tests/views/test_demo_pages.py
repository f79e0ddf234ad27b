"""Every list and page (and every tabbed list's All tab) opens for every demo login (the demo has rows of every
kind, across partner organizations): no 404 from the organization gate, no 500."""
from admin_app.demo import DEMO_PASSWORD
from admin_app.models import User

from ..conftest import Client
from .test_access_matrix import admin_views, rules_of


def test_every_page_opens_for_every_demo_login(app, session):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "--orders", "40"]).exit_code == 0
    urls = [r.rule for view in admin_views(app) for r in rules_of(app, view)
            if r.endpoint.endswith((".index_view", ".index")) and not r.arguments]
    urls += [f"/admin/{view.endpoint}/?tab=all" for view in admin_views(app)
             if hasattr(view, "tab_statuses")]
    assert len(urls) > 40
    for user in session.query(User).filter(User.email.like("owner@%")).all():
        client = Client(app)
        assert client.login(user.email, DEMO_PASSWORD).status_code == 302
        failed = {url: code for url in urls
                  if (code := client.get(url).status_code) not in (200, 302)}
        assert failed == {}, (user.email, failed)
    assert app.extensions["org_gate_violations"] == []
