"""The one place that does login, organization scope, permissions and transactions.

Every admin view derives from SecureModelView or SecureView, so none can forget:
- anonymous users go to the login page;
- a user without the view's permission gets 403, for every endpoint of the view;
- every query, count, single-row lookup, ajax lookup, export and action only sees the
  user's organization; another organization's row answers 404;
- a RuleError rolls the transaction back and is shown as the message it carries.
"""
import csv
import json
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask import (Response, abort, flash, redirect, request, stream_with_context,
                   url_for)
from flask_admin import BaseView, expose
from flask_admin.contrib.sqla import ModelView
from flask_admin.contrib.sqla.ajax import QueryAjaxModelLoader
from flask_admin.contrib.sqla.form import AdminModelConverter
from flask_admin.model import typefmt
from flask_admin.model.form import converts
from flask_admin.helpers import get_redirect_target
from flask_admin.model.template import BaseListRowAction
from markupsafe import Markup, escape
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.utils import secure_filename
from wtforms import fields, validators

from . import search as search_mod
from .listing import ROW_FORM, ListMixin
from ..extensions import db
from ..money import MAX_AMOUNT
from ..rules.core import audit
from ..rules.core.errors import AlreadySubmitted, RuleError
from ..rules.core.permissions import has_permission

MAX_QUANTITY = 1_000_000
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\x00")


def escape_formula(value):
    """Spreadsheet programs run cells starting with = + - @ as formulas.

    Numbers and dates stay as they are (a negative amount is a number, not a formula);
    everything else is exported as its text, escaped.
    """
    if value is None or isinstance(value, (int, Decimal, date, datetime)):
        return value
    value = str(value)
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def org_id() -> int:
    return current_user.org_id


def get_or_404(model, id_):
    """A row of the user's organization, or 404 (never another organization's data)."""
    try:
        pk = int(id_)
    except (TypeError, ValueError):
        abort(404)
    obj = db.session.get(model, pk)
    if obj is None or obj.org_id != org_id():
        abort(404)
    return obj


def commit_rule(action, done=None) -> bool:
    """One action, one transaction: run the rule call, commit and say `done` (a text, or
    a function of the result); or roll back and show the refusal."""
    try:
        result = action()
        db.session.commit()
    except RuleError as exc:
        db.session.rollback()
        flash(exc.message, "warning" if isinstance(exc, AlreadySubmitted) else "error")
        return False
    if done:
        flash(done(result) if callable(done) else done, "success")
    return True


def preview_or_confirm(token, preview, ready, confirm, replay_url):
    """The two-step money forms: show what will be posted, then post it, once.
    confirm(preview) posts; ready(preview) says whether the user saw what they confirm.

    Returns (response, preview): a response when the form was confirmed or replayed,
    else the preview to show (None after a refusal, whose message is flashed)."""
    from ..rules.core import idempotency
    try:
        idempotency.check_unused(db.session, org_id(), token)
        result = preview()
        if request.form.get("step") == "confirm" and ready(result):
            return confirm(result), result
    except AlreadySubmitted as exc:
        db.session.rollback()
        flash(exc.message, "warning")
        return redirect(replay_url), None
    except RuleError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return None, None
    return None, result


def scoped(query, model):
    return query.filter(model.org_id == org_id()) if hasattr(model, "org_id") else query


