"""The customer file: customers with level, labels, blacklist and credit settings."""
from flask import redirect, request, url_for
from flask_admin import expose
from flask_admin.actions import action
from flask_login import current_user
from wtforms import SelectMultipleField, widgets

from sqlalchemy.orm import undefer

from flask_babel import gettext, lazy_gettext as _l

from .row_urls import row_url
from .access import get_or_404, own_active, own_one, parse_id
from .forms import ScopedAjaxLoader
from .model_view import SecureModelView
from .row_buttons import PostRowAction
from .transaction import Told, run
from ..models import ORDER_TYPES, CHANNELS, Customer, Label
from ..extensions import db
from ..money import fmt
from ..reports import customer_file
from ..rules.credit import terms
from ..rules.sales import customers

PERMS = ("customers.manage",)
CREDIT_FIELDS = ("credit_allowed", "credit_order_types", "account_period_days",
                 "credit_limit", "opening_credit", "opening_balance")


class CustomerLoader(ScopedAjaxLoader):
    """The customer picker of order forms: each customer with the balance they can
    spend today (expired store credit not counted) and what they owe."""

    def get_query(self):
        return super().get_query().options(undefer(Customer.expired_balance))

    def format(self, model):
        if model is None:
            return None
        flag = " · " + gettext("ON THE BLACKLIST") if model.blacklisted else ""
        return (model.id, f"{model}{flag} · " + gettext(
            "balance %(balance)s · owes %(owed)s", balance=fmt(model.spendable_balance),
            owed=fmt(model.total_credit)))


