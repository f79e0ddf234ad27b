"""Error pages inside the app's frame (menu and all), saying what happened and what to
do: the permission a refused page needs and who can grant it, the size limit of an
upload (back on the form), a missing page or record."""
from flask import (current_app, flash, g, redirect, render_template, request)
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from flask_babel import gettext

from .extensions import db
from .models import User
from .rules.core.permissions import name_of


def _in_frame(template: str, code: int, **context):
    """The page inside the admin's frame for a signed-in user, a plain one otherwise."""
    if current_user.is_authenticated:
        admin = current_app.extensions["admin"][0]
        return admin.index_view.render(template, code=code, **context), code
    return render_template("errors/error.html", code=code, **context), code


def _main_account() -> str:
    return db.session.execute(select(User.email).where(
        User.org_id == current_user.org_id, User.is_main)).scalar() or gettext("the main account")


def forbidden(error):
    needed = [name_of(code) for code in g.get("needed_permissions", ())]
    role = current_user.role.name if current_user.is_authenticated and \
        current_user.role is not None else None
    return _in_frame("errors/in_app.html", 403,
                     message=gettext("Your role does not allow this page or action."),
                     needed=needed, role=role,
                     grantor=_main_account() if current_user.is_authenticated else None)


def not_found(error):
    return _in_frame("errors/in_app.html", 404,
                     message=gettext("There is no such page, or no such record in your "
                                     "organization."))


def bad_request(error):
    message = getattr(error, "description", None)
    message = gettext(message) if message else gettext("The request was not valid.")
    return _in_frame("errors/in_app.html", 400, message=message)


def too_large(error):
    """Back to the form with the limit (the browser keeps what it can of the form)."""
    limit = current_app.config["UPLOAD_MAX_BYTES"] // (1024 * 1024)
    message = gettext("The file is too large: a proof may be at most %(limit)s MB. Choose a "
                      "smaller file, or a PDF or JPEG of lower resolution.", limit=limit)
    back = request.referrer or ""
    if current_user.is_authenticated and back.startswith(request.host_url):
        flash(message, "error")
        return redirect(back)
    return _in_frame("errors/in_app.html", 413, message=message)


RETRY_AFTER = 10  # seconds: a database restart usually takes a few


def database_unreachable(error):
    """The database did not answer (restarting, unreachable): the request's
    transaction never committed, so nothing was saved. A plain page (the menu is read
    from the database), 503 with Retry-After; the pool's pre-ping recovers by itself,
    and the request's session is closed (rolled back) as after every request."""
    current_app.logger.warning("database unreachable: %s %s: %s", request.method,
                               request.path, str(getattr(error, "orig", error))[:300])
    # not render_template: its context processors would load the user from the database
    page = current_app.jinja_env.get_template("errors/unavailable.html").render(
        retry=RETRY_AFTER)
    return page, 503, {"Retry-After": str(RETRY_AFTER)}


def register(app) -> None:
    app.register_error_handler(OperationalError, database_unreachable)
    app.register_error_handler(403, forbidden)
    app.register_error_handler(404, not_found)
    app.register_error_handler(400, bad_request)
    app.register_error_handler(413, too_large)
