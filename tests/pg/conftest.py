import pytest

from ..conftest import IN_CI, IS_PG


@pytest.fixture(autouse=True)
def _postgres_only():
    if not IS_PG:
        message = "needs PostgreSQL: set TEST_DATABASE_URL=postgresql+psycopg://..."
        if IN_CI:
            pytest.fail("CI runs tests/pg on PostgreSQL; " + message)
        pytest.skip(message)
