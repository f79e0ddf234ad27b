"""Delivering the outbox by email with Flask-Mailman: SMTP when MAIL_SERVER is set,
else files in MAIL_FILE_PATH. `flask --app wsgi send-mail` runs it; the claiming,
retrying and never-twice rules are in rules/customers/outbox.py."""
import smtplib
from email.utils import formataddr, parseaddr
from email.errors import MessageError
import uuid
from dataclasses import dataclass

from flask import current_app
from flask_mailman import EmailMultiAlternatives, Mail
from markupsafe import Markup

from . import unsubscribe

from .extensions import db, mail
from .models import Customer, Organization, utcnow
from .rules.core import messages, notes, unit_of_work
from .rules.core.messages._marker import _
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
    done = Delivery(interrupted=_commit(lambda: outbox.release_stale(db.session, started)))
    while limit is None or done.sent + done.failed < limit:
        size = batch if limit is None else min(batch, limit - done.sent - done.failed)
        # claimed and committed: no other run takes these now
        claimed = _commit(lambda size=size: outbox.claim(db.session, size, started, token))
        if not claimed:
            break
        try:
            _send(claimed, token, done)
        finally:  # whatever happened, what was never started goes back to the queue
            unit_of_work.rollback(db.session)
            _commit(lambda: outbox.release(db.session, token))
    done.campaigns_done = _commit(lambda: outbox.finish_campaigns(db.session))
    return done


def _commit(work):
    """Each step of a run is its own unit of work: its outcome is kept as it happens."""
    return unit_of_work.run(db.session, work)


def _send(claimed, token, done: Delivery) -> None:
    conn = connection()
    down = _open(conn)
    if down:  # nothing was tried, no attempt counts
        for message in claimed:
            _record(message.id, token, down, done)
        return
    try:
        for n, message in enumerate(claimed):
            # "sending" is committed before it goes out; False: another run took it
            if not _commit(lambda m=message: outbox.start(db.session, m.id, token)):
                continue
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
    """The message from the organization's sender; a campaign's with its unsubscribe
    link in both bodies and in the headers mail programs show as a button."""
    body, html, headers = message.body, message.body_html, {}
    if message.campaign_id is not None and message.customer_id is not None:
        link = unsubscribe.link_for(message.customer_id)
        footer = _in_readers_language(message, UNSUBSCRIBE_TEXT)
        body += f"\n\n--\n{footer}: {link}"
        if html:  # the body is the campaign's cleaned HTML; the footer is escaped
            html += str(Markup('<p style="color:#666;font-size:12px">{}: <a href="{}">{}'
                               '</a></p>').format(footer, link, link))
        headers = {"List-Unsubscribe": f"<{link}>",
                   "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    email = EmailMultiAlternatives(
        subject=single_line(message.subject), body=body, to=[message.to_address],
        from_email=_sender(message.org_id), connection=conn, headers=headers)
    if html:
        email.attach_alternative(html, "text/html")
    return email


UNSUBSCRIBE_TEXT = _("No more campaigns from us? Unsubscribe here")


def _in_readers_language(message, words: str) -> str:
    """The customer's language, else their organization's."""
    customer = db.session.get(Customer, message.customer_id)
    org = db.session.get(Organization, message.org_id)
    language = (customer.language if customer is not None else None) or org.language
    with messages.speaking(language):
        return messages.word(words)


def _sender(org_id: int) -> str:
    """The organization's sender; else the server's MAIL_DEFAULT_SENDER address under the
    shop's name (a customer knows the shop, not this app)."""
    org = db.session.get(Organization, org_id)
    if org is not None and org.mail_sender_address:
        return formataddr((org.mail_sender_name or org.name, org.mail_sender_address))
    default = current_app.config["MAIL_DEFAULT_SENDER"]
    address = parseaddr(default)[1]
    return formataddr((org.name, address)) if org is not None and address else default


def _record(message_id, token, error, done: Delivery) -> None:
    _commit(lambda: outbox.record(db.session, message_id, token, error))
    if error is None:
        done.sent += 1
    else:
        done.failed += 1


def _reason(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(exc.recipients.values()))
        return notes.MAIL_REFUSED.format(answer=f"{code} {_text(text)}")
    if isinstance(exc, smtplib.SMTPResponseException):
        return notes.MAIL_SERVER_ERROR.format(answer=f"{exc.smtp_code} {_text(exc.smtp_error)}")
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
