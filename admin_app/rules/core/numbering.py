"""Document numbers: a prefix, the date, and random digits unique in the organization."""
import secrets
from datetime import date


from .chunks import chunks, exact


def unique_number(session, model, org_id: int, prefix: str, on: date | None = None,
                  field: str = "number", digits: int = 6) -> str:
    column = getattr(model, field)
    stamp = f"{on:%y%m%d}" if on is not None else ""
    while True:
        number = f"{prefix}{stamp}{secrets.randbelow(10**digits):0{digits}d}"
        taken = session.query(model.id).filter(model.org_id == org_id,
                                               column == number).first()
        if not taken:
            return number


def unique_numbers(session, model, org_id: int, prefix: str, count: int,
                   on: date | None = None, digits: int = 6) -> list[str]:
    """`count` new numbers at once (an import): drawn, checked against the table in
    bulk, and drawn again where taken."""
    stamp = f"{on:%y%m%d}" if on is not None else ""
    if count > 10 ** digits // 10:
        raise ValueError("too many numbers for one day's space")
    chosen: set[str] = set()
    while len(chosen) < count:
        fresh = {f"{prefix}{stamp}{secrets.randbelow(10**digits):0{digits}d}"
                 for _ in range(count - len(chosen))} - chosen
        for part in chunks(sorted(fresh)):
            fresh -= {row.number for row in exact(session, model.number, part, org_id)}
        chosen |= fresh
    return sorted(chosen)
