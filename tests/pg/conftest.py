import threading

import pytest

from admin_app.extensions import db
from admin_app.rules.core.errors import RuleError

from ..conftest import IN_CI, IS_PG


@pytest.fixture(autouse=True)
def _postgres_only():
    if not IS_PG:
        message = "needs PostgreSQL: set TEST_DATABASE_URL=postgresql+psycopg://..."
        if IN_CI:
            pytest.fail("CI runs tests/pg on PostgreSQL; " + message)
        pytest.skip(message)


def at_once(app, *actions) -> list[str]:
    """Run each action(session) in its own thread, all released together, each in its
    own transaction; "done", or the rule's refusal, per action (any other error fails)."""
    start = threading.Barrier(len(actions))
    outcome = {}

    def worker(n, action):
        with app.app_context():
            s = db.session
            start.wait()
            try:
                action(s)
                s.commit()
                outcome[n] = "done"
            except RuleError as exc:
                s.rollback()
                outcome[n] = exc.message
            except Exception as exc:  # noqa: BLE001 - any other failure fails the test
                s.rollback()
                outcome[n] = f"ERROR {exc!r}"
            finally:
                s.remove()

    threads = [threading.Thread(target=worker, args=(n, a)) for n, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not [o for o in outcome.values() if o.startswith("ERROR")], outcome
    return [outcome[n] for n in range(len(actions))]
