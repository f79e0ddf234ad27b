"""Sign in, sign out (outside the admin, same security).

Failed sign-ins are throttled three ways (Flask-Limiter, only failures count):
- per source address (5 a minute): one machine cannot try many passwords or accounts;
- per account, from browsers that have not signed in to it before (20 a minute, more
  than one address may fail): guessing one user's password is slow from anywhere, and
  one attacker's address is stopped long before the account is;
- per device: a browser that has signed in to the account holds a signed device cookie,
  and its own failures count on their own (5 a minute).

Over a limit, even the right password is refused for the rest of the minute: answering
it would tell a guesser when it found the password. So an attacker with many addresses
who knows a user's e-mail can block only unknown browsers for that account: the
user's usual browser (its device cookie) still signs in with the right password.
Over the limit the answer is a refusal for the rest of the minute (429), not
a delay: a delay would hold a worker per attempt, which an attacker could use to tie up
the server. Several workers must share the counts: RATELIMIT_STORAGE_URI=redis://...
(an in-memory store is per process; the app says so at start).
"""
import hashlib
import os
from urllib.parse import urlsplit

from flask import (Blueprint, current_app, flash, g, redirect, render_template, request,
                   session, url_for)
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user
from .app_form import AppForm
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.orm import joinedload
from wtforms import EmailField, PasswordField
from wtforms.validators import InputRequired, Length

from flask_babel import gettext

from .extensions import db, limiter, login_manager
from .models import User
from . import demo
from .rules.accounts import users
from .views.transaction import run

bp = Blueprint("auth", __name__)
DEVICE_COOKIE = "asd_device"
DEVICE_DAYS = 365


class LoginForm(AppForm):
    email = EmailField(_l("Email"), validators=[InputRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=200)])


@login_manager.user_loader
def load_user(token: str):
    uid, _, version = (token or "").partition(":")
    if not (uid.isascii() and uid.isdigit()) or len(uid) > 18:
        return None
    # One query for the user, role and organization every page needs.
    user = db.session.get(User, int(uid),
                          options=[joinedload(User.role), joinedload(User.org)])
    if user is None or not user.active or str(user.session_version) != version:
        return None
    g.user_org_id = user.org_id  # the organization gate's safety net compares rows to it
    return user


def _safe_next(target: str | None) -> str:
    """Only local paths: never redirect to another site after login."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") \
                and not target.startswith("//") and "\\" not in target:
            return target
    return url_for("admin.index")


# --- throttling -------------------------------------------------------------------------

def _failed(response) -> bool:
    return response.status_code == 401


def _email() -> str:
    return (request.form.get("email") or "").strip().lower()[:254]


def _signer():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="device")


def _account_tag(email: str) -> str:
    return hashlib.sha256(email.encode()).hexdigest()[:16]


def _device() -> dict | None:
    """The signed device cookie this browser holds, if any."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw or len(raw) > 300:
        return None
    try:
        found = _signer().loads(raw)
    except BadSignature:
        return None
    return found if isinstance(found, dict) else None


def _known_device() -> bool:
    """This browser has signed in to the account it now tries before."""
    device = _device()
    return device is not None and device.get("a") == _account_tag(_email())


def _account_key() -> str:
    return "account:" + _email()


def _device_key() -> str:
    return "device:" + str((_device() or {}).get("d", ""))


def _per_source() -> str:
    return f"{current_app.config['LOGIN_FAILURES_PER_SOURCE']} per minute"


def _per_account() -> str:
    return f"{current_app.config['LOGIN_FAILURES_PER_ACCOUNT']} per minute"


def _remember_device(response, user) -> None:
    token = _signer().dumps({"d": os.urandom(12).hex(), "a": _account_tag(user.email)})
    response.set_cookie(DEVICE_COOKIE, token, max_age=DEVICE_DAYS * 86400, httponly=True,
                        samesite="Lax", secure=request.is_secure or bool(
                            current_app.config.get("SESSION_COOKIE_SECURE")))


# --- pages ------------------------------------------------------------------------------

@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_per_source, key_func=get_remote_address, methods=["POST"],
               deduct_when=_failed)
@limiter.limit(_per_account, key_func=_account_key, methods=["POST"], deduct_when=_failed,
               exempt_when=_known_device)
@limiter.limit(_per_source, key_func=_device_key, methods=["POST"], deduct_when=_failed,
               exempt_when=lambda: not _known_device())
def login():
    form = LoginForm()
    if current_user.is_authenticated and request.method == "GET":
        return redirect(_safe_next(request.args.get("next")))
    if form.validate_on_submit():
        user = run(lambda: users.authenticate(db.session, form.email.data,
                                              form.password.data)).result
        if user is not None:
            login_user(user)
            session.permanent = True  # the idle timeout (SESSION_IDLE_MINUTES) applies
            response = redirect(_safe_next(request.args.get("next")))
            if not _known_device():
                _remember_device(response, user)
            return response
        flash(gettext("Wrong email or password."), "error")
        return _login_page(form), 401
    return _login_page(form)


def _login_page(form):
    """The sign-in page; with the demo loaded, its logins to try (none otherwise)."""
    return render_template("auth/login.html", form=form, demo_logins=demo.logins(db.session),
                           demo_password=demo.DEMO_PASSWORD)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    run(lambda: users.end_sessions(current_user))
    logout_user()
    flash(gettext("You are signed out."), "info")
    return redirect(url_for("auth.login"))


def too_many_attempts(error):
    return render_template(
        "auth/login.html", form=LoginForm(),
        throttled=gettext("Too many failed sign-in attempts. Wait a minute, then try again."),
    ), 429


def warn_about_a_private_throttle(app) -> None:
    """With several worker processes an in-memory store counts failures per process."""
    workers = int(os.environ.get("WEB_CONCURRENCY") or os.environ.get("APP_WORKERS") or 1)
    if workers > 1 and app.config["RATELIMIT_STORAGE_URI"].startswith("memory"):
        app.logger.warning(
            "Sign-in throttling keeps its counts in memory, per worker process, and %s "
            "workers are running: set RATELIMIT_STORAGE_URI to a shared store (redis://...) "
            "so every worker counts the same failures.", workers)
