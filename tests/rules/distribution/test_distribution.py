"""SPEC S6 with numbers of our own: fulfilment, push rules (90 days, cooperation
period, mapping, warehouses, combos), recall, the supplier's stock-in and refund."""
from datetime import timedelta
from decimal import Decimal as D

import pytest

from admin_app.models import AfterSalesOrder, StockLevel
from admin_app.rules.aftersales import orders as aftersales, refund_orders
from admin_app.rules.core.errors import RuleError
from admin_app.rules.credit import payments, verification
from admin_app.rules.distribution import partnerships, pushing, refunds
from admin_app.rules.sales.orders import LineInput

from ...distribution_builders import distribution_order, make_partners, returned
from tests.refusals import refused
from tests import builders


def stock(session, sku, warehouse):
    level = session.query(StockLevel).filter_by(sku_id=sku.id,
                                                warehouse_id=warehouse.id).one_or_none()
    return (level.qualified, level.unqualified) if level else (0, 0)


def record_of(session, aso):
    from admin_app.models import DistributionReturn
    return session.query(DistributionReturn).filter_by(aftersales_id=aso.id).one()


def books_are_right(session, *orgs):
    for org in orgs:
        _, problems = verification.verify(session, org.id)
        assert problems == []


def test_shipping_from_the_supplier_sells_to_the_distributor_at_the_shipment_price(session):
    w = make_partners(session)
    link = distribution_order(session, w, [LineInput(w.d_mug, 3)])
    sale = link.supplier_order
    assert (sale.org_id, sale.customer_id, sale.status) == (w.sup.id, w.p.customer_id,
                                                            "shipped")
    assert [(ln.sku.code, ln.quantity, ln.unit_price) for ln in sale.lines] == \
        [("S-MUG", 3, D("30.00"))]
    assert (sale.fee, sale.total, sale.unsettled) == (D("5.00"), D("95.00"), D("95.00"))
    assert w.p.customer.total_credit == D("95.00")
    assert stock(session, w.s_mug, w.s_depot) == (97, 0)
    assert link.distributor_order.status == "shipped"
    books_are_right(session, w.dist, w.sup)


def test_a_supplier_short_of_stock_refuses_without_telling_its_stock_on_hand(session):
    w = make_partners(session)  # the supplier's depot holds 100 S-MUG
    with pytest.raises(RuleError) as refusal:
        distribution_order(session, w, [LineInput(w.d_mug, 101)])
    assert refusal.value.code == "fulfilment.supplier_short"
    assert "S-MUG" in refusal.value.message and "Supplier Depot" in refusal.value.message
    assert "100" not in refusal.value.message  # the supplier's stock is its own to know
    assert "100" not in str(refusal.value.params)
    session.rollback()


def test_a_combo_is_split_and_pushed_as_its_mapped_sub_skus(session):
    w = make_partners(session, handling_fee="1.50")
    link = distribution_order(session, w, [LineInput(w.d_set, 2)])
    assert sorted((ln.sku.code, ln.quantity) for ln in link.supplier_order.lines) == \
        [("S-LID", 4), ("S-MUG", 2)]
    record = pushing.push(session, w.d_main, record_of(session, returned(session, w, link)))
    theirs = record.supplier_aso
    assert record.status == "pushed"
    assert sorted((ln.sku.code, ln.quantity, ln.amount) for ln in theirs.lines) == \
        [("S-LID", 2, D("8.00")), ("S-MUG", 1, D("30.00"))]
    assert (theirs.kind_label, theirs.status) == ("Return & Refund", "confirm_return")
    assert theirs.returned_amount == D("38.00") and theirs.handling_fee == D("4.50")


@pytest.mark.parametrize("mode,fee,qty,expected", [("per_unit", "2.00", 3, "6.00"),
                                                   ("per_order", "7.00", 3, "7.00")])
