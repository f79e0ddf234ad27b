"""Document numbers: a prefix, the date, and random digits unique in the organization."""
import secrets
from datetime import date


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
