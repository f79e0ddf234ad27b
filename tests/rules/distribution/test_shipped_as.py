"""A push returns what was shipped (SPEC S6: "the unit price at original shipment";
combos split before pushing), however the mapping or a combo changed since: the
distribution order keeps what each SKU was shipped as."""
from decimal import Decimal as D

from admin_app.models import ComboComponent, DistributionReturn
from admin_app.rules.distribution import partnerships, pushing
from admin_app.rules.sales.orders import LineInput
from tests import builders
from tests.distribution_builders import distribution_order, make_partners, returned


def record(session, aso):
    return session.query(DistributionReturn).filter_by(aftersales_id=aso.id).one()


def pushed_lines(session, w, link, quantity, line_no=0):
    done = pushing.push(session, w.d_main,
                        record(session, returned(session, w, link, quantity, line_no=line_no)))
    assert done.status == "pushed", pushing.failure(done)
    return sorted((line.sku.code, line.quantity, line.amount)
                  for line in done.supplier_aso.lines)


def test_a_sku_remapped_after_shipment_returns_what_was_shipped(session):
    """D-MUG shipped as S-MUG at 30.00, then remapped to S-LID (4.00): the supplier
    gets its mug back at 30.00 (it was told S-LID at 4.00: 26.00 short)."""
    w = make_partners(session, tag="SA1")
    link = distribution_order(session, w, [LineInput(w.d_mug, 2), LineInput(w.d_lid, 2)])
    partnerships.map_sku(session, w.d_main, w.p, "D-MUG", "S-LID")
    assert pushed_lines(session, w, link, 1) == [("S-MUG", 1, D("30.00"))]


def test_a_sku_mapped_to_a_new_supplier_sku_still_pushes(session):
    """It failed ("not on the supplier's distribution order") and no fix could help."""
    w = make_partners(session, tag="SA2")
    link = distribution_order(session, w, [LineInput(w.d_mug, 2)])
    builders.make_sku(session, w.sup, "S-MUG2", "31.00")
    partnerships.map_sku(session, w.d_main, w.p, "D-MUG", "S-MUG2")
    assert pushed_lines(session, w, link, 1) == [("S-MUG", 1, D("30.00"))]


def test_a_combo_changed_after_shipment_returns_its_parts_as_shipped(session):
    w = make_partners(session, tag="SA3")
    link = distribution_order(session, w, [LineInput(w.d_set, 2)])  # S-MUG 2, S-LID 4
    part = session.query(ComboComponent).filter_by(combo_id=w.d_set.id,
                                                   component_id=w.d_lid.id).one()
    part.quantity = 1  # the catalog edited after the sale
    session.flush()
    assert [(code, qty) for code, qty, _ in pushed_lines(session, w, link, 1)] == [
        ("S-LID", 2), ("S-MUG", 1)]
