"""The OpenAPI document as APIFlask writes it, tidied: a list page's rows are a copy of
the schema a single row answers (schemas.page_of); the copy is folded back into it."""
import json

from .schemas import ROWS


def register(app) -> None:
    app.spec_processor(lambda spec: keyed_writes(problems_typed(fold_copies(spec))))


IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key", "in": "header", "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255,
               "pattern": "^[\\x21-\\x7e]+$"},
    "description": "Any printable ASCII of up to 255 characters, new for each action. Sent "
                   "again with the same method, path and body within 24 hours, the first "
                   "answer comes back (header Idempotent-Replayed: true) and nothing is "
                   "done twice; with another body: 422 api.key_reused; while the first is "
                   "still running: 409 api.key_running."}
REPLAYED = {"description": "true when this is the first answer to the same "
                           "Idempotency-Key, sent again", "schema": {"type": "string"}}


def keyed_writes(spec: dict) -> dict:
    """Every write takes an Idempotency-Key (api/calls.write): each one declares it, and
    its answers say when they are a replay."""
    components = spec.setdefault("components", {})
    components.setdefault("parameters", {})["IdempotencyKey"] = IDEMPOTENCY_KEY
    components.setdefault("headers", {})["IdempotentReplayed"] = REPLAYED
    for item in spec.get("paths", {}).values():
        for method, operation in item.items():
            if method not in ("post", "put", "patch", "delete"):
                continue
            operation.setdefault("parameters", []).append(
                {"$ref": "#/components/parameters/IdempotencyKey"})
            for response in operation.get("responses", {}).values():
                response.setdefault("headers", {})["Idempotent-Replayed"] = {
                    "$ref": "#/components/headers/IdempotentReplayed"}
    return spec


def problems_typed(spec: dict) -> dict:
    """Errors are sent as application/problem+json (api/problems.py): say so."""
    for item in spec.get("paths", {}).values():
        for operation in item.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if str(status) >= "400" and "application/json" in content:
                    content["application/problem+json"] = content.pop("application/json")
    return spec


def fold_copies(spec: dict) -> dict:
    schemas = spec.get("components", {}).get("schemas", {})
    renames = {}
    for name in list(schemas):
        base = ROWS.get(name)
        if base is not None and schemas.get(base, schemas[name]) == schemas[name]:
            schemas.setdefault(base, schemas[name])
            renames[name] = base
            del schemas[name]
    if not renames:
        return spec
    text = json.dumps(spec)
    for copy, base in renames.items():
        text = text.replace(f'"#/components/schemas/{copy}"', f'"#/components/schemas/{base}"')
    return json.loads(text)
