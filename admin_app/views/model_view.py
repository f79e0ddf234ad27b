"""SecureModelView: every model list, form, action and export of the admin.

It adds to Flask-Admin's ModelView: organization scope on every query, count, single
row, ajax lookup and action (views/access.py); permissions per view, endpoint and field;
one transaction per save, delete or action, audited (views/transaction.py); lean lists
(views/listing.py); indexed search (views/search.py); streamed exports with numbers kept
as numbers (views/exporting.py).

Private Flask-Admin members it relies on, to check when upgrading Flask-Admin:
overridden: `_handle_view` (access.AccessMixin), `_apply_search`, `_export_data`,
`_export_csv`, `_export_tablib`, `_create_ajax_loader`, `_get_list_extra_args`
(listing.ListMixin); read: `_search_fields`, `_actions_data`, `_export_columns`,
`_get_column_by_idx`, `_get_list_value`, `_get_field_value`, `_column_choices_map`,
`_sortable_columns`, `_sortable_joins` (keyset), `_create_form_class` and
`_edit_form_class` (tests).
"""
import re
from itertools import islice
from datetime import date, datetime
from decimal import Decimal

from flask import current_app, flash, has_request_context, request
from flask_babel import gettext
from flask_admin.contrib.sqla import ModelView, filters as sqla_filters
from flask_admin.model import filters, typefmt
from flask_login import current_user
from jinja2 import pass_context
from sqlalchemy import literal
from sqlalchemy.orm import joinedload, selectinload

from . import export_cells, exporting, search as search_mod
from .access import AccessMixin, get_or_404, org_id, scoped
from .local_time import amount_text, iso_text, local_text
from .background import background_export
from .bulk_actions import ActionsMixin
from .forms import Converter, ScopedAjaxLoader, scope_form
from .listing import ListMixin
from .words import WordsForm, WordsMixin, word
from .transaction import run
from ..extensions import db
from ..money import Money
from ..rules.core import audit, clock, usage
from ..rules.core.permissions import has_permission
from .clock_filters import ShopClockConverter


def choice_filters(column, label: str, choices) -> list:
    """Filters of a coded column by the labels people read: a pick list, is / is not /
    in list (not "contains" over codes nobody sees)."""
    options = list(choices.items()) if isinstance(choices, dict) else list(choices)
    return [sqla_filters.FilterEqual(column, label, options=options),
            sqla_filters.FilterNotEqual(column, label, options=options),
            sqla_filters.FilterInList(column, label, options=options)]


NUMBER_FILTERS = (filters.BaseIntFilter, filters.BaseFloatFilter, filters.BaseIntListFilter,
                  filters.BaseFloatListFilter)
PLAIN_NUMBER = re.compile(r"^-?[0-9]{1,9}(\.[0-9]{1,6})?$")  # fits every number column


def filter_value_ok(flt, value: str) -> bool:
    """A filter value a person could mean: not too long, and for a number filter plain
    ASCII digits within what the column holds."""
    if len(value) > 200:
        return False
    if isinstance(flt, NUMBER_FILTERS):
        return all(PLAIN_NUMBER.match(part.strip()) for part in value.split(","))
    return True


def _format_datetime(view, value, name=None):
    """Minutes, on the organization's clock: instants are stored in UTC; an order's
    date is already the organization's wall clock (rules/core/clock.py)."""
    return local_text(value, name)


def _export_datetime(view, value, name=None):
    return iso_text(value, name)


def _yes_no(view, value, name=None):
    return word("yes") if value else word("no")


def _format_date(view, value, name=None):
    return local_text(value, name, "date")


# datetime before date: a datetime is a date too, and lookups take the first that fits
TYPE_FORMATTERS = {**typefmt.BASE_FORMATTERS, datetime: _format_datetime, date: _format_date,
                   bool: _yes_no, Decimal: amount_text}
EXPORT_TYPE_FORMATTERS = {**typefmt.EXPORT_FORMATTERS, datetime: _export_datetime,
                          bool: _yes_no}