def test_the_handling_fee_per_unit_or_per_order(session, mode, fee, qty, expected):
    w = make_partners(session, fee_mode=mode, handling_fee=fee)
    link = distribution_order(session, w, [LineInput(w.d_mug, 3)])
    record = pushing.push(session, w.d_main,
                          record_of(session, returned(session, w, link, qty)))
    assert record.supplier_aso.handling_fee == D(expected)
    f = refunds.figures(record.supplier_aso)
    assert (f.return_amount, f.estimated) == (D("90.00"), D("90.00") - D(expected))


@pytest.mark.parametrize("days,ok", [(89, True), (90, True), (91, False)])
def test_orders_older_than_90_days_cannot_be_pushed(session, days, ok):
    w = make_partners(session)
    link = distribution_order(session, w, days_ago=days)
    record = pushing.push(session, w.d_main, record_of(session, returned(session, w, link)))
    assert (record.status == "pushed") is ok
    if not ok:
        assert f"{days} days old" in pushing.failure(record) and record.supplier_aso_id is None
        # it can never pass: said so, with what to do instead (issue 21 item 4)
        assert record.final and "handle it yourself" in pushing.failure(record)


def test_cooperation_period_before_inside_and_after_termination(session):
    w = make_partners(session, started=builders.local_today() - timedelta(days=30))
    before = distribution_order(session, w, days_ago=40)  # shipped now, ordered before
    inside = distribution_order(session, w, days_ago=10)
    late = distribution_order(session, w, days_ago=2)
    partnerships.terminate(session, w.d_main, w.p, today=builders.local_today() - timedelta(days=5))
    results = {name: pushing.push(session, w.d_main,
                                  record_of(session, returned(session, w, link))).status
               for name, link in (("before", before), ("inside", inside), ("late", late))}
    # terminated since, the order from the cooperation period is still pushed
    assert results == {"before": "push_failed", "inside": "pushed", "late": "push_failed"}


def test_an_unmapped_sku_fails_with_its_reason_and_re_push_works_once_mapped(session):
    w = make_partners(session)
    link = distribution_order(session, w)
    link.shipped_as = None  # shipped before what it shipped as was kept: today's mapping
    mapping = w.p.mappings[0]
    supplier_sku = mapping.supplier_sku
    session.delete(mapping)
    session.flush()
    record = pushing.push(session, w.d_main, record_of(session, returned(session, w, link)))
    assert record.status == "push_failed" and "D-MUG is not mapped" in pushing.failure(record)
    assert not record.final  # mapping it fixes it
    assert session.get(type(record), record.id).fail_reason  # kept as words and values
    partnerships.map_sku(session, w.d_main, w.p, "D-MUG", supplier_sku.code)
    assert pushing.push(session, w.d_main, record).status == "pushed"
    assert record.attempts == 2


def test_a_third_party_supplier_warehouse_is_refused(session):
    w = make_partners(session)
    link = distribution_order(session, w)
    link.partner_warehouse.supplier_warehouse_id = w.s_third.id
    session.flush()
    session.expire_all()
    record = pushing.push(session, w.d_main, record_of(session, returned(session, w, link)))
    assert record.status == "push_failed" and "not the supplier's own" in pushing.failure(record)


def test_pushing_twice_creates_one_supplier_record(session):
    w = make_partners(session)
    link = distribution_order(session, w)
    record = record_of(session, returned(session, w, link))
    pushing.push(session, w.d_main, record)
    pushing.push(session, w.d_main, record)
    assert session.query(AfterSalesOrder).filter_by(org_id=w.sup.id).count() == 1


def test_auto_push_pushes_when_the_after_sales_order_is_created(session):
    w = make_partners(session, auto_push=True)
    link = distribution_order(session, w)
    assert record_of(session, returned(session, w, link)).status == "pushed"


