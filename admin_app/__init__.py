"""After-Sales Desk. The rules and models import without Flask (admin_app.rules is the
core every way in calls); create_app() builds the web app around them."""
PLOTLY_VERSION = "4.1.1"  # static/vendor: plotly.js's basic bundle, the version plotly.py ships


def create_app(config=None, overrides: dict | None = None):
    from .app import create_app as build
    return build(config, overrides)
