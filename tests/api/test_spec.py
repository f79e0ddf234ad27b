"""The OpenAPI document: served by the app, committed, and the same."""
import json
from pathlib import Path

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def test_the_committed_document_is_the_apis(app):
    served = app.test_client().get("/api/v1/openapi.json")
    assert served.status_code == 200
    document = served.get_json()
    assert document["openapi"].startswith("3.")
    assert json.loads(COMMITTED.read_text(encoding="utf-8")) == document, \
        "the API changed without docs/openapi.json: run scripts/openapi write"


def test_every_operation_is_documented_with_its_token_and_problems(app):
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    operations = [(path, method, op) for path, item in document["paths"].items()
                  for method, op in item.items()]
    assert len(operations) >= 20
    assert all(path.startswith("/api/v1/") for path, _, _ in operations)
    for path, method, op in operations:
        assert op.get("security"), f"{method} {path} has no token"
        assert "401" in op["responses"], f"{method} {path}"
        assert op.get("summary"), f"{method} {path} has no summary"


def test_the_docs_page_uses_the_apps_own_files(app):
    client = app.test_client()
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/api/v1/docs/swagger-ui-bundle.js" in html and "//cdn" not in html
    script = client.get("/api/v1/docs/swagger-ui-bundle.js")
    script.close()
    assert script.status_code == 200
    assert client.get("/api/v1/docs/index.html").status_code == 404


def test_every_write_declares_the_idempotency_key_and_its_replays(app):
    """S11: every write accepts an Idempotency-Key; a client generated from the document
    must be able to send it, and read that an answer is a replay."""
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    key = document["components"]["parameters"]["IdempotencyKey"]
    assert (key["name"], key["in"]) == ("Idempotency-Key", "header")
    assert "api.key_reused" in key["description"] and "24 hours" in key["description"]
    writes = [(path, method, op) for path, item in document["paths"].items()
              for method, op in item.items() if method in ("post", "put", "patch", "delete")]
    assert len(writes) >= 30
    for path, method, op in writes:
        assert {"$ref": "#/components/parameters/IdempotencyKey"} in op["parameters"], path
        assert all("Idempotent-Replayed" in answer["headers"]
                   for answer in op["responses"].values()), path
