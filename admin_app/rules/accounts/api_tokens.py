"""API tokens (issue 25): a secret that acts over the API as its user, with that user's
permissions, so the access matrix holds unchanged. A user makes tokens for themself;
the main account may also make one for a role, which then acts with the role's
permissions only. The secret is shown once; a SHA-256 of it is kept (it is random and
long, so a slow hash would add nothing but time to every call)."""
import hashlib
import secrets
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..core import audit, clock
from ..core.access import NotYours
from ..core.errors import RuleError
from ..core.usecase import use_case
from ...models import ApiToken, Role, User, utcnow

PREFIX = "asd_"
SEEN_EVERY = timedelta(minutes=1)  # last use written at most once a minute per token


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


@use_case()
def create(session, user, *, name: str, role: Role | None = None,
           expires_on: date | None = None) -> tuple[ApiToken, str]:
    """A new token and its secret (the only time the secret is seen)."""
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise RuleError("api.token_name", field="name")
    if role is not None and not user.is_main:
        raise RuleError("api.token_for_role_main_only", field="role")
    today = clock.today(session, user.org_id)
    if expires_on is not None and expires_on <= today:
        raise RuleError("api.token_expiry_past", {"today": today}, field="expires_on")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(org_id=user.org_id, name=name, prefix=secret[:12],
                     secret_hash=digest(secret), user_id=user.id,
                     role_id=role.id if role is not None else None,
                     created_by_id=user.id, expires_at=_end_of(session, user, expires_on))
    session.add(token)
    session.flush()
    audit.record(session, user, "api_token.create", token,
                 after={"name": name, "prefix": token.prefix,
                        "role": role.name if role is not None else None})
    return token, secret


def _end_of(session, user, day: date | None) -> datetime | None:
    """A token expiring on a day works until that day's end on the organization's clock."""
    if day is None:
        return None
    return clock.day_start_utc(user.org.timezone, day + timedelta(days=1))


@use_case()
def revoke(session, user, token: ApiToken) -> ApiToken:
    if token.user_id != user.id and not user.is_main:
        raise RuleError("api.token_not_yours")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record(session, user, "api_token.revoke", token,
                     after={"name": token.name, "prefix": token.prefix})
    return token


def active(token: ApiToken, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return token.revoked_at is None and (token.expires_at is None or token.expires_at > now)


def authenticate(session, secret: str):
    """The token's acting user for `secret`, or None (unknown, revoked, expired, or its
    user deactivated)."""
    if not secret or not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    token = session.execute(
        select(ApiToken).where(ApiToken.secret_hash == digest(secret))
        .options(joinedload(ApiToken.user).joinedload(User.org),
                 joinedload(ApiToken.user).joinedload(User.role),
                 joinedload(ApiToken.role))).scalar_one_or_none()
    if token is None or not active(token) or not token.user.is_active:
        return None
    return Acting(token)


def due_for_last_use(token: ApiToken) -> bool:
    return token.last_used_at is None or utcnow() - token.last_used_at > SEEN_EVERY


def record_use(session, token_id: int) -> None:
    """The token was used now (its list shows when; a token unused for long may go)."""
    token = session.get(ApiToken, token_id)
    if token is not None:
        token.last_used_at = utcnow()


class Acting:
    """The user a token acts as: its user, with the token's role if it has one."""

    is_authenticated = True
    is_anonymous = False
    is_active = True

    def __init__(self, token: ApiToken):
        self.token = token
        self._user = token.user

    def __getattr__(self, name):
        return getattr(self._user, name)

    @property
    def is_main(self) -> bool:
        return self._user.is_main and self.token.role_id is None

    @property
    def role(self):
        return self.token.role if self.token.role_id is not None else self._user.role


def owned_by(session, user, token_id: int) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None or token.org_id != user.org_id:
        raise NotYours()
    return token
