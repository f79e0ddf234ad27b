"""Catalog rules: what makes a combo SKU valid."""
from ..core.errors import RuleError


def check_combo(sku) -> None:
    parts = [p for p in sku.components if p.component is not None]
    if not sku.is_combo:
        if parts:
            raise RuleError('catalog.combo_sku_sub_skus', {'code': sku.code})
        return
    if not parts:
        raise RuleError('catalog.combo_needs_least_one', {'code': sku.code})
    seen = set()
    for part in parts:
        if part.component is sku or part.component.id == sku.id:
            raise RuleError('catalog.combo_contain_itself', {'code': sku.code})
        if part.component.is_combo:
            raise RuleError(
                "catalog.itself_combo_use_sub",
                {"code": sku.code, "code2": part.component.code},
            )
        if part.component.id in seen:
            raise RuleError(
                "catalog.listed_twice", {"code": sku.code, "code2": part.component.code}
            )
        seen.add(part.component.id)
        if part.org_id != sku.org_id or part.component.org_id != sku.org_id:
            raise RuleError('catalog.sub_skus_must_belong')
