"""Alembic migrations (Flask-Migrate): installed as admin_app.migrations (pyproject maps
this folder there), found through admin_app.paths."""
