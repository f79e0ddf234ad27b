"""Browser tests: the app served on a free loopback port, driven by real Chromium.

Debian's chromium + Python Playwright (never `playwright install`). Without them the
tests skip with the reason; in CI (CI=true) a missing browser fails the run instead.
"""
import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from admin_app.extensions import db

from ..conftest import IN_CI, make_app

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-quic"]


def _missing() -> str | None:
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Python Playwright is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _missing()
    if reason:
        if IN_CI:
            pytest.fail(f"CI must run the browser tests: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_app(tmp_path):
    """The app on a file SQLite database (shared by the server threads)."""
    app = make_app(f"sqlite:///{tmp_path / 'browser.db'}",
                   UPLOAD_DIR=str(tmp_path / "uploads"))
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.base_url = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def page(browser, live_app):
    context = browser.new_context(base_url=live_app.base_url)
    page = context.new_page()
    yield page
    page.wait_for_load_state("networkidle")
    context.close()


def pytest_collection_modifyitems(items):
    """The development server leaves a static file open when the browser drops a
    download it no longer needs (a page left early): not the app's files, not a leak in
    production (gunicorn closes them), so not a failure here."""
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.filterwarnings(
                "ignore:unclosed file:ResourceWarning"))
            item.add_marker(pytest.mark.filterwarnings(
                "ignore::pytest.PytestUnraisableExceptionWarning"))