def test_recall_before_the_supplier_stocks_in_and_refusal_after(session):
    w = make_partners(session)
    link = distribution_order(session, w, [LineInput(w.d_mug, 4)])
    first, second = returned(session, w, link), returned(session, w, link)
    for aso in (first, second):
        pushing.push(session, w.d_main, record_of(session, aso))
    aftersales.cancel(session, w.d_main, first)
    assert record_of(session, first).status == "recalled"
    assert record_of(session, first).supplier_aso.status == "cancelled"
    theirs = record_of(session, second).supplier_aso
    aftersales.stock_in(session, w.s_main, theirs, {theirs.lines[0].id: aftersales.Receipt(1)})
    with refused("push.cancelled_supplier_already_stocked"):
        aftersales.cancel(session, w.d_main, second)
    assert second.status == "received_return"  # followed the supplier's stock-in
    assert record_of(session, second).status == "pushed"


def test_the_distributor_cannot_stock_in_goods_that_went_back_to_the_supplier(session):
    w = make_partners(session)
    aso = returned(session, w, distribution_order(session, w))
    with refused("aftersales.goods_go_back_supplier"):
        aftersales.confirm(session, w.d_main, aso, with_stock_in=True)


def _stocked_in(session, w, qty=2, paid=None):
    link = distribution_order(session, w, [LineInput(w.d_mug, 3)])  # 90 + fee 5
    if paid:
        payments.receive(session, w.s_main, w.p.customer_id, D(paid), None)
    record = pushing.push(session, w.d_main,
                          record_of(session, returned(session, w, link, qty)))
    theirs = record.supplier_aso
    aftersales.stock_in(session, w.s_main, theirs,
                        {theirs.lines[0].id: aftersales.Receipt(qty - 1, 1)})
    return record, theirs


def test_refundable_is_return_less_unsettled_less_fee_never_below_zero(session):
    w = make_partners(session, handling_fee="2.00")
    _, theirs = _stocked_in(session, w)  # R 60, fee 4, unsettled 95
    f = refunds.figures(theirs)
    assert (f.return_amount, f.handling_fee, f.estimated, f.unsettled, f.refundable) == \
        (D("60.00"), D("4.00"), D("56.00"), D("95.00"), D("0.00"))
    w2 = make_partners(session, handling_fee="2.00", tag="E")
    _, theirs2 = _stocked_in(session, w2, paid="80.00")  # unsettled 15
    assert refunds.figures(theirs2).refundable == D("41.00")  # 60 - 15 - 4


def test_a_refund_to_the_balance_offsets_the_debt_then_credits_the_rest(session):
    w = make_partners(session, handling_fee="2.00")
    record, theirs = _stocked_in(session, w, paid="80.00")  # unsettled 15
    with pytest.raises(RuleError, match="at most 56.00"):
        refund_orders.create(session, w.s_main, theirs, D("56.01"), "balance")
    refund_orders.create(session, w.s_main, theirs, D("56.00"), "balance")
    customer = w.p.customer
    assert (theirs.status, customer.total_credit, customer.total_balance) == \
        ("completed", D("0.00"), D("41.00"))
    assert stock(session, w.s_mug, w.s_depot) == (98, 1)
    assert pushing.progress(record) == "Refunded by the supplier"
    books_are_right(session, w.dist, w.sup)


def test_a_bank_refund_waits_for_the_distributor_to_confirm_receipt(session):
    w = make_partners(session)
    record, theirs = _stocked_in(session, w, paid="95.00")
    refund = refund_orders.create(session, w.s_main, theirs, D("56.00"), "bank_transfer",
                                  refund_orders.BankDetails("Bank", "Dist", "123"))
    assert pushing.progress(record) == "Refund sent: confirm receipt"
    assert session.execute(refunds.pending_for(session, w.dist.id)).scalars().all() == [refund]
    with refused("refund.distributor_who_pushed_return"):
        refunds.confirm_receipt(session, w.s_main, refund)
    # nor can the supplier reject it: its buttons show none, and the rule agrees
    assert refund_orders.allowed(w.s_main, refund) == []
    with refused("refund.refund_confirmed_distributor_when", number=refund.number):
        refund_orders.reject(session, w.s_main, refund, "changed my mind")
    assert refund.status == "pending"
    refunds.confirm_receipt(session, w.d_main, refund)
    assert (refund.status, theirs.status) == ("confirmed", "completed")
    assert w.p.customer.total_balance == D("0.00")
    books_are_right(session, w.dist, w.sup)