class MoneyField(fields.DecimalField):
    """A Decimal amount; refuses NaN/Infinity instead of failing later."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("places", 2)
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if isinstance(self.data, Decimal) and not self.data.is_finite():
            self.data = None
            raise ValueError("Enter an amount, such as 12.50.")


def money_range(minimum=Decimal("0")):
    return validators.NumberRange(
        min=minimum, max=MAX_AMOUNT,
        message=f"Enter an amount between {minimum} and {MAX_AMOUNT:,}.",
    )


def quantity_range(minimum=0, maximum=MAX_QUANTITY):
    return validators.NumberRange(
        min=minimum, max=maximum,
        message=f"Enter a whole number between {minimum} and {maximum:,}.",
    )


def known_choice(form, field):
    """An id that matches no row is an error, not a silent blank."""
    raw = [v for v in (field.raw_data or []) if v not in ("", "__None")]
    data = field.data  # computing it also flags unknown ids on multiple selects
    if (raw and data is None) or getattr(field, "_invalid_formdata", False):
        raise validators.StopValidation("Not a valid choice: pick one from the list.")


class Converter(AdminModelConverter):
    """Money columns become bounded Decimal fields; integers get sane bounds;
    relation selects refuse ids that match nothing."""

    def _model_select_field(self, prop, multiple, remote_model, **kwargs):
        kwargs["validators"] = [known_choice, *kwargs.get("validators", [])]
        return super()._model_select_field(prop, multiple, remote_model, **kwargs)

    @converts("Money")
    def conv_money(self, field_args, **extra):
        field_args["validators"].append(money_range())
        return MoneyField(**field_args)

    @converts("Integer", "BigInteger", "SmallInteger")
    def handle_integer_types(self, field_args, **extra):
        field_args["validators"].append(quantity_range())
        return fields.IntegerField(**field_args)


class ScopedAjaxLoader(QueryAjaxModelLoader):
    """Ajax lookups (select2 search boxes) see only the user's organization."""

    def get_query(self):
        return scoped(super().get_query(), self.model)

    def get_one(self, pk):
        try:
            pk = int(pk)
        except (TypeError, ValueError):
            return None
        obj = super().get_one(pk)
        if obj is not None and getattr(obj, "org_id", org_id()) != org_id():
            return None
        return obj


def ajax_ref(model, *fields_, **options):
    """A scoped loader for form_ajax_refs, also in inline forms."""
    options.setdefault("placeholder", "Type to search by " + " or ".join(fields_))
    return ScopedAjaxLoader(model.__tablename__, db, model, fields=list(fields_),
                            page_size=20, **options)


def _scope_form(form):
    """Restrict every relation select of a form (and its inline forms) to the org."""
    for field in form:
        factory = getattr(field, "query_factory", None)
        if factory is not None and not getattr(factory, "_org_scoped", False):
            def scoped_factory(factory=factory):
                query = factory()
                return scoped(query, query.column_descriptions[0]["entity"])
            scoped_factory._org_scoped = True
            field.query_factory = scoped_factory
            field.query = None
        for sub in getattr(field, "entries", ()):
            inner = getattr(sub, "form", None)
            if inner is not None:
                _scope_form(inner)


class AccessMixin:
    """Login and permission for every endpoint of a view."""

    # The user needs any one of these (the main account has all).
    permissions: tuple[str, ...] = ()
    # Pages every signed-in user has (their own account), still scoped and CSRF-checked.
    open_to_every_user = False
    # Endpoints that need more than the view: {method name: permissions, any one}.
    endpoint_permissions: dict[str, tuple[str, ...]] = {}

    def user_allowed(self) -> bool:
        if self.open_to_every_user:
            return current_user.is_authenticated
        return current_user.is_authenticated and any(
            has_permission(current_user, p) for p in self.permissions
        )

    def is_accessible(self):
        return current_user.is_authenticated

    def is_visible(self):
        return self.user_allowed()

    def inaccessible_callback(self, name, **kwargs):
        return redirect(url_for("auth.login", next=request.full_path))

    def _handle_view(self, name, **kwargs):
        if not current_user.is_authenticated:
            return self.inaccessible_callback(name, **kwargs)
        if not self.user_allowed():
            abort(403)
        needed = self.endpoint_permissions.get(name)
        if needed and not any(has_permission(current_user, p) for p in needed):
            abort(403)
        return None

    def may(self, permission: str) -> bool:
        """For templates: show a button only to those the endpoint will accept."""
        return has_permission(current_user, permission)


class SecureView(AccessMixin, BaseView):
    """A custom page (form, report) behind login, org and permission."""


def _format_datetime(view, value, name=None):
    return value.strftime("%Y-%m-%d %H:%M")


