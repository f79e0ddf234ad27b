"""The words of model lists in the reader's language (issue 24): column names, filters,
bulk actions, row buttons, form labels and help, the search box.

Flask-Admin names columns, filters and actions once, at start, in English; they are
looked up in the catalog when a page is drawn. Those names are not in the code as
literals pybabel can find (a column's name is made from its field), so `view_words`
lists them from the registered views and scripts/i18n adds them to the catalogs."""
from collections import OrderedDict

from flask_admin.form import BaseForm
from flask_babel import lazy_gettext

from ..app_form import CatalogWords
from ..language_now import language_now
from ..rules.aftersales.kinds import EVENTS
from ..rules.core.messages import Labels, word
from ..rules.core.messages._marker import _


class WordsMixin:
    """For SecureModelView: what Flask-Admin names at start, named per request."""

    def _refresh_cache(self):
        super()._refresh_cache()
        # a code column's shown values and the headers' hints, read in the reader's
        # language (Labels translate on every read)
        self._column_choices_map = {name: Labels(choices) for name, choices
                                    in (self._column_choices_map or {}).items()}
        self.column_descriptions = Labels(self.column_descriptions or {})

    def base_column_name(self, field: str) -> str:
        """The column's English name (column_labels, else made from the field)."""
        if self.column_labels and field in self.column_labels:
            return str(self.column_labels[field])
        return self._prettify_name(field.rsplit(".", 1)[-1] if "." in field else field)

    def _get_filter_groups(self):
        # Flask-Admin reads its filters' options once, at start: in words, they are the
        # same for every page in one language (every list page asks for them)
        cache = self.__dict__.setdefault("_filter_groups_in_words", {})
        language = language_now()
        if language not in cache:
            groups = super()._get_filter_groups()
            cache[language] = groups and OrderedDict(
                (word(name), [_filter_in_words(f) for f in filters])
                for name, filters in groups.items())
        return cache[language]

    def get_actions_list(self):
        actions, confirmations = super().get_actions_list()
        return ([(name, word(str(text))) for name, text in actions],
                {name: word(str(text)) for name, text in confirmations.items()})

    def get_create_form(self):
        return lazy_labels(super().get_create_form())

    def get_edit_form(self):
        return lazy_labels(super().get_edit_form())

    def search_placeholder(self):
        if not self.column_searchable_list:
            return None
        return ", ".join(word(self.base_column_name(_key(c)))
                         for c in self.column_searchable_list)

    def form_in_words(self, form):
        _fields_in_words(form)
        return form


def _fields_in_words(form) -> None:
    """Choices and blank choices of a form's fields, and of the forms inside it (an
    order's lines); labels and help are looked up when drawn (lazy_labels)."""
    for field in form:
        if getattr(field, "blank_text", None) == "":  # else WTForms shows "__None"
            field.blank_text = "—"
        if isinstance(getattr(field, "choices", None), list):
            field.choices = [(c[0], word(c[1]), *c[2:]) if isinstance(c, tuple) else c
                             for c in field.choices]
        for inner in [*getattr(field, "entries", ()), getattr(field, "template", None)]:
            if hasattr(inner, "form"):
                _fields_in_words(inner.form)


def lazy_labels(form_class, seen=None):
    """The form's labels and help looked up when drawn, in its inline rows too (Flask-
    Admin binds an inline list's blank row afresh for each page)."""
    seen = set() if seen is None else seen
    if form_class in seen:
        return form_class
    seen.add(form_class)
    for name in dir(form_class):
        unbound = getattr(form_class, name, None)
        kwargs = getattr(unbound, "kwargs", None)
        if not isinstance(kwargs, dict) or not hasattr(unbound, "field_class"):
            continue
        if unbound.args and isinstance(unbound.args[0], str):  # Field("Label", ...)
            unbound.args = (lazy_gettext(unbound.args[0]), *unbound.args[1:])
        elif not unbound.args:
            label = kwargs.get("label") or name.replace("_", " ").title()
            if isinstance(label, str):
                kwargs["label"] = lazy_gettext(label)
        if isinstance(kwargs.get("description"), str) and kwargs["description"]:
            kwargs["description"] = lazy_gettext(kwargs["description"])
        for inner in unbound.args:
            if isinstance(inner, type) and hasattr(inner, "_unbound_fields"):
                lazy_labels(inner, seen)
    return form_class


