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
    assert dist.get(f"/distribution/returns/{record['id']}").get_json()["progress"] == \
        "Refund sent: confirm receipt"
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
