"""Catalog rules: what makes a combo SKU valid."""
from ..core.errors import RuleError


def check_combo(sku) -> None:
    parts = [p for p in sku.components if p.component is not None]
    if not sku.is_combo:
        if parts:
            raise RuleError(f"{sku.code}: only a combo SKU has sub-SKUs; tick Combo or "
                            "remove them.")
        return
    if not parts:
        raise RuleError(f"{sku.code}: a combo needs at least one sub-SKU.")
    seen = set()
    for part in parts:
        if part.component is sku or part.component.id == sku.id:
            raise RuleError(f"{sku.code}: a combo cannot contain itself.")
        if part.component.is_combo:
            raise RuleError(f"{sku.code}: {part.component.code} is itself a combo; "
                            "use its sub-SKUs instead.")
        if part.component.id in seen:
            raise RuleError(f"{sku.code}: {part.component.code} is listed twice.")
        seen.add(part.component.id)
        if part.org_id != sku.org_id or part.component.org_id != sku.org_id:
            raise RuleError("Sub-SKUs must belong to your organization.")
