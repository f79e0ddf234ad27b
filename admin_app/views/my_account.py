"""The signed-in user's own account: change password."""
from flask import flash, redirect, url_for
from flask_admin import expose
from flask_login import current_user, login_user
from ..app_form import AppForm
from wtforms import PasswordField
from wtforms.validators import InputRequired, Length

from flask_babel import gettext, lazy_gettext as _l

from .access import SecureView
from .transaction import run
from ..extensions import db
from ..models import User
from ..rules.accounts import users


class PasswordForm(AppForm):
    current = PasswordField(_l("Current password"), validators=[InputRequired(), Length(max=200)])
    new = PasswordField(_l("New password"), validators=[InputRequired(), Length(max=200)])


class AccountView(SecureView):
    open_to_every_user = True

    def is_visible(self):
        return False  # reached from the user menu, not the main menu

    @expose("/", methods=("GET", "POST"))
    def index(self):
        form = PasswordForm()
        if form.validate_on_submit():
            user = db.session.get(User, current_user.id)
            if run(lambda: users.change_own_password(db.session, user, form.current.data,
                                                     form.new.data)).ok:
                login_user(user)  # this browser stays signed in; every other session ends
                flash(gettext("Password changed. Other sessions were signed out."), "success")
                return redirect(url_for("admin.index"))
        return self.render("auth/password.html", form=form)
