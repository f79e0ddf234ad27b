"""The customer file: customers with level, labels and blacklist; labels."""
from flask_admin.actions import action
from flask_login import current_user

from .base import SecureModelView
from ..extensions import db
from ..rules import customers

PERMS = ("customers.manage",)


class CustomerView(SecureModelView):
    permissions = PERMS
    column_list = ("code", "name", "phone", "email", "level", "labels", "blacklisted",
                   "channel")
    column_searchable_list = ("code", "name", "phone")
    column_filters = ("level.name", "blacklisted", "labels.name", "channel")
    column_labels = {"level.name": "Level", "labels.name": "Label"}
    column_default_sort = "code"
    form_columns = ("code", "name", "phone", "email", "level", "labels", "blacklisted")

    @action("blacklist", "Add to blacklist", "Add the selected customers to the blacklist?")
    def action_blacklist(self, ids):
        self.run_rule_on_rows(
            ids, lambda c: customers.set_blacklisted(db.session, current_user, c, True),
            "{count} customer(s) added to the blacklist.")

    @action("unblacklist", "Remove from blacklist",
            "Remove the selected customers from the blacklist?")
    def action_unblacklist(self, ids):
        self.run_rule_on_rows(
            ids, lambda c: customers.set_blacklisted(db.session, current_user, c, False),
            "{count} customer(s) removed from the blacklist.")


class LabelView(SecureModelView):
    permissions = PERMS
    column_list = ("name",)
    form_columns = ("name",)
