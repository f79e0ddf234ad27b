"""Delivering the outbox by email with Flask-Mailman: SMTP when MAIL_SERVER is set,
else files in MAIL_FILE_PATH. `flask --app wsgi send-mail` runs it; the claiming,
retrying and never-twice rules are in rules/customers/outbox.py."""
import smtplib
import time
from dataclasses import dataclass

from flask import current_app
from flask_mailman import EmailMultiAlternatives, Mail

from .extensions import db, mail
from .models import utcnow
from .rules.customers import outbox


RENEW_EVERY = 60  # seconds


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
    started = utcnow()
    done = Delivery(interrupted=outbox.release_stale(db.session, started))
    db.session.commit()
    while limit is None or done.sent + done.failed < limit:
        size = batch if limit is None else min(batch, limit - done.sent - done.failed)
        claimed = outbox.claim(db.session, size, started)
        db.session.commit()  # claimed: no other sender takes these now
        if not claimed:
            break
        _send(claimed, done)
    done.campaigns_done = outbox.finish_campaigns(db.session)
    db.session.commit()
    return done


def _send(claimed, done: Delivery) -> None:
    conn = connection()
    try:
        conn.open()
    except Exception as exc:  # the server is down: nothing was tried, nothing counts
        reason = f"Could not reach the mail server: {_reason(exc)}"
        for message in claimed:
            _record(message.id, reason, done, counts=False)
        return
    try:
        ids, renewed = [m.id for m in claimed], time.monotonic()
        for n, message in enumerate(claimed):
            try:
                sent = conn.send_messages([_email(message, conn)])
                error = None if sent else "Not accepted by the mail server."
            except Exception as exc:
                error = _reason(exc)
                _reopen(conn)
            # a slow batch renews its claim on the rest, so no one takes it for dead
            rest = ids[n + 1:] if time.monotonic() - renewed > RENEW_EVERY else ()
            renewed = time.monotonic() if rest else renewed
            _record(message.id, error, done, rest=rest)
    finally:
        _close(conn)


def _email(message, conn) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject, body=message.body, to=[message.to_address],
        from_email=current_app.config["MAIL_DEFAULT_SENDER"], connection=conn)
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    return email


def _record(message_id, error, done: Delivery, rest=(), counts=True) -> None:
    outbox.record(db.session, message_id, error, rest=rest, counts=counts)
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


def _reopen(conn) -> None:
    """After a failure the connection may be broken: start the next message afresh."""
    _close(conn)
    try:
        conn.open()
    except Exception:  # the next send opens again, and records its own failure
        pass


def _close(conn) -> None:
    try:
        conn.close()
    except Exception:
        if hasattr(conn, "connection"):
            conn.connection = None