TYPE_FORMATTERS = {**typefmt.BASE_FORMATTERS, datetime: _format_datetime}
EXPORT_TYPE_FORMATTERS = {**typefmt.EXPORT_FORMATTERS, datetime: _format_datetime}


class SecureModelView(AccessMixin, ListMixin, ModelView):
    model_form_converter = Converter
    column_type_formatters = TYPE_FORMATTERS
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

    # --- scope and loading ---------------------------------------------------------
    _collection_loads: tuple = ()
    _label_loads: tuple = ()

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
                load = load.load_only(*(getattr(target, c) for c in target.label_columns))
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

    def get_one(self, id):
        return get_or_404(self.model, id)

    def get_scoped_rows(self, ids) -> list:
        """Rows for an action; any id outside the organization answers 404."""
        rows = [self.get_one(i) for i in ids]
        return rows

    def _create_ajax_loader(self, name, options):
        attr = getattr(self.model, name)
        return ScopedAjaxLoader(name, db, attr.prop.mapper.class_, **options)

    # When set, the edit form keeps only these fields (the rest are fixed at creation).
    form_edit_columns: tuple[str, ...] | None = None

    def get_edit_form(self):
        form_class = super().get_edit_form()
        if self.form_edit_columns is not None:
            for name in [n for n, f in vars(form_class).items()
                         if hasattr(f, "field_class") and n not in self.form_edit_columns]:
                delattr(form_class, name)
        return form_class

    # Fields that need a permission beyond the view's: {field: permission}. A user
    # without it does not get the field (and the rule behind it checks again).
    field_permissions: dict[str, str] = {}

    def _permitted_fields(self, form):
        for name, permission in self.field_permissions.items():
            if name in form and not has_permission(current_user, permission):
                del form[name]
        _scope_form(form)
        return form

    def create_form(self, obj=None):
        return self._permitted_fields(super().create_form(obj))

    def edit_form(self, obj=None):
        return self._permitted_fields(super().edit_form(obj))

    @expose("/action/", methods=("POST",))
    def action_view(self):
        """The bulk actions' form, and a single row's button (`row_action=name:id`)."""
        name, ids = request.form.get("action"), request.form.getlist("rowid")
        if "row_action" in request.form:
            name, _, row_id = request.form["row_action"].partition(":")
            ids = [row_id]
        # Refuse the whole request if any id belongs elsewhere, before any handler.
        self.get_scoped_rows(ids)
        form = self.action_form()
        if not self.validate_form(form):
            flash("The form has expired: reload the page and try again.", "error")
        else:
            handler = self._actions_data.get(name)
            if handler and self.is_action_allowed(name):
                response = handler[0](ids)
                if response is not None:
                    return response
        return redirect(get_redirect_target() or self.get_url(".index_view"))

    def build_new_instance(self):
        obj = super().build_new_instance()
        obj.org_id = org_id()
        return obj

    # --- saving: one transaction, audited ------------------------------------------
    audit_saves = True  # False where save_model calls a rule that audits itself

    def save_model(self, form, obj, is_created: bool):
        """Put the form into the row. Views with rules override this to call them."""
        form.populate_obj(obj)
        db.session.add(obj)

    def _save(self, form, obj, is_created: bool):
        before = None if is_created else audit.snapshot(obj)
        try:
            obj = self.save_model(form, obj, is_created) or obj
            db.session.flush()
            if self.audit_saves:
                action = "create" if is_created else "update"
                audit.record(db.session, current_user,
                             f"{self.model.__name__.lower()}.{action}", obj, before=before)
            db.session.commit()
        except RuleError as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return False
        except IntegrityError:
            db.session.rollback()
            flash("This would duplicate an existing record (a name, code or number "
                  "must be unique) or refer to a missing one. Nothing was saved.", "error")
            return False
        return obj

    def create_model(self, form):
        return self._save(form, self.build_new_instance(), True)

    def update_model(self, form, model):
        return bool(self._save(form, model, False))

    def delete_model(self, model):
        before = audit.snapshot(model)
        try:
            audit.record(db.session, current_user, f"{self.model.__name__.lower()}.delete",
                         model, before=before, after={})
            db.session.delete(model)
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            flash(f"{model} is used by other records and cannot be deleted.", "error")
            return False
        return True

    # --- actions -------------------------------------------------------------------
    def run_rule_on_rows(self, ids, rule, done_message: str):
        """Apply `rule(row)` to every selected row in one transaction: all or nothing."""
        rows = self.get_scoped_rows(ids)
        errors = []
        for row in rows:
            try:
                rule(row)
            except RuleError as exc:
                errors.append(exc.message)
        if errors:
            db.session.rollback()
            for message in errors:
                flash(message, "error")
            flash("Nothing was changed.", "error")
            return
        db.session.commit()
        flash(done_message.format(count=len(rows)), "success")

    # --- export --------------------------------------------------------------------
    EXPORT_BATCH = 1000

    def _export_data(self):
        """The export's rows as a query read in batches, never a list of every row."""
        args = self._get_list_extra_args()
        sort = self._get_column_by_idx(args.sort)
        _, query = self.get_list(0, sort[0] if sort else None, args.sort_desc, args.search,
                                 args.filters, execute=False,
                                 page_size=self.export_max_rows)
        return None, query.yield_per(self.EXPORT_BATCH)

    def get_export_value(self, model, name):
        return escape_formula(super().get_export_value(model, name))

    def _export_csv(self, return_url):
        """Streamed CSV: one chunk per batch of rows (not one per row), so a million
        rows cost a thousand writes to the socket; memory stays at one batch."""
        _, rows = self._export_data()
        columns = [name for name, _ in self._export_columns]
        writer = csv.writer(_Echo())

        def generate():
            yield writer.writerow([title for _, title in self._export_columns])
            chunk = []
            for row in rows:
                chunk.append(writer.writerow(
                    [self.get_export_value(row, name) for name in columns]))
                if len(chunk) == self.EXPORT_BATCH:
                    yield "".join(chunk)
                    chunk = []
            yield "".join(chunk)

        name = secure_filename(self.get_export_name(export_type="csv"))
        return Response(stream_with_context(generate()), mimetype="text/csv",
                        headers={"Content-Disposition": f"attachment;filename={name}"})


