"""Refusals with a stable code: `RuleError(code, params, field)`. The code names the
rule that refused (`refund.refund_amount_most_refunded`), `params` the values that explain
it, `field` the form field it belongs to. Its words come from the one catalog
(rules/core/messages/), rendered when asked: pages flash `.message`, the API sends the
code, the params and the words, tests assert the code and the values."""
from datetime import date
from decimal import Decimal

from . import messages


class RuleError(Exception):
    """A refused action; nothing it touched is kept (the unit of work rolls back)."""

    def __init__(self, code: str, params: dict | None = None, field: str | None = None):
        if code not in messages.CATALOG:
            raise KeyError(f"no message for refusal code {code!r}")
        super().__init__(code)
        self.code = code
        self.params = {name: _plain(value) for name, value in (params or {}).items()}
        self.field = field

    @property
    def message(self) -> str:
        return messages.render(self.code, self.params)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, {self.params!r})"


PLAIN = (str, int, float, bool, Decimal, date, type(None))


def _plain(value):
    """A value a message, a log line and a JSON answer all carry: rows and exceptions
    become their text."""
    return value if isinstance(value, PLAIN) else str(value)


class TransitionError(RuleError):
    """The document is not in a state that allows this action."""


class StockError(RuleError):
    """A stock movement that would make a quantity negative, or is malformed."""


class AlreadySubmitted(RuleError):
    """The same form was submitted before; the first submission stands."""


class Refusals(RuleError):
    """Several rows refused at once (a bulk action is all or nothing): each refusal
    is kept, nothing is changed."""

    def __init__(self, errors: list[RuleError]):
        super().__init__("form.rows_refused", {
            "count": len(errors), "reasons": " ".join(e.message for e in errors)})
        self.errors = errors

    @property
    def messages(self) -> list[str]:
        return [e.message for e in self.errors]
