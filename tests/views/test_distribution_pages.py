"""Distribution pages from both sides and from a third organization: ship from the
supplier, push, the supplier's list, stock-in and bank refund, the distributor's
confirmation of receipt (SPEC S6)."""
import re
from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from admin_app.extensions import db
from admin_app.models import DistributionOrder, DistributionReturn, RefundOrder, StockLevel
from admin_app.rules.aftersales import orders as aftersales, refund_orders
from admin_app.rules.distribution import pushing
from admin_app.rules.sales.orders import LineInput, create_order

from .. import builders
from ..conftest import token_of
from ..distribution_builders import distribution_order, make_partners, returned


def test_ship_push_stock_in_refund_and_confirm_receipt_through_the_pages(
        app, session, client_for):
    w = make_partners(session)
    order = create_order(session, w.d_main, store=w.store, customer=w.buyer,
                         lines=[LineInput(w.d_mug, 2)])
    outsider = builders.make_user(session, builders.make_org(session, "Outsider"),
                                  "owner@outsider.test", main=True)
    session.commit()
    dist, sup, third = client_for(w.d_main), client_for(w.s_main), client_for(outsider)

    page = dist.get(f"/admin/orders/ship-from-supplier/?id={order.id}").get_data(True)
    assert "Supplier Depot" in page
    dist.post(f"/admin/orders/ship-from-supplier/?id={order.id}",
              {"link": str(w.link.id), "token": token_of(page)})
    session.expire_all()
    assert order.status == "shipped"
    assert session.query(StockLevel).filter_by(sku_id=w.s_mug.id).one().qualified == 98

    aso = returned(session, w, session.query(DistributionOrder).filter_by(
        distributor_order_id=order.id).one())
    session.commit()
    record = session.query(DistributionReturn).filter_by(aftersales_id=aso.id).one()
    listing = dist.get("/admin/distribution_returns/").get_data(True)
    assert aso.number in listing and "To Push" in listing
    assert third.get("/admin/distribution_returns/").get_data(True).count(aso.number) == 0
    dist.act("/admin/distribution_returns/action/", {"action": "push",
                                                      "rowid": str(record.id)})
    session.expire_all()
    assert record.status == "pushed"
    theirs = record.supplier_aso
    details = dist.get(f"/admin/distribution_returns/details/?id={record.id}").get_data(True)
    assert aso.number in details and order.number in details and "Pushed" in details
    assert " object at 0x" not in details and "Supplier Aso" not in details

    supplier_list = sup.get("/admin/supplier_distribution/").get_data(True)
    assert theirs.number in supplier_list and "Return & Refund records" in supplier_list
    assert '"Distributor": [' in supplier_list  # the distributor filter, by that name
    assert sup.get("/admin/distribution_returns/").get_data(True).count(aso.number) == 0
    assert third.get(f"/admin/supplier_distribution/details/?id={theirs.id}").status_code == 404
    stock_page = sup.get(f"/admin/return-stock-in/?q={theirs.number}").get_data(True)
    line = theirs.lines[0]
    sup.post("/admin/return-stock-in/", {"aso_id": str(theirs.id), "q": theirs.number,
                                         f"q_{line.id}": "1", f"u_{line.id}": "0",
                                         f"m_{line.id}": "0",
                                         "token": token_of(stock_page)})
    session.expire_all()
    assert theirs.status == "received_return" and aso.status == "received_return"

    form = sup.get(f"/admin/refunds/create/{theirs.id}").get_data(True)
    assert re.search(r"Return handling fee.*?2\.00", form, re.S)
    sup.confirm(f"/admin/refunds/create/{theirs.id}", {
        "amount": "28.00", "method": "bank_transfer", "bank_name": "Bank",
        "account_name": "Dist", "account_no": "99", "step": "confirm",
        "token": token_of(form)})
    session.expire_all()
    refund = session.query(RefundOrder).filter_by(aftersales_id=theirs.id).one()
    assert refund.status == "pending"
    assert "confirmed by the distributor" in sup.post(
        f"/admin/refunds/{refund.id}/confirm", {"token": "a-token-never-used-1"},
        follow_redirects=True).get_data(True)
    assert third.post(f"/admin/refunds/{refund.id}/receipt", {}).status_code == 404
    refunds_page = dist.get("/admin/refunds/").get_data(True)
    assert "Confirm receipt" in refunds_page and refund.number in refunds_page
    dist.post(f"/admin/refunds/{refund.id}/receipt", {})
    session.expire_all()
    assert (refund.status, theirs.status) == ("confirmed", "completed")
    # the sale was 2 x 30 + fee 5 = 65 on credit; the refund of 30 - fee 2 = 28 first
    # pays off what the distributor owes (SPEC S5 offset), so nothing leaves by bank
    assert w.p.customer.total_credit == D("37.00")
    # the supplier's stock journal names the distributor's user who shipped from it
    movements = sup.get("/admin/stock_movements/")
    assert movements.status_code == 200 and "owner@ddist.test" in movements.get_data(True)


