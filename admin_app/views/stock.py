"""Stock levels (read-only), the movement journal, and manual adjustments."""
from flask import redirect, request, url_for
from flask_admin import expose
from markupsafe import Markup
from flask_login import current_user
from ..app_form import AppForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from flask_babel import lazy_gettext as _l
from flask_babel import gettext

from .access import PartnerRows, SecureView, get_or_404, own_active, own_one
from .forms import IdempotencyField, WholeField, ascii_int
from .model_view import ReadOnlyView
from .transaction import run
from .lookups import typed_one
from ..extensions import db
from ..rules.core import notes
from ..rules.core.messages import Labels
from ..models import QUALITIES, Sku, StockLevel, Warehouse
from ..rules.stock import movements
from ..rules.core.errors import RuleError

STOCK_READERS = ("stock.adjust", "stock.return_in", "reports.view")


def _unqualified(view, context, row, name):
    if not row.unqualified:
        return 0
    if not row.unqualified_note:
        return row.unqualified
    # A marker on every row with unqualified stock and a note (seed 003): the note on
    # hover, and a click opens it to read whole and edit.
    return Markup('{} <a class="marker-unqualified" title="{}" href="{}">&#9888; {}</a>'
                  ).format(row.unqualified, row.unqualified_note,
                           url_for(".note", level_id=row.id), gettext("note"))


# what moved the stock (a movement's source), as its list and the audit trail name it
SOURCE_TYPES = Labels({"aftersales": "Return stock-in", "purchase_receipt": "Purchase receipt",
                       "inventory_count": "Inventory count",
                       "supplier_return": "Return to supplier", "replacement": "Replacement",
                       "distribution": "Distribution",
                       "aftersales_cancel": "After-sales cancelled",
                       "adjustment": "Adjustment", "count": "Count"})

class StockLevelView(ReadOnlyView):
    permissions = STOCK_READERS
    column_list = ("sku", "warehouse", "qualified", "unqualified", "unqualified_note")
    column_formatters = {"unqualified": _unqualified}
    # a file keeps the number (the note has its own column)
    column_formatters_export: dict = {}

    column_searchable_list = ("sku.code", "sku.name")
    column_filters = ("warehouse.name", "sku.code", "unqualified")
    column_labels = {"sku": "SKU", "warehouse.name": "Warehouse", "sku.code": "SKU code",
                     "sku.name": "SKU name", "unqualified_note": "Unqualified note"}
    column_default_sort = "id"
    endpoint_permissions = {"note": ("stock.return_in", "stock.adjust")}  # SPEC S1

    @expose("/note/<int:level_id>", methods=("GET", "POST"))
    def note(self, level_id):
        level = get_or_404(StockLevel, level_id, "write")
        if request.method == "POST":
            outcome = run(lambda: movements.edit_note(db.session, current_user, level,
                                                      request.form.get("note", "")),
                          done=gettext("Unqualified note of %(sku)s in %(warehouse)s saved.",
                                       sku=level.sku.code, warehouse=level.warehouse.name))
            if outcome.ok:
                return redirect(url_for(".index_view", search=level.sku.code))
        return self.render("stock/note.html", level=level)


class StockMovementView(PartnerRows, ReadOnlyView):
    """PartnerRows: a distributor's user ships from this organization's warehouse
    (SPEC S6), and is named as who moved the stock."""
    permissions = STOCK_READERS
    column_list = ("created_at", "sku", "warehouse", "quality", "quantity", "reason",
                   "source_type", "source_ref", "user")
    column_searchable_list = ("sku.code", "source_ref")
    column_filters = ("warehouse.name", "quality", "source_type", "created_at")
    column_choices = {"quality": list(QUALITIES.items()),
                      "source_type": list(SOURCE_TYPES.items())}
    column_labels = {"warehouse.name": "Warehouse", "sku.code": "SKU code",
                     "source_ref": "Source document", "user": "By"}
    column_formatters = {"reason": lambda v, c, m, n: notes.shown(m.reason)}
    column_default_sort = ("created_at", True)


class AdjustForm(AppForm):
    token = IdempotencyField()
    sku_code = StringField(_l("SKU code"), validators=[InputRequired(), Length(max=60)])
    warehouse = SelectField(_l("Warehouse"), coerce=ascii_int, validate_choice=True)
    quality = SelectField(_l("Quality"), choices=lambda: list(QUALITIES.items()))
    quantity = WholeField(
        _l("Quantity (negative takes stock out)"),
        validators=[InputRequired(message=_l("Quantity: enter a whole number.")),
                    NumberRange(min=-movements.MAX_MOVE, max=movements.MAX_MOVE)])
    reason = StringField(_l("Reason"), validators=[InputRequired(), Length(max=200)])
    unqualified_note = StringField(_l("Unqualified note (inventory count: why units are "
                                   "damaged)"), validators=[Optional(), Length(max=1000)])
    replace_note = BooleanField(_l("Replace the existing note (default: append)"))


class StockAdjustView(SecureView):
    permissions = ("stock.adjust",)

    @expose("/", methods=("GET", "POST"))
    def index(self):
        form = AdjustForm()
        form.warehouse.choices = [(w.id, w.name) for w in db.session.execute(
            own_active(Warehouse).order_by(Warehouse.name)).scalars()]
        if request.method == "POST" and form.validate() and run(
                lambda: self._adjust(form), token=form.token.data, action="stock.adjust",
                done=gettext("Stock adjusted.")).ok:
            return redirect(url_for(".index"))
        return self.render("stock/adjust.html", form=form)

    def _adjust(self, form):
        code = form.sku_code.data.strip()
        sku = typed_one(Sku, Sku.code, code)  # any case
        if sku is None:
            raise RuleError('form.sku_code_sku', {'code': code}, field='sku_code')
        warehouse = own_one(Warehouse, Warehouse.id == form.warehouse.data)
        return movements.adjust(db.session, current_user, sku, warehouse,
                                form.quality.data, form.quantity.data, form.reason.data,
                                form.unqualified_note.data, form.replace_note.data)[0]
