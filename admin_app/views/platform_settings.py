"""Settings > Platform deadlines (SPEC S12): each channel's deadlines (with where each
default comes from), its status mapping, and the organization's holidays. A row saved
here replaces the default for the organization; Reset gives the default back."""
from datetime import date

from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..models import CLOCK_STEPS, CLOCK_UNITS, Holiday, Organization, PlatformDeadline, \
    PlatformStatus
from ..rules.aftersales.kinds import STATUSES
from ..rules.platforms import settings, tables
from .access import SecureView, get_or_404
from .forms import new_token, parse_whole
from .transaction import run

OWN_ROWS = {"deadline": PlatformDeadline, "status": PlatformStatus, "holiday": Holiday}


def _day(text):
    try:
        return date.fromisoformat((text or "").strip()[:10])
    except ValueError:
        return None


class PlatformSettingsView(SecureView):
    permissions = ("settings.manage",)

    @expose("/", methods=("GET", "POST"))
    def index(self):
        if request.method == "POST":
            self._post(request.form)
            return redirect(url_for(".index", channel=request.form.get("channel") or None))
        org = db.session.get(Organization, current_user.org_id)
        channel = request.args.get("channel")
        channel = channel if channel in tables.channels() else tables.channels()[0]
        holidays = db.session.execute(select(Holiday).where(
            Holiday.org_id == org.id).order_by(Holiday.day)).scalars().all()
        return self.render(
            "platforms/settings.html", channel=channel, channels=tables.channels(),
            country=tables.country_of(org), token=new_token(), steps=CLOCK_STEPS,
            units=CLOCK_UNITS, states={s: STATUSES[s] for s in tables.TARGETS},
            clocked={s: CLOCK_STEPS[s] for s in tables.CLOCKED},
            deadlines=sorted((d for d in tables.deadlines(db.session, org.id)
                              if d.channel == channel),
                             key=lambda d: (list(CLOCK_STEPS).index(d.step), d.country)),
            statuses=[m for m in tables.statuses(db.session, org.id) if m.channel == channel],
            own_deadlines=self._own(PlatformDeadline, channel),
            own_statuses=self._own(PlatformStatus, channel), holidays=holidays,
            missed=tables.MISSED, sources=tables.OUR_SOURCES)

    def _own(self, model, channel) -> dict:
        rows = db.session.execute(select(model).where(
            model.org_id == current_user.org_id, model.channel == channel)).scalars()
        key = (lambda r: (r.country, r.step)) if model is PlatformDeadline else \
            (lambda r: r.platform_status)
        return {key(r): r.id for r in rows}

    def _post(self, form) -> None:
        what, token = form.get("what"), form.get("token", "")
        if what == "reset" and form.get("kind") in OWN_ROWS:
            row = get_or_404(OWN_ROWS[form["kind"]], form.get("id"), "write")
            run(lambda: settings.reset(db.session, current_user, row), token=token,
                action="platform.reset", done=gettext("Back to the default."))
        elif what == "deadline":
            run(lambda: settings.save_deadline(
                db.session, current_user, form.get("channel", ""), form.get("country", ""),
                form.get("step", ""), parse_whole(form.get("amount"), gettext("Time allowed")),
                form.get("unit", ""), form.get("missed", ""), form.get("source", "")),
                token=token, action="platform.deadline", done=gettext("Deadline saved."))
        elif what == "status":
            run(lambda: settings.save_status(
                db.session, current_user, form.get("channel", ""),
                form.get("platform_status", ""), form.get("state", ""),
                form.get("clock") or None), token=token, action="platform.status",
                done=gettext("Status mapping saved."))
        elif what == "holiday":
            run(lambda: settings.add_holiday(db.session, current_user, _day(form.get("day")),
                                             form.get("name", "")),
                token=token, action="platform.holiday", done=gettext("Holiday added."))
        else:
            flash(gettext("Nothing was changed."), "error")