class _Echo:
    def write(self, value):
        return value


def parse_decimal(text: str, field: str) -> Decimal:
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, AttributeError):
        raise RuleError(f"{field}: enter a number, such as 12.50.")
    if not value.is_finite():
        raise RuleError(f"{field}: enter a number, such as 12.50.")
    return value


class PostRowAction(BaseListRowAction):
    """A row button that POSTs a Flask-Admin action for one row (with CSRF).

    Display only: the action handler checks permission, organization and state again.
    """

    def __init__(self, action_name: str, title: str, visible=None, confirm: str = "",
                 link=None):
        super().__init__(title=title)
        self.action_name = action_name
        self.visible = visible
        self.confirm = confirm
        self.link = link  # link(row_id, row) -> URL: a GET link to a page instead
        # The parts of the button that do not change from row to row, escaped once.
        self._title = escape(title)
        self._submit = (f'<button type="submit" form="{ROW_FORM}" class="btn btn-sm '
                        f'btn-outline-primary row-action" name="row_action" '
                        f'value="{escape(action_name)}:')
        self._confirm = (f' onclick="return faHelpers.safeConfirm('
                         f'{escape(json.dumps(confirm))});"' if confirm else "")

    def render(self, context, row_id, row):
        return Markup(self.button(escape(row_id), row))

    def button(self, row_id, row) -> str:
        """The row's button as HTML (row_id already escaped): a link, or a submit of the
        page's one shared row form."""
        if self.visible is not None and not self.visible(row):
            return ""
        if self.link:
            return (f'<a class="btn btn-sm btn-outline-primary row-action" '
                    f'href="{escape(self.link(row_id, row))}">{self._title}</a>')
        return f"{self._submit}{row_id}\"{self._confirm}>{self._title}</button>"
