"""Distribution over the API: the distributor pushes, the supplier stocks in and
refunds by bank, the distributor (and only it) confirms the money arrived."""
from decimal import Decimal as D

from admin_app.models import DistributionReturn, RefundOrder
from admin_app.rules.credit import payments
from admin_app.rules.sales.orders import LineInput
from tests import builders
from tests.api.conftest import Api, new_token
from tests.distribution_builders import distribution_order, make_partners, returned


def test_push_stock_in_refund_and_confirm_receipt(app, session):
    w = make_partners(session)
    link = distribution_order(session, w, [LineInput(w.d_mug, 3)])
    payments.receive(session, w.s_main, w.p.customer_id, D("95.00"), None)
    aso = returned(session, w, link, 2)
    third = builders.make_org(session, "Third Shop")
    outsider = builders.make_user(session, third, "owner@third.test", main=True)
    session.commit()
    dist, sup = Api(app, new_token(w.d_main)), Api(app, new_token(w.s_main))
    record = dist.get("/distribution/returns").get_json()["data"][0]
    assert record["aftersales_id"] == aso.id and record["allowed_events"] == ["push"]
    pushed = dist.post(f"/distribution/returns/{record['id']}/push")
    assert pushed.status_code == 200, pushed.get_json()
    assert pushed.get_json()["status"] == "pushed"
    assert pushed.get_json()["progress"] == "Waiting for the supplier's stock-in"
    theirs_id = pushed.get_json()["supplier_aftersales_id"]
    # the distributor sees the supplier's side as its record's progress, nothing more
    theirs = sup.get(f"/aftersales/{theirs_id}").get_json()
    assert dist.get(f"/aftersales/{theirs_id}").status_code == 404
    assert dist.post(f"/aftersales/{theirs_id}/stock-in", {"lines": [
        {"line_id": theirs["lines"][0]["id"], "qualified": 2}]}).status_code == 404
    assert dist.post(f"/aftersales/{theirs_id}/refunds", {
        "amount": "1.00", "method": "balance"}).status_code == 404
    stocked = sup.post(f"/aftersales/{theirs_id}/stock-in", {"lines": [
        {"line_id": theirs["lines"][0]["id"], "qualified": 1, "unqualified": 1}]})
    assert stocked.status_code == 200, stocked.get_json()
    refund = sup.post(f"/aftersales/{theirs_id}/refunds", {
        "amount": "56.00", "method": "bank_transfer",
        "bank": {"bank_name": "Bank", "account_name": "Dist", "account_no": "1"}})
    assert refund.status_code == 201, refund.get_json()
    refund_id = refund.get_json()["id"]
    seen = dist.get(f"/distribution/returns/{record['id']}").get_json()
    assert seen["progress"] == "Refund sent: confirm receipt"
    # the refund to confirm is found from the record, as on the page
    assert [(r["id"], r["amount"], r["allowed_events"]) for r in seen["supplier_refunds"]] \
        == [(refund_id, "56.00", ["confirm_receipt"])]
    assert sup.get(f"/aftersales/{theirs_id}").get_json()["distribution"]["refundable"] == \
        "56.00"
    # only the distributor confirms receipt; the supplier's own confirm is refused
    assert sup.post(f"/refunds/{refund_id}/confirm").status_code == 422
    assert sup.post(f"/refunds/{refund_id}/confirm-receipt").status_code in (404, 422)
    assert Api(app, new_token(outsider)).post(
        f"/refunds/{refund_id}/confirm-receipt").status_code == 404
    assert dist.post(f"/refunds/{refund_id}/reject", {"reason": "x"}).status_code == 404
    confirmed = dist.post(f"/refunds/{refund_id}/confirm-receipt")
    assert confirmed.status_code == 200, confirmed.get_json()
    session.expire_all()
    assert session.get(RefundOrder, refund_id).status == "confirmed"
    assert session.query(DistributionReturn).one().status == "pushed"



def test_a_push_is_recalled_by_the_distributor(app, session):
    w = make_partners(session, tag="R")
    link = distribution_order(session, w, [LineInput(w.d_mug, 3)])
    returned(session, w, link, 1)
    session.commit()
    dist = Api(app, new_token(w.d_main))
    record = dist.get("/distribution/returns").get_json()["data"][0]
    assert dist.post(f"/distribution/returns/{record['id']}/push").status_code == 200
    recalled = dist.post(f"/distribution/returns/{record['id']}/recall")
    assert recalled.status_code == 200, recalled.get_json()
    assert recalled.get_json()["status"] == "recalled"
    again = dist.post(f"/distribution/returns/{record['id']}/recall")
    assert again.status_code == 409


