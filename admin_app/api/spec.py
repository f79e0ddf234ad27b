"""The OpenAPI document as APIFlask writes it, tidied: a schema nested in a list page
and also answered alone is registered twice by apispec ("CustomerOut" and
"CustomerOut1"); the copy is folded back into the first."""
import json
import re
import warnings

COPY = re.compile(r"^(?P<base>.+?)(?P<n>[0-9]+)$")


def register(app) -> None:
    warnings.filterwarnings("ignore", message=".*has already been added to the spec.*")
    app.spec_processor(fold_copies)


def fold_copies(spec: dict) -> dict:
    schemas = spec.get("components", {}).get("schemas", {})
    renames = {}
    for name in list(schemas):
        match = COPY.match(name)
        if match and schemas.get(match["base"]) == schemas[name]:
            renames[name] = match["base"]
            del schemas[name]
    if not renames:
        return spec
    text = json.dumps(spec)
    for copy, base in renames.items():
        text = text.replace(f'"#/components/schemas/{copy}"', f'"#/components/schemas/{base}"')
    return json.loads(text)
