"""Every command through Flask's CLI runner: what it prints, what it changes, its exit
code; the quick start as a newcomer runs it, in a process of its own."""
from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from sqlalchemy import func, select, update

from admin_app.models import (AfterSalesOrder, CreditLot, Customer, DistributionReturn,
                              LedgerEntry, Order, Organization, Partnership, RefundOrder, User)
from admin_app.rules.credit import adjustments

from .. import builders


def test_demo_loads_an_empty_database_once_and_its_books_prove_out(app, session):
    runner = app.test_cli_runner()
    loaded = runner.invoke(args=["demo", "--orders", "30"])
    assert loaded.exit_code == 0, loaded.output
    assert "owner@supplier.demo" in loaded.output and "demo-password" in loaded.output
    assert session.scalar(select(func.count()).select_from(Organization)) == 5
    statuses = dict(session.execute(select(DistributionReturn.status, func.count())
                                    .group_by(DistributionReturn.status)).all())
    assert statuses == {"to_push": 1, "pushed": 6, "push_failed": 2, "recalled": 1}
    assert sorted(session.scalars(select(Partnership.status))) == ["active", "terminated"]
    verified = runner.invoke(args=["verify-ledger"])
    assert verified.exit_code == 0 and " 0 mismatch(es)" in verified.output, verified.output
    again = runner.invoke(args=["demo", "--orders", "30"])
    assert again.exit_code != 0 and "not empty" in again.output
    assert session.scalar(select(func.count()).select_from(Organization)) == 5


def test_the_demo_has_a_shop_in_dong_and_one_in_baht_with_their_books(app, session):
    """Issue 24 item 6: each with orders, after-sales, refunds, credit, in its own
    currency's units, zone and language."""
    assert app.test_cli_runner().invoke(args=["demo", "--orders", "30"]).exit_code == 0
    for currency, zone, language, places in (("VND", "Asia/Ho_Chi_Minh", "vi", 0),
                                             ("THB", "Asia/Bangkok", "th", 2)):
        org = session.execute(select(Organization).filter_by(currency=currency)).scalar_one()
        assert (org.timezone, org.language) == (zone, language)
        totals = list(session.scalars(select(Order.total).filter_by(org_id=org.id)))
        assert len(totals) >= 15 and all(t == round(t, places) for t in totals)
        for model in (AfterSalesOrder, RefundOrder, LedgerEntry):
            assert session.scalar(select(func.count()).select_from(model)
                                  .where(model.org_id == org.id)) > 0, (currency, model)
        assert all(a == round(a, places) for a in session.scalars(
            select(RefundOrder.amount).filter_by(org_id=org.id)))
        assert session.scalar(select(func.count()).select_from(Customer).where(
            Customer.org_id == org.id, Customer.total_credit > 0)) > 0


def test_create_org_makes_an_organization_and_its_main_account(app, session):
    runner = app.test_cli_runner()
    made = runner.invoke(args=["create-org", "--name", "Kedai Baru", "--currency", "myr",
                               "--email", "Boss@Kedai.test"],
                         input="a long enough secret\na long enough secret\n")
    assert made.exit_code == 0, made.output
    org = session.execute(select(Organization).filter_by(name="Kedai Baru")).scalar_one()
    user = session.execute(select(User).filter_by(org_id=org.id)).scalar_one()
    assert (org.currency, user.email, user.is_main) == ("MYR", "boss@kedai.test", True)
    weak = runner.invoke(args=["create-org", "--name", "Weak", "--email", "w@k.test"],
                         input="short\nshort\n")
    assert weak.exit_code != 0 and "at least 10 characters" in weak.output
    bad = runner.invoke(args=["create-org", "--name", "Odd", "--currency", "RM1",
                              "--email", "o@k.test"], input="a long enough secret\n" * 2)
    assert bad.exit_code != 0 and "RM1 is not a currency" in bad.output
    zone = runner.invoke(args=["create-org", "--name", "Odd", "--timezone", "Asia/Atlantis",
                               "--email", "o@k.test"], input="a long enough secret\n" * 2)
    assert zone.exit_code != 0 and "Asia/Atlantis is not a time zone" in zone.output
    assert session.scalar(select(func.count()).select_from(Organization)) == 1
    odd_language = runner.invoke(args=["create-org", "--name", "Odd", "--language", "fr",
                                       "--email", "o@k.test"], input="a long enough secret\n" * 2)
    assert odd_language.exit_code != 0 and "Language: choose one of en, zh_Hans" in \
        odd_language.output
    vnd = runner.invoke(args=["create-org", "--name", "Chợ Lớn", "--currency", "vnd",
                              "--timezone", "Asia/Ho_Chi_Minh", "--language", "vi",
                              "--email", "v@k.test"],
                        input="a long enough secret\n" * 2)
    assert vnd.exit_code == 0, vnd.output
    org = session.execute(select(Organization).filter_by(name="Chợ Lớn")).scalar_one()
    assert (org.currency, org.timezone, org.language) == ("VND", "Asia/Ho_Chi_Minh", "vi")


