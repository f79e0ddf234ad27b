"""SPEC S9: business times are the organization's. A list shows a stored instant (UTC)
on the shop's clock; its time filters are typed on that clock too."""
from datetime import datetime

from admin_app.models import StockMovement
from tests import builders


def _between(app, endpoint: str, column: str) -> str:
    view = next(v for v in app.extensions["admin"][0]._views
                if getattr(v, "endpoint", None) == endpoint)
    return next(f"flt0_{i}" for i, f in enumerate(view._filters)
                if f.column.key == column and type(f).__name__ == "DateTimeBetweenFilter")


def test_a_time_filter_is_typed_on_the_shops_clock(app, session, client_for):
    world = builders.make_world(session, "Clock Shop", "Clk")
    world.org.timezone = "Asia/Manila"
    session.add(StockMovement(org_id=world.org.id, sku_id=world.sku.id,
                              warehouse_id=world.warehouse.id, quality="qualified",
                              quantity=1, reason="EARLY-MORNING",
                              created_at=datetime(2026, 11, 1, 23, 30)))  # 07:30 in Manila
    session.commit()
    client = client_for(world.main)
    arg = _between(app, "stock_movements", "created_at")
    assert "2026-11-02 07:30" in client.get("/admin/stock_movements/").get_data(True)

    def found(start, end):
        page = client.get("/admin/stock_movements/", query_string={
            arg: f"{start} to {end}"}).get_data(True)
        return "EARLY-MORNING" in page
    assert found("2026-11-02 00:00:00", "2026-11-02 23:59:59")
    assert not found("2026-11-01 00:00:00", "2026-11-01 23:59:59")
    assert found("2026-11-02 07:30:00", "2026-11-02 07:30:00")
