"""A distributor's return on a distribution order comes back either to the supplier's
warehouse (pushed to the supplier, who stocks it in) or to the distributor's own
warehouse (stocked in there, nothing pushed): the same units never enter both books
(SPEC S3, S6)."""
from admin_app.models import DistributionReturn, StockLevel
from admin_app.rules.aftersales import orders as aftersales
from admin_app.rules.sales.orders import LineInput
from tests.distribution_builders import distribution_order, make_partners


def _level(session, sku, warehouse):
    row = session.query(StockLevel).filter_by(sku_id=sku.id,
                                              warehouse_id=warehouse.id).one_or_none()
    return row.qualified if row else 0


def _return(session, w, order, warehouse, qty=2):
    return aftersales.create(session, w.d_main, order, "return_refund",
                             [aftersales.ReturnInput(qty, order_line=order.lines[0])],
                             warehouse=warehouse)


def test_a_return_to_the_distributors_own_warehouse_is_not_pushed(session):
    w = make_partners(session, auto_push=True)
    order = distribution_order(session, w, [LineInput(w.d_mug, 3)]).distributor_order
    supplier_before = _level(session, w.s_mug, w.s_depot)  # the 3 shipped are out
    aso = _return(session, w, order, w.d_own)
    assert session.query(DistributionReturn).filter_by(aftersales_id=aso.id).count() == 0
    aftersales.confirm(session, w.d_main, aso, with_stock_in=True)
    assert _level(session, w.d_mug, w.d_own) == 2
    assert _level(session, w.s_mug, w.s_depot) == supplier_before


def test_a_return_to_the_suppliers_warehouse_is_pushed_and_stocked_in_there(session):
    w = make_partners(session, auto_push=True)
    order = distribution_order(session, w, [LineInput(w.d_mug, 3)]).distributor_order
    supplier_before = _level(session, w.s_mug, w.s_depot)  # the 3 shipped are out
    aso = _return(session, w, order, w.d_at_sup)
    record = session.query(DistributionReturn).filter_by(aftersales_id=aso.id).one()
    assert record.status == "pushed"
    theirs = record.supplier_aso
    aftersales.stock_in(session, w.s_main, theirs,
                        {line.id: aftersales.Receipt(line.quantity) for line in theirs.lines})
    assert _level(session, w.s_mug, w.s_depot) == supplier_before + 2
    assert _level(session, w.d_mug, w.d_own) == 0
