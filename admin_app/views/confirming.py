"""The step that asks first, on the server: before an action that moves money or
touches many records, a page of the app says what will happen, and only its button
posts the action, with a one-time token (a replay, a double click, a second tab change
nothing). No browser dialog: it works under the pages' CSP, and a script that skips the
page gets the same question back."""
import hashlib

from flask import request

from .forms import new_token

KEPT_OUT = ("csrf_token", "confirmed", "token")


def confirmed() -> bool:
    return request.form.get("confirmed") == "1"


def ask_first(view, title: str, button: str, back: str, question: str = "",
              lines=(), more: int = 0):
    """The page that asks: the same POST's fields again, with confirmed=1 and a token."""
    fields = [(k, v) for k, v in request.form.items(multi=True) if k not in KEPT_OUT]
    return view.render("admin/confirm_action.html", title=title, question=question,
                       lines=list(lines), more=more, fields=fields, button=button,
                       token=new_token(), back=back, action_url=request.full_path)


def seen(*values) -> str:
    """A preview's fingerprint: its form carries it, so the confirmation that follows
    is known to confirm what was shown (changed inputs show the preview again)."""
    return hashlib.sha256("\x1f".join(map(str, values)).encode()).hexdigest()[:24]
