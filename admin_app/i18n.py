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
from flask.globals import _cv_app, _cv_request
from flask_babel import force_locale, get_translations, gettext, refresh
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from .extensions import babel, db
from .language_now import language_now
from .models import User
from .rules.accounts import users
from .rules.core import clock, currency, day_words, languages, messages
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


_WORDS: dict[tuple[str, str], str] = {}


def _translate(text: str) -> str:
    """gettext for the rules' labels and messages, remembered per language: the
    catalogs do not change while the app runs, and a list page reads a row's labels
    (status, type) hundreds of times."""
    key = (language_now(), text)
    found = _WORDS.get(key)
    if found is None:
        found = gettext(text)
        if len(_WORDS) < 50_000 and "%" not in text:  # gettext formats a "%"
            _WORDS[key] = found
    return found


def _template_words(text: str) -> str:
    """What a template's _() reads, remembered per language as _translate does (Jinja
    formats its arguments afterwards): a page's menu, filters and buttons ask for the
    same words on every request."""
    key = (language_now(), text)
    found = _TEMPLATE_WORDS.get(key)
    if found is None:
        found = get_translations().ugettext(text)
        if len(_TEMPLATE_WORDS) < 50_000:
            _TEMPLATE_WORDS[key] = found
    return found


_TEMPLATE_WORDS: dict[tuple[str, str], str] = {}


def current_language() -> str:
    return language_now(languages.DEFAULT)


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
    # has_request_context() and g without their proxies: a list page writes hundreds
    if _cv_request.get(None) is None:
        return languages.DEFAULT, ""
    kept = _cv_app.get().g
    code = kept.__dict__.get("_reader_currency")  # remembered once a request
    if code is None:
        org = _reader_org()
        if org is None:
            return current_language(), ""
        code = kept._reader_currency = org.currency
    return current_language(), code


def currency_decimals() -> int:
    """The reader's organization's currency's decimals (pages' scripts write amounts)."""
    return currency.minor_units(reader()[1])


def select_zone() -> str:
    org = _reader_org()
    return org.timezone if org is not None else clock.DEFAULT_ZONE


def compile_catalogs(target: Path) -> Path:
    """Every .po under SOURCE as a .mo under target (rewritten only when older). Where
    Flask-Admin ships a catalog (zh_Hans_CN, zh_Hant_TW, vi), its words come first and
    our admin.po of that language only changes the few that sellers say otherwise (not
    for vi: Flask-Admin reads its own vi folder after ours, and it wins)."""
    for po in SOURCE.glob("*/LC_MESSAGES/*.po"):
        language = po.parts[-3]
        if po.name == "admin.po" and language in FLASK_ADMIN_CATALOGS:
            continue  # compiled below, over Flask-Admin's own
        _compile([po], target / po.relative_to(SOURCE).with_suffix(".mo"), language)
    for ours in FLASK_ADMIN_CATALOGS:
        overrides = SOURCE / ours / "LC_MESSAGES" / "admin.po"
        _compile([_shipped(ours), *([overrides] if overrides.exists() else [])],
                 target / ours / "LC_MESSAGES" / "admin.mo", ours)
    return target


def _shipped(language: str) -> Path:
    """Flask-Admin's .po of the language: its compiled .mo lags behind it ("Failed to
    create record.")."""
    import flask_admin.translations as shipped
    return (Path(shipped.__path__[0]) / FLASK_ADMIN_CATALOGS[language] / "LC_MESSAGES"
            / "admin.po")


def _compile(sources: list[Path], mo: Path, language: str) -> None:
    """The sources' translations, later ones over earlier ones, as one .mo."""
    if mo.exists() and all(mo.stat().st_mtime >= po.stat().st_mtime for po in sources):
        return
    with sources[0].open("rb") as first:
        catalog = read_po(first, locale=language)
    for po in sources[1:]:
        with po.open("rb") as more:
            for message in read_po(more, locale=language):
                if message.id and message.string:
                    # Catalog's __setitem__ keeps the words it has: replace them
                    catalog.delete(message.id)
                    catalog[message.id] = message
    mo.parent.mkdir(parents=True, exist_ok=True)
    with mo.open("wb") as out:
        write_mo(out, catalog)


def init(app) -> Path:
    """Compile the catalogs, select each request's language and zone; returns the
    compiled folder (Flask-Admin reads its own domain from it too)."""
    compiled = compile_catalogs(Path(app.instance_path) / "translations")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(compiled)
    babel.init_app(app, locale_selector=select_language, timezone_selector=select_zone)
    app.jinja_env.install_gettext_callables(
        gettext=_template_words, newstyle=True,
        ngettext=lambda s, p, n: get_translations().ungettext(s, p, n),
        pgettext=lambda c, s: get_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: get_translations().unpgettext(c, s, p, n))
    messages.translate = _translate
    messages.day = day_words.day_text
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
