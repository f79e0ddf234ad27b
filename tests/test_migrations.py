"""Upgrading an empty database to head gives exactly the models' schema."""
import uuid
from decimal import Decimal as D

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


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_upgrading_recalls_the_refund_only_records_that_nothing_stocked_in(
        empty_database_url):
    """Issue 20 item 4: Refund-Only after-sales orders no longer make a return stock-in
    (distribution) record; the upgrade recalls those made before, unless the supplier
    already stocked goods in."""
    from admin_app.models import AfterSalesOrder, AuditLog, DistributionReturn
    from admin_app.rules.aftersales import orders as aftersales
    from admin_app.rules.distribution import pushing

    from .distribution_builders import distribution_order, make_partners
    app = make_app(empty_database_url)
    with app.app_context():
        upgrade()  # the records are made with today's models, then the upgrade runs again
        session = db.session
        w = make_partners(session)
        records = []
        for _ in range(3):  # as the old code made them: a record per refund-only order
            link = distribution_order(session, w)
            order = link.distributor_order
            aso = aftersales.create(session, w.d_main, order, "refund_only", [
                aftersales.ReturnInput(1, order_line=order.lines[0])])
            record = DistributionReturn(org_id=w.dist.id, aftersales_id=aso.id,
                                        distribution_order_id=link.id)
            session.add(record)
            session.flush()
            records.append(record)
        waiting, pushed, stocked = records
        for record in (pushed, stocked):
            pushing.push(session, w.d_main, record)
        theirs = stocked.supplier_aso
        aftersales.stock_in(session, w.s_main, theirs,
                            {ln.id: aftersales.Receipt(ln.quantity) for ln in theirs.lines})
        ids = [r.id for r in records]
        pushed_theirs, stocked_theirs = pushed.supplier_aso_id, theirs.id
        session.commit()
        session.remove()
        downgrade(revision="a9e4c2d7f1b8")  # before the recall (its downgrade keeps data)
        upgrade()
        statuses = [session.get(DistributionReturn, i).status for i in ids]
        assert statuses == ["recalled", "recalled", "pushed"]
        assert session.get(AfterSalesOrder, pushed_theirs).status == "cancelled"
        assert session.get(AfterSalesOrder, stocked_theirs).status == "received_return"
        assert session.query(AuditLog).filter_by(action="distribution.recall").count() == 2
        session.remove()
        downgrade(revision="base")
        db.engine.dispose()


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_upgrading_keeps_each_points_earn_rate_as_it_was(empty_database_url):
    """The earn rate went from cents to millionths: a shop's 1.50 stays 1.50, and
    downgrading gives back the cents."""
    app = make_app(empty_database_url)
    with app.app_context():
        upgrade(revision="b8e2d4f6a1c9")
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO organization (id, name, currency, timezone, language, "
                "points_earn_rate, point_value, points_expiry_month, points_expiry_day, "
                "created_at) VALUES (1, 'Old shop', 'PHP', 'Asia/Manila', 'en', 150, 5, "
                "12, 31, CURRENT_TIMESTAMP)"))
        upgrade()
        from admin_app.models import Organization
        org = db.session.get(Organization, 1)
        assert (str(org.points_earn_rate), str(org.point_value)) == ("1.500000", "0.05")
        org.points_earn_rate = D("0.001")
        db.session.commit()
        db.session.remove()
        downgrade(revision="b8e2d4f6a1c9")
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT points_earn_rate FROM organization")).scalar() == 0
        downgrade(revision="base")
        db.engine.dispose()


@pytest.mark.sqlite_only
@pytest.mark.skipif(IS_PG, reason="SQLite's pragma; CI's PostgreSQL lane deselects it")
def test_after_migrating_in_process_every_pooled_sqlite_connection_checks_foreign_keys(
        tmp_path):
    """`flask quickstart` migrates and then serves from the same pool: the connection
    the migration turned foreign keys off on went back to the pool (issue 20 item 12)."""
    app = make_app(f"sqlite:///{tmp_path / 'served.db'}")
    with app.app_context():
        upgrade()
        pool_size = db.engine.pool.size() + 2
        connections = [db.engine.connect() for _ in range(pool_size)]
        states = [c.exec_driver_sql("PRAGMA foreign_keys").scalar() for c in connections]
        for c in connections:
            c.close()
        assert states == [1] * pool_size
        db.engine.dispose()
