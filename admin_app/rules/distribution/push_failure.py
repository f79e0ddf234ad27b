"""Why a push failed, kept so that each reader reads it in their own language (SPEC S10):
the record holds the sentences' words and values, not one language's text."""
import json
from dataclasses import dataclass

from ..core.errors import RuleError
from ..core.messages import CATALOG, Said, word
from ..core.messages._marker import _

FINAL_ADVICE = _("The supplier will not take this return: handle it yourself (cancel this "
                 "after-sales order and create it again with one of your own warehouses "
                 "as the return warehouse).")
MAX_KEPT = 2000  # the column's width


@dataclass
class Problem:
    reason: Said | RuleError
    final: bool  # pushing again can never help (the order's date or age decides it)


def kept(problems: list[Problem]) -> str:
    """The problems as the record keeps them."""
    reasons: list[dict] = []
    for problem in problems:
        reason = problem.reason
        reasons.append({"code": reason.code, "params": _plain(reason.params)}
                       if isinstance(reason, RuleError)
                       else {"words": reason.words, "params": _plain(reason.params)})
        if len(_dump(reasons, True)) > MAX_KEPT:
            reasons.pop()
            break
    return _dump(reasons, any(p.final for p in problems))


def text(kept_value: str | None, english: bool = False) -> str:
    """The reasons in the reader's words (or in English, for the audit trail)."""
    if not kept_value:
        return ""
    try:
        found = json.loads(kept_value)
        reasons, final = found["reasons"], found["final"]
    except (ValueError, KeyError, TypeError):
        return kept_value  # kept before the reasons were kept as words and values
    said = []
    for reason in reasons:
        if "code" in reason:
            code, params = reason["code"], reason["params"]
            said.append(CATALOG[code].format(**params) if english
                        else RuleError(code, params).message)
        else:
            sentence = Said(reason["words"], **reason["params"])
            said.append(sentence.english() if english else str(sentence))
    out = "; ".join(said)
    if final:
        out += ". " + (FINAL_ADVICE if english else word(FINAL_ADVICE))
    return out


def _plain(params: dict) -> dict:
    return {k: v if isinstance(v, (int, float, str)) or v is None else str(v)
            for k, v in params.items()}


def _dump(reasons: list, final: bool) -> str:
    return json.dumps({"reasons": reasons, "final": final}, ensure_ascii=False)
