"""The pages' adapter over the unit of work (rules/core/unit_of_work.py): run an action
once, then tell the user what happened (a flash) or why nothing did. Every view that
changes data goes through `run`."""
from dataclasses import dataclass

from flask import abort, flash, redirect, request
from sqlalchemy.exc import IntegrityError

from .access import org_id, refuse
from .. import observability
from ..extensions import db
from ..rules.core import idempotency, unit_of_work
from ..rules.core.access import NotYours
from ..rules.core.errors import AlreadySubmitted, Refusals, RuleError
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


def run(work, *, token: str | None = None, action: str = "", done=None) -> Outcome:
    """Run work() through the unit of work (rules/core/unit_of_work.py) and tell the
    user. `token`: the form's one-time token (a replay is refused and changes nothing).
    `done`: the success message, or a function of the result giving it."""
    try:
        result = unit_of_work.run(db.session, work, key=token, action=action,
                                  org_id=org_id() if token is not None else None)
    except AlreadySubmitted as exc:
        flash(exc.message, "warning")
        return Outcome(False, replayed=True)
    except NotYours:  # another organization's row: as if it did not exist
        abort(404)
    except NotPermitted as exc:
        refuse(exc.permissions)
    except Refusals as exc:
        for message in exc.messages:
            flash(message, "error")
        flash("Nothing was changed.", "error")
        return Outcome(False)
    except RuleError as exc:
        observability.refused(exc)
        flash(exc.message, "error")
        return Outcome(False)
    except IntegrityError:
        flash(DUPLICATE, "error")
        return Outcome(False)
    if done:
        told = done(result) if callable(done) else done
        told = told if isinstance(told, Told) else Told(told)
        flash(told.message, told.category)
    return Outcome(True, result)


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
                refused.append(exc)
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
        unit_of_work.rollback(db.session)
        flash(exc.message, "warning")
        return redirect(replay_url), None
    except RuleError as exc:
        unit_of_work.rollback(db.session)
        flash(exc.message, "error")
        return None, None
    if request.form.get("step") == "confirm" and ready(result) and \
            request.form.get("seen") == shown:
        return confirm(result), result
    return None, result
