"""flask commands: quickstart, demo data, organizations, ledger checks, expiry, mail."""
import threading

import click
from flask import current_app
from flask_migrate import upgrade
from werkzeug.serving import make_server

from . import demo, mailer, webhooks
from .jobs import periodic
from .config import uses_default_database
from .extensions import db
from .models import Organization
from .rules.accounts import organizations
from .rules.credit import verification
from .rules.core import unit_of_work
from .rules.core.errors import RuleError
from .rules.customers.outbox import MAX_ATTEMPTS


def register(app) -> None:
    app.cli.add_command(demo_command)
    app.cli.add_command(quickstart_command)
    app.cli.add_command(create_org_command)
    app.cli.add_command(verify_ledger_command)
    app.cli.add_command(expire_credits_command)
    app.cli.add_command(send_mail_command)
    app.cli.add_command(deliver_webhooks_command)
    app.cli.add_command(deadline_alerts_command)


def _print_logins(logins) -> None:
    click.echo("Demo logins (password for all: %s):" % demo.DEMO_PASSWORD)
    for org, email, role in logins:
        click.echo(f"  {email:<28} {role:<18} {org}")


@click.command("demo")
@click.option("--orders", default=220, show_default=True, help="Orders per organization.")
def demo_command(orders):
    """Fill an EMPTY database with the demo organizations and data."""
    if not demo.is_empty(db.session):
        raise click.ClickException("The database is not empty; the demo loads only into "
                                   "an empty database.")
    logins = unit_of_work.run(db.session, lambda: demo.load(db.session, orders_per_org=orders))
    _print_logins(logins)


@click.command("quickstart")
@click.option("--port", default=5000, show_default=True)
@click.option("--no-serve", is_flag=True, help="Prepare the database, do not serve.")
def quickstart_command(port, no_serve):
    """Migrate the database, load the demo into the default SQLite database when it
    is empty, print the logins, and serve the dashboard on 127.0.0.1."""
    upgrade()
    if uses_default_database():
        if demo.is_empty(db.session):
            click.echo("Loading demo data (first start only)...")
            logins = unit_of_work.run(db.session, lambda: demo.load(db.session))
            _print_logins(logins)
        else:
            _print_logins(demo.logins(db.session))
        _expire_credits()
    else:
        click.echo("DATABASE_URL is set: migrated it; demo data is loaded only by "
                   "`flask --app wsgi demo`.")
    db.session.remove()
    if not no_serve:
        app = current_app._get_current_object()
        _deliver_mail_every_minute(app)
        where = app.config["MAIL_FILE_PATH"] if app.config["MAIL_BACKEND"] == "file" \
            else "by SMTP"
        click.echo(f"Dashboard: http://127.0.0.1:{port}/  (mail in the outbox goes out "
                   f"every minute: {where})")
        click.echo("This is the demo's own server, for one person on this machine; the "
                   "README's Configuration section runs it for a team (gunicorn, "
                   "PostgreSQL). Ctrl+C stops it.")
        # Not app.run(): Flask ignores it inside a `flask` command; not run_simple(),
        # whose red development-server warning alarms a newcomer (said calmly above)
        make_server("127.0.0.1", port, app, threaded=True).serve_forever()


def _expire_credits() -> None:
    """What production's beat does at each organization's midnight: store credit and
    points past their date leave the books, so statements and balances agree. The quick
    start does it when it starts and every hour; a failure is said, never fatal."""
    try:
        lots, pts = periodic.expire_credits()
    except Exception as exc:  # noqa: BLE001 - the demo keeps serving; the next hour retries
        unit_of_work.rollback(db.session)
        click.echo(f"Expiring store credit failed ({exc}); it is tried again in an hour.")
        return
    if lots or pts:
        click.echo(f"{lots} store-credit lot(s) and {pts} point lot(s) past their date "
                   "expired.")


def _deliver_mail_every_minute(app) -> None:
    """The quick start's mail sender: send-mail in a background thread, once a minute
    (production runs send-mail from cron or the job runner), and the hourly expiry of
    store credit and points."""
    def loop():
        minutes = 0
        while not stop.wait(60):
            minutes += 1
            with app.app_context():
                done = mailer.deliver()
                if minutes % 60 == 0:
                    _expire_credits()
                db.session.remove()
            if done.sent or done.failed:
                click.echo(f"Mail: {done.sent} sent, {done.failed} failed.")
    stop = threading.Event()
    threading.Thread(target=loop, name="send-mail", daemon=True).start()
    threading.Thread(target=_webhooks_loop, args=(app, stop), name="deliver-webhooks",
                     daemon=True).start()


