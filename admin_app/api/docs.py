"""The API's docs page: Swagger UI over /api/v1/openapi.json, its files served by the app
from the swagger-ui-bundle package (no CDN; the page keeps the app's CSP)."""
from flask import abort, render_template, send_from_directory
from swagger_ui_bundle import swagger_ui_path

ASSETS = frozenset({"swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png"})


def register(app) -> None:
    app.add_url_rule("/api/v1/docs", "api_docs", docs)
    app.add_url_rule("/api/v1/docs/<name>", "api_docs_asset", asset)


def docs():
    return render_template("api/docs.html")


def asset(name: str):
    if name not in ASSETS:
        abort(404)
    response = send_from_directory(str(swagger_ui_path), name, max_age=86400)
    return response
