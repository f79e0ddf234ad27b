"""GET /me: whom the token acts as, and what it may do."""
from apiflask import Schema
from apiflask.fields import Dict, List, String

from ..rules.core.permissions import PERMISSIONS, has_permission
from . import bp
from .auth import auth, user
from .calls import ok


class MeOut(Schema):
    user = Dict(metadata={"description": "id, name, email"})
    token = Dict(metadata={"description": "id, name, role (null: the user's own)"})
    organization = Dict(metadata={"description": "id, name, currency, timezone, language"})
    permissions = List(String())


@bp.get("/me")
@bp.auth_required(auth)
@bp.output(MeOut)
@bp.doc(tags=["Tokens"], responses=[429])
def me():
    """The token's user, organization and permissions"""
    acting = user()
    org = acting.org
    return ok({"user": {"id": acting.id, "name": acting.name, "email": acting.email},
               "token": {"id": acting.token.id, "name": acting.token.name,
                         "role": acting.role.name if acting.role is not None else None},
               "organization": {"id": org.id, "name": org.name, "currency": org.currency,
                                "timezone": org.timezone, "language": org.language},
               "permissions": sorted(p for p in PERMISSIONS if has_permission(acting, p))})