# WTForms' own messages a person meets on our forms, read from our catalogs (Flask-Admin
# looks them up in WTForms' catalogs, which have no Thai, Malay, Indonesian or Vietnamese)
WTFORMS_MESSAGES = (
    _("This field is required."), _("Not a valid datetime value."),
    _("Not a valid date value."), _("Not a valid time value."),
    _("Not a valid decimal value."), _("Not a valid float value."),
    _("Not a valid integer value."), _("Not a valid choice."),
    _("Invalid Choice: could not coerce."),
    _("Invalid choice(s): one or more data inputs could not be coerced."),
    _("Invalid email address."), _("Invalid input."),
    _("Field must be between %(min)d and %(max)d characters long."),
    _("Number must be between %(min)s and %(max)s."), _("Number must be at least %(min)s."),
    _("Number must be at most %(max)s."))


class WordsForm(BaseForm):
    """The views' forms: WTForms' messages in the reader's language."""

    class Meta(BaseForm.Meta):
        def get_translations(self, form):
            return CatalogWords()


def _key(searchable) -> str:
    return searchable if isinstance(searchable, str) else searchable.key


def _filter_in_words(flt: dict) -> dict:
    if not flt.get("options"):
        return flt
    return {**flt, "options": [(value, word(label)) for value, label in flt["options"]]}


# --- what scripts/i18n adds to the catalogs ------------------------------------------------
def view_words(app) -> set[str]:
    """Every name the registered views show that is not a literal in the code."""
    found: set[str] = set()
    with app.test_request_context():
        for view in app.extensions["admin"][0]._views:
            if isinstance(view, WordsMixin):
                found |= _model_view_words(view)
            if hasattr(view, "extra_words"):
                found |= view.extra_words()
    for labels in Labels.ALL:
        found |= {labels.english(code) for code in labels}
    for event in EVENTS.values():
        found |= {event.label, event.confirm}
    return {w for w in found if w and any(c.isalpha() for c in w)}


def _model_view_words(view) -> set[str]:
    fields = [c for c, _ in view.get_list_columns() + view.get_details_columns()
              + view.get_export_columns()]
    fields += [_key(c) for c in view.column_searchable_list or ()]
    found = {view.base_column_name(f) for f in fields if isinstance(f, str)}
    for flt in view._filters or ():
        found.add(str(flt.name))
        found |= {str(label) for _value, label in (flt.get_options(view) or ())}
    for _handler, text, confirmation in view._actions_data.values():
        found |= {str(text), str(confirmation or "")}
    for action in view.column_extra_row_actions or ():
        found |= {str(getattr(action, "title", "") or ""), getattr(action, "confirm", "")}
    for form_class in (view._create_form_class, view._edit_form_class):
        found |= _form_words(form_class)
    if hasattr(view, "tab_labels"):
        found |= set(map(str, view.tab_labels().values()))
    return found


def _form_words(form_class) -> set[str]:
    found = set()
    for name in dir(form_class):
        unbound = getattr(form_class, name, None)
        kwargs = getattr(unbound, "kwargs", None)
        if not isinstance(kwargs, dict) or not hasattr(unbound, "field_class"):
            continue
        label = kwargs.get("label") or next(
            (a for a in unbound.args if isinstance(a, str)), None)
        found.add(str(label) if label else name.replace("_", " ").title())
        if kwargs.get("description"):  # text, or text looked up when drawn
            found.add(str(kwargs["description"]))
        for choice in kwargs.get("choices") or ():
            if isinstance(choice, tuple) and isinstance(choice[1], str):
                found.add(choice[1])
        for inner in unbound.args:  # an inline list's row form
            if isinstance(inner, type) and hasattr(inner, "_unbound_fields"):
                found |= _form_words(inner)
    return found
