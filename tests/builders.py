"""Tiny builders for tests: an organization with one row of every kind."""
from datetime import date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from admin_app.models import (
    Campaign,
    AuditLog,
    ComboComponent,
    CreditLot,
    Customer,
    CustomerLevel,
    Label,
    LedgerEntry,
    Organization,
    Outbox,
    PointsEvent,
    ReturnReason,
    Role,
    Sku,
    Store,
    TierPrice,
    User,
    Warehouse,
)
from admin_app.rules.accounts import users
from admin_app.rules.credit import adjustments, payments, points
from admin_app.rules.aftersales import orders as aftersales, refund_orders
from admin_app.rules.sales import status as order_status, orders
from admin_app.rules.stock import movements
from admin_app.rules.credit.terms import Payment
from admin_app.rules.sales.orders import LineInput
from admin_app.rules.core.permissions import PERMISSIONS

PASSWORD = "correct horse battery"


ZONE = "Asia/Manila"  # make_org's time zone unless told


def local_today(zone: str = ZONE) -> date:
    """The organization's date now (not the server's: a UTC server is a day behind
    Manila from 16:00 UTC)."""
    return datetime.now(ZoneInfo(zone)).date()


def local_now(zone: str = ZONE) -> datetime:
    """The organization's wall clock now (an order's date as staff would type it)."""
    return datetime.now(ZoneInfo(zone)).replace(tzinfo=None)


def make_org(session, name="Acme", currency="PHP", timezone=ZONE):
    org = Organization(name=name, currency=currency, timezone=timezone)
    session.add(org)
    session.flush()
    return org


def make_user(session, org, email, permissions=(), main=False, role_name=None):
    role = None
    if not main:
        role = Role(org_id=org.id, name=role_name or f"role-{email}",
                    permissions=" ".join(permissions))
        session.add(role)
    user = User(org_id=org.id, email=email, name=email.split("@")[0], is_main=main,
                role=role, password_hash=users.hash_password(PASSWORD))
    session.add(user)
    session.flush()
    return user


def make_sku(session, org, code, price="10.00", combo_of=()):
    sku = Sku(org_id=org.id, code=code, name=f"{code} item",
              wholesale_price=Decimal(price) if price is not None else None,
              cost_price=Decimal("1.00"), is_combo=bool(combo_of))
    session.add(sku)
    session.flush()
    for part, qty in combo_of:
        session.add(ComboComponent(org_id=org.id, combo_id=sku.id, component_id=part.id,
                                   quantity=qty))
    session.flush()
    return sku