def test_recall_is_for_who_manages_distribution(app, session):
    """S1: distribution.manage covers push, re-push and recall; a role with after-sales
    but not distribution cannot recall from the Distribution endpoint."""
    w = make_partners(session, tag="M")
    link = distribution_order(session, w, [LineInput(w.d_mug, 3)])
    returned(session, w, link, 1)
    manager = builders.make_user(session, w.dist, "dist@m.test", ["distribution.manage"])
    service = builders.make_user(session, w.dist, "svc@m.test", ["aftersales.manual"])
    session.commit()
    mine, theirs = Api(app, new_token(manager)), Api(app, new_token(service))
    record = mine.get("/distribution/returns").get_json()["data"][0]
    url = f"/distribution/returns/{record['id']}"
    assert mine.post(f"{url}/push").get_json()["allowed_events"] == ["recall"]
    refused = theirs.post(f"{url}/recall")
    assert refused.status_code == 403 and mine.get(url).get_json()["status"] == "pushed"
    recalled = mine.post(f"{url}/recall")
    assert recalled.status_code == 200, recalled.get_json()
    assert (recalled.get_json()["status"], recalled.get_json()["allowed_events"]) == (
        "recalled", [])


def test_a_return_never_pushed_is_not_recalled(app, session):
    """Recall takes back what is with the supplier; a return that never got there (a
    failed push) is not cancelled by it: that is after-sales work (S1)."""
    from admin_app.models import AfterSalesOrder
    w = make_partners(session, tag="N")
    aso = returned(session, w, distribution_order(session, w, [LineInput(w.d_mug, 3)],
                                                  days_ago=95), 1)
    manager = builders.make_user(session, w.dist, "dist@n.test", ["distribution.manage"])
    session.commit()
    api = Api(app, new_token(manager))
    record = api.get("/distribution/returns").get_json()["data"][0]
    failed = api.post(f"/distribution/returns/{record['id']}/push").get_json()
    assert (failed["status"], failed["allowed_events"]) == ("push_failed", [])
    refused = api.post(f"/distribution/returns/{record['id']}/recall")
    assert refused.status_code == 409
    assert refused.get_json()["code"] == "push.recall_not_pushed"
    session.expire_all()
    assert session.get(AfterSalesOrder, aso.id).status != "cancelled"


def test_the_push_list_reads_the_same_for_1_or_6_records(app, session):
    """The records' supplier refunds come with the list, not a query a row."""
    from sqlalchemy import event
    from admin_app.extensions import db
    w = make_partners(session, tag="Q")
    for _ in range(6):
        returned(session, w, distribution_order(session, w, [LineInput(w.d_mug, 1)]), 1)
    session.commit()
    dist = Api(app, new_token(w.d_main))
    for record in dist.get("/distribution/returns").get_json()["data"]:
        dist.post(f"/distribution/returns/{record['id']}/push")
    counted = []

    def count(*_):
        counted.append(1)
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        for limit in (1, 6):
            counted.clear()
            assert len(dist.get("/distribution/returns", limit=limit).get_json()[
                "data"]) == limit
            if limit == 1:
                one = len(counted)
        assert len(counted) == one
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_a_partnership_is_proposed_accepted_set_and_ended_over_the_api(app, session):
    """S11 (every action of the pages) for S6's partnerships: each side does its own
    part; the supplier's fees are amounts of its currency; a third organization sees
    and touches nothing."""
    dist_org = builders.make_org(session, "Dist Co")
    sup_org = builders.make_org(session, "Supply Co", currency="VND")
    third = builders.make_org(session, "Third Co")
    d_main = builders.make_user(session, dist_org, "owner@dist.test", main=True)
    s_main = builders.make_user(session, sup_org, "owner@sup.test", main=True)
    outsider = builders.make_user(session, third, "owner@third.test", main=True)
    builders.make_sku(session, dist_org, "D-MUG", "10.00")
    builders.make_sku(session, sup_org, "S-MUG", "10000")
    session.commit()
    dist, sup = Api(app, new_token(d_main)), Api(app, new_token(s_main))
    other = Api(app, new_token(outsider))
    made = dist.post("/partnerships", {"partner": "Supply Co", "we_are": "distributor"})
    assert made.status_code == 201, made.get_json()
    pid = made.get_json()["id"]
    assert (made.get_json()["side"], made.get_json()["status"]) == ("distributor", "proposed")
    assert dist.post(f"/partnerships/{pid}/events/accept").status_code == 422  # not mine
    assert other.post(f"/partnerships/{pid}/events/accept").status_code == 404
    assert other.get("/partnerships").get_json()["data"] == []
    listed = sup.get("/partnerships").get_json()["data"]
    assert [(p["id"], p["side"], p["partner"]) for p in listed] == [(pid, "supplier", "Dist Co")]
    accepted = sup.post(f"/partnerships/{pid}/events/accept")
    assert accepted.status_code == 200 and accepted.get_json()["status"] == "active"
    assert accepted.get_json()["started_on"]
    fees = {"fee_mode": "per_order", "handling_fee": "7500", "distribution_fee": "2000"}
    assert sup.patch(f"/partnerships/{pid}", {**fees, "handling_fee": "7500.5"}) \
        .status_code == 422  # dong have no decimals
    saved = sup.patch(f"/partnerships/{pid}", fees).get_json()
    assert (saved["fee_mode"], saved["handling_fee"], saved["distribution_fee"]) == (
        "per_order", "7500", "2000")
    assert dist.patch(f"/partnerships/{pid}", {"auto_push": True}).get_json()["auto_push"]
    # each side its own terms: the other side's are refused, not ignored
    assert dist.patch(f"/partnerships/{pid}", {"handling_fee": "1"}).status_code == 422
    assert sup.patch(f"/partnerships/{pid}", {"auto_push": False}).status_code == 200
    assert sup.patch(f"/partnerships/{pid}", {"auto_push": True}).status_code == 422
    assert sup.patch(f"/partnerships/{pid}", {"distribution_fee": "2500"}).get_json()[
        "handling_fee"] == "7500"  # what is not sent stays
    assert sup.get("/partnerships").get_json()["data"][0]["distribution_fee"] == "2500"
    assert other.patch(f"/partnerships/{pid}", {"auto_push": False}).status_code == 404
    mapped = dist.post(f"/partnerships/{pid}/sku-mappings",
                       {"sku": "D-MUG", "supplier_sku": "S-MUG"})
    assert mapped.status_code == 200, mapped.get_json()
    assert dist.post(f"/partnerships/{pid}/sku-mappings",
                     {"sku": "D-MUG", "supplier_sku": "NOPE"}).status_code == 422
    ended = sup.post(f"/partnerships/{pid}/events/terminate")
    assert ended.status_code == 200 and ended.get_json()["status"] == "terminated"
    assert sup.patch(f"/partnerships/{pid}", fees).status_code == 422