class SecureModelView(AccessMixin, ActionsMixin, WordsMixin, ListMixin, ModelView):
    model_form_converter = Converter
    filter_converter = ShopClockConverter()
    form_base_class = WordsForm
    column_type_formatters = TYPE_FORMATTERS
    column_type_formatters_detail = TYPE_FORMATTERS
    column_type_formatters_export = EXPORT_TYPE_FORMATTERS
    can_view_details = True
    can_export = True
    export_types = ["csv", "xlsx"]
    page_size = 50
    can_set_page_size = True
    page_size_options = (20, 50, 100)
    # No COUNT(*) over a big table on every page view.
    simple_list_pager = True
    form_excluded_columns = ("org", "org_id")
    column_exclude_list = ("org", "org_id")
    column_details_exclude_list = ("org", "org_id")
    column_export_exclude_list = ("org", "org_id")
    list_template = "admin/model/scoped_list.html"
    details_template = "admin/model/scoped_details.html"
    # When set, the edit form keeps only these fields (the rest are fixed at creation).
    form_edit_columns: tuple[str, ...] | None = None
    # Fields that need a permission beyond the view's: {field: permission}. A user
    # without it does not get the field (and the rule behind it checks again).
    field_permissions: dict[str, str] = {}
    audit_saves = True  # False where save_model calls a rule that audits itself

    # Edit and delete buttons (list, details, edit pages) only for users whose role
    # allows the endpoint; the endpoint checks again. Views may still set False.
    _edit_allowed = _delete_allowed = True

    @property
    def can_edit(self):
        return self._edit_allowed and self._may_in_request("edit_view")

    @can_edit.setter
    def can_edit(self, value):
        self._edit_allowed = value

    @property
    def can_delete(self):
        return self._delete_allowed and self._may_in_request("delete_view")

    @can_delete.setter
    def can_delete(self, value):
        self._delete_allowed = value

    def _may_in_request(self, endpoint) -> bool:
        if not has_request_context() or not current_user.is_authenticated:
            return True
        return self.may_open(endpoint)

    # --- scope and loading -------------------------------------------------------------
    _collection_loads: tuple = ()
    _label_loads: tuple = ()
    label_reads: dict = {}  # {relation: columns its rows' buttons read}, loaded with it

    def scaffold_auto_joins(self):
        # Collections (labels...) are loaded with one extra SELECT ... IN per page, which
        # also lets exports stream with yield_per. Many-to-one rows shown in a column
        # are joined, reading only what their label shows (Model.label_columns).
        joins = super().scaffold_auto_joins()
        self._collection_loads = tuple(j for j in joins if j.property.uselist)
        self._label_loads = tuple(j for j in joins if not j.property.uselist)
        return []

    def get_query(self):
        query = scoped(super().get_query(), self.model)
        options = [selectinload(c) for c in self._collection_loads]
        for relation in self._label_loads:
            target = relation.property.mapper.class_
            load = joinedload(relation)
            if getattr(target, "label_columns", None):
                reads = (*target.label_columns, *self.label_reads.get(relation.key, ()))
                load = load.load_only(*(getattr(target, c) for c in reads))
            options.append(load)
        return query.options(*options) if options else query

    def get_count_query(self):
        return scoped(super().get_count_query(), self.model)

    def init_search(self):
        supported = super().init_search()
        # views/search.py matches a related table through one relation: say so at start
        # rather than on the first search.
        for column, path in getattr(self, "_search_fields", None) or ():
            if len(path) > 1:
                raise ValueError(f"{type(self).__name__}: search {column} through one "
                                 "relation at most")
        return supported

    def _apply_search(self, query, count_query, joins, count_joins, search):
        where = search_mod.condition(self, search, org_id(),
                                     db.session.get_bind().dialect.name)
        if where is not None:
            query = query.filter(where)
            count_query = count_query.filter(where) if count_query is not None else None
        return query, count_query, joins, count_joins

    def _get_list_filter_args(self):
        """Flask-Admin's filters from the query string, each value checked first: a
        value no person types (too long, non-ASCII digits, beyond the column) gets a
        message, not a database error."""
        if not self._filters:
            return None
        filters = []
        for arg in request.args:
            pos, key = arg[3:].partition("_")[::2] if arg.startswith("flt") else ("", "")
            if key not in (self._filter_args or {}) or not (pos.isascii() and pos.isdigit()):
                continue
            index, flt = self._filter_args[key]
            value = request.args[arg]
            if filter_value_ok(flt, value) and flt.validate(value):
                filters.append((int(pos), (index, word(str(flt.name)), value)))
            else:
                flash(gettext("Filter %(name)s: %(value)r is not a value it can match.",
                              name=word(str(flt.name)), value=value[:40]), "error")
        return [f for _, f in sorted(filters, key=lambda f: f[0])]

    def render(self, template, **kwargs):
        # Flask-Admin names the columns once, at start; amounts name the currency of
        # the signed-in user's organization, so the list's names are made per request.
        if "list_columns" in kwargs:
            columns = [c for c, _ in kwargs["list_columns"]]
            kwargs["column_index"] = {c: n for n, c in enumerate(columns)}  # sort links
            kwargs["list_columns"] = [(c, self.get_column_name(c)) for c in columns
                                      if self.list_column_shown(c)]
        if "details_columns" in kwargs:  # the details page names its fields the same way
            kwargs["details_columns"] = [(c, self.get_column_name(c))
                                         for c, _ in kwargs["details_columns"]]
        return super().render(template, **kwargs)

    @pass_context
    def get_detail_value(self, context, model, name):
        value = super().get_detail_value(context, model, name)
        return "" if value is None else value  # an empty coded field, not "None"

    def list_column_shown(self, name: str) -> bool:
        """Whether the list shows a column now (a tab's own columns: views/tabs.py)."""
        return True

    def get_column_name(self, field: str) -> str:
        """In the reader's language; amount columns say their currency (one per
        organization, SPEC S9)."""
        name = word(self.base_column_name(field))
        column = getattr(self.model, field, None) if isinstance(field, str) else None
        if isinstance(getattr(column, "type", None), Money) and has_request_context() \
                and current_user.is_authenticated:
            return exporting.in_currency(name)
        return name

    def get_one(self, id):
        """A row to show (details) or to change (every other endpoint: edit, its form
        included, delete, actions, inline updates), through the organization gate for
        that purpose."""
        reading = request.method == "GET" and (request.endpoint or "").endswith(
            ".details_view")
        return get_or_404(self.model, id, "read" if reading else "write")

    def get_scoped_rows(self, ids) -> list:
        """Rows for an action; any id outside the organization answers 404."""
        return [self.get_one(i) for i in dict.fromkeys(ids)]

    def _create_ajax_loader(self, name, options):
        attr = getattr(self.model, name)
        return ScopedAjaxLoader(name, db, attr.prop.mapper.class_, **options)

    # --- forms ---------------------------------------------------------------------------
    def get_edit_form(self):
        form_class = super().get_edit_form()
        if self.form_edit_columns is not None:
            for name in [n for n, f in vars(form_class).items()
                         if hasattr(f, "field_class") and n not in self.form_edit_columns]:
                delattr(form_class, name)
        return form_class

    def _permitted_fields(self, form):
        for name, permission in self.field_permissions.items():
            if name in form and not has_permission(current_user, permission):
                del form[name]
        scope_form(form)
        return form

    def create_form(self, obj=None):
        return self.form_in_words(self._permitted_fields(super().create_form(obj)))

    def edit_form(self, obj=None):
        return self.form_in_words(self._permitted_fields(super().edit_form(obj)))

    def build_new_instance(self):
        obj = super().build_new_instance()
        obj.org_id = org_id()
        return obj

    # --- saving: one transaction, audited -------------------------------------------------
    def save_model(self, form, obj, is_created: bool):
        """Put the form into the row. Views with rules override this to call them."""
        form.populate_obj(obj)
        db.session.add(obj)

    def _save(self, form, obj, is_created: bool):
        before = None if is_created else audit.snapshot(obj)

        def save():
            saved = self.save_model(form, obj, is_created) or obj
            db.session.flush()
            if self.audit_saves:
                action = "create" if is_created else "update"
                audit.record(db.session, current_user,
                             f"{self.model.__name__.lower()}.{action}", saved, before=before)
            return saved
        token = form.token.data if "token" in form else None
        outcome = run(save, token=token, action=f"{self.endpoint}.save")
        return outcome.result if outcome.ok else False

    def create_model(self, form):
        return self._save(form, self.build_new_instance(), True)

    def update_model(self, form, model):
        return bool(self._save(form, model, False))

    def delete_model(self, model):
        """Delete one row, or refuse naming what uses it (rules/core/usage.py)."""
        return run(lambda: self.delete_rule(model)).ok

    def delete_rule(self, row):
        usage.delete_row(db.session, current_user, row)

    # --- export ------------------------------------------------------------------------------
    EXPORT_BATCH = 1000

    def _export_data(self):
        """The export's rows as a query read in batches, never a list of every row."""
        args = self._get_list_extra_args()
        sort = self._get_column_by_idx(args.sort)
        _, query = self.get_list(0, sort[0] if sort else None, args.sort_desc, args.search,
                                 args.filters, execute=False,
                                 page_size=self.export_max_rows)
        return None, query.yield_per(self.EXPORT_BATCH)

    def export_tuples(self, query):
        """A list may export from plain tuples instead of its rows' objects: (the list's
        query narrowed to the columns the export needs, a function of one tuple giving
        its cells). None: export from the objects (prepare_rows, formatters)."""
        return None

    def _export_rows(self):
        _, rows = self._export_data()
        fast = self.export_tuples(rows)
        if fast is None:
            yield from self._export_object_rows(rows)
            return
        query, cells = fast
        yield from map(cells, query.yield_per(self.EXPORT_BATCH))

    def _export_object_rows(self, rows):
        cells = export_cells.getters(self, [name for name, _ in self._export_columns])
        rows = iter(rows)
        while batch := list(islice(rows, self.EXPORT_BATCH)):
            self.prepare_rows(batch)
            yield from ([cell(row) for cell in cells] for row in batch)

    def get_export_name(self, export_type: str = "csv") -> str:
        """The list's name and the time on the shop's clock (Flask-Admin's is the
        server's)."""
        now = clock.wall_clock(db.session, current_user.org_id)
        return f"{self.name}_{now:%Y-%m-%d_%H-%M-%S}.{export_type}"

    def _export_file(self, kind):
        name = self.get_export_name(export_type=kind).rsplit(".", 1)[0]
        return exporting.respond(name, kind, self.export_header(), self._export_rows,
                                 self.EXPORT_BATCH)

    def export_header(self) -> list[str]:
        """The columns' names in the reader's language, amounts with their currency."""
        return [self.get_column_name(c) for c, _ in self._export_columns]

    def _export_csv(self, return_url):
        # a list exporting plain tuples streams a million rows within seconds
        if not self._exports_tuples() and self._export_is_large("CSV_INLINE_ROWS"):
            return background_export(self, "csv")
        return self._export_file("csv")

    def _exports_tuples(self) -> bool:
        return self.export_tuples(self._export_data()[1]) is not None

    def _export_tablib(self, export_type, return_url):
        if export_type == "xlsx" and self._export_is_large("EXCEL_INLINE_ROWS"):
            return background_export(self, "xlsx")
        return self._export_file(export_type)

    def _export_is_large(self, setting: str) -> bool:
        """More rows than a request should export (the file is made by a job)."""
        limit = current_app.config[setting]
        _, rows = self._export_data()
        first = rows.enable_eagerloads(False).with_entities(literal(1)).limit(limit + 1)
        return len(first.all()) > limit


class ReadOnlyView(SecureModelView):
    """A list of what rules write (ledger, movements, audit): read, never edited."""
    can_create = False
    can_edit = False
    can_delete = False
