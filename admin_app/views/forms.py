"""Form fields and converters shared by every page: amounts and quantities that accept
only plain ASCII numbers, relation selects limited to the organization, one-time
tokens."""
import re
import secrets
from dataclasses import dataclass
from decimal import Decimal

from flask import request
from flask_login import current_user
from flask_admin.contrib.sqla.ajax import QueryAjaxModelLoader
from flask_admin.contrib.sqla.form import AdminModelConverter
from flask_admin.model.form import converts
from flask_admin.form import DatePickerWidget
from sqlalchemy import or_
from wtforms import HiddenField, fields, validators

from flask_babel import gettext, lazy_gettext as _l
from .date_fields import LocalDateField
from .words import word
from ..rules.core.messages._marker import _

from .access import find, scoped
from ..extensions import db
from ..money import fmt, MAX_AMOUNT
from ..rules.core import currency
from ..rules.core.errors import RuleError

MAX_QUANTITY = 1_000_000
# Plain ASCII numbers only: Python's Decimal and int also read "١٢٣", "1_000" and
# " 12 ", which a person did not mean as an amount.
AMOUNT = re.compile(r"^-?[0-9]{1,15}(\.[0-9]{1,2})?$")
WHOLE = re.compile(r"^-?[0-9]{1,15}$")
RATE = re.compile(r"^[0-9]{1,15}(\.[0-9]{1,6})?$")


@dataclass(frozen=True)
class NumberKind:
    pattern: re.Pattern
    convert: type
    wrong: str     # what the refusal says the text is not, and an example
    places: int = 2  # the decimals a Decimal may have
    # an amount of the organization's currency, typed the reader's way ("1.234,50");
    # a rate is not money: its point or comma is its decimal point, never a group
    money: bool = True

    def read(self, text):
        """The number typed (blank: None); ValueError when it is not one."""
        text = (text or "").strip()
        if not text:
            return None
        if self.convert is Decimal and self.money:  # as the reader's language writes amounts
            try:
                text = currency.plain(text)
            except RuleError as exc:
                raise ValueError(exc.message) from None
        elif self.convert is Decimal and text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        if not self.pattern.match(text):
            raise ValueError(self._why_not(text))
        return self.convert(text)

    def _why_not(self, text: str) -> str:
        """What is wrong with a number that is not one we take: too large, too many
        decimals, or not a number at all."""
        whole, _, decimals = text.lstrip("-").partition(".")
        if re.fullmatch(r"[0-9]+", whole or "x") and re.fullmatch(r"[0-9]*", decimals):
            if len(whole) > 15:
                if self.convert is Decimal:
                    return gettext("%(value)s is too large (at most %(max)s)",
                                   value=repr(text[:20]), max=fmt(MAX_AMOUNT))
                return gettext("%(value)s is too large", value=repr(text[:20]))
            if self.convert is Decimal and len(decimals) > self.places:
                return gettext("%(value)s has more than %(places)s decimals",
                               value=repr(text[:20]), places=self.places)
        what = gettext("an amount; enter one such as %(example)s", example=fmt(
            currency.example())) if self.convert is Decimal and not self.wrong \
            else word(self.wrong)
        return gettext("%(value)s is not %(what)s", value=repr(text[:20]), what=what)


# an amount's refusal shows an example in the reader's currency (_why_not)
AN_AMOUNT = NumberKind(AMOUNT, Decimal, "")
A_WHOLE_NUMBER = NumberKind(WHOLE, int, _("a whole number; enter one such as 3"))
A_RATE = NumberKind(RATE, Decimal, _("a rate; enter one such as 0.001"), places=6,
                    money=False)


def _parse(kind: NumberKind, text, label: str, maximum):
    try:
        value = kind.read(text)
    except ValueError as exc:
        raise RuleError('form.refused', {'label': label, 'exc': exc}) from None
    if value is not None and abs(value) > maximum:
        raise RuleError('form.most', {'label': label, 'maximum': maximum})
    return value


def parse_amount(text, label: str = "Amount") -> Decimal | None:
    """A typed amount (blank: None) in the organization's currency (no more decimals
    than it has), or a refusal naming the field."""
    return currency.entered(_parse(AN_AMOUNT, text, label, MAX_AMOUNT), _currency(), label)


def _currency() -> str:
    org = getattr(current_user, "org", None)
    return org.currency if org is not None else ""


def query_number(name: str, default: int, maximum: int = 100_000) -> int:
    """A page number or count in the query string: plain digits from 1 to `maximum`,
    else the default (a tampered link shows the first page, never an error)."""
    text = request.args.get(name, "")
    if text.isascii() and text.isdigit() and len(text) <= 9:
        return min(max(1, int(text)), maximum)
    return default


def parse_whole(text, label: str = "Quantity", maximum: int = MAX_QUANTITY) -> int | None:
    """A typed whole number (blank: None), or a refusal naming the field."""
    return _parse(A_WHOLE_NUMBER, text, label, maximum)


def ascii_int(value) -> int:
    """A select's coerce: the option values are plain digits; int() alone would also
    take "١" for 1."""
    if isinstance(value, int):
        return value
    number = A_WHOLE_NUMBER.read(value)
    if number is None:
        raise ValueError("not a whole number")
    return number


class _TypedNumber:
    """A form field reading its number with a NumberKind (a message on anything else)."""
    number_kind: NumberKind

    def process_formdata(self, valuelist):
        self.data = None
        try:
            self.data = self.number_kind.read(valuelist[0] if valuelist else "")
        except ValueError as exc:
            raise ValueError(str(exc)[0].upper() + str(exc)[1:] + ".") from None
        if self.number_kind is AN_AMOUNT:
            try:
                self.data = currency.entered(self.data, _currency(), self.label.text)
            except RuleError as exc:
                raise ValueError(exc.message) from None


