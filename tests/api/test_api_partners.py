"""The API's writes, swept as the pages' are (tests/views/test_partner_routes.py): every
write operation that names a row, aimed at every row of that kind the other side of a
partnership owns, as the distributor and as the supplier of an active and of a
terminated partnership: refused, nothing changed, except the declared partner action
(the distributor confirming receipt of the supplier's bank refund)."""
import re

from admin_app.models import (AfterSalesOrder, Customer, DistributionReturn, Order,
                              PlatformClaim, RefundOrder, StockDocument)

from tests.api.conftest import Api, new_token
from tests.views.test_access_matrix import fingerprint
from tests.views.test_partner_routes import partners_with_every_row

from .test_api_access import UNTOUCHED, api_rules

MODELS = {"order_id": Order, "customer_id": Customer, "aftersales_id": AfterSalesOrder,
          "refund_id": RefundOrder, "record_id": DistributionReturn,
          "document_id": StockDocument, "claim_id": PlatformClaim}
DECLARED = {("api.confirm_receipt", "distributor")}


def body_for(endpoint: str, row) -> dict:
    """A body the operation's schema takes (so the refusal is the row's, not the body's)."""
    lines = getattr(row, "lines", None) or []
    return {
        "api.update_customer": {"name": "Hijacked"},
        "api.edit_order": {"lines": [{"sku_id": ln.sku_id, "quantity": 1}
                                     for ln in lines[:1]] or [{"sku_id": 1, "quantity": 1}]},
        "api.blacklist": {"blacklisted": True, "reason": "not mine"},
        "api.adjust_balance": {"amount": "1.00", "reason": "not mine"},
        "api.receive_payment": {"amount": "1.00"},
        "api.stock_in": {"lines": [{"line_id": ln.id, "qualified": 1} for ln in lines[:1]]
                         or [{"line_id": 1, "qualified": 1}]},
        "api.create_refund": {"amount": "1.00", "method": "balance"},
        "api.reject_refund": {"reason": "not mine"},
        "api.open_claim": {"kind": "logistics", "reason": "not mine", "claimed": "1.00"},
        "api.decide_claim": {"outcome": "won", "compensation": "1.00"},
        "api.add_evidence": {"links": ["https://example.test/photo.jpg"]},
        "api.set_tracking": {"tracking_no": "NOT-MINE"},
        "api.repair_completed": {"shipped_on": "2026-12-01", "waybill": "NOT-MINE"},
        "api.ship_from_supplier": {"warehouse_id": 1},
    }.get(endpoint, {})


def urls(rule, row):
    """The operation's URL for `row` (every event of an events route)."""
    arg = next(a for a in rule.arguments if a in MODELS)
    url = re.sub(rf"<int:{arg}>", str(row.id), rule.rule).removeprefix("/api/v1")
    events = re.search(r"<any\(([^)]*)\):event>", url)
    if not events:
        return [url]
    return [url.replace(events.group(0), e) for e in events.group(1).split(",")]


def sweep(app, session, caller_user, rows, side):
    caller = Api(app, new_token(caller_user))
    assert caller.get("/me").status_code == 200
    changed, tried = set(), 0
    for rule in api_rules(app):
        if not (rule.methods & {"POST", "PATCH"}) or \
                not any(a in MODELS for a in rule.arguments):
            continue
        model = MODELS[next(a for a in rule.arguments if a in MODELS)]
        for row in [r for r in rows if isinstance(r, model)]:
            for url in urls(rule, row):
                before = fingerprint()
                method = "patch" if "PATCH" in rule.methods else "post"
                answer = getattr(caller, method)(url, json=body_for(rule.endpoint, row))
                after = fingerprint()
                moved = [t for t in before if before[t] != after[t] and t not in UNTOUCHED]
                tried += 1
                if moved:
                    changed.add(rule.endpoint)
                    assert (rule.endpoint, side) in DECLARED, (url, moved)
                else:
                    assert answer.status_code in (403, 404, 409, 422), (
                        url, answer.status_code, answer.get_json())
    return changed, tried


def test_partners_write_nothing_on_each_other_s_books_through_the_api(app, session):
    total = 0
    for tag, ended in (("PA", False), ("PT", True)):
        w = partners_with_every_row(session, tag, terminate=ended)
        supplier_rows = [r for m in MODELS.values()
                         for r in session.query(m).filter_by(org_id=w.sup.id)]
        distributor_rows = [r for m in MODELS.values()
                            for r in session.query(m).filter_by(org_id=w.dist.id)]
        changed, tried = sweep(app, session, w.d_main, supplier_rows, "distributor")
        assert changed == {"api.confirm_receipt"}  # the bank refund it confirmed
        session.expire_all()
        assert session.get(RefundOrder, w.pending.id).status == "confirmed"
        changed, more = sweep(app, session, w.s_main, distributor_rows, "supplier")
        assert changed == set()
        total += tried + more
    assert total > 200, total
