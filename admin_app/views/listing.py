"""The lean list page: keyset pages, and row buttons written in one pass.

A list page renders 50 rows; Flask-Admin's row macros build a form, a CSRF token and
several URLs per button per row, which cost more than the query. Here every URL prefix is
built once per page and each row's buttons share one hidden form at the page's foot.
"""
from urllib.parse import quote

from flask import g, request
from flask_login import current_user
from flask_admin.babel import gettext as admin_gettext
from flask_babel import gettext
from markupsafe import Markup, escape

from . import keyset
from .access import check_owner
from .lean_rows import LeanReads, LeanRows
from .row_buttons import ROW_FORM
from ..rules.core.permissions import has_permission


MAX_OFFSET_PAGE = 1_000_000


class ListMixin:
    """For SecureModelView: lists read by keyset, row buttons in one pass."""

    def prepare_rows(self, rows) -> None:
        """Before a page's (or an export batch's) rows are shown: load what their
        columns need for all of them at once (views with computed columns override)."""

    def get_list(self, page, sort_column, sort_desc, search, filters, execute=True,
                 page_size=None):
        keys = keyset.sort_keys(self, sort_column, sort_desc) if execute else None
        if keys is None:
            g.list_page = keyset.Page(keyed=False)
            page = max(0, min(page or 0, MAX_OFFSET_PAGE))  # an OFFSET the database holds
            count, rows = super().get_list(page, sort_column, sort_desc, search, filters,
                                           execute, page_size)
        else:
            count, query = super().get_list(None, sort_column, sort_desc, search, filters,
                                            execute=False, page_size=0)
            lean = self._lean_rows()
            if lean is not None:
                query = lean.select(query)
            rows, g.list_page = keyset.fetch(query, keys, page_size or self.page_size)
            if lean is not None:
                rows = lean.rows(rows, check_owner)
        if execute:
            self.prepare_rows(rows)
        return count, rows

    # what the list page reads, as tuples instead of ORM rows (views/lean_rows.py)
    lean_reads: LeanReads | None = None

    def _lean_rows(self) -> LeanRows | None:
        if self.lean_reads is None or request.endpoint != f"{self.endpoint}.index_view":
            return None
        if "_lean" not in type(self).__dict__:  # built once per view class
            type(self)._lean = LeanRows(self.model, self.lean_reads)
        return type(self)._lean

    def _get_list_extra_args(self):
        args = super()._get_list_extra_args()
        # A cursor belongs to one sort, search and filter: links that change those
        # start again from the first page.
        for name in keyset.CURSOR_ARGS:
            args.extra_args.pop(name, None)
        return args

    def pager_links(self) -> dict:
        """URLs of the First/Previous/Next/Last links of a keyed list page."""
        page = g.get("list_page")
        base = {k: v for k, v in request.args.items(multi=True)
                if k not in keyset.CURSOR_ARGS and k != "page"}
        link = lambda **extra: self.get_url(".index_view", **base, **extra)  # noqa: E731
        return {
            "first": link() if page.has_prev else None,
            "prev": link(before=page.first) if page.has_prev else None,
            "next": link(after=page.last) if page.has_next else None,
            "last": link(last=1) if page.has_next else None,
        }

    # the columns a phone shows of each row (with its main action), as a card: the list
    # never scrolls sideways at 390 px (static/app.css: .phone-cards)
    phone_columns: tuple = ()

    def render_rows(self, data, list_columns, return_url: str, with_checkbox) -> Markup:
        """The table body: one call per page instead of one per cell."""
        cells = [(self._cell_getter(c), f'<td class="col-{escape(c)}'
                  f'{" phone" if c in self.phone_columns else ""}" '
                  f'data-label="{escape(name)}">') for c, name in list_columns]
        urls = self._row_urls(return_url) if self.column_display_actions else None
        select = escape(admin_gettext("Select record"))
        out = []
        for row in data:
            rid = escape(self.get_pk_value(row))
            parts = ["<tr>"]
            if with_checkbox:
                parts.append(f'<td><input type="checkbox" name="rowid" class="action-checkbox"'
                             f' value="{rid}" title="{select}"></td>')
            if urls is not None:
                parts.append(f'<td class="list-buttons-column">'
                             f'{self.row_buttons(row, rid, urls)}</td>')
            for get, td in cells:
                parts.append(f"{td}{_cell(get(row))}</td>")
            parts.append("</tr>")
            out.append("".join(parts))
        if not out:
            out.append(f'<tr><td colspan="999"><div class="text-center">'
                       f'{escape(self.get_empty_list_message())}</div></td></tr>')
        return Markup("\n".join(out))

    def _cell_getter(self, name):
        """What Flask-Admin's get_list_value shows for a column (formatter, choices, type
        formatter), with the lookups done once per column instead of once per cell."""
        formatter = self.column_formatters.get(name)
        choices = self._column_choices_map.get(name)
        by_type = self.column_type_formatters
        if formatter is None and not choices:
            def get(row, value_of=self._get_field_value):
                value = value_of(row, name)
                type_fmt = by_type.get(type(value))
                if type_fmt is None:
                    if value is None:
                        return ""
                    if not isinstance(value, (str, int)):
                        return self._get_list_value(None, row, name, {}, by_type)
                    return value
                return type_fmt(self, value, name)
            return get
        if formatter is not None and choices:
            def labelled(row):  # as _get_list_value: the formatted value, or its label
                value = formatter(self, None, row, name)
                try:
                    return _blank(choices.get(value) or value)
                except TypeError:  # not a code (unhashable): shown as it is
                    return value
            return labelled
        if formatter is not None:
            def formatted(row):
                value = formatter(self, None, row, name)
                if isinstance(value, str):  # what most formatters give: shown as it is
                    return value
                return _blank(self._get_list_value(None, row, name, self.column_formatters,
                                                   by_type))
            return formatted
        return lambda row: _blank(self._get_list_value(None, row, name, self.column_formatters,
                                                       by_type))

    def _row_urls(self, return_url: str) -> dict:
        """The URL prefixes every row's buttons share, built once per page."""
        return {"details": self.get_url(".details_view"), "edit": self.get_url(".edit_view"),
                "delete": self.get_url(".delete_view"), "back": quote(return_url, safe=""),
                "may_edit": self.can_edit and self.may_open("edit_view"),
                "may_delete": self.can_delete and self.may_open("delete_view"),
                "titles": {key: escape(admin_gettext(text)) for key, text in ROW_TITLES.items()},
                "more": escape(gettext("More actions")),
                "actions": [(a, a.shown_title()) for a in self.column_extra_row_actions or ()
                            if a.permission is None
                            or has_permission(current_user, a.permission)]}

    def row_changeable(self, row) -> bool:
        """Whether the row's edit and delete buttons show (the endpoints check again)."""
        return True

    def row_buttons(self, row, rid, urls: dict) -> str:
        """A row's buttons as HTML; rid is the row's escaped id."""
        out = []
        changeable = self.row_changeable(row)
        if self.can_view_details:
            out.append(f'<a class="icon" href="{urls["details"]}?id={rid}&amp;url='
                       f'{urls["back"]}" title="{urls["titles"]["view"]}"><span class="fa fa-eye">'
                       f'</span></a>')
        if urls["may_edit"] and changeable:
            out.append(f'<a class="icon" href="{urls["edit"]}?id={rid}&amp;url='
                       f'{urls["back"]}" title="{urls["titles"]["edit"]}">'
                       f'<span class="fa fa-pencil">'
                       f'</span></a>')
        if urls["may_delete"] and changeable:
            out.append(f'<button type="submit" form="{ROW_FORM}" class="icon btn btn-link p-0" '
                       f'formaction="{urls["delete"]}" name="id" value="{rid}" '
                       f'title="{urls["titles"]["delete"]}" '
                       f'data-confirm="{urls["titles"]["sure"]}">'
                       f'<span class="fa fa-trash"></span></button>')
        answers: dict = {}  # actions sharing a condition (the services) ask it once a row
        actions = [(a, title) for a, title in urls["actions"] if a.shown(row, answers)]
        if actions:  # the state's main action, the others in a menu
            out.append(actions[0][0].html(rid, row, actions[0][1]))
        if len(actions) > 1:
            more = urls["more"]
            # "dropdown" matters: Flask-Admin loads Bootstrap's dropdown code twice and only
            # its multi-level hack (bound to ".dropdown") keeps a click from toggling twice
            out.append('<div class="btn-group dropdown row-actions"><button type="button" '
                       'class="btn btn-sm btn-outline-primary row-more" '
                       'data-toggle="dropdown" aria-expanded="false" '
                       f'title="{more}">&#8943;</button>'
                       '<div class="dropdown-menu dropdown-menu-right">'
                       + "".join(a.html(rid, row, title, in_menu=True)
                                 for a, title in actions[1:])
                       + "</div></div>")
        return "".join(out)  # every part above is escaped where it is built


# Flask-Admin's words, from its catalogs
ROW_TITLES = {"view": "View Record", "edit": "Edit Record", "delete": "Delete Record",
              "sure": "Are you sure you want to delete this record?"}


def _blank(value):
    return "" if value is None else value


LONG_TEXT = 40


# markupsafe.escape's replacements, applied by str.translate: a page escapes about 500
# plain cells, and escape() builds a Markup object for each
_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"})


def _cell(value) -> str:
    """A cell's HTML: long text cut to the column's width, the whole of it on hover."""
    kind = type(value)
    if kind is str:
        text = value.translate(_HTML)
        return f'<span class="cut" title="{text}">{text}</span>' \
            if len(value) > LONG_TEXT else text
    if kind is int:
        return str(value)
    return str(escape(value))
