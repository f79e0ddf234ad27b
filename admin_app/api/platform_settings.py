"""The platforms' deadlines, status mappings and the organization's holidays (SPEC S12)
over the API, as on the Platform deadlines page: what is in force (the organization's
rows, then the defaults it has not replaced), a row saved over a default, a row reset
to the default, a holiday added or taken away."""
from dataclasses import asdict

from apiflask import Schema
from apiflask.fields import Boolean, Date, Integer, List, Nested, String
from apiflask.validators import Length, OneOf, Range

from ..extensions import db
from ..models import Holiday, PlatformDeadline, PlatformStatus
from ..rules.platforms import settings, tables
from . import bp, shapes
from .auth import auth, user
from .calls import ok, write
from .rows import may_read, row
from .schemas import ERRORS, Id

PERMISSION = "settings.manage"
OWN_ROWS = {"deadline": PlatformDeadline, "status": PlatformStatus, "holiday": Holiday}


class PlatformDeadlineOut(Schema):
    id = Integer(allow_none=True, metadata={"description": "The organization's row (reset "
                                                           "it); null: the default"})
    channel = String()
    country = String(metadata={"description": "Blank: every country"})
    step = String()
    amount = Integer()
    unit = String()
    missed = String()
    source = String()
    own = Boolean(metadata={"description": "The organization's row (else the default)"})


class PlatformStatusOut(Schema):
    id = Integer(allow_none=True)
    channel = String()
    platform_status = String()
    state = String()
    clock = String(allow_none=True)
    own = Boolean()


class PlatformHolidayOut(Schema):
    id = Integer()
    day = String()
    name = String()


class PlatformSettingsOut(Schema):
    deadlines = List(Nested(PlatformDeadlineOut))
    statuses = List(Nested(PlatformStatusOut))
    holidays = List(Nested(PlatformHolidayOut))


class PlatformDeadlineIn(Schema):
    channel = String(required=True, validate=Length(max=20))
    country = String(load_default="", validate=Length(max=2),
                     metadata={"description": "ISO country code; blank: every country"})
    step = String(required=True, validate=Length(max=20))
    amount = Integer(required=True, validate=Range(min=0, max=10_000))
    unit = String(required=True, validate=Length(max=20))
    missed = String(required=True, validate=Length(max=300),
                    metadata={"description": "What the platform does when it passes"})
    source = String(load_default="", validate=Length(max=300))


class PlatformStatusIn(Schema):
    channel = String(required=True, validate=Length(max=20))
    platform_status = String(required=True, validate=Length(max=60))
    state = String(required=True, validate=Length(max=30))
    clock = String(allow_none=True, validate=Length(max=30))


class PlatformHolidayIn(Schema):
    day = Date(required=True)
    name = String(required=True, validate=Length(max=120))


class PlatformResetIn(Schema):
    kind = String(required=True, validate=OneOf(list(OWN_ROWS)))
    id = Id(required=True)


def _settings(_=None) -> dict:
    org_id = user().org_id
    holidays = db.session.execute(db.select(Holiday).where(
        Holiday.org_id == org_id).order_by(Holiday.day)).scalars()
    own_deadlines = {(r.channel, r.country, r.step): r.id for r in db.session.execute(
        db.select(PlatformDeadline).where(PlatformDeadline.org_id == org_id)).scalars()}
    own_statuses = {(r.channel, r.platform_status): r.id for r in db.session.execute(
        db.select(PlatformStatus).where(PlatformStatus.org_id == org_id)).scalars()}
    return {"deadlines": [{**asdict(d), "id": own_deadlines.get((d.channel, d.country, d.step))
                           if d.own else None}
                          for d in tables.deadlines(db.session, org_id)],
            "statuses": [{**asdict(m), "id": own_statuses.get((m.channel, m.platform_status))
                          if m.own else None}
                         for m in tables.statuses(db.session, org_id)],
            "holidays": [{"id": h.id, "day": shapes.day(h.day), "name": h.name}
                         for h in holidays]}


@bp.get("/platform-settings")
@bp.auth_required(auth)
@bp.output(PlatformSettingsOut)
@bp.doc(tags=["Platform after-sales"], responses=ERRORS)
def get_platform_settings():
    """The deadlines and status mappings in force, and the organization's holidays"""
    may_read(PERMISSION)
    return ok(_settings())


@bp.post("/platform-settings/deadlines")
@bp.auth_required(auth)
@bp.input(PlatformDeadlineIn, location="json")
@bp.output(PlatformSettingsOut)
@bp.doc(tags=["Platform after-sales"], responses=ERRORS)
def save_deadline(json_data):
    """A deadline of the organization's own, over the default for that step"""
    return write(lambda: settings.save_deadline(db.session, user(), **json_data), _settings,
                 200)


@bp.post("/platform-settings/statuses")
@bp.auth_required(auth)
@bp.input(PlatformStatusIn, location="json")
@bp.output(PlatformSettingsOut)
@bp.doc(tags=["Platform after-sales"], responses=ERRORS)
def save_status(json_data):
    """What a platform status means here: the state it moves to, the clock it starts"""
    return write(lambda: settings.save_status(
        db.session, user(), json_data["channel"], json_data["platform_status"],
        json_data["state"], json_data.get("clock") or None), _settings, 200)


@bp.post("/platform-settings/holidays")
@bp.auth_required(auth)
@bp.input(PlatformHolidayIn, location="json")
@bp.output(PlatformSettingsOut)
@bp.doc(tags=["Platform after-sales"], responses=ERRORS)
def add_holiday(json_data):
    """A holiday: working-day clocks skip it"""
    return write(lambda: settings.add_holiday(db.session, user(), json_data["day"],
                                              json_data["name"]), _settings, 200)


@bp.post("/platform-settings/reset")
@bp.auth_required(auth)
@bp.input(PlatformResetIn, location="json")
@bp.output(PlatformSettingsOut)
@bp.doc(tags=["Platform after-sales"], responses=ERRORS)
def reset_platform_setting(json_data):
    """An own deadline or mapping goes (the default applies again); a holiday goes"""
    may_read(PERMISSION)  # before the row is looked for
    return write(lambda: settings.reset(
        db.session, user(), row(OWN_ROWS[json_data["kind"]], json_data["id"])), _settings,
        200)
