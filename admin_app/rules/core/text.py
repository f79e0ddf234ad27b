"""Free text typed by a person: trimmed, and refused (never cut short) when longer than
its column holds. Names are put on one line (control characters and line breaks become
spaces: they break mail headers and file names); codes refuse them."""
import re

from email_validator import EmailNotValidError, validate_email

from .errors import RuleError

# C0 and C1 controls (tab, CR, LF, vertical tab...) and Unicode line/paragraph breaks
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def single_line(value) -> str:
    """The text on one line: every control character or run of spaces is one space."""
    return " ".join(CONTROL.sub(" ", value or "").split())


def name_text(value, label: str, limit: int) -> str | None:
    """A name, on one line (see single_line), or a refusal when too long."""
    return typed(single_line(value), label, limit)


def email_text(value, label: str = "Email") -> str | None:
    """An email address as people type it, checked (syntax, not whether the mailbox
    exists) and normalized; blank: None."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        # syntax only: reserved test domains (.test, .example) are the tests' and demos'
        found = validate_email(text, check_deliverability=False, test_environment=True)
        if "." not in found.domain:
            raise EmailNotValidError("the part after the @-sign needs a dot, as in shop.com")
        return found.normalized
    except EmailNotValidError as error:
        raise RuleError('text.email_address', {'label': label, 'text': text[:80], 'error': error}) \
            from None


def code_text(value, label: str, limit: int) -> str | None:
    """A code people type and systems reuse (file names, exports): no control
    characters."""
    if CONTROL.search((value or "").strip()):
        raise RuleError('text.letters_digits_punctuation_without', {'label': label})
    return typed(value, label, limit)


def typed(value, label: str, limit: int) -> str | None:
    """The text without surrounding spaces (None when empty), or a refusal naming the
    field and its limit."""
    text = (value or "").strip()
    if len(text) > limit:
        raise RuleError(
            "text.most_characters_given", {"label": label, "limit": limit, "text": len(text)}
        )
    return text or None


def digits_only(value: str) -> bool:
    """Plain 0-9 digits: str.isdigit() also takes "²" and other digits int() refuses."""
    return value.isascii() and value.isdigit()
