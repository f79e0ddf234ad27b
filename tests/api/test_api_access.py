"""Every API operation, derived from the app's routes: without a token 401; with a
token whose user lacks the permission 403; aimed at another organization's rows 404
(lists show none of them); in each case nothing changes."""
import re

import pytest

from tests.api.conftest import Api, new_token
from tests.views.test_access_matrix import fingerprint

ARGS = {"document_id": lambda w: w.stock_document.id, "customer_id": lambda w: w.customer.id, "order_id": lambda w: w.order.id,
        "aftersales_id": lambda w: w.aso.id, "refund_id": lambda w: w.refund.id,
        "record_id": lambda w: w.pushed.id, "event": lambda w: "complete",
        "claim_id": lambda w: w.claim.id, "partnership_id": lambda w: w.partnership.id,
        "step": lambda w: "terminate", "campaign_id": lambda w: w.campaign.id,
        "campaign_step": lambda w: "send", "job_id": lambda w: w.job.id,
        "subscription_id": lambda w: w.webhook.id, "change": lambda w: "pause",
        "delivery_id": lambda w: w.delivery.id}
UNTOUCHED = {"api_token", "api_request", "audit_log"}  # last use; a refusal is not kept


def bodies(w) -> dict:
    """A valid body for each write, naming the organization `w`'s rows."""
    line = w.aso.lines[0]
    return {
        "api.create_order": {"store_id": w.store.id, "customer_id": w.customer.id,
                             "lines": [{"sku_id": w.sku.id, "quantity": 1}]},
        "api.update_customer": {"name": "Hijacked"},
        "api.edit_order": {"lines": [{"sku_id": w.sku.id, "quantity": 1}]},
        "api.cancel_order": {},
        "api.create_aftersales": {"order_id": w.order.id, "kind": "return_refund",
                                  "returns": [{"order_line_id": w.line.id, "quantity": 1}]},
        "api.stock_in": {"lines": [{"line_id": line.id, "qualified": 1}]},
        "api.create_refund": {"amount": "1.00", "method": "balance"},
        "api.reject_refund": {"reason": "not mine"},
        "api.receive_payment": {"amount": "1.00"},
        "api.create_customer": {"name": "Made by whom?"},
        "api.find_or_create": {"channel": "Shopee", "buyer_id": "b-1", "name": "Buyer"},
        "api.adjust_balance": {"amount": "1.00", "reason": "not mine"},
        "api.approve_order": {},
        "api.create_document": {"kind": "purchase_receipt", "warehouse_id": w.warehouse.id,
                                "supplier": "S", "lines": [{"sku_id": w.sku.id,
                                                            "qualified": 1}]},
        "api.receive_request": {"store_id": w.store.id, "request_id": "R-1",
                                "order_id": w.credit_order.id, "type": "refund_only",
                                "platform_status": "REQUESTED", "refund_amount": "1.00"},
        "api.open_claim": {"kind": "logistics", "reason": "not mine", "claimed": "1.00"},
        "api.decide_claim": {"outcome": "won", "compensation": "1.00"},
        "api.set_tracking": {"tracking_no": "NOT-MINE"},
        "api.repair_completed": {"shipped_on": "2026-12-01", "waybill": "NOT-MINE"},
        "api.propose_partnership": {"partner": "Zebra Imports", "we_are": "supplier"},
        "api.partnership_settings": {"auto_push": True},
        "api.link_warehouse": {"warehouse_id": w.warehouse.id, "supplier_warehouse_id": 1},
        "api.map_sku": {"sku": w.sku.code, "supplier_sku": "X"},
        "api.create_campaign": CAMPAIGN,
        "api.blacklist": {"blacklisted": True, "reason": "not mine"},
        "api.save_deadline": {"channel": "Shopee", "step": "respond", "amount": 2,
                              "unit": "days", "missed": "auto_accept"},
        "api.save_status": {"channel": "Shopee", "platform_status": "X", "state": "completed"},
        "api.add_holiday": {"day": "2026-12-25", "name": "Christmas"},
        "api.reset_platform_setting": {"kind": "holiday", "id": 1},
        "api.update_campaign": CAMPAIGN,
        "api.subscribe_webhook": {"url": "https://hooks.example.com/asd", "events": ["*"]},
        "api.ship_from_supplier": {"warehouse_id": w.warehouse.id},
    }


CAMPAIGN = {"name": "Not mine", "subject": "Hi {name}", "body_text": "x",
            "starts_on": "2026-12-01", "ends_on": "2026-12-31"}


QUERIES = {"api.customer_statement": {"start": "2026-01-01"}}


# writes that name no other row: they act on the caller's own organization
OWN_ONLY = {"api.create_customer", "api.find_or_create", "api.propose_partnership",
            "api.create_campaign", "api.import_returns", "api.save_deadline",
            "api.save_status", "api.add_holiday", "api.subscribe_webhook"}
# a user's own rows, whatever the permissions: another user's are not found
USERS_OWN = {"api.get_job"}


def api_rules(app):
    return sorted((r for r in app.url_map.iter_rules() if r.endpoint.startswith("api.")),
                  key=lambda r: (r.rule, sorted(r.methods)))


def url_of(rule, w) -> str:
    url = rule.rule
    for arg in rule.arguments:
        url = re.sub(rf"<(?:[^<>]*:)?{arg}>", str(ARGS[arg](w)), url)
    return url.removeprefix("/api/v1")


def method_of(rule) -> str:
    return next(m for m in ("POST", "PATCH", "GET") if m in rule.methods)


def call(api, rule, w, body):
    method = method_of(rule).lower()
    if method == "get":
        return api.get(url_of(rule, w), **QUERIES.get(rule.endpoint, {}))
    return getattr(api, method)(url_of(rule, w), json=body)


def test_every_operation_needs_a_token(app, world):
    alpha, _ = world
    anonymous = Api(app, None)
    for rule in api_rules(app):
        answer = call(anonymous, rule, alpha, bodies(alpha).get(rule.endpoint, {}))
        assert answer.status_code == 401, rule.rule


@pytest.mark.parametrize("who", ["another organization", "no permission"])
def test_every_operation_refuses_and_changes_nothing(app, world, session, who):
    alpha, beta = world
    caller = Api(app, new_token(beta.main if who == "another organization" else alpha.nobody))
    assert caller.get("/me").status_code == 200  # its last use is written now
    checked = 0
    for rule in api_rules(app):
        if rule.endpoint in ("api.me",) or (rule.endpoint in OWN_ONLY and who !=
                                            "no permission"):
            continue
        before = fingerprint()
        answer = call(caller, rule, alpha, bodies(alpha).get(rule.endpoint, {}))
        after = fingerprint()
        changed = [t for t in before if before[t] != after[t] and t not in UNTOUCHED]
        assert changed == [], (rule.rule, changed)
        assert answer.mimetype in ("application/json", "application/problem+json")
        if who == "no permission":
            expected = 404 if rule.endpoint in USERS_OWN else 403
            assert answer.status_code == expected, (rule.rule, answer.get_json())
        elif rule.arguments or method_of(rule) != "GET":
            assert answer.status_code == 404, (rule.rule, answer.get_json())
        else:  # a list: the caller's own rows only
            assert answer.status_code == 200 and "Alpha" not in answer.get_data(True), rule
        checked += 1
    assert checked >= 20
