"""Users: Argon2id password hashes, authentication, ending sessions."""
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..core import audit, languages
from ..core.errors import RuleError
from ...models import User
from ..core.usecase import use_case

MIN_PASSWORD_LENGTH = 10
_hasher = PasswordHasher()


def configure(params: dict) -> None:
    """Tests lower the Argon2 cost; production keeps the library's defaults."""
    global _hasher
    _hasher = PasswordHasher(**params) if params else PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_strength(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise RuleError(
            "user.password_use_least_characters",
            {"min_password_length": MIN_PASSWORD_LENGTH},
            field="password",
        )
    if len(password) > 200:
        raise RuleError('user.password_use_most_200', field='password')


# A real hash to verify against when the email is unknown, so timing tells nothing.
_DUMMY_HASH = None


def authenticate(session, email: str, password: str) -> User | None:
    global _DUMMY_HASH
    user = session.query(User).filter(User.email == (email or "").strip().lower()).first()
    if user is None or not user.active:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = hash_password("not-a-password")
        try:
            _hasher.verify(_DUMMY_HASH, password or "")
        except VerificationError:
            pass
        return None
    try:
        _hasher.verify(user.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


@use_case("users.manage")
def set_password(session, actor, user: User, password: str) -> None:
    """Set a new password and end every session of that user."""
    check_password_strength(password)
    user.password_hash = hash_password(password)
    end_sessions(user)
    session.flush()
    audit.record(session, actor, "user.password", user, before={}, after={"password": "changed"})


@use_case()
def change_own_password(session, user: User, current: str, new: str) -> None:
    """A user's own password change: the current password first."""
    if authenticate(session, user.email, current) is None:
        raise RuleError('user.current_password_your_password', field='current_password')
    set_password(session, user, user, new)


@use_case()
def choose_language(session, user: User, code: str | None) -> str:
    """The language a user reads the product in (None or "": their organization's)."""
    user.language = languages.checked(code) if code else None
    return languages.of(user)


def end_sessions(user: User) -> None:
    user.session_version = (user.session_version or 0) + 1


def check_may_manage(actor, target: User) -> None:
    """Sub-accounts with users.manage may not touch the main account."""
    if target.is_main and not actor.is_main:
        raise RuleError('user.main_account_change_main')


@use_case("users.manage")
def save_user(session, actor, user: User, new_password: str | None, is_created: bool,
              was_active: bool = True) -> None:
    check_may_manage(actor, user)
    user.email = (user.email or "").strip().lower()
    if user.is_main and not user.active:
        raise RuleError('user.main_account_deactivated')
    if user.id == actor.id and not user.active:
        raise RuleError('user.you_deactivate_your_own')
    if new_password:
        check_password_strength(new_password)
        user.password_hash = hash_password(new_password)
        if not is_created:
            end_sessions(user)
    elif is_created:
        raise RuleError(
            "user.password_new_user_needs",
            {"min_password_length": MIN_PASSWORD_LENGTH},
            field="password",
        )
    if was_active and not user.active:
        end_sessions(user)


def check_may_delete(actor, user: User) -> None:
    check_may_manage(actor, user)
    if user.is_main:
        raise RuleError('user.main_account_deleted')
    if user.id == actor.id:
        raise RuleError('user.you_delete_your_own')
