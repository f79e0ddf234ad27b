"""Where the app's files are: static/ and migrations/ sit beside admin_app/ in the
checkout (the design card's layout) and inside it once installed (pyproject maps them
to admin_app.static and admin_app.migrations); importlib finds them either way."""
from importlib import resources
from pathlib import Path


def _folder(package: str) -> Path:
    return Path(str(resources.files(package)))


STATIC = _folder("admin_app.static")
MIGRATIONS = _folder("admin_app.migrations")
FONTS = STATIC / "fonts"
