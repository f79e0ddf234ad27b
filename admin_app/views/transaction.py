"""One way to run an action: claim the form's one-time token, run the rule, record its
result, keep uploaded files, commit; or roll back, delete the files and tell the user
why. Every view that changes data goes through `run` (tests/test_layout.py checks that
no other module commits)."""
from dataclasses import dataclass

from flask import abort, flash, redirect, request
from sqlalchemy.exc import IntegrityError

from .access import org_id, refuse
from .. import uploads
from ..extensions import db
from ..rules.core import idempotency
from ..rules.core.access import NotYours
from ..rules.core.errors import AlreadySubmitted, RuleError
from ..rules.core.usecase import NotPermitted

DUPLICATE = ("This would duplicate an existing record (a name, code or number must be "
             "unique) or refer to a missing one. Nothing was saved.")


@dataclass(frozen=True)
class Told:
    """A message with how it reads: success (green), warning (part of it was done) or
    error (nothing was). A `done` function returns one when the outcome can be partial."""
    message: str
    category: str = "success"


@dataclass
class Outcome:
    ok: bool
    result: object = None
    replayed: bool = False


class Refusals(RuleError):
    """Several rows refused at once: each message is shown, nothing is changed."""

    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))
        self.messages = messages


def _reference(result) -> str | None:
    """What a replay of the form is told was done: a document number, else the row."""
    ref = getattr(result, "number", None)
    if ref is None and getattr(result, "id", None) is not None:
        ref = f"{type(result).__name__} {result.id}"
    return str(ref)[:80] if ref else None


def run(work, *, token: str | None = None, action: str = "", done=None) -> Outcome:
    """Run work() as one transaction. `token`: the form's one-time token (a replay is
    refused and changes nothing). `done`: the success message, or a function of the
    result giving it."""
    uploads.start()
    written = []
    try:
        key = idempotency.claim(db.session, org_id(), token, action) \
            if token is not None else None
        result = work()
        if key is not None:
            key.result_ref = _reference(result)
        written = uploads.write_pending()
        db.session.commit()
    except AlreadySubmitted as exc:
        _undo(written)
        flash(exc.message, "warning")
        return Outcome(False, replayed=True)
    except NotYours:  # another organization's row: as if it did not exist
        _undo(written)
        abort(404)
    except NotPermitted as exc:
        _undo(written)
        refuse(exc.permissions)
    except Refusals as exc:
        _undo(written)
        for message in exc.messages:
            flash(message, "error")
        flash("Nothing was changed.", "error")
        return Outcome(False)
    except RuleError as exc:
        _undo(written)
        flash(exc.message, "error")
        return Outcome(False)
    except IntegrityError:
        _undo(written)
        flash(DUPLICATE, "error")
        return Outcome(False)
    except BaseException:
        _undo(written)
        raise
    if done:
        told = done(result) if callable(done) else done
        told = told if isinstance(told, Told) else Told(told)
        flash(told.message, told.category)
    return Outcome(True, result)


def _undo(written) -> None:
    db.session.rollback()
    uploads.remove(written)


def run_on_rows(rows, rule, done, token: str | None = None, action: str = "") -> Outcome:
    """A bulk action: `rule(row)` on every row, all or nothing, in one transaction.
    `done`: a message with {count}, or a function of the rules' results; `token`: the
    confirmation's one-time token (a replay changes nothing)."""
    def every_row():
        refused, results = [], []
        for row in rows:
            try:
                results.append(rule(row))
            except (NotYours, NotPermitted):
                raise
            except RuleError as exc:
                refused.append(exc.message)
        if refused:
            raise Refusals(refused)
        return results
    return run(every_row, token=token, action=action, done=done if callable(done) else
               lambda results: done.format(count=len(results)))


def preview_or_confirm(token, preview, ready, confirm, replay_url, shown: str = ""):
    """The two-step money forms: show what will be posted, then post it, once.
    confirm(preview) posts (through `run`) and answers; ready(preview) says whether the
    user saw what they confirm, and `shown` is the fingerprint of the inputs
    (confirming.seen): a confirmation whose form did not carry the preview of these very
    inputs gets the preview instead (asked first, on the server).

    Returns (response, preview): a response when the form was confirmed or replayed,
    else the preview to show (None after a refusal, whose message is flashed)."""
    try:
        idempotency.check_unused(db.session, org_id(), token)
        result = preview()
    except AlreadySubmitted as exc:
        db.session.rollback()
        flash(exc.message, "warning")
        return redirect(replay_url), None
    except RuleError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return None, None
    if request.form.get("step") == "confirm" and ready(result) and \
            request.form.get("seen") == shown:
        return confirm(result), result
    return None, result
