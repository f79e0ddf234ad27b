"""Bulk actions and row buttons of model lists (Flask-Admin's action_view), and the step
that asks first: a bulk action, or a row button that moves money or cannot be undone,
shows what it will do (how many rows, which, their amounts) on a page of the app, and
only that page's confirmation posts it, once (its one-time token: a replay or a double
click changes nothing). No browser dialog: it works under the pages' CSP and for
scripts alike."""
from flask import flash, redirect, request
from flask_admin import expose
from flask_admin.helpers import get_redirect_target
from flask_login import current_user

from flask_babel import gettext, lazy_gettext as _l
from .words import word

from .access import refuse
from .confirming import ask_first, confirmed
from .transaction import run_on_rows
from ..extensions import db
from ..rules.core import usage
from ..rules.core.permissions import has_permission

SHOWN_ROWS = 20


class ActionsMixin:
    # single-row buttons that ask first like bulk actions (money, or no way back);
    # a PostRowAction with a `confirm` question asks first too
    asks_first: frozenset = frozenset()
    # the endpoints whose permission a bulk action needs: it does what they do
    ACTION_ENDPOINTS = {"delete": "delete_view", "deactivate": "edit_view",
                        "activate": "edit_view"}

    @expose("/action/", methods=("POST",))
    def action_view(self):
        """The bulk actions' form, and a single row's button (`row_action=name:id`)."""
        name, ids = request.form.get("action"), request.form.getlist("rowid")
        single = "row_action" in request.form
        if single:
            name, _, row_id = request.form["row_action"].partition(":")
            ids = [row_id]
        handler = self._actions_data.get(name)
        back = get_redirect_target() or self.get_url(".index_view")
        if handler is None:
            flash(gettext("There is no such action on this list."), "error")
            return redirect(back)
        if not self.is_action_allowed(name):
            refuse(self.action_permissions(name) or self.permissions)
        # Refuse the whole request if any id belongs elsewhere, before any handler.
        rows = self.get_scoped_rows(ids)
        if not rows:
            flash(gettext("No record was selected: nothing was done."), "warning")
        elif not self.validate_form(self.action_form()):
            flash(gettext("The form has expired: reload the page and try again."), "error")
        elif self._asks_first(name, single) and not confirmed():
            return self._confirmation(name, rows, back)
        else:
            response = handler[0](ids)
            if response is not None:
                return response
        return redirect(back)

    def _asks_first(self, name: str, single: bool) -> bool:
        return not single or name in self.asks_first or bool(self._button_question(name))

    def _button_question(self, name: str) -> str:
        button = next((b for b in self.column_extra_row_actions or ()
                       if getattr(b, "action_name", None) == name), None)
        return getattr(button, "confirm", "") or ""

    def _question(self, name: str) -> str:
        return word(str(self._button_question(name) or self._actions_data[name][2] or ""))

    def _confirmation(self, name, rows, back):
        label = self._actions_data[name][1]
        title = gettext("%(action)s: %(count)s record(s)", count=len(rows),
                        action=word(str(label)))
        return ask_first(self, title, title, back, self._question(name),
                         [self.row_summary(row) for row in rows[:SHOWN_ROWS]],
                         max(0, len(rows) - SHOWN_ROWS))

    def row_summary(self, row) -> str:
        """What the confirmation page says of a row (lists with amounts say more)."""
        return str(row)

    def get_actions_list(self):
        """The list's bulk actions, without the browser's confirm dialog: the server
        asks first (above)."""
        actions, _ = super().get_actions_list()
        return actions, {}

    def action_permissions(self, name: str) -> tuple[str, ...]:
        """Who may run bulk action `name` (any one; nothing beyond the view's: ())."""
        return self.endpoint_permissions.get(self.ACTION_ENDPOINTS.get(name, ""), ())

    def is_action_allowed(self, name):
        """The list offers, and action_view runs, only what the user's role allows."""
        needed = self.action_permissions(name)
        if needed and not any(has_permission(current_user, p) for p in needed):
            return False
        return super().is_action_allowed(name)

    def init_actions(self):
        """Bulk delete all or nothing, with one message; deactivate / activate where the
        model can be deactivated."""
        super().init_actions()
        self._actions = [(n, t) for n, t in self._actions if n != "delete"]
        self._actions_data.pop("delete", None)
        bulk = []
        if self.can_delete:
            bulk.append(("delete", _l("Delete"), self.delete_rule,
                         _l("{count} record(s) deleted.")))
        if hasattr(self.model, "active") and self.can_edit:
            bulk += [(name, title,
                      lambda row, on=on: usage.set_active(db.session, current_user, row, on),
                      done)
                     for name, title, on, done in (
                         ("deactivate", _l("Deactivate"), False,
                          _l("{count} record(s) deactivated.")),
                         ("activate", _l("Activate"), True, _l("{count} record(s) activated.")))]
        for name, title, rule, done in bulk:
            def handler(ids, rule=rule, done=done):
                self.run_rule_on_rows(ids, rule, done)
            self._actions.append((name, title))
            self._actions_data[name] = (handler, title, "")

    def run_rule_on_rows(self, ids, rule, done_message):
        """Apply `rule(row)` to every selected row in one transaction: all or nothing,
        once per confirmation (its token)."""
        return run_on_rows(self.get_scoped_rows(ids), rule, done_message,
                           token=request.form.get("token") or None,
                           action=f"{self.endpoint}.{request.form.get('action', 'row')}")
