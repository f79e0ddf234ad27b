"""Unit tests of pure functions: no application, no database."""
import pytest

DATABASE_FIXTURES = {"app", "session", "world", "client_for", "_shared_app"}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/unit/" in str(item.fspath) and \
                DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
            raise pytest.UsageError(f"{item.nodeid}: unit tests use no database")
