"""Row buttons of list pages: a button that POSTs one row's action through the page's
shared form, or a link to a page. Display only: the action still checks permission,
organization and state."""
from flask_admin.model.template import BaseListRowAction
from markupsafe import Markup, escape

ROW_FORM = "row-action-form"


class PostRowAction(BaseListRowAction):
    """visible(row): whether the row's state allows it; permission: who may press it
    (others do not see it); confirm: a question asked first; link(row_id, row): a GET
    link to a page instead of a POST."""

    def __init__(self, action_name: str, title: str, visible=None, confirm: str = "",
                 link=None, permission: str | None = None):
        super().__init__(title=title)
        self.action_name = action_name
        self.visible = visible
        self.confirm = confirm
        self.link = link
        self.permission = permission
        # The parts of the button that do not change from row to row, escaped once.
        self._title = escape(title)
        self._submit = (f'<button type="submit" form="{ROW_FORM}" class="btn btn-sm '
                        f'btn-outline-primary row-action" name="row_action" '
                        f'value="{escape(action_name)}:')
        self._confirm = (f' data-confirm="{escape(confirm)}"' if confirm else "")

    def render(self, context, row_id, row):
        return Markup(self.button(escape(row_id), row))

    def button(self, row_id, row) -> str:
        """The row's button as HTML (row_id already escaped)."""
        if self.visible is not None and not self.visible(row):
            return ""
        if self.link:
            return (f'<a class="btn btn-sm btn-outline-primary row-action" '
                    f'href="{escape(self.link(row_id, row))}">{self._title}</a>')
        return f"{self._submit}{row_id}\"{self._confirm}>{self._title}</button>"