class CheckboxesField(SelectMultipleField):
    """Checkboxes stored as space-separated codes."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def process_data(self, value):
        self.data = value.split() if isinstance(value, str) else (value or [])


class OrderTypesField(CheckboxesField):
    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.pop("filters", None)
        super().__init__(label, validators, choices=[("manual", _l("Manual orders")),
                                                     ("messenger", _l("Messenger orders"))],
                         **kwargs)


class CustomerView(SecureModelView):
    permissions = PERMS
    column_list = ("code", "name", "phone", "level", "labels", "blacklisted",
                   "credit_allowed", "total_credit", "total_balance", "points")
    column_extra_row_actions = [PostRowAction(
        "blacklist", "Add to blacklist…", permission="customers.manage",
        visible=lambda row: not row.blacklisted,
        link=lambda row_id, row: row_url("customers.blacklist", customer_id=row_id))]
    column_searchable_list = ("code", "name", "phone", "email")
    column_choices = {"channel": [(c, c) for c in CHANNELS]}
    column_filters = ("level.name", "blacklisted", "labels.name", "channel",
                      "credit_allowed", "active")
    column_labels = {"level.name": "Level", "labels.name": "Label",
                     "credit_allowed": "Credit", "total_credit": "Credit owed",
                     "total_balance": "Balance", "account_period_days": "Account period (days)",
                     "credit_limit": "Maximum credit limit",
                     "credit_order_types": "Order types on credit"}
    column_formatters = {"total_credit": lambda v, c, m, n: fmt(m.total_credit),
                         # what can be spent: lots past their expiry are not counted
                         "total_balance": lambda v, c, m, n: fmt(m.spendable_balance),
                         "credit_order_types": lambda v, c, m, n: ", ".join(
                             ORDER_TYPES.get(t, t) for t in (m.credit_order_types or "").split())}
    column_descriptions = {"total_balance": "Store credit the customer can spend today "
                                            "(expired lots are not counted)."}

    def get_query(self):
        return super().get_query().options(undefer(Customer.expired_balance))
    column_default_sort = "code"

    details_template = "customers/details.html"
    column_formatters_detail = {**column_formatters,
                                "channel": lambda v, c, m, n: m.channel or ""}

    def render(self, template, **kwargs):
        if template == self.details_template:  # the customer's page: their file
            kwargs["file"] = customer_file.summary(db.session, kwargs["model"])
        return super().render(template, **kwargs)

    # the blacklist has its own page (a reason is needed): not a checkbox here
    form_columns = ("code", "name", "phone", "email", "level", "labels", "active",
                    *CREDIT_FIELDS)
    form_overrides = {"credit_order_types": OrderTypesField}
    form_widget_args = {"credit_order_types": {"class": "list-unstyled"}}
    form_args = {
        "account_period_days": {"description": "Blank: no fixed term."},
        "credit_limit": {"description": "Blank: no limit."},
        "opening_credit": {"description": "What the customer owes from before; posted "
                                          "once to the ledger."},
        "opening_balance": {"description": "Store credit held for the customer from "
                                           "before; posted once."},
    }

    # Opening entries post money to the ledger: SPEC S1 gives them to credit.receive.
    field_permissions = {"opening_credit": "credit.receive",
                         "opening_balance": "credit.receive"}

    def save_model(self, form, obj, is_created):
        for name, field in form._fields.items():
            if name not in CREDIT_FIELDS:
                field.populate_obj(obj, name)
        db.session.add(obj)
        db.session.flush()
        opening = {name: form[name].data if name in form else getattr(obj, name)
                   for name in ("opening_credit", "opening_balance")}
        terms.save_settings(
            db.session, current_user, obj, credit_allowed=form.credit_allowed.data,
            order_types=form.credit_order_types.data,
            account_period_days=form.account_period_days.data,
            credit_limit=form.credit_limit.data, **opening)

    @expose("/blacklist/<int:customer_id>", methods=("GET", "POST"))
    def blacklist(self, customer_id):
        """Add to the blacklist, with the reason staff will see on new orders."""
        customer = get_or_404(Customer, customer_id, "write")
        if request.method == "POST":
            outcome = run(lambda: customers.set_blacklisted(
                db.session, current_user, customer, True, request.form.get("reason", "")),
                done=gettext("%(customer)s is on the blacklist.", customer=customer.name))
            if outcome.ok:
                return redirect(url_for("blacklist.index_view"))
        return self.render("customers/blacklist.html", customer=customer)

    @action("labels", "Add or remove a label…")
    def action_labels(self, ids):
        return redirect(url_for(".labels", ids=",".join(str(i) for i in ids[:500])))

    @expose("/labels/", methods=("GET", "POST"))
    def labels(self):
        """A label on (or off) the customers chosen on the list."""
        ids = [i for i in (request.values.get("ids") or "").split(",")
               if parse_id(i)][:500]
        rows = self.get_scoped_rows(ids)
        choices = db.session.execute(own_active(Label).order_by(Label.name)).scalars().all()
        if request.method == "POST":
            label_id = parse_id(request.form.get("label"))
            label = own_one(Label, Label.id == label_id) if label_id else None
            add = request.form.get("how") != "remove"
            outcome = run(lambda: customers.label_many(db.session, current_user, rows,
                                                       label, add),
                          done=lambda n: Told(_label_told(add, n, label.name)) if n else
                          Told(_label_unchanged(add, label.name), "warning"))
            if outcome.ok:
                return redirect(url_for(".index_view"))
        return self.render("customers/labels.html", rows=rows, labels=choices,
                           ids=",".join(ids))

    @action("unblacklist", "Remove from blacklist",
            "Remove the selected customers from the blacklist?")
    def action_unblacklist(self, ids):
        self.run_rule_on_rows(
            ids, lambda c: customers.set_blacklisted(db.session, current_user, c, False),
            _l("{count} customer(s) removed from the blacklist."))


class BlacklistView(CustomerView):
    """The blacklisted customers (SPEC S7): why, since when; remove one or in bulk."""
    can_create = can_edit = can_delete = False
    column_list = ("code", "name", "phone", "channel", "buyer_id", "blacklist_reason",
                   "blacklisted_at")
    column_labels = {**CustomerView.column_labels, "blacklist_reason": "Reason",
                     "blacklisted_at": "Since", "buyer_id": "Buyer id"}
    column_filters = ("channel", "labels.name", "level.name")
    column_default_sort = ("id", True)
    column_extra_row_actions = [PostRowAction("unblacklist", "Remove from blacklist",
                                              permission="customers.manage")]

    def get_query(self):
        return super().get_query().filter(Customer.blacklisted.is_(True))

    def get_count_query(self):
        return super().get_count_query().filter(Customer.blacklisted.is_(True))


class LabelView(SecureModelView):
    permissions = PERMS
    column_list = ("name", "active")
    form_columns = ("name", "active")


def _label_told(add: bool, count: int, label: str) -> str:
    if add:
        return gettext("Label %(label)s added to %(count)s customer(s).", label=label, count=count)
    return gettext("Label %(label)s removed from %(count)s customer(s).", label=label,
                   count=count)


def _label_unchanged(add: bool, label: str) -> str:
    if add:
        return gettext("Nothing changed: every chosen customer already has label %(label)s.",
                       label=label)
    return gettext("Nothing changed: every chosen customer does not have label %(label)s.",
                   label=label)
