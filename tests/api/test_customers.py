"""Customers over the API: the same rules as the page, the organization's rows only."""
from admin_app.models import AuditLog, Customer, LedgerEntry


def test_create_get_and_change_a_customer(api_for, world, session):
    alpha, _ = world
    api = api_for(alpha.main)
    made = api.post("/customers", {"name": "Nguyễn Thị Lan", "phone": "0901",
                                   "channel": "Shopee", "buyer_id": "lan88"})
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert body["name"] == "Nguyễn Thị Lan" and body["code"].startswith("C")
    assert body["total_credit"] == "0.00" and body["currency"] == "PHP"
    assert body["created_at"].endswith("+08:00")
    changed = api.patch(f"/customers/{body['id']}", {"phone": "0902"})
    assert changed.status_code == 200 and changed.get_json()["phone"] == "0902"
    assert api.get(f"/customers/{body['id']}").get_json()["phone"] == "0902"
    actions = [a.action for a in session.query(AuditLog).filter(
        AuditLog.action.like("customer.%")).order_by(AuditLog.id)]
    assert actions[-2:] == ["customer.create", "customer.update"]


def test_a_taken_code_or_buyer_is_refused_and_nothing_changes(api_for, world, session):
    alpha, _ = world
    api = api_for(alpha.main)
    count = session.query(Customer).count()
    taken = api.post("/customers", {"name": "X", "code": alpha.customer.code})
    assert taken.status_code == 422
    assert taken.get_json()["code"] == "customer.code_taken"
    assert taken.get_json()["field"] == "code"
    assert session.query(Customer).count() == count


def test_bad_input_is_400_naming_each_field(api_for, world):
    alpha, _ = world
    answer = api_for(alpha.main).post("/customers", {"name": "", "credit_limit": "1e9",
                                                     "channel": "Mars"})
    assert answer.status_code == 400
    problem = answer.get_json()
    assert problem["code"] == "request.invalid"
    assert set(problem["errors"]["json"]) == {"name", "credit_limit", "channel"}


def test_opening_credit_needs_credit_receive_as_on_the_page(api_for, world, session):
    alpha, _ = world
    alpha.role.permissions = "customers.manage"
    session.commit()
    clerk = api_for(alpha.nobody)
    refused = clerk.post("/customers", {"name": "Credit buyer", "credit_allowed": True,
                                        "opening_credit": "40.00"})
    assert refused.status_code == 422
    assert refused.get_json()["code"] == "credit.opening_credit_opening_balance"
    assert session.query(Customer).filter_by(name="Credit buyer").count() == 0
    owner = api_for(alpha.main)
    made = owner.post("/customers", {"name": "Credit buyer", "credit_allowed": True,
                                     "opening_credit": "40.00"})
    assert made.status_code == 201 and made.get_json()["total_credit"] == "40.00"
    customer = session.get(Customer, made.get_json()["id"])
    assert session.query(LedgerEntry).filter_by(customer_id=customer.id).count() == 1


def test_find_or_create_a_buyer_returns_the_same_customer(api_for, world, session):
    alpha, _ = world
    api = api_for(alpha.main)
    first = api.post("/customers/find-or-create", {"channel": "Lazada", "buyer_id": "b-1",
                                                   "name": "Somchai ใจดี"})
    again = api.post("/customers/find-or-create", {"channel": "Lazada", "buyer_id": "b-1",
                                                   "name": "other"})
    assert first.status_code == again.status_code == 200
    assert first.get_json()["id"] == again.get_json()["id"]
    assert again.get_json()["name"] == "Somchai ใจดี"


def test_lists_page_by_cursor_and_stay_stable_under_inserts(api_for, world, session):
    alpha, beta = world
    api = api_for(alpha.main)
    for n in range(5):
        assert api.post("/customers", {"name": f"Page {n}"}).status_code == 201
    first = api.get("/customers", limit=3).get_json()
    assert len(first["data"]) == 3 and first["next"]
    api.post("/customers", {"name": "Inserted meanwhile"})
    second = api.get("/customers", limit=3, cursor=first["next"]).get_json()
    seen = [c["name"] for c in first["data"] + second["data"]]
    assert seen[:5] == [f"Page {n}" for n in (4, 3, 2, 1, 0)]
    assert "Inserted meanwhile" not in seen and len(set(seen)) == len(seen)
    everyone = api.get("/customers", limit=200).get_json()["data"]
    assert beta.customer.name not in {c["name"] for c in everyone}
    bad = api.get("/customers", cursor="!!not-a-cursor")
    assert bad.status_code == 400 and bad.get_json()["code"] == "api.cursor_invalid"
    # well formed but never given (an id typed in): refused, not read as some page
    import base64
    for made_up in (b"id:999999", b"id:3", first["next"].encode() + b"x"):
        typed = base64.urlsafe_b64encode(made_up).decode().rstrip("=") \
            if made_up.startswith(b"id:") else made_up.decode()
        refused = api.get("/customers", cursor=typed)
        assert refused.status_code == 400, (made_up, refused.get_json())