def test_a_partnership_is_proposed_on_one_side_and_accepted_on_the_other(
        app, session, client_for):
    d = builders.make_org(session, "Dist Co")
    s = builders.make_org(session, "Supp Co")
    d_main = builders.make_user(session, d, "owner@distco.test", main=True)
    s_main = builders.make_user(session, s, "owner@suppco.test", main=True)
    session.commit()
    dist, sup = client_for(d_main), client_for(s_main)
    page = dist.get("/admin/partnerships/").get_data(True)
    dist.post("/admin/partnerships/propose", {"partner": "Supp Co", "we_are": "distributor",
                                              "token": token_of(page)})
    theirs = sup.get("/admin/partnerships/").get_data(True)
    assert "Dist Co (distributor)" in theirs and ">Accept<" in theirs
    assert ">Accept<" not in dist.get("/admin/partnerships/").get_data(True)
    pid = re.search(r"/admin/partnerships/(\d+)/accept", theirs).group(1)
    sup.post(f"/admin/partnerships/{pid}/accept", {"token": token_of(theirs)})
    mine = dist.get("/admin/partnerships/").get_data(True)
    assert "Active" in mine
    # the supplier's customer file has the distributor, buying on credit
    assert "Dist Co" in sup.get("/admin/customers/").get_data(True)
    # a refused proposal: an unknown name changes nothing and says why
    again = dist.post("/admin/partnerships/propose", {"partner": "Nobody", "we_are":
                                                      "distributor", "token": token_of(mine)},
                      follow_redirects=True).get_data(True)
    assert "exact name of another organization" in again


def _actions(client, term):
    """The 'What' column of the audit trail rows matching a search."""
    page = client.get(f"/admin/audit/?search={term}&page_size=100").get_data(True)
    return set(re.findall(r'<td class="col-action"[^>]*>\s*(.*?)\s*</td>', page, re.S))


def test_each_side_sees_only_its_own_audit_rows_of_a_return(app, session, client_for):
    w = make_partners(session)
    link = distribution_order(session, w, [LineInput(w.d_mug, 4)])
    kept, cancelled = returned(session, w, link), returned(session, w, link)
    mine = session.query(DistributionReturn).filter_by(aftersales_id=kept.id).one()
    assert pushing.push(session, w.d_main, mine,  # a retry much later fails: too old
                        today=builders.local_today() + timedelta(days=200)).status == "push_failed"
    pushing.push(session, w.d_main, mine)
    pushing.push(session, w.d_main, session.query(DistributionReturn).filter_by(
        aftersales_id=cancelled.id).one())
    aftersales.cancel(session, w.d_main, cancelled)
    theirs = mine.supplier_aso
    aftersales.stock_in(session, w.s_main, theirs,
                        {theirs.lines[0].id: aftersales.Receipt(1)})
    refund_orders.create(session, w.s_main, theirs, D("28.00"), "balance")
    session.commit()
    dist, sup = client_for(w.d_main), client_for(w.s_main)
    assert {"Push", "Repush", "Recall", "Supplier stock in", "Supplier refund"} <= \
        _actions(dist, "distribution.")
    assert "Received" not in _actions(dist, "distribution.")
    # its own order followed the supplier ("Confirm stock in"); the supplier's own
    # stock-in and refund rows stay on the supplier's side
    assert not _actions(dist, "refund.")
    assert "Stock in" not in _actions(dist, "aftersalesorder.")
    assert _actions(sup, "distribution.") == {"Sale", "Received"}
    assert {"Recall", "Stock in", "Refund to balance"} <= _actions(sup, "aftersalesorder.")
    assert "Create" in _actions(sup, "refund.")


