"""The OpenAPI document as APIFlask writes it, tidied: a list page's rows are a copy of
the schema a single row answers (schemas.page_of); the copy is folded back into it."""
import json

from .schemas import ROWS


def register(app) -> None:
    app.spec_processor(lambda spec: problems_typed(fold_copies(spec)))


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
