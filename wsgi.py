"""What gunicorn and `flask --app wsgi` load."""
from admin_app import create_app

app = create_app()
