"""Catalog rules: what makes a combo SKU valid."""
from sqlalchemy import select
from sqlalchemy.orm import object_session

from ..core.errors import RuleError
from ...models import ComboComponent, Sku


def check_sku(sku) -> None:
    """A SKU saved on its own page: sub-SKUs only on a combo, and a sub-SKU of a combo
    never a combo itself (its combo would hold a combo: no stock could move for it)."""
    parts = [p for p in sku.components if p.component is not None]
    if not sku.is_combo:
        if parts:
            raise RuleError('catalog.combo_sku_sub_skus', {'code': sku.code})
        return
    _not_inside_a_combo(sku)


def _not_inside_a_combo(sku) -> None:
    session = object_session(sku)
    if session is None or sku.id is None:
        return
    inside = session.execute(select(Sku.code).join(
        ComboComponent, ComboComponent.combo_id == Sku.id).where(
        ComboComponent.component_id == sku.id).limit(1)).scalar()
    if inside is not None:
        raise RuleError("catalog.sub_sku_of_a_combo", {"code": sku.code, "code2": inside})


def check_combo(sku) -> None:
    parts = [p for p in sku.components if p.component is not None]
    if not sku.is_combo:
        if parts:
            raise RuleError('catalog.combo_sku_sub_skus', {'code': sku.code})
        return
    if not parts:
        raise RuleError('catalog.combo_needs_least_one', {'code': sku.code})
    _not_inside_a_combo(sku)
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
