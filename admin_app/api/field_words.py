"""The words of a 400 in the caller's language (SPEC S10): marshmallow writes each
field's problem in English as it validates ("Length must be between 1 and 80."), so
they are put into words when the problem is answered. A message is matched against the
templates marshmallow fills (their values read back out of it) or taken as a fixed text
of the catalog; anything else stays as written."""
import re

from ..rules.core.messages import word
from ..rules.core.messages._marker import _

# what marshmallow (and our own schemas) write, with its placeholders
TEMPLATES = (
    _("Missing data for required field."), _("Field may not be null."), _("Invalid value."),
    _("Not a valid string."), _("Not a valid utf-8 string."), _("Not a valid integer."),
    _("Not a valid number."), _("Number too large."), _("Not a valid boolean."),
    _("Not a valid datetime."), _("Not a valid date."), _("Not a valid list."),
    _("Invalid type."), _("Not a valid mapping type."), _("Not a valid email address."),
    _("Not a valid URL."), _("Invalid input type."), _("Unknown field."),
    _("Not a valid naive datetime."), _("Not a valid aware datetime."),
    _('"{input}" cannot be formatted as a datetime.'),
    _('"{input}" cannot be formatted as a date.'),
    _("Shorter than minimum length {min}."), _("Longer than maximum length {max}."),
    _("Length must be between {min} and {max}."), _("Length must be {equal}."),
    _("Must be greater than or equal to {min} and less than or equal to {max}."),
    _("Must be greater than or equal to {min}."), _("Must be less than or equal to {max}."),
    _("Must be one of: {choices}."), _("String does not match expected pattern."),
    _("Not a date and time this calendar holds."),
    _("Give a date between the years 2000 and 2100."),
    _("Write an amount with digits and at most one point: 150.50"),
    _("Write an amount: 25.00 or -10.00"),
    _("Validation error"),
)


def _pattern(template: str) -> re.Pattern:
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.*?)"
                    for i, p in enumerate(parts))
    return re.compile(regex + r"\Z", re.S)


_MATCHERS = [(t, _pattern(t)) for t in TEMPLATES if "{" in t]
_FIXED = frozenset(t for t in TEMPLATES if "{" not in t)


def in_words(message: str) -> str:
    """One message in the reader's language."""
    if message in _FIXED:
        return word(message)
    for template, pattern in _MATCHERS:
        found = pattern.match(message)
        if found:
            return word(template).format(**found.groupdict())
    return message


def all_in_words(errors):
    """marshmallow's nested {location: {field: [messages] or {...}}} put into words."""
    if isinstance(errors, dict):
        return {key: all_in_words(value) for key, value in errors.items()}
    if isinstance(errors, list):
        return [all_in_words(value) for value in errors]
    return in_words(errors) if isinstance(errors, str) else errors
