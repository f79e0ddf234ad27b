"""Real threads against PostgreSQL: the stock row lock serializes takers exactly."""
import threading

import pytest
from sqlalchemy import func

from admin_app.extensions import db
from admin_app.models import Sku, StockLevel, StockMovement, User, Warehouse
from admin_app.rules.core.errors import StockError
from admin_app.rules.stock.movements import move_stock

from .. import builders

pytestmark = pytest.mark.pg


def test_eight_threads_taking_stock_never_oversell(app, session):
    org = builders.make_org(session)
    main = builders.make_user(session, org, "o@x.test", main=True)
    wh = Warehouse(org_id=org.id, name="Main")
    session.add(wh)
    sku = builders.make_sku(session, org, "HOT")
    move_stock(session, main, sku, wh, "qualified", 100, "count")
    session.commit()
    ids = (main.id, sku.id, wh.id)
    taken, refused, errors = [], [], []
    start = threading.Barrier(8)

    def worker():
        with app.app_context():
            start.wait()
            for _ in range(20):
                user = db.session.get(User, ids[0])
                try:
                    move_stock(db.session, user, db.session.get(Sku, ids[1]),
                               db.session.get(Warehouse, ids[2]), "qualified", -1, "sold")
                    db.session.commit()
                    taken.append(1)
                except StockError:
                    db.session.rollback()
                    refused.append(1)
                except Exception as exc:  # noqa: BLE001 - any other failure fails the test
                    db.session.rollback()
                    errors.append(repr(exc))
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(taken) == 100 and len(refused) == 60
    session.expire_all()
    level = session.query(StockLevel).filter_by(sku_id=sku.id).one()
    assert level.qualified == 0
    total = session.query(func.sum(StockMovement.quantity)).filter_by(sku_id=sku.id).scalar()
    assert total == 0
