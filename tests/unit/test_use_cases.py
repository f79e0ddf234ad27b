"""Every use case checks its caller itself, before it reads anything: called with a user
whose role lacks its permission it refuses, with no Flask request and no database."""
from types import SimpleNamespace

import pytest

from admin_app.rules.core.permissions import PERMISSIONS
from admin_app.rules.core.usecase import NotPermitted, registry

REGISTRY = registry()


def user_with(permissions):
    role = SimpleNamespace(permission_set=set(permissions))
    return SimpleNamespace(id=1, org_id=1, is_main=False, role=role,
                           is_authenticated=True)


def test_the_use_cases_are_registered():
    assert len(REGISTRY) >= 40
    assert "aftersales.refund_orders.create" in REGISTRY


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_a_user_lacking_the_permission_is_refused(name):
    case = REGISTRY[name]
    if not case.permissions:  # every signed-in user (their own password): anonymous
        with pytest.raises(NotPermitted):
            case.fn(None, SimpleNamespace(is_authenticated=False), *([None] * 6))
        return
    others = set(PERMISSIONS) - set(case.permissions)
    with pytest.raises(NotPermitted) as refused:
        case.fn(None, user_with(others), *([None] * 6))
    assert refused.value.permissions == case.permissions
