"""Extensions, created once and bound to each app in create_app()."""
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mailman import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .models.base import Base

db = SQLAlchemy(model_class=Base)


def _casefold(text):
    return text.casefold() if isinstance(text, str) else text


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(connection, record):
    """SQLite checks foreign keys only when each connection asks it to; without this a
    delete would leave orders pointing at a customer that is gone. Write-ahead logging:
    a background job's progress commits while its export still reads (in the default
    journal a reader blocks every commit: "database is locked"). casefold(): the list
    search's case-insensitive match for any script (views/search.py)."""
    if type(connection).__module__.startswith(("sqlite3", "pysqlite")):
        cursor = connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")  # a file's; memory databases keep theirs
        cursor.close()
        connection.create_function("casefold", 1, _casefold, deterministic=True)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
mail = Mail()
babel = Babel()