def test_verify_ledger_names_what_it_checked_and_refuses_unknown_names(app, session):
    w = builders.make_world(session, "Alpha Trading", marker="Alpha")
    session.commit()
    runner = app.test_cli_runner()
    one = runner.invoke(args=["verify-ledger", "--customer", w.customer.code,
                              "--org", "Alpha Trading"])
    assert one.exit_code == 0 and "1 customer(s) checked" in one.output
    assert runner.invoke(args=["verify-ledger", "--customer", "NOBODY"]).exit_code == 1
    assert runner.invoke(args=["verify-ledger", "--org", "Nowhere"]).exit_code != 0
    session.execute(update(Customer).where(Customer.id == w.customer.id)
                    .values(total_balance=Customer.total_balance + 1))
    session.commit()
    broken = runner.invoke(args=["verify-ledger"])
    assert broken.exit_code == 1 and "store-credit lots hold" in broken.output


def test_expire_credits_expires_once_as_of_the_given_day(app, session):
    w = builders.make_world(session, "Alpha Trading", marker="Alpha")
    adjustments.adjust_balance(session, w.main, w.customer.id, D("12.00"), "voucher",
                               date.today() + timedelta(days=3))
    session.commit()
    balance = w.customer.total_balance
    later = (date.today() + timedelta(days=40)).isoformat()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["expire-credits", "--date", later])
    assert first.exit_code == 0 and "2 store-credit lot(s)" in first.output, first.output
    second = runner.invoke(args=["expire-credits", "--date", later])
    assert "0 store-credit lot(s)" in second.output
    session.expire_all()
    assert session.get(Customer, w.customer.id).total_balance == balance - D("27.00")
    assert session.scalar(select(func.sum(CreditLot.remaining)).where(
        CreditLot.customer_id == w.customer.id)) == balance - D("27.00")
    assert runner.invoke(args=["verify-ledger"]).exit_code == 0
    assert session.query(Order).count() >= 2


def test_deadline_alerts_tells_each_deadline_once_and_runs_from_celery_beat(app, session):
    from datetime import timedelta

    from admin_app.jobs import periodic
    from admin_app.models import Outbox, utcnow
    from tests.rules.platforms.helpers import make_platform_shop, request, shipped
    shop = make_platform_shop(session)
    request(session, shop, shipped(session, shop), at=utcnow() - timedelta(hours=40))
    session.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["deadline-alerts"])
    assert first.exit_code == 0, first.output
    assert "1 deadline(s) due within 24 h told in 1 e-mail(s); 0 newly missed." in first.output
    again = runner.invoke(args=["deadline-alerts"])
    assert "0 deadline(s) due within 24 h told in 0 e-mail(s)" in again.output
    assert session.query(Outbox).filter_by(to_address=shop.main.email).count() == 1
    beat = periodic.celery.conf.beat_schedule["deadline-alerts"]
    assert (beat["task"], beat["schedule"]) == ("admin_app.deadline_alerts", 900.0)
    assert "admin_app.deadline_alerts" in periodic.celery.tasks


@pytest.mark.sqlite_only  # the quick start's own database, whatever the lane's
def test_the_quick_start_loads_the_demo_without_warnings_and_serves_its_logins(tmp_path):
    """Issue 21 item 17, as a newcomer runs it: a fresh instance folder, the default
    SQLite database; no warning on the way; the login page lists the demo logins; the
    outbox goes out in the background (said when it starts)."""
    import os
    import re
    import socket
    import subprocess
    import sys
    import time
    import urllib.request
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env.update(INSTANCE_PATH=str(tmp_path), PYTHONWARNINGS="default", LOG_REQUESTS="0",
               CELERY_BROKER_URL="")
    flask = os.path.join(os.path.dirname(sys.executable), "flask")
    server = subprocess.Popen([flask, "--app", "wsgi", "quickstart", "--port", str(port)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, cwd=os.path.dirname(os.path.dirname(
                                  os.path.dirname(__file__))))
    said = []
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            line = server.stdout.readline()
            said.append(line)
            if line.startswith("Dashboard: http://") or server.poll() is not None:
                break
        assert any("mail in the outbox goes out every minute" in s for s in said), said
        for _ in range(50):
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/login").read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert "owner@vnd.demo" in page and "demo-password" in page
        import sqlite3
        [database] = tmp_path.glob("*.db")
        with sqlite3.connect(database) as books:  # statements and balances agree
            past = books.execute("SELECT COUNT(*) FROM credit_lot WHERE remaining > 0 "
                                 "AND expires_on < date('now', '-1 day')").fetchone()[0]
        assert past == 0
    finally:
        server.terminate()
        server.wait(timeout=20)
        text = "".join(said) + server.stdout.read()
        server.stdout.close()
    assert not re.search(r"Warning|WARNING|Traceback", text), text