def test_a_terminated_partnership_refuses_setting_changes_from_its_page(
        app, session, client_for):
    w = make_partners(session)
    from admin_app.rules.distribution import partnerships
    partnerships.terminate(session, w.d_main, w.p)
    session.commit()
    client = client_for(w.s_main)
    page = client.get("/admin/partnerships/").get_data(True)
    assert "stay as they were" in page and "Save fees" not in page
    done = client.post(f"/admin/partnerships/{w.p.id}/settings", {
        "fee_mode": "per_order", "handling_fee": "0.00", "distribution_fee": "0.00",
        "token": token_of(page)}, follow_redirects=True).get_data(True)
    assert "ended on" in done
    session.expire_all()
    assert (w.p.fee_mode, w.p.handling_fee) == ("per_unit", D("2.00"))


def test_a_stuck_record_with_nothing_to_refund_is_completed_from_the_suppliers_list(
        app, session, client_for):
    """A record left in Received Return with nothing to refund (before this release)
    gets its button on the supplier's list."""
    w = make_partners(session, handling_fee="40.00")
    record = session.query(DistributionReturn).filter_by(
        aftersales_id=returned(session, w, distribution_order(session, w)).id).one()
    pushing.push(session, w.d_main, record)
    theirs = record.supplier_aso
    aftersales.move(session, w.s_main, theirs, "stock_in")  # as older data stands
    session.commit()
    client = client_for(w.s_main)
    page = client.get("/admin/supplier_distribution/?tab=received_return").get_data(True)
    assert "Complete (nothing to refund)" in page
    done = client.act("/admin/supplier_distribution/action/", {
        "row_action": f"nothing_to_refund:{theirs.id}"}, follow_redirects=True)
    assert done.status_code == 200
    session.expire_all()
    assert theirs.status == "completed"


def test_a_push_that_fails_is_not_green_and_a_final_failure_is_not_offered_again(
        app, session, client_for):
    """'Pushed 0 of 1' showed in a green banner and a too-old order was offered Re-push
    forever (issue 21 item 4)."""
    w = make_partners(session)
    old = session.query(DistributionReturn).filter_by(aftersales_id=returned(
        session, w, distribution_order(session, w, days_ago=120)).id).one()
    shipped = distribution_order(session, w, lines=[LineInput(w.d_lid, 1)])
    shipped.shipped_as = None  # shipped before what it shipped as was kept: today's mapping
    session.delete(w.p.mappings[1])  # D-LID unmapped since: fixable by mapping it
    fixable = session.query(DistributionReturn).filter_by(aftersales_id=returned(
        session, w, shipped).id).one()
    session.commit()
    client = client_for(w.d_main)
    done = client.act("/admin/distribution_returns/action/", {
        "action": "push", "rowid": str(old.id)}, follow_redirects=True).get_data(True)
    assert "alert-success" not in done and "alert-danger" in done
    assert "Pushed 0 of 1" in done and "120 days old" in done and "handle it yourself" in done
    client.act("/admin/distribution_returns/action/", {"action": "push",
                                                        "rowid": str(fixable.id)})
    listing = client.get("/admin/distribution_returns/?tab=push_failed").get_data(True)
    assert f'value="repush:{fixable.id}"' in listing
    assert f'value="repush:{old.id}"' not in listing
    # part of a bulk push: a warning naming the one that failed, not green
    good = session.query(DistributionReturn).filter_by(aftersales_id=returned(
        session, w, distribution_order(session, w)).id).one()
    session.commit()
    done = client.act("/admin/distribution_returns/action/", [
        ("action", "push"), ("rowid", str(old.id)), ("rowid", str(good.id))],
        follow_redirects=True).get_data(True)
    assert "alert-success" not in done and "alert-warning" in done
    assert "Pushed 1 of 2" in done and old.aftersales.number in done
    assert good.aftersales.number not in done.split("Not pushed:")[1].split("</div>")[0]


