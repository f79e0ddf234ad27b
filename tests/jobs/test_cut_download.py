"""A download cut short can never pass for a complete file: the CSV is streamed with
chunked transfer encoding, whose end is marked; when gunicorn's worker dies mid-stream
(a timeout, a kill) the client sees the stream break, not a shorter file."""
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import insert

from admin_app.extensions import db
from admin_app.models import Customer
from admin_app.rules.core import unit_of_work
from tests import builders
from tests.conftest import make_app
from tests.views.test_exports_served import signed_in

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def gunicorn(tmp_path):
    url = f"sqlite:///{tmp_path / 'cut.db'}"
    app = make_app(url)
    with app.app_context():
        db.create_all()
        w = builders.make_world(db.session, "Alpha Trading", marker="Alpha")
        db.session.execute(insert(Customer), [
            {"org_id": w.org.id, "code": f"C{n:06d}", "name": f"Buyer number {n}",
             "email": f"buyer{n}@example.test"} for n in range(40_000)])
        unit_of_work.run(db.session, lambda: None)
        email = w.main.email
        db.engine.dispose()
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "one key", "WEB_CONCURRENCY": "1",
           "UPLOAD_DIR": str(tmp_path / "up"), "BIND": f"127.0.0.1:{port}"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "wsgi:app"], cwd=ROOT,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield base, email, server
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:  # a worker still streaming holds a graceful stop
        server.kill()                  # for up to gunicorn's 30 s: the test is over
        server.wait(timeout=10)


def _worker_of(master: int) -> int:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True,
                         text=True).stdout.split()
    return int(out[0])


def test_a_worker_killed_mid_download_breaks_the_stream_instead_of_ending_it(gunicorn):
    base, email, server = gunicorn
    opener = signed_in(base, email)
    whole = opener.open(f"{base}/admin/customers/export/csv/", timeout=60)
    assert whole.headers["Transfer-Encoding"] == "chunked"
    complete = whole.read()  # the end of the stream is marked: this one is whole
    whole.close()
    assert complete.count(b"\n") > 40_000
    cut = opener.open(f"{base}/admin/customers/export/csv/", timeout=60)
    first = cut.read(64 * 1024)
    assert first and len(first) < len(complete)
    os.kill(_worker_of(server.pid), signal.SIGKILL)
    with pytest.raises(http.client.IncompleteRead):
        cut.read()
    cut.close()