def test_another_organizations_customer_is_404_and_untouched(api_for, world, session):
    alpha, beta = world
    api = api_for(alpha.main)
    assert api.get(f"/customers/{beta.customer.id}").status_code == 404
    answer = api.patch(f"/customers/{beta.customer.id}", {"name": "Hijacked"})
    assert answer.status_code == 404
    assert answer.mimetype == "application/problem+json"
    session.expire_all()
    assert session.get(Customer, beta.customer.id).name != "Hijacked"


def test_a_nul_character_in_json_is_refused_before_anything(api_for, world, session):
    alpha, _ = world
    api = api_for(alpha.main)
    count = session.query(Customer).count()
    answer = api.post("/customers", {"name": "Nul\u0000Byte"})
    assert answer.status_code == 400 and answer.mimetype == "application/problem+json"
    assert "NUL" in answer.get_json()["detail"]
    assert api.patch(f"/customers/{alpha.customer.id}", {"name": "a\u0000"}).status_code == 400
    assert session.query(Customer).count() == count


def test_the_blacklist_over_the_api_as_on_its_page(api_for, world, session):
    """A reason is needed to add (staff see it on new orders); taking off clears it;
    the order form's check then follows."""
    from admin_app.models import Customer
    alpha, _ = world
    api = api_for(alpha.main)
    path = f"/customers/{alpha.customer.id}/blacklist"
    assert api.post(path, {"blacklisted": True}).status_code == 422  # no reason
    added = api.post(path, {"blacklisted": True, "reason": "Refused 3 COD parcels"})
    assert added.status_code == 200, added.get_json()
    assert (added.get_json()["blacklisted"], added.get_json()["blacklist_reason"]) == (
        True, "Refused 3 COD parcels")
    order = api.post("/orders", {"store_id": alpha.store.id, "customer_id": alpha.customer.id,
                                 "lines": [{"sku_id": alpha.sku.id, "quantity": 1}]})
    assert order.status_code == 422 and "blacklist" in order.get_json()["code"]
    # the API's words name its own field, not the page's checkbox
    assert order.get_json()["field"] == "blacklist_acknowledged"
    assert '"blacklist_acknowledged": true' in order.get_json()["detail"]
    assert "Refused 3 COD parcels" in order.get_json()["detail"]
    removed = api.post(path, {"blacklisted": False}).get_json()
    assert (removed["blacklisted"], removed["blacklist_reason"]) == (False, None)
    session.expire_all()
    assert not session.get(Customer, alpha.customer.id).blacklisted
    assert api_for(alpha.nobody).post(path, {"blacklisted": True, "reason": "x"}) \
        .status_code == 403


def test_a_connectors_retry_gets_its_order_back_though_the_buyer_was_blacklisted_since(
        api_for, world, session):
    from admin_app.models import Order
    alpha, _ = world
    api = api_for(alpha.main)
    body = {"store_id": alpha.store.id, "order_type": "platform", "external_id": "SHP-1",
            "customer_id": alpha.customer.id,
            "lines": [{"sku_id": alpha.sku.id, "quantity": 1}]}
    orders = session.query(Order).count()
    first = api.post("/orders", body)
    assert first.status_code == 201, first.get_json()
    assert api.post(f"/customers/{alpha.customer.id}/blacklist",
                    {"blacklisted": True, "reason": "Fake COD"}).status_code == 200
    again = api.post("/orders", body)
    assert again.status_code in (200, 201) and again.get_json()["id"] == first.get_json()["id"]
    assert session.query(Order).filter_by(external_id="SHP-1").count() == 1
    assert again.get_json()["customer"]["blacklisted"] is True
    # a new order the channel took already is flagged, not lost; one entered by hand waits
    new = api.post("/orders", {**body, "external_id": "SHP-2"})
    assert new.status_code == 201 and new.get_json()["customer"]["blacklisted"] is True
    by_hand = {k: v for k, v in body.items() if k != "external_id"}
    for sent in ({**by_hand, "order_type": "manual"}, {**body, "external_id": " "},
                 {**body, "order_type": "manual", "external_id": "POS-9"}):
        refused = api.post("/orders", sent)
        assert refused.status_code == 422, sent
        assert refused.get_json()["code"] == "customer.blacklisted_because"
    assert session.query(Order).count() == orders + 2