def test_estimated_refund_formulas():
    assert refunds.estimated_refund(D("90"), D("6")) == D("84")
    assert refunds.estimated_refund(D("90"), D("6"), abnormal=True,
                                    stock_out_amount=D("95"), distribution_fee=D("5")) == D("84")
    assert refunds.estimated_refund(D("3"), D("6")) == D("0")


def test_a_proposal_is_accepted_by_the_other_side_only(session):
    w = make_partners(session)
    from tests import builders
    third = builders.make_org(session, "Third")
    p = partnerships.propose(session, w.s_main, third.name, "supplier")
    with refused("partnership.other_organization_accepts_proposal"):
        partnerships.accept(session, w.s_main, p)
    assert p.status == "proposed"


def test_a_terminated_partnership_keeps_its_settings_warehouses_and_mapping(session):
    """Frozen when it ends: winding down runs on the terms agreed (issue 20 item 3)."""
    w = make_partners(session)
    link = distribution_order(session, w, days_ago=10)
    partnerships.terminate(session, w.s_main, w.p)
    agreed = (w.p.fee_mode, w.p.handling_fee, w.p.distribution_fee, w.p.auto_push,
              len(w.p.warehouses), {m.distributor_sku_id: m.supplier_sku_id
                                    for m in w.p.mappings})
    with pytest.raises(RuleError, match="ended on"):
        partnerships.update(session, w.s_main, w.p, partnerships.Settings(
            "per_order", D("0.00"), D("0.00")))
    with pytest.raises(RuleError, match="ended on"):
        partnerships.update(session, w.d_main, w.p, partnerships.Settings(auto_push=True))
    with pytest.raises(RuleError, match="ended on"):
        partnerships.map_sku(session, w.d_main, w.p, "D-MUG", "S-LID")
    with pytest.raises(RuleError, match="ended on"):
        partnerships.add_warehouse(session, w.d_main, w.p, w.d_own.id, w.s_depot.id)
    session.refresh(w.p)
    assert (w.p.fee_mode, w.p.handling_fee, w.p.distribution_fee, w.p.auto_push,
            len(w.p.warehouses), {m.distributor_sku_id: m.supplier_sku_id
                                  for m in w.p.mappings}) == agreed
    # winding down: a return of the cooperation period is still pushed, stocked in
    # and refunded with the fee agreed
    record = record_of(session, returned(session, w, link))
    assert pushing.push(session, w.d_main, record).status == "pushed"
    theirs = record.supplier_aso
    aftersales.stock_in(session, w.s_main, theirs,
                        {ln.id: aftersales.Receipt(ln.quantity) for ln in theirs.lines})
    assert theirs.handling_fee == D("2.00")


def test_a_refund_only_order_brings_nothing_back_so_nothing_is_pushed(session):
    """SPEC S6 Decision (issue 20 item 4), with auto-push on."""
    from admin_app.models import DistributionReturn
    w = make_partners(session, auto_push=True)
    link = distribution_order(session, w)
    order = link.distributor_order
    aso = aftersales.create(session, w.d_main, order, "refund_only", [
        aftersales.ReturnInput(1, order_line=order.lines[0])])
    assert session.query(DistributionReturn).filter_by(aftersales_id=aso.id).count() == 0
    assert session.query(AfterSalesOrder).filter_by(org_id=w.sup.id).count() == 0
    goods = returned(session, w, link)  # a return & refund still is
    assert record_of(session, goods).status == "pushed"


