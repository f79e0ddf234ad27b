"""The database stops under a running app: pages answer 503 inside a page of the app
that says nothing was saved (with Retry-After), nothing is half-written, and the app
recovers by itself when the database is back (issue 20 item 13). The test runs a
PostgreSQL server of its own, so stopping it disturbs nothing else."""
import os
import shutil
import socket
import subprocess
import tempfile
from decimal import Decimal as D
from pathlib import Path

import pytest

from admin_app.extensions import db
from admin_app.models import LedgerEntry, PaymentReceipt
from admin_app.rules.credit import verification

from ..conftest import Client, make_app, token_of
from ..rules.accounts_helpers import make_shop, order

pytestmark = pytest.mark.pg


def _bindir() -> Path:
    found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
    if found.returncode == 0 and (Path(found.stdout.strip()) / "initdb").exists():
        return Path(found.stdout.strip())
    return max(Path("/usr/lib/postgresql").glob("*/bin"))


class OwnPostgres:
    """initdb + pg_ctl in a scratch folder, on a free port (as user postgres when the
    tests run as root: PostgreSQL refuses to run as root)."""

    def __init__(self):
        self.bin, self.dir = _bindir(), Path(tempfile.mkdtemp(prefix="asd-pg-"))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self._run("initdb", "-D", self.dir / "data", "-A", "trust", "-U", "postgres")

    def _run(self, tool, *args):
        command = [str(self.bin / tool), *map(str, args)]
        if os.geteuid() == 0:
            command = ["su", "postgres", "-c", " ".join(f"'{c}'" for c in command)]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def start(self):
        self._run("pg_ctl", "-D", self.dir / "data", "-l", self.dir / "log", "-w", "-o",
                  f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1", "start")

    def stop(self):
        self._run("pg_ctl", "-D", self.dir / "data", "-m", "fast", "-w", "stop")

    def remove(self):
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def own_postgres():
    server = OwnPostgres()
    server.start()
    yield server
    try:
        server.stop()
    except subprocess.CalledProcessError:
        pass  # already stopped
    server.remove()


def test_a_stopped_database_answers_503_saves_nothing_and_recovers(own_postgres):
    app = make_app(own_postgres.url)
    with app.app_context():  # the test's own context; each request gets a fresh one
        db.create_all()
        shop = make_shop(db.session)
        order(shop, "100.00")
        db.session.commit()
        customer_id, email = shop.customer.id, shop.main.email
        db.session.remove()
        client = Client(app)
        assert client.login(email).status_code == 302
        url = f"/admin/reconciliation/{customer_id}/receive"
        form = {"token": token_of(client.get(url).get_data(True)), "amount": "40.00",
                "scope": "all", "step": "confirm"}
        client.csrf()  # the session's CSRF token, known before the database goes
        db.session.remove()

        own_postgres.stop()
        for answer in (client.get("/admin/"), client.get("/admin/reconciliation/"),
                       client.confirm(url, form)):
            assert answer.status_code == 503
            assert answer.headers["Retry-After"] == "10"
            page = answer.get_data(True)
            assert "The database is not reachable" in page and "Nothing was saved" in page
        db.session.remove()

        own_postgres.start()
        assert client.get("/admin/reconciliation/").status_code == 200  # by itself
        assert db.session.query(PaymentReceipt).count() == 0  # nothing half-written
        assert verification.verify(db.session)[1] == []
        done = client.confirm(url, form, follow_redirects=True)  # the same form, again
        assert done.status_code == 200
        assert [r.amount for r in db.session.query(PaymentReceipt)] == [D("40.00")]
        assert db.session.query(LedgerEntry).filter_by(doc_type="payment").count() == 1
        db.session.remove()
        db.engine.dispose()
