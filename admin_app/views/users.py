"""Users and roles of the own organization (permission users.manage)."""
from flask_login import current_user
from wtforms import PasswordField
from wtforms.validators import Length, Optional

from flask_babel import lazy_gettext as _l
from .words import word
from .model_view import SecureModelView
from .customers import CheckboxesField
from ..extensions import db
from ..rules.accounts import users
from ..rules.core.permissions import PERMISSIONS, name_of

PERMS = ("users.manage",)


class PermissionsField(CheckboxesField):
    """Checkboxes for the permission list, stored as space-separated codes."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.pop("filters", None)
        super().__init__(label, validators, choices=[
            (code, f"{word(name)}: {word(allows)}")
            for code, (name, allows) in PERMISSIONS.items()],
            **kwargs)

    def populate_obj(self, obj, name):
        setattr(obj, name, " ".join(code for code in PERMISSIONS if code in self.data))


class RoleView(SecureModelView):
    permissions = PERMS
    column_list = ("name", "permissions")
    column_formatters = {"permissions": lambda v, c, m, n: ", ".join(
        name_of(code) for code in (m.permissions or "").split())}
    column_formatters_export = column_formatters
    form_columns = ("name", "permissions")
    form_overrides = {"permissions": PermissionsField}
    form_widget_args = {"permissions": {"class": "list-unstyled"}}


class UserView(SecureModelView):
    permissions = PERMS
    column_list = ("email", "name", "role", "is_main", "active", "created_at")
    column_details_exclude_list = ("password_hash", "session_version", "org", "org_id")
    column_export_exclude_list = ("password_hash", "session_version", "org", "org_id")
    column_searchable_list = ("email", "name")
    column_filters = ("active", "role.name")
    column_labels = {"is_main": "Main account", "role.name": "Role"}
    form_columns = ("email", "name", "role", "active", "new_password")
    form_extra_fields = {
        "new_password": PasswordField(
            _l("Password"), validators=[Optional(), Length(max=200)],
            description=_l("Required for a new user. On an existing user, leave blank to "
                        "keep the password; a new one signs the user out everywhere.")),
    }

    def save_model(self, form, obj, is_created):
        was_active = bool(obj.active) if not is_created else True
        for name, field in form._fields.items():
            if name != "new_password":  # the password is hashed, never copied
                field.populate_obj(obj, name)
        users.save_user(db.session, current_user, obj, form.new_password.data, is_created,
                           was_active)
        db.session.add(obj)

    def delete_rule(self, row):
        users.check_may_delete(current_user, row)
        super().delete_rule(row)
