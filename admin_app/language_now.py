"""The language of what is being written now, read cheaply.

flask_babel.get_locale() goes through two context proxies and a hasattr each call, and
str(Locale) rebuilds the identifier; a list page asks hundreds of times. Flask-Babel
keeps the chosen Locale on g._flask_babel (force_locale and refresh replace it), so the
name is remembered beside the very Locale object it was made from."""
from flask.globals import _cv_app
from flask_babel import get_locale


def language_now(default: str = "") -> str:
    """str(get_locale()), or default outside an application context."""
    ctx = _cv_app.get(None)
    if ctx is None:
        return default
    kept = getattr(ctx.g, "_flask_babel", None)
    locale = getattr(kept, "babel_locale", None)
    if locale is None:  # not chosen yet in this request: Flask-Babel chooses it
        locale = get_locale()
        if locale is None:
            return default
        kept = ctx.g._flask_babel
    named = getattr(kept, "named_locale", None)
    if named is None or named[0] is not locale:
        named = kept.named_locale = (locale, str(locale))
    return named[1]
