"""Use cases: the actions that change data, each checking its own caller.

`@use_case("aftersales.refund")` on a rule `f(session, user, ...)` makes every call from
outside a use case check, before anything else, that `user` holds one of the named
permissions and that every row passed in (directly, in a list, or inside an input
dataclass) is the user's organization's, or reachable through the declared partner
action named by `partner` (rules/core/access.py). A use case called by another runs
under the caller's check. REGISTRY lists them all: tests call each one with a user
lacking its permission and with another organization's rows.
"""
import dataclasses
import functools
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Callable

from . import access
from .errors import RuleError
from .permissions import has_permission, name_of


class NotPermitted(RuleError):
    """The user's role does not allow the action (pages answer 403)."""

    def __init__(self, permissions: tuple[str, ...]):
        names = " or ".join(f'"{name_of(p)}"' for p in permissions)
        super().__init__("access.not_permitted", {"names": names})
        self.permissions = permissions


@dataclass(frozen=True)
class UseCase:
    name: str
    permissions: tuple[str, ...]   # any one of them; () = every signed-in user
    partner: str | None            # the partner action its rows may be reached through
    fn: Callable
    # (permission, rows -> bool): that permission also allows it on rows the test
    # accepts (a supplier's pushed returns: distribution.manage, SPEC S1)
    also: tuple | None = None


REGISTRY: dict[str, UseCase] = {}
_inside: ContextVar[bool] = ContextVar("inside_use_case", default=False)
# Run when a use case starts, once its caller is checked: (session, user); what one
# returns (if anything) is called when the use case ends. The pages' organization gate
# registers one: while the rule runs it may load its partners' rows (its hooks follow a
# pushed return across the two books), which the rule's own policy then governs.
ON_ENTER: list[Callable] = []


def use_case(*permissions: str, partner: str | None = None, also: tuple | None = None):
    if partner is not None and partner not in access.PARTNER_ACTIONS:
        raise ValueError(f"unknown partner action {partner!r}")

    def wrap(fn):
        name = f"{fn.__module__.removeprefix('admin_app.rules.')}.{fn.__name__}"

        @functools.wraps(fn)
        def checked(session, user, *args, **kwargs):
            if _inside.get():
                return fn(session, user, *args, **kwargs)
            check(session, user, permissions, partner, (*args, *kwargs.values()), also)
            on_exit = [hook(session, user) for hook in ON_ENTER]
            token = _inside.set(True)
            try:
                return fn(session, user, *args, **kwargs)
            finally:
                _inside.reset(token)
                for undo in reversed(on_exit):
                    if undo is not None:
                        undo()

        REGISTRY[name] = UseCase(name, permissions, partner, checked, also)
        checked.use_case = REGISTRY[name]
        return checked
    return wrap


def check(session, user, permissions, partner, inputs, also=None) -> None:
    if user is None or not getattr(user, "is_authenticated", False):
        raise NotPermitted(permissions)
    if permissions and not any(has_permission(user, p) for p in permissions) and not (
            also and has_permission(user, also[0]) and also[1](list(rows_in(inputs)))):
        raise NotPermitted(permissions)
    for row in rows_in(inputs):
        access.require(session, user, row, partner or "write")


def rows_in(values, depth: int = 0):
    """The model rows among a use case's inputs (lists and input dataclasses opened)."""
    for value in values:
        if hasattr(value, "__table__"):
            yield value
        elif isinstance(value, (list, tuple, set, frozenset)) and depth < 3:
            yield from rows_in(value, depth + 1)
        elif isinstance(value, dict) and depth < 3:
            yield from rows_in(value.values(), depth + 1)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type) and depth < 3:
            yield from rows_in((getattr(value, f.name) for f in dataclasses.fields(value)),
                               depth + 1)


def registry() -> dict[str, UseCase]:
    """Every use case of admin_app.rules (their modules imported first)."""
    import importlib
    import pkgutil

    from ... import rules
    for module in pkgutil.walk_packages(rules.__path__, rules.__name__ + "."):
        importlib.import_module(module.name)
    return REGISTRY
