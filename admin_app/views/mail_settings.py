"""Whom the organization's mail comes from (campaigns and notifications)."""
from flask import redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from ..app_form import AppForm
from wtforms import StringField
from wtforms.validators import Length, Optional

from flask_babel import gettext, lazy_gettext as _l

from .access import SecureView
from .transaction import run
from ..extensions import db
from ..models import Organization
from ..rules.customers import subscriptions


class SenderForm(AppForm):
    mail_sender_name = StringField(_l("Sender name"), validators=[Optional(), Length(max=120)],
                                   description=_l("What customers see as the sender, e.g. "
                                                  "your shop's name."))
    mail_sender_address = StringField(
        _l("Sender address"), validators=[Optional(), Length(max=254)],
        description=_l("An address of your domain that the mail server may send from. Blank "
                       "(both): the server's default sender."))


class MailSettingsView(SecureView):
    permissions = ("settings.manage",)

    @expose("/", methods=("GET", "POST"))
    def index(self):
        org = db.session.get(Organization, current_user.org_id)
        form = SenderForm(obj=org)
        if request.method == "POST" and form.validate() and run(
                lambda: subscriptions.save_sender(db.session, current_user, org,
                                                  form.mail_sender_name.data,
                                                  form.mail_sender_address.data),
                done=gettext("Mail sender saved.")).ok:
            return redirect(url_for(".index"))
        return self.render("loyalty.html", form=form, heading=gettext("Mail sender"))
