"""The signed-in user's own account: change password."""
from flask import flash, redirect, url_for
from flask_admin import expose
from flask_login import current_user, login_user
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import InputRequired, Length

from .base import SecureView
from ..extensions import db
from ..models import User
from ..rules.accounts import users
from ..rules.core.errors import RuleError


class PasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[InputRequired(), Length(max=200)])
    new = PasswordField("New password", validators=[InputRequired(), Length(max=200)])


class AccountView(SecureView):
    open_to_every_user = True

    def is_visible(self):
        return False  # reached from the user menu, not the main menu

    @expose("/", methods=("GET", "POST"))
    def index(self):
        form = PasswordForm()
        if form.validate_on_submit():
            user = db.session.get(User, current_user.id)
            try:
                if users.authenticate(db.session, user.email, form.current.data) is None:
                    raise RuleError("Current password: that is not your password.")
                users.set_password(db.session, user, user, form.new.data)
            except RuleError as exc:
                db.session.rollback()
                flash(exc.message, "error")
            else:
                db.session.commit()
                login_user(user)  # this browser stays signed in; every other session ends
                flash("Password changed. Other sessions were signed out.", "success")
                return redirect(url_for("admin.index"))
        return self.render("auth/password.html", form=form)
