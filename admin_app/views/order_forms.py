"""The order pages' forms: the lines (priced when left blank), the payment fields of a
new order, the approve and the cancel forms, read into plain inputs for the rules."""
from flask_admin.model.form import InlineFormAdmin
from ..app_form import AppForm
from wtforms import BooleanField, SelectField, StringField, validators

from flask_babel import lazy_gettext as _l
from ..rules.core.messages import Labels

from .forms import IdempotencyField, MoneyField, WholeField, ajax_ref, money_range, \
    quantity_range
from ..models import PAID_WITH, OrderLine, Sku
from ..money import ZERO
from ..rules.credit.terms import Payment
from ..rules.sales.orders import LineInput

class LineInline(InlineFormAdmin):
    form_columns = ("id", "sku", "quantity", "unit_price")
    form_label = _l("Line")
    form_ajax_refs = {"sku": ajax_ref(Sku, "code", "name")}
    form_overrides = {"unit_price": MoneyField}
    form_args = {"unit_price": {
        "validators": [validators.Optional(), money_range()],
        "description": "Blank: the customer's level price, else the wholesale price "
                       "(shown in the box once the SKU is chosen).",
        # the column is required in the table, not on the form: a blank one is priced
        "render_kw": {"required": False},
    }}

    def __init__(self):
        super().__init__(OrderLine)


def lines_from_form(form) -> list[LineInput]:
    lines = []
    for entry in form.lines.entries:
        if form.lines.should_delete(entry):
            continue
        data = entry.form.data
        if data.get("sku") is None and not data.get("quantity"):
            continue  # an empty row left by the "add line" button
        lines.append(LineInput(sku=data.get("sku"), quantity=data.get("quantity"),
                               unit_price=data.get("unit_price")))
    return lines


def payment_from_form(form) -> Payment | None:
    """None: paid outside the customer's account (COD on delivery, or a platform order
    paid on the platform: SPEC S2/S4), whatever the payment fields hold (hidden then)."""
    if form.payment_method.data == "cod" or form.order_type.data == "platform":
        return None
    return Payment(received=form.amount_received.data or ZERO,
                   paid_with=form.paid_with.data or None,
                   balance=form.balance_to_use.data or ZERO,
                   points=form.points_to_use.data or 0,
                   override_reason=form.override_reason.data
                   if "override_reason" in form else None)


PAYMENT_FIELDS = {
    "paid_with": SelectField(_l("Paid with"), choices=[("", "(nothing received now)")] + [
        (k, v) for k, v in PAID_WITH.items() if k != "balance"],
        validators=[validators.Optional()]),
    "amount_received": MoneyField(
        _l("Amount received now"), validators=[validators.Optional(), money_range()],
        description=_l("Prepaid manual and messenger orders: what is not received (nor "
                    "paid from the balance or points) becomes credit, if the customer "
                    "has credit for this order type. Platform orders are paid on the "
                    "platform and COD orders on delivery: no payment fields.")),
    "balance_to_use": MoneyField(_l("Pay from the customer's balance"),
                                 validators=[validators.Optional(), money_range()]),
    "points_to_use": WholeField(_l("Points to use"),
                                  validators=[validators.Optional(), quantity_range()]),
    "override_reason": StringField(
        _l("Reason to accept over the credit limit"), validators=[
            validators.Optional(), validators.Length(max=300)],
        description=_l("Only users allowed to override the credit limit.")),
    "token": IdempotencyField(),
}


PRICE_SOURCES = Labels({"level": "the customer's level price",
                        "wholesale": "the wholesale price",
                        "none": "no level or wholesale price: type one"})


class ApproveForm(AppForm):
    token = IdempotencyField()
    amount_received = MoneyField(_l("Amount received now"), validators=[
        validators.Optional(), money_range()])
    paid_with = SelectField(_l("Paid with"), choices=[
        (k, v) for k, v in PAID_WITH.items() if k not in ("balance", "exchange", "external")])


class CancelForm(AppForm):
    token = IdempotencyField()
    revert_credit = BooleanField(_l("Revert store credit"), default=True)
    extend_credit = BooleanField(_l("Extend store credit that has expired"))
    extend_days = WholeField(_l("by (days)"), validators=[validators.Optional(),
                                                         quantity_range(1, 3650)])
    revert_points = BooleanField(_l("Revert member points"), default=True)
    extend_points = BooleanField(_l("Extend expired points to the next annual expiry date"))
    notify = BooleanField(_l("Send the customer an update"))
