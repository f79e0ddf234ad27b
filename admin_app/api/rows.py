"""Rows an API call names by id: the organization gate of the pages (views/access.py),
answered as the core's refusals (404 not yours or absent, 403 not permitted)."""
from ..rules.core.access import NotYours
from ..rules.core.permissions import has_permission
from ..rules.core.usecase import NotPermitted
from ..views.access import find
from .auth import user


def row(model, id_: int, purpose: str = "own"):
    """A row the caller's organization owns ("own", reading or writing it), or one a
    declared partner action reaches (its name: "confirm_receipt"). A partner's side is
    read only through what tells it (a return record's progress)."""
    found = find(model, id_, "write" if purpose == "own" else purpose)
    if found is None:
        raise NotYours()
    return found


def may_read(*permissions: str) -> None:
    """Reading a list or a row needs what its page needs."""
    if not any(has_permission(user(), p) for p in permissions):
        raise NotPermitted(permissions)
