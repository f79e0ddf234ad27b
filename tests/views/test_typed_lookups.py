"""Codes and numbers typed exactly as stored find their row on every database, in
Vietnamese or Thai capitals too (SQLite's lower() folds only ASCII letters), and ASCII
in any case (S3: a return found by its tracking number; S10)."""
from admin_app.extensions import db
from admin_app.models import StockLevel
from admin_app.rules.aftersales import orders as aftersales
from admin_app.rules.aftersales.orders import ReturnInput

from ..conftest import token_of
from .test_aftersales_pages import ship


def test_a_return_is_found_by_its_tracking_number_as_typed(world, client_for, session):
    alpha, _ = world
    ship(session, alpha)
    aso = aftersales.create(session, alpha.main, alpha.order, "customer_return",
                            [ReturnInput(1, order_line=alpha.order.lines[0])],
                            warehouse=alpha.warehouse, tracking_no="ĐÀ-NẴNG-0042x")
    session.commit()
    client = client_for(alpha.main)
    assert aso.number in client.get("/admin/return-stock-in/?q=ĐÀ-NẴNG-0042x").get_data(True)
    assert aso.number not in client.get("/admin/return-stock-in/?q=ĐÀ-NẴNG-004") \
        .get_data(True)
    aso.return_tracking_no = "TRK-0042x"
    session.commit()
    assert aso.number in client.get("/admin/return-stock-in/?q=trk-0042X").get_data(True)


def test_stock_is_adjusted_by_a_sku_code_typed_as_stored(world, client_for, session):
    alpha, _ = world
    alpha.sku.code = "ĐÈN-LED-01"
    session.commit()
    level = db.session.query(StockLevel).filter_by(sku_id=alpha.sku.id,
                                                   warehouse_id=alpha.warehouse.id).one()
    before = level.qualified
    client = client_for(alpha.main)
    page = client.get("/admin/stock_adjust/").get_data(True)
    client.post("/admin/stock_adjust/", {
        "token": token_of(page), "sku_code": "ĐÈN-LED-01", "warehouse": str(alpha.warehouse.id),
        "quality": "qualified", "quantity": "3", "reason": "count"})
    db.session.expire_all()
    assert db.session.get(StockLevel, level.id).qualified == before + 3



def test_of_two_codes_differing_in_case_the_one_typed_is_adjusted(world, client_for,
                                                                  session):
    from .. import builders
    alpha, _ = world
    upper = builders.make_sku(session, alpha.org, "LED-A", "1.00")
    lower = builders.make_sku(session, alpha.org, "led-a", "1.00")
    session.commit()
    client = client_for(alpha.main)
    for typed, meant in (("led-a", lower), ("LED-A", upper)):
        page = client.get("/admin/stock_adjust/").get_data(True)
        client.post("/admin/stock_adjust/", {
            "token": token_of(page), "sku_code": typed, "warehouse": str(alpha.warehouse.id),
            "quality": "qualified", "quantity": "3", "reason": "count"})
        db.session.expire_all()
        level = db.session.query(StockLevel).filter_by(
            sku_id=meant.id, warehouse_id=alpha.warehouse.id).one_or_none()
        assert level is not None and level.qualified == 3, typed
