"""Delivering the outbox by email with Flask-Mailman: SMTP when MAIL_SERVER is set,
else files in MAIL_FILE_PATH. `flask --app wsgi send-mail` runs it; the claiming,
retrying and never-twice rules are in rules/customers/outbox.py."""
import smtplib
from email.errors import MessageError
import uuid
from dataclasses import dataclass

from flask import current_app
from flask_mailman import EmailMultiAlternatives, Mail

from .extensions import db, mail
from .models import utcnow
from .rules.core.text import single_line
from .rules.customers import outbox


# What sending one message can raise: smtplib's errors and socket errors (OSError), a
# header or address the mail library refuses (ValueError, e.g. BadHeaderError; the
# email package's MessageError, e.g. HeaderParseError).
MAIL_ERRORS = (OSError, ValueError, MessageError)


@dataclass
class Delivery:
    sent: int = 0
    failed: int = 0
    interrupted: int = 0   # left as "sending" by a sender that died
    campaigns_done: int = 0


def connection():
    """A connection built from the app's settings as they are now."""
    state = Mail.init_mail(current_app.config, current_app.testing)
    return mail.import_backend(state.backend)(mailman=state, fail_silently=False)


def deliver(batch: int = 100, limit: int | None = None) -> Delivery:
    """Send what is queued (and failed messages with attempts left, once per run),
    `batch` claimed at a time, each outcome committed as soon as it is known."""
    started, token = utcnow(), uuid.uuid4().hex
    done = Delivery(interrupted=outbox.release_stale(db.session, started))
    db.session.commit()
    while limit is None or done.sent + done.failed < limit:
        size = batch if limit is None else min(batch, limit - done.sent - done.failed)
        claimed = outbox.claim(db.session, size, started, token)
        db.session.commit()  # claimed: no other run takes these now
        if not claimed:
            break
        try:
            _send(claimed, token, done)
        finally:  # whatever happened, what was never started goes back to the queue
            db.session.rollback()
            outbox.release(db.session, token)
            db.session.commit()
    done.campaigns_done = outbox.finish_campaigns(db.session)
    db.session.commit()
    return done


def _send(claimed, token, done: Delivery) -> None:
    conn = connection()
    down = _open(conn)
    if down:  # nothing was tried, no attempt counts
        for message in claimed:
            _record(message.id, token, down, done)
        return
    try:
        for n, message in enumerate(claimed):
            if not outbox.start(db.session, message.id, token):
                continue  # no longer ours: another run took it
            db.session.commit()  # "sending" is known before it goes out
            try:
                sent = conn.send_messages([_email(message, conn)])
                error = None if sent else "Not accepted by the mail server."
            except MAIL_ERRORS as exc:  # this message's failure, recorded on it
                error = _reason(exc)
                _close(conn)
            _record(message.id, token, error, done)
            down = _open(conn) if error is not None else None
            if down:  # the server went away mid-batch: the rest waits
                for rest in claimed[n + 1:]:
                    _record(rest.id, token, down, done)
                return
    finally:
        _close(conn)


def _email(message, conn) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=single_line(message.subject), body=message.body, to=[message.to_address],
        from_email=current_app.config["MAIL_DEFAULT_SENDER"], connection=conn)
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    return email


def _record(message_id, token, error, done: Delivery) -> None:
    outbox.record(db.session, message_id, token, error)
    db.session.commit()
    if error is None:
        done.sent += 1
    else:
        done.failed += 1


def _reason(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(exc.recipients.values()))
        return f"Refused by the mail server: {code} {_text(text)}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"Mail server error: {exc.smtp_code} {_text(exc.smtp_error)}"
    return f"{type(exc).__name__}: {exc}"


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _open(conn) -> str | None:
    """Connect (again, if closed): None, or why the server cannot be reached."""
    try:
        conn.open()
        return None
    except MAIL_ERRORS as exc:
        return f"Could not reach the mail server: {_reason(exc)}"


def _close(conn) -> None:
    try:
        conn.close()
    except OSError:  # smtplib's errors are OSErrors: the connection is gone anyway
        if hasattr(conn, "connection"):
            conn.connection = None
