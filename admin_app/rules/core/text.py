"""Free text typed by a person: trimmed, and refused (never cut short) when longer than
its column holds."""
from .errors import RuleError


def typed(value, label: str, limit: int) -> str | None:
    """The text without surrounding spaces (None when empty), or a refusal naming the
    field and its limit."""
    text = (value or "").strip()
    if len(text) > limit:
        raise RuleError(f"{label}: at most {limit:,} characters ({len(text):,} given).")
    return text or None
