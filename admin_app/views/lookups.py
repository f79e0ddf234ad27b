"""Finding a row by what staff typed: a code, a number, a tracking number."""
from sqlalchemy import func, or_


def same_text(column, typed: str):
    """The column holds what was typed, in any case. SQLite's lower() folds only ASCII
    letters: what is typed exactly as stored (Vietnamese or Thai capitals) matches too."""
    return or_(column == typed, func.lower(column) == typed.lower())
