"""A large list's Excel export runs as a job: in a thread of the web process without a
broker (the quick start), on a Celery worker through a real Redis with one. Either way
the user gets a progress bar, then a file of exactly the rows they asked for, theirs
only, formulas escaped, kept for a day."""
import io
import json
import re
import time

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from admin_app.extensions import db
from admin_app.jobs import periodic, runner
from admin_app.models import AfterSalesOrder, Customer, Job
from admin_app.rules.core import unit_of_work
from tests import builders
from admin_app.rules.sales.status import change_status
from tests.conftest import REDIS_TEST, Client, make_app, token_of


@pytest.fixture
def file_app(tmp_path):
    """An app on a database file: the job's thread or worker opens its own connection."""
    contexts, bound, broker = [], runner.BOUND.get("app"), runner.celery.conf.broker_url

    def build(**config):
        app = make_app(f"sqlite:///{tmp_path / 'jobs.db'}", UPLOAD_DIR=str(tmp_path / "up"),
                       EXCEL_INLINE_ROWS=0, **config)
        context = app.app_context()
        context.push()  # the test client's requests each push their own on top
        contexts.append(context)
        db.create_all()
        alpha = builders.make_world(db.session, "Alpha Trading", marker="Alpha")
        builders.make_world(db.session, "Zebra Imports", marker="Zebra")
        alpha.customer.name = "=HYPERLINK(\"http://evil.example\")"
        for event in ("to_pickup", "ship"):  # its first order can be returned
            change_status(db.session, alpha.main, alpha.order, event)
        unit_of_work.run(db.session, lambda: None)
        return app, alpha
    yield build
    for context in contexts:
        db.session.remove()
        db.engine.dispose()
        context.pop()
    runner.BOUND["app"], runner.celery.conf.broker_url = bound, broker


def _wait(app, job_id, seconds=30) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with app.app_context():
            job = db.session.get(Job, job_id)
            if job.status in ("done", "failed"):
                db.session.expunge(job)
                return job
            db.session.remove()
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish")


def _last_job(app) -> int:
    with app.app_context():
        return db.session.execute(select(Job.id).order_by(Job.id.desc())).scalar()


def _export(app, email, kind="xlsx") -> tuple[Client, Job]:
    client = Client(app)
    assert client.login(email).status_code == 302
    answer = client.get(f"/admin/customers/export/{kind}/")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/admin/jobs/")
    page = client.get("/admin/jobs/").get_data(as_text=True)
    title = {"xlsx": "Excel", "csv": "CSV"}[kind]
    assert f"Customers: {title} export" in page and "progress-bar" in page
    return client, _wait(app, _last_job(app))


def _rows(client, job) -> list[tuple]:
    answer = client.get(f"/admin/jobs/{job.id}/download")
    assert answer.status_code == 200
    assert "attachment" in answer.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(answer.data), read_only=True).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_without_a_broker_the_export_runs_in_a_thread_and_gives_the_users_rows(file_app):
    app, alpha = file_app()
    org_id = alpha.org.id
    client, job = _export(app, alpha.main.email)
    assert job.status == "done", job.message
    state = client.get(f"/admin/jobs/{job.id}.json").get_json()
    assert state["percent"] == 100 and state["download"].endswith("/download")
    rows = _rows(client, job)
    with app.app_context():
        expected = db.session.scalar(select(db.func.count()).select_from(Customer).where(
            Customer.org_id == org_id))
    assert len(rows) == 1 + expected and state["message"].startswith(f"{expected} row(s)")
    cells = [str(c) for row in rows for c in row if c is not None]
    assert any(c.startswith("'=HYPERLINK") for c in cells)  # escaped, never a formula
    assert not any("Zebra" in c for c in cells)             # another organization's rows


def test_only_the_user_who_started_it_downloads_it(file_app):
    app, alpha = file_app()
    _, job = _export(app, alpha.main.email)
    other = Client(app)
    assert other.login("owner@zebra.test").status_code == 302
    assert other.get(f"/admin/jobs/{job.id}/download").status_code == 404
    assert other.get(f"/admin/jobs/{job.id}.json").status_code == 404


def test_a_days_old_file_is_deleted_and_the_job_says_so(file_app):
    app, alpha = file_app()
    client, job = _export(app, alpha.main.email)
    with app.app_context():
        db.session.execute(db.update(Job).values(expires_at=db.func.datetime("2000-01-01")))
        unit_of_work.run(db.session, lambda: None)
        assert periodic.forget_job_files() == 1
    assert client.get(f"/admin/jobs/{job.id}/download").status_code == 404
    assert "now deleted" in client.get(f"/admin/jobs/{job.id}.json").get_json()["message"]


