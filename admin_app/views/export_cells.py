"""The cells of a list's export, decided once per column, not once per cell: whether a
column is an amount (a number in the file), its export formatter or plain value, its
choices, and a type formatter looked up once per value type. Flask-Admin decides all of
it again for every cell; at a million rows that was most of an export's time."""
from operator import attrgetter
from typing import Callable

from markupsafe import Markup

from ..money import Money


def getters(view, names) -> list[Callable]:
    by_type: dict[type, Callable | None] = {}

    def type_formatter(kind: type):
        if kind not in by_type:
            by_type[kind] = next((f for t, f in view.column_type_formatters_export.items()
                                  if issubclass(kind, t)), None)
        return by_type[kind]
    return [_getter(view, name, type_formatter) for name in names]


def _getter(view, name: str, type_formatter) -> Callable:
    column = getattr(view.model, name, None) if isinstance(name, str) else None
    if isinstance(getattr(column, "type", None), Money):
        return attrgetter(name)  # amounts as numbers, not the list's formatted text
    formatter = view.column_formatters_export.get(name)
    choices = view._column_choices_map.get(name, {})

    def cell(model):
        value = formatter(view, None, model, name) if formatter is not None \
            else view._get_field_value(model, name)
        if choices:
            return choices.get(value) or value
        shown = type_formatter(type(value))
        if shown is not None:
            value = shown(view, value, name)
        # plain text: a list's markup (a link, a marker) never goes into a cell
        return value.striptags() if isinstance(value, Markup) else value
    return cell

