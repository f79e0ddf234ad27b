"""Status tabs over a list (after-sales pipeline, order statuses): one tab per status
with its count, plus All. Counts stop at a cap: a work queue needs its exact size, a
history only needs to say it is big, without counting every row on each view."""
from flask import request
from flask_login import current_user

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
            statuses = self.tab_statuses()
            counts = lists.tab_counts(db.session, self.model, current_user.org_id,
                                      statuses, TAB_COUNT_CAP, self.tab_where())
            labels = self.tab_labels()
            kwargs.update(tabs=[(s, labels[s], badge(counts[s])) for s in statuses],
                          current_tab=self.current_tab())
        return super().render(template, **kwargs)
