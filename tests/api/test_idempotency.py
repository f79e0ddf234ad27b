"""Idempotency-Key, by Stripe's rules: replay the first answer, refuse a changed body,
tell a twin that the first is still running."""
from datetime import timedelta

from admin_app.models import ApiRequest, Customer
from admin_app.rules.core import replays


def test_the_same_key_and_body_replays_the_first_answer(api_for, world, session):
    alpha, _ = world
    api = api_for(alpha.main)
    first = api.post("/customers", {"name": "Once"}, key="k-1")
    again = api.post("/customers", {"name": "Once"}, key="k-1")
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert session.query(Customer).filter_by(name="Once").count() == 1


def test_a_refusal_is_replayed_too_and_a_new_key_runs_again(api_for, world, session):
    alpha, _ = world
    api = api_for(alpha.main)
    body = {"name": "Dup", "code": alpha.customer.code}
    first = api.post("/customers", body, key="k-2")
    assert first.status_code == 422
    # the code becomes free; the same key still answers what it answered
    alpha.customer.code = "FREED"
    session.commit()
    again = api.post("/customers", body, key="k-2")
    assert again.status_code == 422 and again.get_json() == first.get_json()
    assert api.post("/customers", body, key="k-3").status_code == 201


def test_the_same_key_with_another_body_is_422(api_for, world, session):
    alpha, _ = world
    api = api_for(alpha.main)
    assert api.post("/customers", {"name": "A"}, key="k-4").status_code == 201
    other = api.post("/customers", {"name": "B"}, key="k-4")
    assert other.status_code == 422 and other.get_json()["code"] == "api.key_reused"
    assert session.query(Customer).filter_by(name="B").count() == 0


def test_a_key_still_running_is_409_and_a_stale_one_runs(api_for, world, session):
    alpha, _ = world
    api = api_for(alpha.main)
    token_id = api_token_id(session, api.secret)
    body = b'{"name": "Racing"}'
    print_ = replays.fingerprint("POST", "/api/v1/customers?", body)
    session.add(ApiRequest(org_id=alpha.org.id, token_id=token_id, key="k-5",
                           fingerprint=print_))
    session.commit()
    running = api.client.post("/api/v1/customers", data=body, headers={
        "Authorization": f"Bearer {api.secret}", "Idempotency-Key": "k-5",
        "Content-Type": "application/json"})
    assert running.status_code == 409
    assert running.get_json()["code"] == "api.key_running"
    claim = session.query(ApiRequest).one()
    claim.created_at -= replays.STALE + timedelta(seconds=1)
    session.commit()
    retried = api.client.post("/api/v1/customers", data=body, headers={
        "Authorization": f"Bearer {api.secret}", "Idempotency-Key": "k-5",
        "Content-Type": "application/json"})
    assert retried.status_code == 201
    assert session.query(Customer).filter_by(name="Racing").count() == 1


def test_keys_belong_to_their_token_and_expire_after_a_day(api_for, world, session):
    alpha, _ = world
    one, two = api_for(alpha.main), api_for(alpha.main)
    assert one.post("/customers", {"name": "T1"}, key="shared").status_code == 201
    assert two.post("/customers", {"name": "T2"}, key="shared").status_code == 201
    for row in session.query(ApiRequest):
        row.created_at -= replays.KEEP + timedelta(minutes=1)
    session.commit()
    assert one.post("/customers", {"name": "T1"}, key="shared").status_code == 201
    assert session.query(Customer).filter_by(name="T1").count() == 2


def test_a_bad_key_is_refused(api_for, world):
    alpha, _ = world
    answer = api_for(alpha.main).post("/customers", {"name": "K"}, key="x" * 300)
    assert answer.status_code == 422 and answer.get_json()["code"] == "api.key_invalid"


def api_token_id(session, secret: str) -> int:
    from admin_app.models import ApiToken
    return session.query(ApiToken.id).filter_by(prefix=secret[:12]).scalar()


def test_a_confirm_with_a_proof_retried_posts_once(api_for, world, session):
    import io

    from admin_app.models import LedgerEntry
    from tests.builders import PNG
    alpha, _ = world
    api = api_for(alpha.main)
    entries = session.query(LedgerEntry).count()
    answers = [api.client.post(
        f"/api/v1/refunds/{alpha.refund.id}/confirm",
        data={"proof": (io.BytesIO(PNG), "slip.png")}, content_type="multipart/form-data",
        headers={"Authorization": f"Bearer {api.secret}", "Idempotency-Key": "proof-1"})
        for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 200]
    assert answers[1].headers.get("Idempotent-Replayed") == "true"
    assert answers[0].get_json() == answers[1].get_json()
    assert session.query(LedgerEntry).count() == entries + 1


def test_the_same_json_spaced_differently_is_the_same_request(api_for, world, session):
    alpha, _ = world
    api = api_for(alpha.main)
    headers = {"Authorization": f"Bearer {api.secret}", "Idempotency-Key": "spaced",
               "Content-Type": "application/json"}
    first = api.client.post("/api/v1/customers", data='{"name": "S", "phone": "1"}',
                            headers=headers)
    again = api.client.post("/api/v1/customers", data='{ "phone":"1","name":"S" }',
                            headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers.get("Idempotent-Replayed") == "true"
