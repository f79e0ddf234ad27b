"""The benchmark scripts keep working as the app changes: generate a small dataset into
a scratch SQLite file, then measure every page once. Speed is not asserted here (that
is bench/'s job); what is: the data verifies, every page answers 200, and no list page
runs more statements than the others (SQLite lane only: the scripts pick their own
database)."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Run once, in the SQLite lane: CI's PostgreSQL lane deselects it (-m "not sqlite_only")
pytestmark = [pytest.mark.sqlite_only, pytest.mark.skipif(
    "postgresql" in os.environ.get("TEST_DATABASE_URL", ""),
    reason="run once, in the SQLite lane")]


def _run(script, *args, env):
    done = subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], env=env,
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    return done.stdout + done.stderr


def test_generate_then_run_measures_every_page_including_distribution(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'bench.db'}",
           "FLASK_APP": "wsgi"}
    generated = _run("generate", "--orders", "3000", env=env)
    assert re.search(r"verify: [\d,]+ customers, 0 mismatch", generated), generated[-800:]
    measured = _run("run", "--reps", "1", "--no-export", "--no-post", env=env)
    rows = [r.split("|")[1:-1] for r in measured.splitlines()
            if r.startswith("| ") and not r.startswith("| page")]
    pages = {cells[0].strip(): (int(cells[3]), int(cells[4])) for cells in rows}
    assert {status for _, status in pages.values()} == {200}, pages
    lists = {name: q for name, (q, _) in pages.items()
             if name.startswith(("orders list", "after-sales tab", "distribution",
                                 "services", "platform after-sales"))}
    assert len([n for n in lists if n.startswith("distribution, distributor")]) == 5
    assert len([n for n in lists if n.startswith("distribution, supplier")]) == 6
    assert len([n for n in pages if n.startswith("services:")]) == 8
    assert len([n for n in lists if n.startswith("platform after-sales: tab")]) == 4
    assert max(lists.values()) <= 4, lists
    api = {name: q for name, (q, _) in pages.items() if name.startswith("API:")}
    orders = {name: q for name, q in api.items() if "orders" in name or "one order" in name}
    assert len(api) == 5 and max(orders.values()) <= 4, api
    # an after-sales answer also loads its lines, refunds and evidence: once per page
    assert max(api.values()) <= 7, api
    campaign = _run("campaigns", "--deliver", "20", env=env)
    assert re.search(r"[\d,]+ messages queued", campaign), campaign[-800:]
    assert "20 sent, 0 failed, 20 received" in campaign, campaign[-800:]
