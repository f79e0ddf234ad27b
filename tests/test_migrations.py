"""Upgrading an empty database to head gives exactly the models' schema."""
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text

from admin_app.extensions import db
from admin_app.models.base import SEARCH_INDEX_SUFFIXES

from .conftest import IS_PG, TEST_DB, make_app


@pytest.fixture
def empty_database_url(tmp_path):
    if not IS_PG:
        yield f"sqlite:///{tmp_path / 'migrated.db'}"
        return
    name = f"asd_mig_{uuid.uuid4().hex[:10]}"
    admin = create_engine(TEST_DB, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    base = TEST_DB.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _compared(obj, name, type_, reflected, compare_to):
    return not (type_ == "index" and name and name.endswith(SEARCH_INDEX_SUFFIXES))


# SQLAlchemy cannot reflect SQLite's expression indexes; they are checked by name below.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
def test_upgrade_to_head_matches_the_models_and_downgrades_cleanly(empty_database_url):
    app = make_app(empty_database_url)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"include_object": _compared})
            diff = compare_metadata(context, db.metadata)
            indexes = set(conn.execute(text(
                "SELECT indexname FROM pg_indexes" if IS_PG else
                "SELECT name FROM sqlite_master WHERE type = 'index'")).scalars())
        assert diff == []
        # Alembic does not compare expression and trigram indexes: check they are there.
        suffix = "_search" if IS_PG else "_prefix"
        assert {"ix_sales_order_number" + suffix, "ix_customer_name" + suffix,
                "ix_aftersales_order_return_tracking_no" + suffix} <= indexes
        downgrade(revision="base")
        with db.engine.connect() as conn:
            tables = set(db.inspect(conn).get_table_names()) - {"alembic_version"}
        assert tables == set()
        db.engine.dispose()
