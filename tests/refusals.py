"""Tests assert a refusal by its code and values (rules/core/errors.py), not its words."""
from contextlib import contextmanager

import pytest

from admin_app.rules.core.errors import RuleError
from admin_app.rules.core.messages import CATALOG


@contextmanager
def refused(code: str, **params):
    assert code in CATALOG, f"no refusal code {code!r}"
    with pytest.raises(RuleError) as info:
        yield info
    assert info.value.code == code, f"refused with {info.value!r}, not {code!r}"
    for name, value in params.items():
        assert info.value.params.get(name) == value, (name, info.value.params)