def _webhooks_loop(app, stop) -> None:
    """The quick start's webhook sender and deadline alerts (production: Celery beat,
    or cron)."""
    rounds = 0
    while not stop.wait(10):
        with app.app_context():
            webhooks.deliver()
            if rounds % 90 == 0:  # every 15 minutes
                periodic.deadline_alerts()
            db.session.remove()
        rounds += 1


@click.command("create-org")
@click.option("--name", required=True, help="Organization name.")
@click.option("--currency", default="PHP", show_default=True,
              help="ISO 4217 code: PHP, MYR, THB, SGD, VND, IDR...")
@click.option("--timezone", default="Asia/Manila", show_default=True,
              help="IANA time zone: its business dates (Asia/Bangkok, Asia/Jakarta...).")
@click.option("--language", default="en", show_default=True,
              help="What its people and customers read unless they choose: "
                   "en, zh_Hans, zh_Hant, ms, th, id, vi.")
@click.option("--email", required=True, help="Email of the main account.")
@click.password_option(help="Password of the main account.")
def create_org_command(name, currency, timezone, language, email, password):
    """Create an organization with its main account."""
    try:
        org = unit_of_work.run(db.session, lambda: organizations.create(
            db.session, name, currency, email, password, timezone, language))
    except RuleError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"Created {org.name} ({org.currency}, {org.timezone}, {org.language}); "
               f"sign in as {email}.")


@click.command("verify-ledger")
@click.option("--customer", "code", help="Customer code; default: every customer.")
@click.option("--org", "org_name", help="Organization name; default: every organization.")
def verify_ledger_command(code, org_name):
    """Recompute every customer's totals from entries, orders and lots; exit 1 on any
    mismatch."""
    org_id = None
    if org_name:
        org = db.session.query(Organization).filter_by(name=org_name).first()
        if org is None:
            raise click.ClickException(f"No organization named {org_name!r}.")
        org_id = org.id
    checked, problems = verification.verify(db.session, org_id=org_id, customer_code=code)
    for problem in problems:
        click.echo(problem)
    click.echo(f"{checked} customer(s) checked, {len(problems)} mismatch(es).")
    if problems or (code and not checked):
        raise SystemExit(1)


@click.command("expire-credits")
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Run as of this day (default: today).")
def expire_credits_command(on):
    """Expire store-credit lots and points past their date, each organization on its own
    calendar (its time zone). Run daily; safe twice."""
    lots, pts = periodic.expire_credits(on.date() if on else None)
    today = on.date() if on else "each organization's today"
    click.echo(f"{lots} store-credit lot(s) and {pts} point lot(s) expired as of {today}.")


@click.command("send-mail")
@click.option("--batch", default=100, show_default=True, help="Messages claimed at a time.")
@click.option("--limit", type=int, help="Stop after this many messages (default: all).")
def send_mail_command(batch, limit):
    """Deliver the outbox: campaigns and notifications. Run it from cron or a
    supervisor; several at once never send a message twice."""
    done = mailer.deliver(batch=max(1, batch), limit=limit)
    click.echo(f"{done.sent} sent, {done.failed} failed, {done.interrupted} interrupted; "
               f"{done.campaigns_done} campaign(s) finished.")
    if done.failed:
        click.echo("Failed messages are tried again by the next run, up to "
                   f"{MAX_ATTEMPTS} attempts; their reasons are on Customers > Email outbox.")
    if done.interrupted:
        click.echo("Interrupted messages may have gone out: they are not sent again.")



@click.command("deliver-webhooks")
@click.option("--batch", default=50, show_default=True, help="Deliveries claimed at a time.")
@click.option("--limit", type=int, help="Stop after this many deliveries (default: all due).")
def deliver_webhooks_command(batch, limit):
    """Send the webhook events that are due. Run it from cron or a supervisor (Celery
    beat runs it every 30 s); several at once are safe."""
    done = webhooks.deliver(batch=max(1, batch), limit=limit)
    click.echo(f"{done.delivered} delivered, {done.retried} to retry, {done.failed} given "
               "up; each is on Settings > Webhooks.")


@click.command("deadline-alerts")
def deadline_alerts_command():
    """E-mail each organization's after-sales staff the platform deadlines due within
    24 hours (and tell webhooks); mark the missed ones. Celery beat runs it every 15
    minutes; safe twice: each deadline is told once."""
    done = periodic.deadline_alerts()
    click.echo(f"{done.announced} deadline(s) due within 24 h told in {done.messages} "
               f"e-mail(s); {done.missed} newly missed.")
