"""Status tabs over a list (after-sales pipeline, order statuses): one tab per status
with its count, plus All. Counts stop at a cap: a work queue needs its exact size, a
history only needs to say it is big, without counting every row on each view."""
from flask import request, url_for
from flask_login import current_user

from . import search as search_mod
from ..extensions import db
from ..reports import lists

TAB_COUNT_CAP = 1000


def badge(count: int) -> str:
    return f"{TAB_COUNT_CAP:,}+" if count > TAB_COUNT_CAP else str(count)


class StatusTabs:
    """For SecureModelView: `tab_statuses()` in order, their labels, a default tab."""

    default_tab = "all"
    list_template = "admin/model/tabbed_list.html"

    def tab_statuses(self) -> tuple:
        raise NotImplementedError

    def tab_labels(self) -> dict:
        raise NotImplementedError

    def tab_where(self) -> tuple:
        """Conditions of a list showing part of its table (counted in the tabs too)."""
        return ()

    # columns only some tabs show: {column: (tab, ...)}
    tab_only_columns: dict = {}

    def list_column_shown(self, name: str) -> bool:
        tabs = self.tab_only_columns.get(name)
        return tabs is None or self.current_tab() in tabs

    def current_tab(self) -> str:
        tab = request.args.get("tab", self.default_tab)
        return tab if tab in self.tab_statuses() or tab == "all" else self.default_tab

    def get_query(self):
        query = super().get_query().filter(*self.tab_where())
        if request.endpoint != f"{self.endpoint}.index_view" or self.current_tab() == "all":
            return query
        return query.filter(self.model.status == self.current_tab())

    def get_count_query(self):
        return super().get_count_query().filter(*self.tab_where())

    def render(self, template, **kwargs):
        if template == self.list_template:
            statuses, labels = self.tab_statuses(), self.tab_labels()
            term = (kwargs.get("search") or "").strip()
            where = self.tab_where()
            found = search_mod.condition(self, term, current_user.org_id,
                                         db.session.get_bind().dialect.name)
            if found is not None:  # the tabs count what the search finds in each
                where = (*where, found)
            # and what the filters keep (a filter may join a related table)
            base = self._filtered(kwargs["active_filters"]) \
                if kwargs.get("active_filters") else None
            counts = self.tab_counts(statuses, where, base)
            kwargs.update(tabs=[(s, labels[s], badge(counts[s])) for s in statuses],
                          current_tab=self.current_tab(),
                          elsewhere=self._found_elsewhere(kwargs, term, counts, labels))
        return super().render(template, **kwargs)

    def _filtered(self, filters):
        """The ids the list's filters keep, as a select with their joins."""
        ids, _, _, _ = self._apply_filters(db.session.query(self.model.id), None, {}, {},
                                           filters)
        return ids.statement

    def other_tabs(self) -> dict:
        """Tabs that are not a status: {tab: its conditions}."""
        return {}

    def tab_counts(self, statuses, where, base=None) -> dict:
        """Each tab's count, in one statement."""
        others = self.other_tabs()
        return lists.tab_counts(db.session, self.model, current_user.org_id,
                                [s for s in statuses if s not in others], TAB_COUNT_CAP,
                                where, others, base)

    def _found_elsewhere(self, kwargs, term, counts, labels) -> list:
        """A search that finds nothing in this tab: the other tabs where it does find,
        with their counts and links ("3 in After-Sales Completed")."""
        if not term or kwargs.get("data") or self.current_tab() == "all":
            return []
        return [(labels[s], badge(n), url_for(".index_view", tab=s, search=term))
                for s, n in counts.items() if n and s != self.current_tab()]
