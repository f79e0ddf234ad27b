"""Times a person reads are the shop's, not the server's (SPEC S9): the new order form's
date, an export's file name, the audit trail's changed times. The shops here are in
Manila (UTC+8) and Kiritimati (UTC+14): their clocks are never UTC's."""
import json
import re
from datetime import datetime, timedelta, timezone
from urllib.parse import unquote
from zoneinfo import ZoneInfo

from admin_app.models import AuditLog

MANILA = ZoneInfo("Asia/Manila")


def _near(shown: str, zone, fmt: str) -> bool:
    """Whether `shown` is the zone's time now, give or take a minute."""
    at = datetime.strptime(shown, fmt).replace(tzinfo=zone)
    return abs(datetime.now(timezone.utc) - at) < timedelta(minutes=2)


def test_the_new_order_form_starts_at_the_shops_time(world, client_for):
    alpha, _ = world
    page = client_for(alpha.main).get("/admin/orders/new/").get_data(True)
    shown = re.search(r'name="order_date"[^>]*value="([^"]+)"', page) or \
        re.search(r'value="([^"]+)"[^>]*name="order_date"', page)
    assert shown and _near(shown.group(1), MANILA, "%Y-%m-%d %H:%M:%S"), shown


def test_an_exports_file_name_carries_the_shops_time(world, client_for, session):
    alpha, _ = world
    alpha.org.timezone = "Pacific/Kiritimati"
    session.commit()
    response = client_for(alpha.main).get("/admin/orders/export/csv/")
    name = unquote(re.search(r"filename\*=UTF-8''([^;]+)",
                             response.headers["Content-Disposition"]).group(1))
    stamp = re.search(r"_(\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d)\.csv$", name).group(1)
    assert _near(stamp, ZoneInfo("Pacific/Kiritimati"), "%Y-%m-%d_%H-%M-%S"), name


def test_the_audit_trail_shows_a_changed_instant_on_the_shops_clock(world, client_for,
                                                                    session):
    alpha, _ = world
    session.add(AuditLog(org_id=alpha.org.id, user_id=alpha.main.id, action="order.update",
                         object_type="Order", object_id=str(alpha.order.id),
                         before=json.dumps({"shipped_at": None,
                                            "order_date": "2026-12-01T09:00:00"}),
                         after=json.dumps({"shipped_at": "2026-12-01T20:30:00",
                                           "order_date": "2026-12-02T09:00:00"})))
    session.commit()
    page = client_for(alpha.main).get("/admin/audit/").get_data(True)
    assert "2026-12-02 04:30" in page  # 20:30 UTC is 04:30 the next day in Manila
    assert "2026-12-01 20:30" not in page
    assert "2026-12-02 09:00" in page  # an order's date is the shop's as typed
