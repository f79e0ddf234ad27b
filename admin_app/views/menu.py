"""The admin menu, rendered once per permission set and page instead of on every
request: it builds a URL and checks a permission for each of ~30 items (about 2 ms of a
15 ms list page), yet depends only on what the user may see and which page is open."""
from flask import current_app, request
from flask_login import current_user
from markupsafe import Markup
from ..language_now import language_now

MAX_ENTRIES = 512


def _key():
    user = current_user
    who = "main" if user.is_main else tuple(sorted(user.role.permission_set)) \
        if user.role is not None else ()
    return who, request.endpoint, request.script_root, language_now()


def cached_menu():
    return current_app.extensions["menu_cache"].get(_key())


def remember_menu(html) -> Markup:
    cache = current_app.extensions["menu_cache"]
    if len(cache) >= MAX_ENTRIES:
        cache.clear()
    cache[_key()] = Markup(html)
    return Markup(html)


def init_menu_cache(app) -> None:
    app.extensions["menu_cache"] = {}
    app.jinja_env.globals.update(cached_menu=cached_menu, remember_menu=remember_menu)
