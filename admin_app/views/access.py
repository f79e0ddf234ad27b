"""Login, organization scope and permissions: every admin view goes through here.

- anonymous users go to the login page;
- a user without the view's permission is refused (inside the app's frame, saying which
  permission is needed);
- rows are read through `own` (a query of the user's organization) or `get_or_404`
  (one row by id, through the organization gate rules.core.access.may_touch); any other
  organization's row answers 404;
- as a safety net, loading another organization's row anywhere else in a request is
  refused (404) and recorded: tests/views/test_access_matrix.py proves it never happens.
"""
from contextlib import contextmanager

from flask import abort, current_app, g, has_request_context, redirect, request, url_for
from flask_admin import BaseView
from flask_login import current_user
from sqlalchemy import BigInteger, event, select
from werkzeug.exceptions import NotFound

from ..extensions import db
from ..models import Base
from ..rules.core import clock, usecase
from ..rules.core.access import may_touch
from ..rules.distribution import partnerships
from ..rules.core.permissions import has_permission
from .row_urls import list_url, static_url

# The largest id an INTEGER / BIGINT key holds; anything else is not an id (404, not
# a 500 from the database).
MAX_INT, MAX_BIGINT = 2**31 - 1, 2**63 - 1


def org_id() -> int:
    return current_user.org_id


def org_today():
    """The organization's business date (its time zone), never the server's."""
    return clock.today(db.session, org_id())


def parse_id(value, maximum: int = MAX_INT) -> int | None:
    """An id typed in a URL or form: plain ASCII digits within the key's range."""
    text = value.strip() if isinstance(value, str) else value
    if isinstance(text, int) and not isinstance(text, bool):
        number = text
    elif isinstance(text, str) and text.isascii() and text.isdigit() and len(text) < 20:
        number = int(text)
    else:
        return None
    return number if 0 < number <= maximum else None


def max_id(model) -> int:
    key = model.__mapper__.primary_key[0]
    return MAX_BIGINT if isinstance(key.type, BigInteger) or \
        isinstance(getattr(key.type, "impl", None), BigInteger) else MAX_INT


def own(model):
    """A query of the user's organization's rows of `model`."""
    return select(model).where(model.org_id == org_id())


def own_active(model):
    """What a picker offers: the organization's rows that are not deactivated."""
    query = own(model)
    return query.where(model.active) if hasattr(model, "active") else query


def own_one(model, *where):
    """The organization's row matching `where`, or None."""
    return db.session.execute(own(model).where(*where).limit(1)).scalar()


def find(model, id_, purpose: str = "read"):
    """A row by id that the user's organization may touch, or None."""
    pk = parse_id(id_, max_id(model))
    if pk is None:
        return None
    with _through_gate():
        row = db.session.get(model, pk)
    if row is None or not may_touch(db.session, org_id(), row, purpose):
        return None
    return row


def get_or_404(model, id_, purpose: str = "read"):
    """A row the user's organization may touch, or 404 (never another's data)."""
    row = find(model, id_, purpose)
    if row is None:
        abort(404)
    return row


def scoped(query, model):
    return query.filter(model.org_id == org_id()) if hasattr(model, "org_id") else query


# --- the gate's safety net ---------------------------------------------------------------

class OrgGateViolation(NotFound):
    """Another organization's row was loaded outside the gate: refused as a 404."""


@contextmanager
def _through_gate():
    depth = g.get("_org_gate_depth", 0) if has_request_context() else 0
    if has_request_context():
        g._org_gate_depth = depth + 1
    try:
        yield
    finally:
        if has_request_context():
            g._org_gate_depth = depth


def _check_loaded(target, context):
    if not has_request_context() or g.get("_org_gate_depth", 0):
        return
    check_owner(target.__dict__.get("org_id"), type(target).__name__)


def check_owner(owner, kind: str) -> None:
    """A row of organization `owner` reaches this request: refused unless it is the
    user's own or a partner's on a distribution page (also for rows read as tuples)."""
    user_org = g.get("user_org_id")  # set by auth.load_user once the user is known
    if user_org is None or owner is None or owner == user_org:
        return
    if owner in g.get("_partner_orgs", ()):  # a distribution page: see allow_partners
        return
    record = current_app.extensions["org_gate_violations"]
    if len(record) < 100:
        record.append((request.method, request.full_path, kind))
    raise OrgGateViolation()


def allow_partners() -> None:
    """A distribution page (SPEC S6) shows and moves rows of its partnerships' other side
    (a pushed return's supplier record, a supplier warehouse): the safety net lets
    those organizations' rows load for this request, no others. What the page may touch
    is still decided by may_touch (the partnership case) and the rules. The partners
    are read once per request (a list's shapes ask for each row)."""
    if "_partner_ids" not in g:
        g._partner_ids = partnerships.partner_org_ids(db.session, org_id())
    g._partner_orgs = g._partner_ids


