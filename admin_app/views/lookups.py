"""Finding a row by what staff typed: a code, a number, a tracking number."""
from sqlalchemy import func, or_

from .access import own
from ..extensions import db


def same_text(column, typed: str):
    """The column holds what was typed, in any case. SQLite's lower() folds only ASCII
    letters: what is typed exactly as stored (Vietnamese or Thai capitals) matches too."""
    return or_(column == typed, func.lower(column) == typed.lower())


def typed_one(model, column, typed: str):
    """The organization's row whose `column` is what was typed: the one written exactly
    so when codes differ only in case ("LED-A", "led-a"), else one in another case."""
    return db.session.execute(own(model).where(same_text(column, typed))
                              .order_by((column == typed).desc()).limit(1)).scalar()