def test_a_handling_fee_at_least_the_return_amount_completes_with_nothing_to_refund(session):
    """Issue 20 item 5: 40.00 per unit kept back on a 30.00 unit: nothing to refund."""
    from admin_app.models import AuditLog
    w = make_partners(session, handling_fee="40.00")
    record = record_of(session, returned(session, w, distribution_order(session, w)))
    pushing.push(session, w.d_main, record)
    theirs = record.supplier_aso
    assert (theirs.returned_amount, theirs.handling_fee) == (D("30.00"), D("40.00"))
    aftersales.stock_in(session, w.s_main, theirs,
                        {ln.id: aftersales.Receipt(ln.quantity) for ln in theirs.lines})
    assert theirs.status == "completed" and theirs.refunded == 0
    assert record.aftersales.status == "received_return"  # the distributor's own refund
    why = session.query(AuditLog).filter_by(action="aftersales.nothing_to_refund").one()
    assert "handling fee 40.00 is at least the return amount 30.00" in why.after
    assert str(pushing.progress(record)).startswith(
            "Completed by the supplier: nothing to refund")
    with pytest.raises(RuleError, match="only possible from Received Return"):
        refund_orders.create(session, w.s_main, theirs, D("0.01"), "balance")
    books_are_right(session, w.dist, w.sup)


def test_a_refund_left_to_make_cannot_be_completed_as_nothing_to_refund(session):
    w = make_partners(session)
    record = record_of(session, returned(session, w, distribution_order(session, w)))
    pushing.push(session, w.d_main, record)
    theirs = record.supplier_aso
    aftersales.stock_in(session, w.s_main, theirs,
                        {ln.id: aftersales.Receipt(ln.quantity) for ln in theirs.lines})
    assert theirs.status == "received_return" and not aftersales.can(theirs,
                                                                   "nothing_to_refund")
    with pytest.raises(RuleError, match="still has an amount to refund"):
        refund_orders.complete_nothing_to_refund(session, w.s_main, theirs)


def test_an_unmapped_sku_after_the_partnership_ended_can_never_be_pushed(session):
    """The mapping of a terminated partnership is frozen: the failure is final."""
    w = make_partners(session)
    link = distribution_order(session, w)
    link.shipped_as = None  # shipped before what it shipped as was kept: today's mapping
    session.delete(w.p.mappings[0])
    session.flush()
    partnerships.terminate(session, w.s_main, w.p)
    record = pushing.push(session, w.d_main, record_of(session, returned(session, w, link)))
    assert record.status == "push_failed" and record.final


def test_why_a_push_failed_is_read_in_each_readers_language(app, session):
    """S10: the reason is kept as its words and values, so a Thai reader and an English
    one each read it in their language; the audit trail keeps it in English."""
    from admin_app.models import AuditLog
    from admin_app.rules.core.messages import speaking
    w = make_partners(session)
    link = distribution_order(session, w, days_ago=91)
    record = pushing.push(session, w.d_main, record_of(session, returned(session, w, link)))
    english = pushing.failure(record)
    assert english.startswith(f"order {link.distributor_order.number} is 91 days old")
    with app.test_request_context(), speaking("th"):
        thai = pushing.failure(record)
    assert thai != english and link.distributor_order.number in thai and "91" in thai
    assert "days old" not in thai and "handle it yourself" not in thai
    trail = session.query(AuditLog).filter_by(action="distribution.push").one()
    assert "91 days old" in str(trail.after)


def test_a_push_failed_on_a_paused_supplier_warehouse_after_the_end_is_offered_again(session):
    """S6: a failed push (supplier warehouse unusable) can be re-pushed, and returns of
    the cooperation period can still be pushed after the partnership ends. Whether the
    warehouse is active is the supplier's own setting: switched back on, Re-push is
    offered again and goes through."""
    from admin_app.models import DistributionReturn
    w = make_partners(session)
    aso = returned(session, w, distribution_order(session, w))
    record = session.query(DistributionReturn).filter_by(aftersales_id=aso.id).one()
    partnerships.terminate(session, w.s_main, w.p)
    w.s_depot.active = False
    session.flush()
    assert pushing.push(session, w.d_main, record).status == "push_failed"
    assert "deactivated" in pushing.failure(record) and not record.final
    w.s_depot.active = True
    session.flush()
    assert pushing.allowed(w.d_main, record) == ["push"]
    assert pushing.push(session, w.d_main, record).status == "pushed"