class PartnerRows:
    """A page that shows or moves rows of its partnerships' other side."""

    def _handle_view(self, name, **kwargs):
        refused = super()._handle_view(name, **kwargs)
        if refused is None and current_user.is_authenticated:
            allow_partners()
        return refused


def _identify_user():
    """Know the request's user (and organization) before any row is loaded."""
    if request.endpoint not in ("static", "plotly_js") and request.blueprint != "api":
        current_user._get_current_object()


def _rules_follow_partners(session, user):
    """A use case started in a request: while it runs, its hooks may read and, through
    the declared partner actions, write the partners' rows (rules/core/access.py decides
    which). When it ends the page is back to its own rows (returns the undo)."""
    if not (has_request_context() and current_user.is_authenticated):
        return None
    before = g.get("_partner_orgs")
    allow_partners()

    def back_to_the_page():
        if before is None:
            g.pop("_partner_orgs", None)
        else:
            g._partner_orgs = before
    return back_to_the_page


def init_org_gate(app) -> None:
    app.extensions["org_gate_violations"] = []
    if _rules_follow_partners not in usecase.ON_ENTER:
        usecase.ON_ENTER.append(_rules_follow_partners)
    app.before_request(_identify_user)
    if not event.contains(Base, "load", _check_loaded):
        event.listen(Base, "load", _check_loaded, propagate=True,
                     restore_load_context=True)


# --- login and permission for every endpoint of a view ------------------------------------

# An endpoint that does what another does needs what that one needs.
SAME_AS = {"ajax_update": "edit_view"}


class AccessMixin:
    # The user needs any one of these (the main account has all).
    permissions: tuple[str, ...] = ()
    # Pages every signed-in user has (their own account), still scoped and CSRF-checked.
    open_to_every_user = False
    # Endpoints that need more than the view: {method name: permissions, any one}.
    endpoint_permissions: dict[str, tuple[str, ...]] = {}

    def user_allowed(self) -> bool:
        if self.open_to_every_user:
            return current_user.is_authenticated
        return current_user.is_authenticated and any(
            has_permission(current_user, p) for p in self.permissions
        )

    def is_accessible(self):
        return current_user.is_authenticated

    def is_visible(self):
        return self.user_allowed()

    def inaccessible_callback(self, name, **kwargs):
        return redirect(url_for("auth.login", next=request.full_path))

    def get_url(self, endpoint: str, **kwargs) -> str:
        if endpoint.endswith(".static"):  # each page's ~20 scripts and styles
            return static_url(endpoint, **kwargs)
        if endpoint == ".index_view":  # a list's links to itself: sort, tabs, pager
            return list_url(f"{self.endpoint}.index_view", kwargs)  # type: ignore[attr-defined]
        return super().get_url(endpoint, **kwargs)  # type: ignore[misc]

    def _handle_view(self, name, **kwargs):
        if not current_user.is_authenticated:
            return self.inaccessible_callback(name, **kwargs)
        if not self.user_allowed():
            refuse(self.permissions)
        needed = self.endpoint_permissions.get(SAME_AS.get(name, name))
        if needed and not any(has_permission(current_user, p) for p in needed):
            refuse(needed)
        return None

    def may(self, permission: str) -> bool:
        """For templates: show a button only to those the endpoint will accept."""
        return has_permission(current_user, permission)

    def may_open(self, endpoint: str) -> bool:
        """Whether this user may open one of the view's endpoints (its own permissions
        and the endpoint's)."""
        needed = self.endpoint_permissions.get(SAME_AS.get(endpoint, endpoint))
        return self.user_allowed() and (not needed or any(
            has_permission(current_user, p) for p in needed))


def may_open_page(endpoint: str) -> bool:
    """Whether the signed-in user may open an admin page ("campaigns.details_view"): a
    link to a page that would answer 403 is shown as plain text instead."""
    known = g.setdefault("pages_opened", {})  # a list asks once per page, not per row
    if endpoint not in known:
        view_endpoint, _, name = endpoint.partition(".")
        known[endpoint] = next(
            (view.may_open(name) if isinstance(view, AccessMixin) else True
             for view in current_app.extensions["admin"][0]._views
             if view.endpoint == view_endpoint), False)
    return known[endpoint]


def refuse(permissions) -> None:
    """403, telling the page which permissions would allow it (errors.html shows them)."""
    g.needed_permissions = tuple(permissions)
    abort(403)


class SecureView(AccessMixin, BaseView):
    """A custom page (form, report) behind login, organization and permission."""