class MoneyField(_TypedNumber, fields.DecimalField):
    """A Decimal amount typed as plain digits; refuses anything else."""
    number_kind = AN_AMOUNT

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("places", 2)
        super().__init__(label, validators, **kwargs)

    def _value(self):
        # shown with the organization's currency's decimals: 5, not 5.00, in dong
        if isinstance(self.data, Decimal) and not self.raw_data and _currency():
            return f"{self.data:.{currency.minor_units(_currency())}f}"
        return super()._value()


class RateField(_TypedNumber, fields.DecimalField):
    """A rate of up to 6 decimals that is not money (points per unit spent), shown
    without trailing zeros."""
    number_kind = A_RATE

    def _value(self):
        if isinstance(self.data, Decimal) and not self.raw_data:
            return format(self.data.normalize(), "f")
        return super()._value()


class WholeField(_TypedNumber, fields.IntegerField):
    """A whole number typed as plain digits."""
    number_kind = A_WHOLE_NUMBER


class AmountRange(validators.NumberRange):
    """NumberRange whose refusal writes its bounds as the reader writes amounts."""

    def __call__(self, form, field):
        if field.errors:  # not read as an amount: that message says it, once
            raise validators.StopValidation()
        data = field.data
        if data is None or (self.min is not None and data < self.min) or \
                (self.max is not None and data > self.max):
            raise validators.ValidationError(gettext(
                "Enter an amount between %(min)s and %(max)s.", min=fmt(self.min),
                max=fmt(self.max)))


def money_range(minimum=Decimal("0")):
    return AmountRange(min=minimum, max=MAX_AMOUNT)


def quantity_range(minimum=0, maximum=MAX_QUANTITY):
    return validators.NumberRange(
        min=minimum, max=maximum,
        message=_l("Enter a whole number between %(min)s and %(max)s."),
    )


def known_choice(form, field):
    """An id that matches no row is an error, not a silent blank."""
    raw = [v for v in (field.raw_data or []) if v not in ("", "__None")]
    data = field.data  # computing it also flags unknown ids on multiple selects
    if (raw and data is None) or getattr(field, "_invalid_formdata", False):
        raise validators.StopValidation(gettext("Not a valid choice: pick one from the list."))


class Converter(AdminModelConverter):
    """Money columns become bounded amount fields, integers bounded whole numbers;
    relation selects refuse ids that match nothing."""

    def _model_select_field(self, prop, multiple, remote_model, **kwargs):
        kwargs["validators"] = [known_choice, *kwargs.get("validators", [])]
        return super()._model_select_field(prop, multiple, remote_model, **kwargs)

    @converts("Money")
    def conv_money(self, field_args, **extra):
        field_args["validators"].append(money_range())
        return MoneyField(**field_args)

    @converts("Date")
    def convert_date(self, field_args, **extra):
        field_args.setdefault("widget", DatePickerWidget())
        return LocalDateField(**field_args)

    @converts("Integer", "BigInteger", "SmallInteger")
    def handle_integer_types(self, field_args, **extra):
        field_args["validators"].append(quantity_range())
        return WholeField(**field_args)


def offered(query, model, keep=()):
    """What a picker offers: active rows (deactivated ones only where already chosen)."""
    if not hasattr(model, "active"):
        return query
    ids = [row.id for row in keep if row is not None and getattr(row, "id", None)]
    return query.filter(or_(model.active, model.id.in_(ids)) if ids else model.active)


class ScopedAjaxLoader(QueryAjaxModelLoader):
    """Ajax lookups (select2 search boxes) see only the user's organization, and offer
    only active rows (get_one still finds a deactivated row already chosen)."""

    def get_query(self):
        return offered(scoped(super().get_query(), self.model), self.model)

    def get_one(self, pk):
        return find(self.model, pk)


def ajax_ref(model, *fields_, loader=ScopedAjaxLoader, **options):
    """A scoped loader for form_ajax_refs, also in inline forms."""
    options.setdefault("placeholder", _l("Type to search"))
    return loader(model.__tablename__, db, model, fields=list(fields_), page_size=20,
                  **options)


def scope_form(form):
    """Restrict every relation select of a form (and its inline forms) to the org, and
    to active rows plus those already chosen."""
    for field in form:
        factory = getattr(field, "query_factory", None)
        if factory is not None and not getattr(factory, "_org_scoped", False):
            # what the record holds now (never the posted ids: those are checked by
            # the scoped query itself)
            held = getattr(field, "object_data", None)
            chosen = list(held) if isinstance(held, (list, tuple, set)) else [held]

            def scoped_factory(factory=factory, chosen=chosen):
                query = factory()
                model = query.column_descriptions[0]["entity"]
                return offered(scoped(query, model), model, chosen)
            scoped_factory._org_scoped = True
            field.query_factory = scoped_factory
            field.query = None
        for sub in getattr(field, "entries", ()):
            inner = getattr(sub, "form", None)
            if inner is not None:
                scope_form(inner)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class IdempotencyField(HiddenField):
    """A one-time token rendered with the form; the transaction helper claims it, so a
    second submission of the same form is refused."""

    def process_formdata(self, valuelist):
        self.data = valuelist[0] if valuelist else ""

    def _value(self):
        return self.data or new_token()

