"""The admin menu, rendered once per permission set and view instead of on every
request: it builds a URL and checks a permission for each of ~30 items (about 2 ms of a
15 ms list page), yet depends only on what the user may see and which view draws it (the
item it marks active: every page of a view marks the same one, an error page Home)."""
from flask import current_app, request
from flask_login import current_user
from markupsafe import Markup
from ..language_now import language_now

MAX_ENTRIES = 512


def _key(view):
    user = current_user
    who = "main" if user.is_main else tuple(sorted(user.role.permission_set)) \
        if user.role is not None else ()
    return who, view.endpoint, request.script_root, language_now()


def cached_menu(view):
    return current_app.extensions["menu_cache"].get(_key(view))


def remember_menu(view, html) -> Markup:
    cache = current_app.extensions["menu_cache"]
    if len(cache) >= MAX_ENTRIES:
        cache.clear()
    cache[_key(view)] = Markup(html)
    return Markup(html)


def init_menu_cache(app) -> None:
    app.extensions["menu_cache"] = {}
    app.jinja_env.globals.update(cached_menu=cached_menu, remember_menu=remember_menu)