def test_with_a_broker_a_celery_worker_runs_it_through_redis(file_app):
    from celery.contrib.testing.worker import start_worker
    redis = REDIS_TEST
    app, alpha = file_app(CELERY_BROKER_URL=redis)
    runner.celery.conf.broker_url = redis
    with start_worker(runner.celery, pool="solo", perform_ping_check=False,
                      shutdown_timeout=10):
        client, job = _export(app, alpha.main.email)
    assert job.status == "done", job.message
    assert len(_rows(client, job)) > 1


def test_a_large_csv_export_is_a_job_too_with_the_same_rows(file_app):
    app, alpha = file_app(CSV_INLINE_ROWS=0)
    client, job = _export(app, alpha.main.email, "csv")
    text = client.get(f"/admin/jobs/{job.id}/download").get_data(as_text=True)
    assert text.count("\n") == 1 + job.done and "'=HYPERLINK" in text and "Zebra" not in text


def test_a_large_import_is_confirmed_by_a_job_all_or_nothing(file_app):
    app, alpha = file_app(IMPORT_INLINE_ROWS=0)
    client = Client(app)
    assert client.login(alpha.main.email).status_code == 302
    head = "Order no.,SKU,Quantity,Warehouse,Tracking no.,Reason\n"
    row = f"{alpha.order.number},{alpha.sku.code},1,{alpha.warehouse.name},JOB-1,\n"
    page = client.post("/admin/import-returns/", {"file": (io.BytesIO(
        (head + row).encode()), "returns.csv")}, content_type="multipart/form-data"
    ).get_data(as_text=True)
    fields = dict(re.findall(r'name="(digest|ext|name)" value="([^"]*)"', page))
    form = {"step": "confirm", "token": token_of(page), **fields}
    answer = client.post("/admin/import-returns/", form)
    assert answer.headers["Location"].endswith("/admin/jobs/")
    job = _wait(app, _last_job(app))
    assert job.status == "done" and "Imported 1 customer return(s)" in job.message
    again = client.post("/admin/import-returns/", form, follow_redirects=True)
    assert "already submitted" in again.get_data(as_text=True)  # the replay: nothing
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(AfterSalesOrder)
                                 .where(AfterSalesOrder.return_tracking_no == "JOB-1")) == 1


def test_a_large_import_over_the_api_is_a_job_its_caller_follows(file_app):
    from tests.api.conftest import Api, new_token
    app, alpha = file_app(IMPORT_INLINE_ROWS=0)
    with app.app_context():
        api = Api(app, new_token(db.session.merge(alpha.main)))
        other = Api(app, new_token(db.session.merge(alpha.nobody)))
    head = "Order no.,SKU,Quantity,Warehouse,Tracking no.,Reason\n"
    row = f"{alpha.order.number},{alpha.sku.code},1,{alpha.warehouse.name},JOB-API,\n"
    with app.app_context():
        answer = api.client.post("/api/v1/aftersales/imports", data={
            "file": (io.BytesIO((head + row).encode()), "returns.csv")},
            headers={"Authorization": f"Bearer {api.secret}"},
            content_type="multipart/form-data")
    assert answer.status_code == 202, answer.get_json()
    job_id = answer.get_json()["job_id"]
    assert _wait(app, job_id).status == "done"
    followed = api.get(f"/jobs/{job_id}").get_json()
    assert followed["status"] == "done" and "Imported 1 customer return(s)" in \
        followed["message"]
    assert other.get(f"/jobs/{job_id}").status_code == 404  # another user's job
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(AfterSalesOrder)
                                 .where(AfterSalesOrder.return_tracking_no == "JOB-API")) == 1


def test_a_user_whose_role_lost_the_list_meanwhile_gets_nothing(file_app):
    app, alpha = file_app()
    clerk = builders.make_user(db.session, alpha.org, "clerk@alpha.test", ["orders.manage"])
    # started while the role still had the list (as the page would), not yet run
    job = Job(org_id=alpha.org.id, user_id=clerk.id, kind="export", title="Customers",
              params=json.dumps({"endpoint": "customers", "kind": "xlsx", "query": ""}))
    db.session.add(job)
    unit_of_work.run(db.session, lambda: None)
    runner.run(job.id)
    done = _wait(app, job.id)
    assert done.status == "failed" and "Your role does not allow this" in done.message
    assert not done.result_file


def test_a_job_reports_its_progress_while_it_reads_on_sqlite_too(file_app):
    """The progress commits while the export's read is still open (the quick start's
    SQLite: a plain journal would refuse that commit, 'database is locked')."""
    app, alpha = file_app()
    db.session.execute(db.insert(Customer), [
        {"org_id": alpha.org.id, "code": f"P{n:05d}", "name": f"Buyer {n}"}
        for n in range(2500)])
    unit_of_work.run(db.session, lambda: None)
    client, job = _export(app, alpha.main.email)
    assert job.status == "done", job.message
    assert job.done > 2500 and len(_rows(client, job)) == 1 + job.done
