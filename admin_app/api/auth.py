"""Who calls the API: a bearer token (rules/accounts/api_tokens.py), never the session
cookie of the pages. The token's acting user becomes the request's user, so the use
cases, the organization gate and the language work as on the pages."""
from apiflask import HTTPTokenAuth
from flask import g, request
from flask_login import AnonymousUserMixin

from ..extensions import db
from ..rules.accounts import api_tokens
from ..rules.core import unit_of_work

auth = HTTPTokenAuth(scheme="Bearer", description=(
    "An API token from My account > API tokens, sent as `Authorization: Bearer asd_...`. "
    "It acts as its user, with that user's permissions (or its role's)."))


def no_session_user() -> None:
    """Before anything reads the request's user: the session cookie counts for nothing."""
    g._login_user = AnonymousUserMixin()


@auth.verify_token
def verify(secret: str):
    acting = api_tokens.authenticate(db.session, secret)
    if acting is None:
        return None
    if api_tokens.due_for_last_use(acting.token):
        token_id = acting.token.id
        unit_of_work.run(db.session, lambda: api_tokens.record_use(db.session, token_id))
        acting = api_tokens.authenticate(db.session, secret)
        if acting is None:
            return None
    g._login_user = acting
    g.user_org_id = acting.org_id  # the organization gate's safety net
    g.api_token = acting.token
    return acting


def user():
    return g._login_user


def rate_key() -> str:
    """Each token counts on its own (its secret's digest; an invented one gets its own
    count too, so every call also counts against its address: address_key)."""
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return "api-token:" + api_tokens.digest(header[7:])[:32]
    return "api-address:" + (request.remote_addr or "-")


@auth.error_processor
def _no_token(error):
    from .errors import apiflask_error
    return apiflask_error(error)


def address_key() -> str:
    return "api-address:" + (request.remote_addr or "-")
