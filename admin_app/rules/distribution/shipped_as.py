"""What each of a distributor's SKUs was shipped as: the supplier's SKUs (a combo split
into its parts) and how many of each per unit, kept on the distribution order when it
ships (SPEC S6). A push returns what was shipped, at its price, however the mapping or a
combo changed since; an order shipped before this was kept reads the mapping of the
day."""
import json

from ..stock import movements
from . import partnerships


def recorded(session, p, order) -> str:
    """The order's SKUs as shipped under partnership `p`'s mapping now (JSON)."""
    mapping = partnerships.mapped(session, p)
    kept: dict[str, list[list[int]]] = {}
    for line in order.lines:
        if str(line.sku_id) in kept:
            continue
        parts: dict[int, int] = {}
        for sku, qty in movements.components_of(session, line.sku, 1):
            theirs = mapping[sku.id]  # supplier_lines refused an unmapped one first
            parts[theirs.id] = parts.get(theirs.id, 0) + qty
        kept[str(line.sku_id)] = [[sku_id, qty] for sku_id, qty in parts.items()]
    return json.dumps(kept)


def of(link, sku) -> list[tuple[int, int]] | None:
    """[(supplier SKU id, how many per unit)] `sku` was shipped as; None: not kept."""
    if not link.shipped_as:
        return None
    found = json.loads(link.shipped_as).get(str(sku.id))
    return None if found is None else [(sku_id, qty) for sku_id, qty in found]