def make_world(session, org_name, marker, org=None, main=None):
    """One row of every kind; pass `org` (and its main user) to add more to it."""
    m = marker
    org = org or make_org(session, org_name)
    main = main or make_user(session, org, f"owner@{m.lower()}.test", main=True)
    nobody = make_user(session, org, f"nobody@{m.lower()}.test", role_name=f"{m} nobody")
    store = Store(org_id=org.id, name=f"{m} Shop", channel="Shopee")
    warehouse = Warehouse(org_id=org.id, name=f"{m} Depot", kind="own")
    level = CustomerLevel(org_id=org.id, name=f"{m} Gold")
    label = Label(org_id=org.id, name=f"{m} VIP")
    session.add_all([store, warehouse, level, label])
    session.flush()
    sku = make_sku(session, org, f"{m}-SKU1", "25.00")
    part = make_sku(session, org, f"{m}-PART", "5.00")
    combo = make_sku(session, org, f"{m}-COMBO", "30.00", combo_of=[(sku, 1), (part, 2)])
    tier = TierPrice(org_id=org.id, level_id=level.id, sku_id=sku.id, price=Decimal("20.00"))
    customer = Customer(org_id=org.id, code=f"{m}-C1", name=f"{m} Buyer", level=level,
                        labels=[label], credit_allowed=True,
                        credit_order_types="manual messenger", account_period_days=7,
                        email=f"buyer@{m.lower()}.test")
    session.add_all([tier, customer])
    session.flush()
    order = orders.create_order(session, main, store=store, customer=customer,
                                lines=[LineInput(sku, 2)], number=f"{m}-SO1",
                                order_date=datetime(2026, 11, 1, 10, 0))
    moves = movements.move_stock(session, main, sku, warehouse, "qualified", 10,
                             f"{m} opening count")
    credit_order = orders.create_order(
        session, main, store=store, customer=customer, lines=[LineInput(part, 6)],
        number=f"{m}-SO2", order_date=datetime(2026, 11, 2, 10, 0),
        payment=Payment(received=Decimal("10.00"), paid_with="cash"))
    receipt = payments.receive(session, main, customer.id, Decimal("5.00"), None,
                               note=f"{m} payment")
    adjustments.adjust_balance(session, main, customer.id, Decimal("15.00"),
                               f"{m} goodwill", date.today() + timedelta(days=30))
    points.add(session, customer, 10, f"{m} welcome", None, "earned")
    session.add(Outbox(org_id=org.id, customer_id=customer.id, to_address=customer.email,
                       subject=f"{m} hello", body="hi"))
    reason = ReturnReason(org_id=org.id, name=f"{m} damaged")
    session.add(reason)
    for event in ("to_pickup", "ship"):
        order_status.change_status(session, main, credit_order, event)
    aso = aftersales.create(session, main, credit_order, "return_refund", [
        aftersales.ReturnInput(1, order_line=credit_order.lines[0], reason=reason)],
        warehouse=warehouse, tracking_no=f"{m}-TRACK")
    aftersales.confirm(session, main, aso, with_stock_in=True)
    refund = refund_orders.create(session, main, aso, Decimal("5.00"), "bank_transfer",
                                  refund_orders.BankDetails(f"{m} Bank", "Buyer", "123"))
    audit = AuditLog(org_id=org.id, user_id=main.id, action=f"{m.lower()}.note",
                     object_type="Note", object_id="1", after='{"note": "%s"}' % m)
    session.add(audit)
    session.flush()
    from admin_app.models import (DistributionOrder, DistributionReturn, Job,
                                  PartnerWarehouse, Partnership, StockLevel)
    level_row = session.query(StockLevel).filter_by(sku_id=sku.id).one()
    # a count that found what the books say: a document, no movement
    from admin_app.rules.stock import documents
    stock_document = documents.count(session, main, warehouse, [documents.DocLine(
        sku, level_row.qualified, level_row.unqualified)])
    # a supplier partnership this organization proposed (SPEC S6), not yet accepted
    partner = make_org(session, f"{org.name} supplier {m}")
    partnership = Partnership(distributor_org_id=org.id, supplier_org_id=partner.id,
                              proposed_by_org_id=org.id)
    session.add(partnership)
    partner_depot = Warehouse(org_id=partner.id, name=f"{m} partner depot", kind="own")
    session.add(partner_depot)
    session.flush()
    # bare rows (not through the rules) so every distribution page has one to show
    link = PartnerWarehouse(partnership=partnership, distributor_warehouse_id=warehouse.id,
                            supplier_warehouse_id=partner_depot.id)
    shipped = DistributionOrder(partnership=partnership, distributor_order_id=order.id,
                                supplier_order_id=order.id, partner_warehouse=link)
    session.add_all([link, shipped])
    session.flush()
    pushed = DistributionReturn(org_id=org.id, aftersales_id=aso.id,
                                distribution_order_id=shipped.id)
    campaign = Campaign(org_id=org.id, name=f"{m} campaign", subject="Hello {name}",
                        body_text="Hi", starts_on=date(2026, 11, 1), ends_on=date(2026, 11, 30),
                        status="draft", recipients=0)
    job = Job(org_id=org.id, user_id=main.id, kind="export", title=f"{m} export", params="{}",
              status="done", done=1)
    session.add_all([pushed, campaign, job])
    session.flush()
    from admin_app.rules.accounts import api_tokens
    api_token, _ = api_tokens.create(session, main, name=f"{m} connector")
    from admin_app.rules.accounts import webhook_subscriptions
    webhook = webhook_subscriptions.subscribe(session, main, url=f"https://{m.lower()}.test/h",
                                              events=["campaign.sent"])
    from admin_app.rules.core import webhooks as webhook_events
    webhook_events.emit(session, org.id, "campaign.sent", {"object": "Campaign"},
                        [webhook.id])
    session.flush()
    from admin_app.models import WebhookDelivery
    delivery = session.query(WebhookDelivery).filter_by(subscription_id=webhook.id).one()
    platform = _platform_rows(session, org, aso, m)
    return SimpleNamespace(**platform, partnership=partnership, partner=partner, pushed=pushed,
        campaign=campaign, job=job, api_token=api_token, webhook=webhook, delivery=delivery,
        stock_document=stock_document,
        org=org, main=main, nobody=nobody, role=nobody.role, store=store,
        warehouse=warehouse, level=level, label=label, sku=sku, part=part, combo=combo,
        tier=tier, customer=customer, order=order, line=order.lines[0],
        movement=moves[0], stock_level=level_row, audit=audit,
        component=session.query(ComboComponent).filter_by(combo_id=combo.id).first(),
        credit_order=credit_order, receipt=receipt, aso=aso, refund=refund, reason=reason,
        entry=session.query(LedgerEntry).filter_by(customer_id=customer.id).first(),
        lot=session.query(CreditLot).filter_by(customer_id=customer.id).first(),
        points_event=session.query(PointsEvent).filter_by(customer_id=customer.id).first(),
        outbox=session.query(Outbox).filter_by(customer_id=customer.id).first(),
    )


