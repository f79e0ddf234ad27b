"""Starting a background job from a page: the job is committed, the user is told where
its file will be, and the page they come back to shows its progress."""
from urllib.parse import urlencode

from flask import redirect, request, url_for
from flask_login import current_user

from flask_babel import gettext
from .words import word

from .transaction import Told, run
from ..extensions import db
from ..rules.core import jobs


NAMES = {"xlsx": "Excel", "csv": "CSV"}


def background_export(view, kind: str):
    """A list's export, too large for a request: a job replays it as asked."""
    asked = {"endpoint": view.endpoint, "kind": kind,
             "query": urlencode([(k, v) for k, v in request.args.items(multi=True)])}
    # the job's title is written once, in the words of whoever starts it
    title = gettext("%(list)s: %(kind)s export", list=word(str(view.name)), kind=NAMES[kind])
    run(lambda: jobs.start(db.session, current_user, "export", title, asked),
        done=lambda job: Told(gettext(
            "The %(kind)s export of %(list)s is being made: it appears here when ready (you "
            "can keep working meanwhile).", kind=NAMES[kind], list=word(str(view.name)))))
    return redirect(url_for("jobs.index"))