def test_pages_that_reach_the_partners_books_through_a_hook_work(app, session, client_for):
    """Issue 21 item 14: cancelling a pushed return from Manual After-Sales Orders (one
    and in bulk) recalls it; creating an after-sales order on a distribution order of
    an auto-push partnership pushes it. Both answered 404: their hooks loaded the
    supplier's rows outside a partner page."""
    w = make_partners(session, auto_push=True)
    links = [distribution_order(session, w) for _ in range(4)]
    session.commit()
    client = client_for(w.d_main)
    order = links[0].distributor_order
    page = client.get(f"/admin/aftersales/create/?order={order.number}").get_data(True)
    line = order.lines[0]
    made = client.post("/admin/aftersales/create/", {
        "order": order.number, "kind": "return_refund", f"ret_{line.id}_qty": "1",
        "warehouse": str(w.d_at_sup.id), "token": token_of(page)})
    assert made.status_code == 302
    records = [session.query(DistributionReturn).filter_by(aftersales_id=returned(
        session, w, link).id).one() for link in links[1:]]
    session.commit()
    first = session.query(DistributionReturn).order_by(DistributionReturn.id).first()
    assert first.status == "pushed"  # auto-push, from the page
    one = client.act("/admin/aftersales/action/",
                     {"row_action": f"cancel:{records[0].aftersales_id}"})
    assert one.status_code == 302
    bulk = client.act("/admin/aftersales/action/", [("action", "cancel")] + [
        ("rowid", str(r.aftersales_id)) for r in records[1:]])
    assert bulk.status_code == 302
    session.expire_all()
    assert {r.status for r in records} == {"recalled"}
    assert {r.supplier_aso.status for r in records} == {"cancelled"}
    assert app.extensions["org_gate_violations"] == []


def test_shipping_through_an_ended_partnership_names_the_end_date(app, session, client_for):
    """Issue 21 item 15: the refusal says what decides it."""
    from admin_app.rules.core.errors import RuleError
    from admin_app.rules.distribution import fulfilment, partnerships
    w = make_partners(session)
    order = create_order(session, w.d_main, store=w.store, customer=w.buyer,
                         lines=[LineInput(w.d_mug, 1)])
    partnerships.terminate(session, w.s_main, w.p, today=date(2026, 11, 30))
    session.commit()
    page = client_for(w.d_main).get(f"/admin/orders/ship-from-supplier/?id={order.id}")
    assert "ended on 2026-11-30" in page.get_data(True)
    with pytest.raises(RuleError, match="ended on 2026-11-30"):
        fulfilment.ship_from_supplier(session, w.d_main, order, w.link)


def test_who_manages_distribution_recalls_from_the_distribution_page(app, session,
                                                                    client_for):
    """S1: recall is a distribution.manage action: its row button on the Distribution
    page, for a role with no after-sales permission."""
    w = make_partners(session, auto_push=True, tag="RC")
    records = [session.query(DistributionReturn).filter_by(aftersales_id=returned(
        session, w, distribution_order(session, w)).id).one() for _ in range(2)]
    manager = builders.make_user(session, w.dist, "dist@rc.test", ["distribution.manage"])
    session.commit()
    client = client_for(manager)
    page = client.get("/admin/distribution_returns/?tab=pushed").get_data(True)
    assert f'value="recall:{records[0].id}"' in page
    done = client.act("/admin/distribution_returns/action/",
                      {"row_action": f"recall:{records[0].id}"})
    assert done.status_code == 302
    session.expire_all()
    assert [r.status for r in records] == ["recalled", "pushed"]
    assert records[0].aftersales.status == "cancelled"
    assert records[0].supplier_aso.status == "cancelled"


