"""Every refusal has a code in the one catalog, and every catalog entry is a refusal some
rule can make; the words render from the values alone."""
import ast
import re
import string
from datetime import datetime
from pathlib import Path

import pytest

from admin_app.rules.core.errors import Refusals, RuleError, TransitionError
from admin_app.rules.core.messages import CATALOG

CODE = re.compile(r"^[a-z_]+\.[a-z0-9_]+$")
PACKAGE = Path(__file__).resolve().parents[2] / "admin_app"


def codes_in_source() -> set[str]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        if "messages" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                    node.value in CATALOG:
                found.add(node.value)
    return found


def test_every_catalog_code_is_well_formed_and_used():
    assert all(CODE.match(code) for code in CATALOG)
    assert set(CATALOG) - codes_in_source() == set()


@pytest.mark.parametrize("code", sorted(CATALOG))
def test_every_message_renders_from_its_named_values(code):
    fields = {(field, spec) for _, field, spec, _ in string.Formatter().parse(CATALOG[code])
              if field}
    assert all(name.isidentifier() for name, _ in fields)
    # {amount:,} takes a number, {created_at:%Y-%m-%d} a time
    values = {name: datetime(2026, 12, 6) if "%" in (spec or "") else 7
              for name, spec in fields}
    assert RuleError(code, values).message


def test_a_refusal_carries_code_values_and_field_and_reads_from_the_catalog():
    exc = RuleError("refund.exceeds_available", {"left": "40.00", "number": "AS1"},
                    field="refund_amount")
    assert (exc.code, exc.params, exc.field) == (
        "refund.exceeds_available", {"left": "40.00", "number": "AS1"}, "refund_amount")
    assert "40.00" in exc.message and "AS1" in exc.message
    assert str(exc) == exc.message


def test_an_unknown_code_is_a_programming_error_not_a_message():
    with pytest.raises(KeyError):
        RuleError("Refund amount: at most 40.00")


def test_values_that_are_rows_or_exceptions_travel_as_text():
    exc = TransitionError("transition.no_such_step", {"obj": object(), "kind": "Return",
                                                       "name": "Ship"})
    assert isinstance(exc.params["obj"], str)


def test_several_refusals_keep_each_code():
    many = Refusals([RuleError("stock.reason_required_every_stock"),
                     RuleError("order.lines_add_least_one", field="lines")])
    assert many.code == "form.rows_refused" and many.params["count"] == 2
    assert [e.code for e in many.errors] == ["stock.reason_required_every_stock",
                                             "order.lines_add_least_one"]
