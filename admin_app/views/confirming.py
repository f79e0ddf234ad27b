"""The step that asks first, on the server: before an action that moves money or
touches many records, a page of the app says what will happen, and only its button
posts the action, with a one-time token (a replay, a double click, a second tab change
nothing). No browser dialog: it works under the pages' CSP, and a script that skips the
page gets the same question back."""
import hashlib
import hmac

from flask import current_app, request

from .forms import new_token

KEPT_OUT = ("csrf_token", "confirmed", "token", "asked")


def confirmed() -> bool:
    """Whether this POST is the button of the page that asked: it carries that page's
    token and its signature over the token and the very fields it asked about (another
    row, another action or a made-up token is asked again)."""
    token = request.form.get("token", "")
    return (request.form.get("confirmed") == "1" and bool(token)
            and hmac.compare_digest(request.form.get("asked", "").encode(),
                                    _asked(token, _fields()).encode()))


def ask_first(view, title: str, button: str, back: str, question: str = "",
              lines=(), more: int = 0):
    """The page that asks: the same POST's fields again, with confirmed=1, a one-time
    token and the signature that ties the two to this question."""
    fields, token = _fields(), new_token()
    return view.render("admin/confirm_action.html", title=title, question=question,
                       lines=list(lines), more=more, fields=fields, button=button,
                       token=token, asked=_asked(token, fields), back=back,
                       action_url=request.full_path)


def _fields() -> list[tuple[str, str]]:
    return [(k, v) for k, v in request.form.items(multi=True) if k not in KEPT_OUT]


def _asked(token: str, fields) -> str:
    text = "\x1e".join([request.path, token, *(f"{k}\x1f{v}" for k, v in fields)])
    return hmac.new(current_app.secret_key.encode(), text.encode(), "sha256").hexdigest()


def seen(*values) -> str:
    """A preview's fingerprint: its form carries it, so the confirmation that follows
    is known to confirm what was shown (changed inputs show the preview again)."""
    return hashlib.sha256("\x1f".join(map(str, values)).encode()).hexdigest()[:24]
