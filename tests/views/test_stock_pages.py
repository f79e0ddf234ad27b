
from admin_app.extensions import db
from admin_app.models import StockLevel, StockMovement

from .. import builders
from ..conftest import token_of


def qualified(sku, wh):
    db.session.expire_all()
    row = db.session.query(StockLevel).filter_by(sku_id=sku.id, warehouse_id=wh.id).first()
    return row.qualified if row else 0


def test_adjusting_stock_posts_one_movement_even_when_submitted_twice(world, client_for):
    alpha, _ = world
    client = client_for(alpha.main)
    page = client.get("/admin/stock_adjust/").get_data(as_text=True)
    form = {"token": token_of(page), "sku_code": alpha.sku.code,
            "warehouse": str(alpha.warehouse.id), "quality": "qualified",
            "quantity": "-3", "reason": "Broken in shelf move"}
    first = client.post("/admin/stock_adjust/", form, follow_redirects=True)
    assert "Stock adjusted." in first.get_data(as_text=True)
    second = client.post("/admin/stock_adjust/", form, follow_redirects=True)
    assert "already submitted" in second.get_data(as_text=True)
    assert qualified(alpha.sku, alpha.warehouse) == 7
    assert db.session.query(StockMovement).filter_by(
        reason="Broken in shelf move").count() == 1


def test_an_adjustment_below_zero_is_refused_and_changes_nothing(world, client_for):
    alpha, _ = world
    client = client_for(alpha.main)
    page = client.get("/admin/stock_adjust/").get_data(as_text=True)
    response = client.post("/admin/stock_adjust/", {
        "token": token_of(page), "sku_code": alpha.sku.code,
        "warehouse": str(alpha.warehouse.id), "quality": "qualified", "quantity": "-11",
        "reason": "oops"})
    assert "10 on hand, 11 to take out" in response.get_data(as_text=True)
    assert qualified(alpha.sku, alpha.warehouse) == 10


def test_adjusting_a_combo_moves_its_sub_skus(world, client_for):
    alpha, _ = world
    client = client_for(alpha.main)
    page = client.get("/admin/stock_adjust/").get_data(as_text=True)
    client.post("/admin/stock_adjust/", {
        "token": token_of(page), "sku_code": alpha.combo.code,
        "warehouse": str(alpha.warehouse.id), "quality": "qualified", "quantity": "2",
        "reason": "Count"})
    assert qualified(alpha.sku, alpha.warehouse) == 12
    assert qualified(alpha.part, alpha.warehouse) == 1 + 4  # 1 came back in a return


def test_adjust_form_refuses_bad_input_and_other_organizations(world, client_for):
    alpha, beta = world
    client = client_for(alpha.main)
    page = client.get("/admin/stock_adjust/").get_data(as_text=True)
    token = token_of(page)
    cases = [
        ({"sku_code": beta.sku.code}, "there is no SKU"),
        ({"warehouse": str(beta.warehouse.id)}, "Not a valid choice"),
        ({"quantity": "lots"}, "Quantity"),
        ({"quantity": "99999999999"}, "Number must be between"),
        ({"reason": "x" * 201}, "longer than 200"),
        ({"reason": ""}, "This field is required"),
        ({"quality": "shiny"}, "Not a valid choice"),
    ]
    before = db.session.query(StockMovement).count()
    for change, message in cases:
        form = {"token": token, "sku_code": alpha.sku.code,
                "warehouse": str(alpha.warehouse.id), "quality": "qualified",
                "quantity": "1", "reason": "test", **change}
        response = client.post("/admin/stock_adjust/", form)
        assert response.status_code == 200, change
        assert message in response.get_data(as_text=True), change
    assert db.session.query(StockMovement).count() == before


def test_a_clerk_can_read_stock_but_not_adjust_it(world, client_for, session):
    alpha, _ = world
    clerk = builders.make_user(session, alpha.org, "clerk@alpha.test", ["stock.return_in"])
    session.commit()
    client = client_for(clerk)
    assert client.get("/admin/stock/").status_code == 200
    assert client.get("/admin/stock_adjust/").status_code == 403


def test_an_inventory_count_can_append_or_replace_the_unqualified_note(world, client_for):
    alpha, _ = world
    client = client_for(alpha.main)

    def count(note, replace=False):
        page = client.get("/admin/stock_adjust/").get_data(as_text=True)
        form = {"token": token_of(page), "sku_code": alpha.sku.code,
                "warehouse": str(alpha.warehouse.id), "quality": "unqualified",
                "quantity": "1", "reason": "Count", "unqualified_note": note}
        if replace:
            form["replace_note"] = "y"
        client.post("/admin/stock_adjust/", form)
        db.session.expire_all()
        return db.session.query(StockLevel).filter_by(
            sku_id=alpha.sku.id, warehouse_id=alpha.warehouse.id).one().unqualified_note

    assert count("Scratched") == "Scratched"
    assert count("Wet box") == "Scratched\nWet box"
    assert count("All water damage", replace=True) == "All water damage"


def test_the_note_marker_opens_the_note_to_read_and_edit(world, client_for, session):
    from admin_app.extensions import db
    from admin_app.models import StockLevel
    alpha, beta = world
    level = alpha.stock_level
    level.unqualified, level.unqualified_note = 2, "Cracked lid"
    session.commit()
    client = client_for(alpha.main)
    listing = client.get("/admin/stock/").get_data(as_text=True)
    assert f'href="/admin/stock/note/{level.id}"' in listing
    page = client.get(f"/admin/stock/note/{level.id}").get_data(as_text=True)
    assert "Cracked lid</textarea>" in page
    client.post(f"/admin/stock/note/{level.id}", {"note": "Cracked lid; 1 scratched"})
    db.session.expire_all()
    assert db.session.get(StockLevel, level.id).unqualified_note == "Cracked lid; 1 scratched"
    client.post(f"/admin/stock/note/{level.id}", {"note": "  "})
    db.session.expire_all()
    assert db.session.get(StockLevel, level.id).unqualified_note is None
    assert client_for(beta.main).get(f"/admin/stock/note/{level.id}").status_code == 404
