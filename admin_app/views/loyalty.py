"""The organization's member-points settings."""
from flask import redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from ..app_form import AppForm
from wtforms.validators import InputRequired

from flask_babel import gettext, lazy_gettext as _l

from .access import SecureView
from .forms import MoneyField, RateField, WholeField, money_range, quantity_range
from .transaction import run
from ..extensions import db
from ..models import Organization
from ..rules.credit import points


class LoyaltyForm(AppForm):
    points_earn_rate = RateField(
        _l("Points earned per unit of currency spent on a completed order"),
        validators=[InputRequired()],
        description=_l("Up to 6 decimals: 1 earns a point per unit spent, 0.001 a point "
                       "per 1,000. Points are whole: what is left over is not earned."))
    point_value = MoneyField(_l("Value of one point when paying"),
                             validators=[InputRequired(), money_range()])
    points_expiry_month = WholeField(_l("Points expire every year on: month"),
                                       validators=[InputRequired(), quantity_range(1, 12)])
    points_expiry_day = WholeField(_l("day"), validators=[InputRequired(),
                                                        quantity_range(1, 31)])


class LoyaltyView(SecureView):
    permissions = ("settings.manage",)  # organization-wide values (main account: always)

    @expose("/", methods=("GET", "POST"))
    def index(self):
        org = db.session.get(Organization, current_user.org_id)
        form = LoyaltyForm(obj=org)
        fields = ("points_earn_rate", "point_value", "points_expiry_month",
                  "points_expiry_day")
        if request.method == "POST" and form.validate() and run(
                lambda: points.save_settings(db.session, current_user, org,
                                             {k: getattr(form, k).data for k in fields}),
                done=gettext("Member points settings saved.")).ok:
            return redirect(url_for(".index"))
        return self.render("loyalty.html", form=form)
