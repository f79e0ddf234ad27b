"""Webhooks (issue 25): the organization's subscriptions (URL, events, the secret that
signs them) and every delivery with its status, attempts and answer, sent again on
request."""
from flask import current_app, redirect, url_for
from flask_admin import expose
from flask_babel import gettext, lazy_gettext as _l
from flask_login import current_user
from ..app_form import AppForm
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms import SelectMultipleField, StringField, widgets
from wtforms.validators import InputRequired, Length, Optional

from ..extensions import db
from ..models import WebhookDelivery, WebhookSubscription
from ..rules.accounts import webhook_subscriptions as subscriptions
from ..rules.core import notes
from ..rules.core.webhook_deliveries import ANSWERS, DELIVERY, next_attempt, retrying
from ..rules.core.webhooks import EVENT_TYPES
from .access import SecureView, get_or_404, org_id
from .transaction import run

SHOWN = 100  # the latest deliveries on the page


class SubscriptionForm(AppForm):
    url = StringField(_l("URL"), validators=[InputRequired(), Length(max=500)],
                      description=_l("Where the events are POSTed: https://..."))
    events = SelectMultipleField(_l("Events"), widget=widgets.ListWidget(prefix_label=False),
                                 option_widget=widgets.CheckboxInput())
    description = StringField(_l("Description"), validators=[Optional(), Length(max=200)])


class WebhooksView(SecureView):
    permissions = (subscriptions.PERMISSION,)

    def _form(self) -> SubscriptionForm:
        form = SubscriptionForm()
        form.events.choices = [("*", gettext("Every event"))] + list(EVENT_TYPES.items())
        return form

    @expose("/", methods=("GET", "POST"))
    def index(self):
        form = self._form()
        if form.validate_on_submit():
            outcome = run(lambda: subscriptions.subscribe(
                db.session, current_user, url=form.url.data, events=form.events.data,
                description=form.description.data,
                allow_private=current_app.config.get("WEBHOOK_ALLOW_PRIVATE", False)),
                done=gettext("Subscribed: events go to %(url)s within a minute.",
                             url=form.url.data))
            if outcome.ok:
                return redirect(url_for(".index"))
        subs = db.session.execute(select(WebhookSubscription).where(
            WebhookSubscription.org_id == org_id()).order_by(WebhookSubscription.id.desc())
        ).scalars().all()
        deliveries = db.session.execute(
            select(WebhookDelivery).where(WebhookDelivery.org_id == org_id())
            .options(joinedload(WebhookDelivery.event), joinedload(WebhookDelivery.subscription))
            .order_by(WebhookDelivery.id.desc()).limit(SHOWN)).scalars().all()
        return self.render("api/webhooks.html", form=form, subscriptions=subs,
                           deliveries=deliveries, labels=EVENT_TYPES,
                           statuses=DELIVERY.labels,
                           may_redeliver=lambda d: DELIVERY.can(d, "redeliver"),
                           next_attempt=next_attempt, retrying=retrying,
                           answer=lambda text: notes.shown(text, ANSWERS))

    @expose("/<int:subscription_id>/<any(pause,resume):change>", methods=("POST",))
    def switch(self, subscription_id, change):
        row = get_or_404(WebhookSubscription, subscription_id, "write")
        run(lambda: subscriptions.set_active(db.session, current_user, row, change == "resume"),
            done=gettext("Events go to %(url)s again.", url=row.url) if change == "resume"
            else gettext("Paused: no new event goes to %(url)s.", url=row.url))
        return redirect(url_for(".index"))

    @expose("/deliveries/<int:delivery_id>/redeliver", methods=("POST",))
    def redeliver(self, delivery_id):
        row = get_or_404(WebhookDelivery, delivery_id, "write")
        run(lambda: subscriptions.redeliver(db.session, current_user, row),
            done=gettext("Sent again within a minute."))
        return redirect(url_for(".index"))
