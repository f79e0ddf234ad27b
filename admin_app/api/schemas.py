"""What every resource shares in the OpenAPI document: the list query, the page
wrapper, the problem body, money and instants as strings."""
from apiflask import Schema
from apiflask.fields import DateTime, Dict, Integer, List, Nested, String
from marshmallow import ValidationError
from apiflask.validators import Length, Range, Regexp

from .paging import MAX_LIMIT


# What any operation may answer besides success and 401: bad input, not permitted, not
# found or not yours, a state conflict, a rule's refusal, too many calls
ERRORS = [400, 403, 404, 409, 422, 429]


MAX_ID = 2**31 - 1  # the largest id an INTEGER column holds (PostgreSQL refuses more)


def Id(**kwargs):  # noqa: N802 (a field factory, read like a field class)
    """A row's id sent in a body or a query (a larger number is refused as bad input,
    not sent to the database)."""
    return Integer(validate=Range(min=1, max=MAX_ID), **kwargs)


class ListQuery(Schema):
    cursor = String(load_default=None, validate=Length(max=40), metadata={
        "description": "The `next` of the page before; none for the first page."})
    limit = Integer(load_default=50, validate=Range(min=1, max=MAX_LIMIT))


ROWS: dict[str, str] = {}  # a page's row schema -> the schema it copies (api/spec.py)


def row_of(item: type[Schema]) -> type[Schema]:
    """`item` to nest in another schema (see page_of)."""
    name = f"{item.__name__}Row"
    if name not in _ROW_CLASSES:
        _ROW_CLASSES[name] = type(name, (item,), {})
        ROWS[name] = item.__name__
    return _ROW_CLASSES[name]


_ROW_CLASSES: dict[str, type[Schema]] = {}


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """A page of `item`: its rows, newest first, and the cursor of the next page. The
    rows nest a subclass: apispec would register `item` itself once for the page and
    again for the routes that answer one (a warning); spec.py folds the copy back."""
    return Schema.from_dict({
        "data": List(Nested(row_of(item)), required=True),
        "next": String(allow_none=True, required=True, metadata={
            "description": "Pass as `cursor` for the next page; null on the last."}),
    }, name=name)


class Problem(Schema):
    """RFC 9457 problem details, with the core's refusal code."""
    type = String(required=True)
    title = String(required=True)
    status = Integer(required=True)
    code = String(required=True, metadata={
        "description": "Stable: the rule that refused (`refund.refund_amount_most_refunded`)."})
    detail = String(required=True, metadata={"description": "In the caller's language."})
    request_id = String(required=True)
    params = Dict(metadata={"description": "The values that explain the refusal."})
    field = String(metadata={"description": "The input field the refusal is about."})
    errors = Dict(metadata={"description": "Each invalid input field (400)."})


def Money(**kwargs):  # noqa: N802 (a field factory, read like a field class)
    metadata = {"description": "An amount with the currency's decimals, as a string "
                "(\"125000\" VND, \"150.50\" PHP)", "example": "150.50",
                **kwargs.pop("metadata", {})}
    return String(metadata=metadata, **kwargs)


def Instant(**kwargs):  # noqa: N802
    return String(metadata={"format": "date-time", "description": "ISO 8601 with the "
                            "organization's offset"}, **kwargs)


def Amount(**kwargs):  # noqa: N802
    """An amount sent: digits with at most the currency's decimals (checked by the
    rule), as a string so no float ever rounds it."""
    metadata = {"description": "An amount as a string: \"150.50\"", "example": "150.50",
                **kwargs.pop("metadata", {})}
    return String(validate=Regexp(r"^[0-9]{1,13}(\.[0-9]{1,6})?$", error=(
        "Write an amount with digits and at most one point: 150.50")),
        metadata=metadata, **kwargs)


class When(DateTime):
    """A date and time sent; one the calendar cannot hold with its offset (year 1 at
    +01:00) or outside this century is bad input, not an overflow."""

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            at = super()._deserialize(value, attr, data, **kwargs)
        except (OverflowError, ValueError):
            raise ValidationError("Not a date and time this calendar holds.") from None
        if not 2000 <= at.year <= 2100:
            raise ValidationError("Give a date between the years 2000 and 2100.")
        return at
