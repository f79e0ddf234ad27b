"""Languages, per request (issue 24): who reads which language, the catalogs compiled
at start, and the switcher.

A signed-in person reads their own language, else their organization's; before signing
in, what they chose on the sign-in page, else their browser's (Accept-Language). Dates
and times are shown on the organization's clock. Catalogs (one .po per language and
domain under admin_app/translations/) are compiled into the instance folder when the app
starts, so the README's commands need no build step. Flask-Admin's own words come from
the catalogs it ships (zh_Hans_CN, zh_Hant_TW, vi) under our language names, and from
ours where it ships none (th, id, ms)."""
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import (Blueprint, flash, has_request_context, redirect, request, session,
                   url_for)
from flask_babel import force_locale, get_locale, gettext, refresh
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from .extensions import babel, db
from .models import User
from .rules.accounts import users
from .rules.core import clock, currency, languages, messages
from .rules.core.errors import RuleError
from .views.transaction import run

SOURCE = Path(__file__).resolve().parent / "translations"
FLASK_ADMIN_CATALOGS = {"zh_Hans": "zh_Hans_CN", "zh_Hant": "zh_Hant_TW", "vi": "vi"}
SESSION_KEY = "language"

bp = Blueprint("language", __name__)


def select_language() -> str:
    if not has_request_context():  # the CLI, jobs, tests: English unless told
        return languages.DEFAULT
    try:
        if getattr(current_user, "is_authenticated", False):
            return languages.of(current_user)
    except SQLAlchemyError:  # the database is what failed: the error page still speaks
        pass
    chosen = languages.known(session.get(SESSION_KEY))
    if chosen:
        return chosen
    for tag, _quality in request.accept_languages:
        chosen = languages.known(tag)
        if chosen:
            return chosen
    return languages.DEFAULT


def speaking(language: str | None):
    """Words of a message to a customer in their language (known ones only)."""
    return force_locale(languages.known(language) or languages.DEFAULT)


def current_language() -> str:
    return str(get_locale() or languages.DEFAULT)


def html_lang() -> str:
    """The page's language as HTML names it (zh-Hant, not zh_Hant); English on the
    error pages of a failing server, which must render whatever else fails."""
    try:
        return current_language().replace("_", "-")
    except Exception:  # noqa: BLE001 - the database behind the user may be what failed
        return languages.DEFAULT


def _reader_org():
    """The signed-in person's organization, or None (no request, not signed in)."""
    try:
        if not has_request_context() or not getattr(current_user, "is_authenticated", False):
            return None
        return current_user.org
    except SQLAlchemyError:  # the database is what failed (an error page being drawn)
        return None


def reader() -> tuple[str, str]:
    """(language, currency) of whoever reads this request's amounts."""
    if not has_request_context():
        return languages.DEFAULT, ""
    org = _reader_org()
    return current_language(), org.currency if org is not None else ""


def currency_decimals() -> int:
    """The reader's organization's currency's decimals (pages' scripts write amounts)."""
    return currency.minor_units(reader()[1])


def select_zone() -> str:
    org = _reader_org()
    return org.timezone if org is not None else clock.DEFAULT_ZONE


def compile_catalogs(target: Path) -> Path:
    """Every .po under SOURCE as a .mo under target (rewritten only when older), plus
    Flask-Admin's shipped catalogs under our language names."""
    import flask_admin.translations as shipped
    for po in SOURCE.glob("*/LC_MESSAGES/*.po"):
        mo = target / po.relative_to(SOURCE).with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parts[-3])
        with mo.open("wb") as out:
            write_mo(out, catalog)
    for ours, theirs in FLASK_ADMIN_CATALOGS.items():
        # from the shipped .po: its compiled .mo lags behind it ("Failed to create record.")
        mo = target / ours / "LC_MESSAGES" / "admin.mo"
        source = Path(shipped.__path__[0]) / theirs / "LC_MESSAGES" / "admin.po"
        if not mo.exists() or mo.stat().st_mtime < source.stat().st_mtime:
            mo.parent.mkdir(parents=True, exist_ok=True)
            with source.open("rb") as po, mo.open("wb") as out:
                write_mo(out, read_po(po, locale=ours))
    return target


def init(app) -> Path:
    """Compile the catalogs, select each request's language and zone; returns the
    compiled folder (Flask-Admin reads its own domain from it too)."""
    compiled = compile_catalogs(Path(app.instance_path) / "translations")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(compiled)
    babel.init_app(app, locale_selector=select_language, timezone_selector=select_zone)
    messages.translate = gettext
    messages.switch = speaking
    currency.reader = reader
    # the language is chosen per request, even where requests share an app context
    app.before_request(refresh)
    app.register_blueprint(bp)
    app.jinja_env.globals.update(LANGUAGES=languages.LANGUAGES,
                                 current_language=current_language, html_lang=html_lang,
                                 currency_decimals=currency_decimals)
    return compiled


@bp.post("/language")
def choose():
    """The switcher (navbar, sign-in page): a signed-in person's choice is kept on their
    account, anyone else's in the session."""
    code = request.form.get("language", "")
    if getattr(current_user, "is_authenticated", False):
        user = db.session.get(User, current_user.id)
        run(lambda: users.choose_language(db.session, user, code))
    else:
        try:
            session[SESSION_KEY] = languages.checked(code)
        except RuleError as refused:
            flash(refused.message, "error")
    return redirect(_back())


def _back() -> str:
    target = request.form.get("next") or ""
    # only a path on this site: never an open redirect
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("admin.index")