def _nth_code(session, org) -> str:
    """AA, AB, ...: a country code not yet used by the organization's deadlines."""
    from admin_app.models import PlatformDeadline
    n = session.query(PlatformDeadline).filter_by(org_id=org.id).count()
    return chr(65 + n // 26) + chr(65 + n % 26)


def _platform_rows(session, org, aso, m) -> dict:
    """Bare rows of the platforms' tables (SPEC S12), so each page and API list has one."""
    from admin_app.models import (DeadlineMark, Evidence, Holiday, PlatformClaim,
                                  PlatformDeadline, PlatformStatus)
    rows = {
        "claim": PlatformClaim(org_id=org.id, number=f"CL-{m}", kind="dispute",
                               aftersales_id=aso.id, order_id=aso.order_id,
                               reason=f"{m} dispute", claimed=Decimal("5.00")),
        "evidence": Evidence(org_id=org.id, aftersales_id=aso.id, stage="request",
                             kind="link", url=f"https://{m.lower()}.test/p.jpg",
                             name=f"{m} photo"),
        # one more each time a world is added to the same organization
        "holiday": Holiday(org_id=org.id, name=f"{m} Rizal Day", day=date(2026, 12, 1)
                           + timedelta(days=session.query(Holiday).filter_by(
                               org_id=org.id).count())),
        "platform_deadline": PlatformDeadline(
            org_id=org.id, channel="Shopee", country=_nth_code(session, org), step="respond",
            amount=3,
            unit="days", missed=f"{m} auto-approved", source=f"{m} seller centre"),
        "platform_status": PlatformStatus(org_id=org.id, channel="Shopee",
                                          platform_status=f"{m}_STATUS", state="to_confirm"),
        "deadline_mark": DeadlineMark(org_id=org.id, aftersales_id=aso.id, what="missed",
                                      step="respond", due_at=datetime(2026, 11, 5, 2, 0),
                                      amount=Decimal("5.00")),
    }
    session.add_all(rows.values())
    session.flush()
    return rows


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def attach_proof(upload_dir, receipt, data=PNG):
    from pathlib import Path
    folder = Path(upload_dir) / str(receipt.org_id)
    folder.mkdir(parents=True, exist_ok=True)
    receipt.proof_file = f"{type(receipt).__name__}{receipt.id}.png"
    receipt.proof_name = "transfer.png"
    (folder / receipt.proof_file).write_bytes(data)


def attach_evidence(upload_dir, row, data=PNG):
    """The world's evidence is an unboxing photo on disk (the buyer's are links)."""
    from pathlib import Path
    folder = Path(upload_dir) / str(row.org_id) / "evidence"
    folder.mkdir(parents=True, exist_ok=True)
    row.kind, row.stored, row.content_type = "photo", f"evidence{row.id}.png", "image/png"
    (folder / row.stored).write_bytes(data)


def attach_job_file(upload_dir, job, data=b"code,name\r\n"):
    from pathlib import Path
    folder = Path(upload_dir) / str(job.org_id) / "jobs"
    folder.mkdir(parents=True, exist_ok=True)
    job.result_file, job.result_name = f"job{job.id}.csv", "export.csv"
    (folder / job.result_file).write_bytes(data)


def rows_by_model(w) -> dict:
    """The world's row for each model class."""
    rows = [w.org, w.main, w.role, w.store, w.warehouse, w.level, w.label, w.sku, w.tier,
            w.customer, w.order, w.line, w.movement, w.stock_level, w.audit, w.component,
            w.receipt, w.entry, w.lot, w.points_event, w.outbox, w.aso, w.reason, w.pushed,
            w.stock_document, w.campaign, w.claim, w.evidence, w.holiday,
            w.platform_deadline, w.platform_status, w.deadline_mark]
    return {type(r): r for r in rows}


ALL_PERMISSIONS = tuple(PERMISSIONS)
