"""Response headers and session rules for every page (SPEC S9).

- Content-Security-Policy: only the app's own scripts and styles (Plotly is served by
  the app); an inline script runs only with the page's nonce, and no page has inline
  event handlers.
- Pages with money or personal data (every page but static files) are never stored by
  the browser or a proxy (Cache-Control: no-store).
- Over HTTPS: Strict-Transport-Security, and cookies marked Secure.
- A signed-in session ends after SESSION_IDLE_MINUTES without a request.
- Behind a reverse proxy, client addresses and the scheme come from the number of
  trusted proxies configured (TRUSTED_PROXIES), never from any header.
"""
import secrets
from datetime import timedelta

from flask import abort, g, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

from .rules.core.messages._marker import _

STATIC_ENDPOINTS = ("static", "plotly_js", "admin.static")


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def content_security_policy() -> str:
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'nonce-{csp_nonce()}'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ])


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """The session cookie is Secure whenever the request came over HTTPS (directly or
    through a trusted proxy), not only when configured so."""

    def get_cookie_secure(self, app) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


def _headers(response):
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Content-Security-Policy", content_security_policy())
    if request.endpoint not in STATIC_ENDPOINTS:
        headers["Cache-Control"] = "no-store"
        headers.pop("Expires", None)
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def _refuse_nul_bytes():
    """No text may carry a NUL byte: PostgreSQL refuses it in any text column, and no
    person types one. Refused before any view runs, so nothing is written."""
    values = [request.path, *request.args.keys(), *request.args.values()]
    if request.method in ("POST", "PATCH", "PUT"):
        values += [*request.form.keys(), *request.form.values(),
                   *(f.filename or "" for f in request.files.values())]
        if request.is_json:  # JSON writes a NUL as \u0000
            body = request.get_data()
            values.append("\x00" if b"\\u0000" in body or b"\x00" in body else "")
    # a multipart part may carry its name or filename as bytes or nothing: seen as text
    if any("\x00" in (value if isinstance(value, str) else str(value)) for value in values):
        abort(400, _("Text cannot contain NUL characters: remove them and send it again."))


def init_security(app) -> None:
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies,
                                x_host=proxies, x_port=proxies)
    app.session_interface = HttpsAwareSessionInterface()
    app.permanent_session_lifetime = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"])
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.before_request(_refuse_nul_bytes)
    app.after_request(_headers)
