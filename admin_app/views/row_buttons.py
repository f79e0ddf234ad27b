"""Row buttons of list pages: a button that POSTs one row's action through the page's
shared form, or a link to a page. Display only: the action still checks permission,
organization and state."""
from flask_admin.model.template import BaseListRowAction
from markupsafe import Markup, escape

from .words import word
from ..language_now import language_now

ROW_FORM = "row-action-form"


class PostRowAction(BaseListRowAction):
    """visible(row): whether the row's state allows it; permission: who may press it
    (others do not see it); confirm: the question the server's confirmation step asks
    first (views/bulk_actions.py); link(row_id, row): a GET link to a page instead of a
    POST."""

    def __init__(self, action_name: str, title: str, visible=None, confirm: str = "",
                 link=None, permission: str | None = None):
        super().__init__(title=title)
        self.action_name = action_name
        self.visible = visible
        self.confirm = confirm
        self.link = link
        self.permission = permission
        # The parts of the button that do not change from row to row, escaped once
        # (the title once per language).
        self._titles: dict[str, str] = {}
        self._value = f'name="row_action" value="{escape(action_name)}:'

    def render(self, context, row_id, row):
        return Markup(self.button(escape(row_id), row))

    def shown(self, row, answers: dict | None = None) -> bool:
        """Whether the row's state allows it; `answers`: the row's conditions already
        asked, by condition."""
        if self.visible is None:
            return True
        if answers is None:
            return self.visible(row)
        found = answers.get(self.visible)
        if found is None:
            found = answers[self.visible] = bool(self.visible(row))
        return found

    def button(self, row_id, row, in_menu: bool = False) -> str:
        """The row's button as HTML (row_id already escaped): a button, or an item of
        the row's menu."""
        if not self.shown(row):
            return ""
        return self.html(row_id, row, self.shown_title(), in_menu)

    def html(self, row_id, row, title: str, in_menu: bool = False) -> str:
        """The button of a row it is shown on, with its title already in words (a list
        page words each title once, not once per row)."""
        css = "dropdown-item" if in_menu else "btn btn-sm btn-outline-primary row-action"
        if self.link:
            href = escape(self.link(row_id, row))
            return f'<a class="{css}" href="{href}">{title}</a>'
        return (f'<button type="submit" form="{ROW_FORM}" class="{css}" {self._value}'
                f'{row_id}">{title}</button>')

    def shown_title(self) -> str:
        language = language_now()
        if language not in self._titles:
            self._titles[language] = escape(word(self.title))
        return self._titles[language]