def test_distribution_manage_does_the_supplier_side_of_pushed_returns_only(session):
    """SPEC S1: distribution.manage covers "supplier-side processing": stock-in and the
    refund of a pushed return. It does not make its holder the stock or refund desk of
    the supplier's own returns (refused naming the permission, nothing changed)."""
    from admin_app.models import DistributionReturn
    from admin_app.rules.core.usecase import NotPermitted
    w = make_partners(session, auto_push=True)
    aso = returned(session, w, distribution_order(session, w), 2)
    theirs = session.query(DistributionReturn).filter_by(aftersales_id=aso.id).one() \
        .supplier_aso
    manager = builders.make_user(session, w.sup, "dm@sup.test",
                                 permissions=["distribution.manage"])
    assert set(aftersales.allowed(manager, theirs)) >= {"stock_in"}
    aftersales.stock_in(session, manager, theirs,
                        {ln.id: aftersales.Receipt(ln.quantity) for ln in theirs.lines})
    assert theirs.status == "received_return" and aso.status == "received_return"
    assert "create_refund" in aftersales.allowed(manager, theirs)
    refund_orders.create(session, manager, theirs, D("56.00"), "balance")
    assert theirs.status == "completed"
    own = builders.make_world(session, None, "SupOwn", org=w.sup, main=w.s_main)
    from admin_app.rules.sales.status import change_status
    for event in ("to_pickup", "ship"):
        change_status(session, w.s_main, own.order, event)
    mine = aftersales.create(session, w.s_main, own.order, "return_refund", [
        aftersales.ReturnInput(1, order_line=own.order.lines[0], reason=own.reason)],
        warehouse=own.warehouse)
    aftersales.confirm(session, w.s_main, mine, with_stock_in=False)
    assert aftersales.allowed(manager, mine) == []
    with pytest.raises(NotPermitted):
        aftersales.stock_in(session, manager, mine,
                            {ln.id: aftersales.Receipt(ln.quantity) for ln in mine.lines})
    assert mine.status == "confirm_return"


def test_a_push_outside_the_cooperation_period_says_the_period_as_people_say_it(session):
    from admin_app.rules.distribution import push_failure
    start = builders.local_today() - timedelta(days=30)
    w = make_partners(session, started=start)
    early = distribution_order(session, w, days_ago=40)
    record = record_of(session, returned(session, w, early))
    pushing.push(session, w.d_main, record)
    said = push_failure.text(record.fail_reason, True)
    assert f"is before the cooperation period, which started on {start}" in said
    assert " to -)" not in said  # a running partnership has no end to name
    partnerships.terminate(session, w.d_main, w.p, today=builders.local_today())
    pushing.push(session, w.d_main, record)
    assert f"outside the cooperation period ({start} to {builders.local_today()})" in \
        push_failure.text(record.fail_reason, True)


def test_a_return_to_a_supplier_warehouse_needs_an_order_that_supplier_shipped(session):
    """Goods of an order the distributor shipped itself cannot go back to the supplier:
    refused when the return is made (it could never be pushed nor stocked in)."""
    from admin_app.rules.sales.orders import create_order
    from admin_app.rules.sales.status import change_status
    w = make_partners(session)
    own = create_order(session, w.d_main, store=w.store, customer=w.buyer,
                       lines=[LineInput(w.d_mug, 1)])
    for event in ("to_pickup", "ship"):
        change_status(session, w.d_main, own, event)
    with refused("aftersales.supplier_warehouse_not_shipped", name="At supplier",
                 number=own.number):
        aftersales.create(session, w.d_main, own, "return_refund",
                          [aftersales.ReturnInput(1, order_line=own.lines[0])],
                          warehouse=w.d_at_sup)
