"""Login, logout and password change (outside the admin, same security)."""
from urllib.parse import urlsplit

from flask import (Blueprint, current_app, flash, g, redirect, render_template, request,
                   url_for)
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import InputRequired, Length

from sqlalchemy.orm import joinedload

from .extensions import db, limiter, login_manager
from .models import User
from .rules.accounts import users
from .views.transaction import run

bp = Blueprint("auth", __name__)


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[InputRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[InputRequired(), Length(max=200)])


@login_manager.user_loader
def load_user(token: str):
    uid, _, version = (token or "").partition(":")
    if not uid.isdigit():
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


def _failed(response) -> bool:
    return response.status_code == 401


def _account_key() -> str:
    return "account:" + (request.form.get("email") or "").strip().lower()


def _limit() -> str:
    return f"{current_app.config['LOGIN_FAILURES_PER_MINUTE']} per minute"


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_limit, key_func=get_remote_address, methods=["POST"], deduct_when=_failed)
@limiter.limit(_limit, key_func=_account_key, methods=["POST"], deduct_when=_failed)
def login():
    form = LoginForm()
    if current_user.is_authenticated and request.method == "GET":
        return redirect(_safe_next(request.args.get("next")))
    if form.validate_on_submit():
        user = run(lambda: users.authenticate(db.session, form.email.data,
                                              form.password.data)).result
        if user is not None:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        flash("Wrong email or password.", "error")
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    run(lambda: users.end_sessions(current_user))
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


def too_many_attempts(error):
    return render_template(
        "auth/login.html", form=LoginForm(),
        throttled="Too many failed sign-in attempts. Wait a minute, then try again.",
    ), 429
