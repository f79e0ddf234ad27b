"""Evidence on an after-sales order (SPEC S12): the buyer's photos and videos as the
platform's links, the seller's own (unboxing at stock-in, a claim's proof) as files
checked and stored by the adapter (admin_app/uploads.accept_evidence) and written only
when the action commits."""
from dataclasses import dataclass

from sqlalchemy import func, select

from ..core import audit
from ..core.errors import RuleError
from ..core.usecase import use_case
from ...models import EVIDENCE_STAGES, Evidence, PlatformClaim

MAX_PER_ORDER = 50


@dataclass(frozen=True)
class StoredFile:
    """A checked upload: its stored name, the name it came with, photo or video."""
    stored: str
    name: str
    kind: str
    content_type: str
    size: int


def is_link(url) -> bool:
    """A web address the buyer's evidence can be at."""
    return isinstance(url, str) and url.startswith(("https://", "http://")) and len(url) <= 500


def _room(session, aso, adding: int) -> None:
    count = session.execute(select(func.count()).where(
        Evidence.aftersales_id == aso.id)).scalar()
    if count + adding > MAX_PER_ORDER:
        raise RuleError("evidence.too_many", {"number": aso.number, "count": MAX_PER_ORDER},
                        field="evidence")


def add_link(session, user, aso, url: str, stage: str, claim=None) -> Evidence | None:
    """A link to the buyer's evidence on the platform (once per order)."""
    url = (url or "").strip()
    if not is_link(url):
        raise RuleError("platform.evidence_links", {"count": MAX_PER_ORDER},
                        field="evidence_links")
    if session.execute(select(Evidence.id).where(Evidence.aftersales_id == aso.id,
                                                 Evidence.url == url)).first():
        return None
    _room(session, aso, 1)
    row = Evidence(org_id=aso.org_id, aftersales_id=aso.id, stage=stage, kind="link",
                   url=url, name=url[:200], created_by=getattr(user, "id", None),
                   claim_id=getattr(claim, "id", None))
    session.add(row)
    return row


@use_case("aftersales.manual", "stock.return_in")
def add_files(session, user, aso, files: list[StoredFile], stage: str = "request",
              claim: PlatformClaim | None = None) -> list[Evidence]:
    """The seller's photos and videos: at stock-in (a clerk, from the phone's camera),
    on the order's page, or for a claim."""
    if stage not in EVIDENCE_STAGES:
        raise ValueError(stage)
    if not files:
        raise RuleError("evidence.choose_file", field="evidence")
    if claim is not None and claim.aftersales_id != aso.id:
        raise RuleError("evidence.choose_file", field="evidence")
    _room(session, aso, len(files))
    rows = [Evidence(org_id=aso.org_id, aftersales_id=aso.id, stage=stage, kind=f.kind,
                     stored=f.stored, name=f.name, content_type=f.content_type, size=f.size,
                     created_by=getattr(user, "id", None),
                     claim_id=getattr(claim, "id", None)) for f in files]
    session.add_all(rows)
    session.flush()
    audit.record(session, user, "aftersales.evidence", aso, before={}, after={
        "stage": stage, "files": [f.name for f in files]})
    return rows


def of(session, aso) -> list[Evidence]:
    return list(session.execute(select(Evidence).where(
        Evidence.aftersales_id == aso.id).order_by(Evidence.id)).scalars())
