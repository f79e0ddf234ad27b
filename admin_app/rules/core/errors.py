class RuleError(Exception):
    """A refused action. `message` is shown to the user as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TransitionError(RuleError):
    """The document is not in a state that allows this action."""


class StockError(RuleError):
    """A stock movement that would make a quantity negative, or is malformed."""


class AlreadySubmitted(RuleError):
    """The same form was submitted before; the first submission stands."""