@pytest.mark.fresh_app
def test_the_pushed_list_read_as_tuples_shows_each_side_and_keeps_the_gate(
        app, session, client_for):
    """The distributor's list reads its rows as tuples with the order behind each
    return and the supplier's record (views/lean_rows.py): each row says its order
    and the supplier's progress, offers the buttons its state allows, and a row
    carrying a third organization's order is refused (404, recorded)."""
    w = make_partners(session)
    first = returned(session, w, distribution_order(session, w))
    second = returned(session, w, distribution_order(session, w))
    session.commit()
    records = {r.aftersales_id: r for r in session.query(DistributionReturn)}
    dist = client_for(w.d_main)
    dist.act("/admin/distribution_returns/action/", {
        "action": "push", "rowid": str(records[first.id].id)})
    session.expire_all()
    pushed, waiting = records[first.id], records[second.id]
    assert pushed.status == "pushed" and waiting.status == "to_push"

    page = dist.get("/admin/distribution_returns/?tab=all").get_data(True)
    for aso in (first, second):
        assert aso.number in page and aso.order.number in page
    assert "Waiting for the supplier&#39;s stock-in" in page
    assert f'value="recall:{pushed.id}"' in page and f'value="push:{pushed.id}"' not in page
    assert f'value="push:{waiting.id}"' in page and f'value="recall:{waiting.id}"' not in page

    outsider = builders.make_world(session, "Outsider", "Outsider")
    session.execute(db.text("UPDATE aftersales_order SET order_id = :o WHERE id = :a"),
                    {"o": outsider.order.id, "a": first.id})
    session.commit()
    assert dist.get("/admin/distribution_returns/?tab=all").status_code == 404
    assert app.extensions["org_gate_violations"] == [
        ("GET", "/admin/distribution_returns/?tab=all", "Order")]


def test_a_suppliers_distribution_manager_stocks_in_and_refunds_pushed_returns_only(
        app, session, client_for):
    """SPEC S1: distribution.manage covers "supplier-side processing". A supplier user
    holding only it stocks a pushed return in and refunds it from the Distribution
    list's buttons; the supplier's own returns stay the stock and refund desks' (a
    refusal naming the permission, nothing changed)."""
    from admin_app.models import AfterSalesOrder
    from admin_app.rules.aftersales import orders as aftersales_rules
    w = make_partners(session, auto_push=True)
    aso = returned(session, w, distribution_order(session, w), 2)
    theirs = session.query(DistributionReturn).filter_by(aftersales_id=aso.id).one() \
        .supplier_aso
    own_order = builders.make_world(session, None, "SupOwn", org=w.sup, main=w.s_main)
    for event in ("to_pickup", "ship"):
        from admin_app.rules.sales.status import change_status
        change_status(session, w.s_main, own_order.order, event)
    own = aftersales_rules.create(session, w.s_main, own_order.order, "return_refund", [
        aftersales_rules.ReturnInput(1, order_line=own_order.order.lines[0],
                                     reason=own_order.reason)], warehouse=own_order.warehouse)
    aftersales_rules.confirm(session, w.s_main, own, with_stock_in=False)
    manager = builders.make_user(session, w.sup, "dm@sup.test",
                                 permissions=["distribution.manage"])
    session.commit()
    client = client_for(manager)
    listing = client.get("/admin/supplier_distribution/?tab=all").get_data(True)
    assert "/admin/return-stock-in/" in listing

    def stock_in(target, token):
        line = target.lines[0]
        return client.post("/admin/return-stock-in/", {
            "aso_id": str(target.id), "q": target.number, f"q_{line.id}": str(line.quantity),
            f"u_{line.id}": "0", f"m_{line.id}": "0", "token": token},
            follow_redirects=True)
    own_page = client.get(f"/admin/return-stock-in/?q={own.number}").get_data(True)
    assert own.number in own_page and 'name="token"' not in own_page  # no form offered
    refused = stock_in(own, "a-token-never-used-7")
    assert refused.status_code == 403 or "Return Stock-In" in refused.get_data(True)
    page = client.get(f"/admin/return-stock-in/?q={theirs.number}").get_data(True)
    stock_in(theirs, token_of(page))
    session.expire_all()
    assert session.get(AfterSalesOrder, own.id).status == "confirm_return"
    assert session.get(AfterSalesOrder, theirs.id).status == "received_return"

    assert client.get(f"/admin/refunds/create/{own.id}").status_code == 403
    assert client.get("/admin/refunds/").status_code == 403
    form = client.get(f"/admin/refunds/create/{theirs.id}").get_data(True)
    client.confirm(f"/admin/refunds/create/{theirs.id}", {
        "amount": "56.00", "method": "balance", "step": "confirm", "token": token_of(form)})
    session.expire_all()
    assert session.get(AfterSalesOrder, theirs.id).status == "completed"
    assert session.query(RefundOrder).filter_by(aftersales_id=theirs.id).one().amount == \
        D("56.00")