def test_the_supplier_reads_the_s6_refundable_of_a_pushed_return(app, session):
    """S6: refundable = return amount - unsettled on the distribution order - exchange
    - handling fee. 3 mugs at 30.00 + 5.00 fee owed 95.00, 80.00 paid: 15.00 unsettled;
    2 returned (60.00) with a 2.00 fee per unit: 60 - 15 - 0 - 4 = 41.00."""
    w = make_partners(session, tag="F")
    link = distribution_order(session, w, [LineInput(w.d_mug, 3)])
    payments.receive(session, w.s_main, w.p.customer_id, D("80.00"), None)
    returned(session, w, link, 2)
    session.commit()
    dist, sup = Api(app, new_token(w.d_main)), Api(app, new_token(w.s_main))
    record = dist.get("/distribution/returns").get_json()["data"][0]
    theirs = dist.post(f"/distribution/returns/{record['id']}/push").get_json()
    figures = sup.get(f"/aftersales/{theirs['supplier_aftersales_id']}").get_json()[
        "distribution"]
    assert (figures["return_amount"], figures["unsettled"], figures["handling_fee"],
            figures["refundable"]) == ("60.00", "15.00", "4.00", "41.00")
    assert dist.get(f"/aftersales/{record['aftersales_id']}").get_json()[
        "distribution"] is None   # the distributor's own order is not a pushed record


def test_a_distributor_ships_an_order_from_its_supplier_over_the_api(app, session):
    """S11: as the order's Ship from supplier page. The supplier's sale and stock follow;
    another warehouse or organization is refused and nothing moves."""
    from datetime import timedelta
    from admin_app.models import DistributionOrder, Order, StockLevel
    from admin_app.rules.sales.orders import create_order
    w = make_partners(session)
    order = create_order(session, w.d_main, store=w.store, customer=w.buyer,
                         lines=[LineInput(w.d_mug, 2)],
                         order_date=builders.local_now() - timedelta(days=1))
    third = builders.make_org(session, "Third Ship")
    outsider = builders.make_user(session, third, "owner@thirdship.test", main=True)
    session.commit()
    before = {(s.warehouse_id, s.sku_id): s.qualified for s in session.query(StockLevel)}
    dist = Api(app, new_token(w.d_main))
    url = f"/orders/{order.id}/ship-from-supplier"
    assert dist.post(url, {"warehouse_id": 987654}).status_code == 404
    assert Api(app, new_token(outsider)).post(
        url, {"warehouse_id": w.d_at_sup.id}).status_code == 404
    assert session.query(DistributionOrder).count() == 0
    shipped = dist.post(url, {"warehouse_id": w.d_at_sup.id})
    assert shipped.status_code == 200, shipped.get_json()
    assert shipped.get_json()["status"] == "shipped"
    link = session.query(DistributionOrder).one()
    assert link.distributor_order_id == order.id
    assert [(ln.sku.code, ln.quantity) for ln in link.supplier_order.lines] == [("S-MUG", 2)]
    session.expire_all()
    after = {(s.warehouse_id, s.sku_id): s.qualified for s in session.query(StockLevel)}
    moved = {k: after[k] - before.get(k, 0) for k in after if after[k] != before.get(k, 0)}
    assert list(moved.values()) == [-2]
    again = dist.post(url, {"warehouse_id": w.d_at_sup.id})
    assert again.status_code == 422 and session.query(DistributionOrder).count() == 1
    assert session.get(Order, order.id).status == "shipped"
