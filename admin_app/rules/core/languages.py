"""The languages the product speaks (issue 24): Babel locale identifiers, each named in
its own words for the switcher. A person reads their own language if set, else their
organization's; an organization's default is English."""
from .errors import RuleError

LANGUAGES = {
    "en": "English",
    "zh_Hans": "简体中文",
    "zh_Hant": "繁體中文",
    "ms": "Bahasa Melayu",
    "th": "ไทย",
    "id": "Bahasa Indonesia",
    "vi": "Tiếng Việt",
}
DEFAULT = "en"


def checked(code: str | None) -> str:
    """The supported language a person chose, or a refusal naming the choices."""
    chosen = known(code)
    if chosen is None:
        raise RuleError("language.unknown", {"choices": ", ".join(LANGUAGES)},
                        field="language")
    return chosen

# What browsers send (Accept-Language) for the two Chinese scripts.
_ALIASES = {"zh": "zh_Hans", "zh_cn": "zh_Hans", "zh_sg": "zh_Hans", "zh_hans": "zh_Hans",
            "zh_tw": "zh_Hant", "zh_hk": "zh_Hant", "zh_mo": "zh_Hant", "zh_hant": "zh_Hant",
            "in": "id"}


def known(code: str | None) -> str | None:
    """The supported language a code or a browser's tag names (zh-TW -> zh_Hant), or
    None."""
    if not code:
        return None
    tag = code.strip().replace("-", "_")
    if tag in LANGUAGES:
        return tag
    lower = tag.lower()
    for candidate in (lower, "_".join(lower.split("_")[:2]), lower.split("_")[0]):
        if candidate in _ALIASES:
            return _ALIASES[candidate]
        for code_ in LANGUAGES:
            if code_.lower() == candidate:
                return code_
    return None


def of(user=None, org=None) -> str:
    """What this person reads: their own choice, else their organization's, else
    English."""
    for holder in (user, org if org is not None else getattr(user, "org", None)):
        chosen = known(getattr(holder, "language", None))
        if chosen:
            return chosen
    return DEFAULT
