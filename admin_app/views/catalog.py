"""Stores, warehouses, SKUs with combo components, customer levels and tier prices."""
from .forms import ajax_ref
from .model_view import SecureModelView
from ..extensions import db
from ..rules.sales import catalog
from ..models import CHANNELS, WAREHOUSE_KINDS, Sku

CATALOG = ("catalog.manage",)


class StoreView(SecureModelView):
    permissions = CATALOG
    column_list = ("name", "channel", "active")
    form_columns = ("name", "channel", "active")
    column_searchable_list = ("name",)
    column_filters = ("channel",)
    form_choices = column_choices = {"channel": [(c, c) for c in CHANNELS]}


class WarehouseView(SecureModelView):
    permissions = CATALOG
    column_list = ("name", "kind", "active")
    form_columns = ("name", "kind", "active")
    column_searchable_list = ("name",)
    column_filters = ("kind",)
    form_choices = column_choices = {"kind": list(WAREHOUSE_KINDS.items())}


class ComboComponentView(SecureModelView):
    """The sub-SKUs of each combo, one row per sub-SKU."""

    permissions = CATALOG
    column_list = ("combo", "component", "quantity")
    column_filters = ("combo.code",)
    column_labels = {"combo.code": "Combo code", "component": "Sub-SKU"}
    form_columns = ("combo", "component", "quantity")
    form_ajax_refs = {"combo": ajax_ref(Sku, "code", "name"),
                      "component": ajax_ref(Sku, "code", "name")}

    def save_model(self, form, obj, is_created):
        form.populate_obj(obj)
        db.session.add(obj)
        catalog.check_combo(obj.combo)


class SkuView(SecureModelView):
    permissions = CATALOG
    column_list = ("code", "name", "wholesale_price", "cost_price", "is_combo", "active")
    column_searchable_list = ("code", "name")
    column_filters = ("is_combo",)
    column_default_sort = "code"
    column_details_list = ("code", "name", "wholesale_price", "cost_price", "is_combo",
                           "components")
    form_columns = ("code", "name", "wholesale_price", "cost_price", "is_combo", "active")
    column_labels = {"is_combo": "Combo", "components": "Sub-SKUs"}
    form_args = {"is_combo": {"description": "A combo is sold as one SKU; its stock moves "
                                             "as its sub-SKUs (see Combo components)."}}

    def save_model(self, form, obj, is_created):
        form.populate_obj(obj)
        db.session.add(obj)
        catalog.check_sku(obj)


class CustomerLevelView(SecureModelView):
    permissions = ("customers.manage",)
    column_list = ("name", "active")
    form_columns = ("name", "active")


class TierPriceView(SecureModelView):
    permissions = ("customers.manage",)
    column_list = ("level", "sku", "price")
    column_filters = ("level.name",)
    form_columns = ("level", "sku", "price")
    form_ajax_refs = {"sku": ajax_ref(Sku, "code", "name")}
    column_labels = {"level.name": "Level"}
