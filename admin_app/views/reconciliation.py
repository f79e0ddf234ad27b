"""Customer Reconciliation (SPEC S4): overview, per-customer ledger, Receive Payment,
balance adjustments, aging, payment proofs."""
from datetime import date
from decimal import Decimal

from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from ..app_form import AppForm
from sqlalchemy import and_, select
from wtforms import FileField, RadioField, StringField
from wtforms.validators import InputRequired, Length, Optional

from flask_babel import lazy_gettext as _l
from flask_babel import gettext
from .date_fields import LocalDateField
from .words import word

from . import exporting, printing
from .access import SecureView, get_or_404, parse_id, org_today
from .forms import IdempotencyField, MoneyField, money_range, query_number
from .confirming import seen
from .pdf import FontsMissing
from .transaction import preview_or_confirm, run
from .. import uploads
from ..extensions import db
from ..money import fmt
from ..models import Customer, CustomerLevel, LedgerEntry, PaymentReceipt
from ..money import MAX_AMOUNT
from ..rules.credit import adjustments, payments
from ..reports import credit as credit_reports, statement as statements

PAGE = 50


class PaymentForm(AppForm):
    token = IdempotencyField()
    amount = MoneyField(_l("Amount received"), validators=[
        InputRequired(message=_l("Amount: enter the amount received.")),
        money_range(Decimal("0.01"))])
    scope = RadioField(_l("Settle"), choices=[("all", _l("All orders, oldest first")),
                                              ("selected", _l("Selected orders only"))],
                       default="all")
    proof = FileField(_l("Payment proof (optional: PNG, JPEG or PDF, up to 5 MB)"))
    note = StringField(_l("Note"), validators=[Optional(), Length(max=300)])
    ack_to_balance = StringField()


class AdjustForm(AppForm):
    token = IdempotencyField()
    amount = MoneyField(_l("Amount (negative takes store credit away)"), validators=[
        InputRequired(), money_range(-MAX_AMOUNT)])
    expires_on = LocalDateField(_l("Expires on (added credit only; blank: never)"),
                           validators=[Optional()])
    reason = StringField(_l("Reason"), validators=[InputRequired(), Length(max=300)])


class ReconciliationView(SecureView):
    permissions = ("reports.view", "credit.receive")
    endpoint_permissions = {"receive": ("credit.receive",), "adjust": ("credit.receive",)}

    # --- the list --------------------------------------------------------------------
    @expose("/")
    def index(self):
        today = org_today()
        args = request.args
        level_id = parse_id(args.get("level"))
        credit_status = args.get("credit", "all")
        term_status = args.get("term", "")
        if credit_status not in credit_reports.CREDIT_STATUS:
            credit_status = "all"
        if term_status not in credit_reports.TERM_STATUS:
            term_status = ""
        search = (args.get("q") or "")[:60]
        # the list's own arguments only: its links never repeat anything else
        filters = {k: v for k, v in (("level", level_id), ("credit", credit_status),
                                     ("term", term_status), ("q", search)) if v}
        query = credit_reports.customers_query(current_user.org_id, today, level_id,
                                               credit_status, term_status, search,
                                               db.session.get_bind().dialect.name)
        kind = args.get("export")
        if kind in exporting.EXPORT_TYPES:
            return self._export_list(query, today, kind)
        page = query_number("page", 1)
        found = db.session.execute(query.add_columns(credit_reports.due_column(today))
                                   .offset((page - 1) * PAGE).limit(PAGE + 1)).all()
        more, found = len(found) > PAGE, found[:PAGE]
        levels = dict(credit_reports.levels(db.session, current_user.org_id))
        return self.render(
            "reconciliation/index.html", rows=[c for c, _ in found], more=more, page=page,
            filters=filters,
            overview=credit_reports.overview(db.session, current_user.org_id, today),
            due={c.id: d for c, d in found},
            levels=levels, level_id=level_id, credit_status=credit_status,
            term_status=term_status, search=search,
            credit_statuses=credit_reports.CREDIT_STATUS,
            term_statuses=credit_reports.TERM_STATUS)

    def _export_list(self, query, today, kind):
        levels = dict(credit_reports.levels(db.session, current_user.org_id))

        def rows():
            found = db.session.execute(
                query.add_columns(credit_reports.due_column(today))
                .execution_options(yield_per=500))
            for c, due in found:
                yield [c.code, c.name, levels.get(c.level_id, ""),
                       "yes" if c.credit_allowed else "no", c.account_period_days,
                       c.credit_limit, c.total_credit, due, c.spendable_balance]
        return exporting.respond("customer_reconciliation", kind, [
            *map(gettext, ("Code", "Customer", "Level", "Credit allowed",
                           "Account period (days)")),
            *(exporting.in_currency(gettext(h)) for h in (
                "Credit limit", "Total credit", "Due amount", "Balance"))], rows)

    # --- one customer's ledger ---------------------------------------------------------
    @expose("/<int:customer_id>/ledger")
    def ledger(self, customer_id):
        customer = get_or_404(Customer, customer_id)
        query = select(LedgerEntry).where(LedgerEntry.customer_id == customer.id) \
            .order_by(LedgerEntry.seq.desc())
        kind = request.args.get("export")
        if kind in exporting.EXPORT_TYPES:
            return exporting.respond(f"ledger_{customer.code}", kind, [
                "#", *map(gettext, ("Date", "Document type", "Document no.")),
                *(exporting.in_currency(gettext(h)) for h in (
                    "Receivable", "Received", "Credit change", "Balance change",
                    "Total credit", "Total balance")), gettext("Note")],
                lambda: ([e.seq, e.entry_date, e.doc_type_label, e.doc_no, e.receivable,
                          e.received, e.credit_change, e.balance_change, e.total_credit,
                          e.total_balance, e.note]
                         for e in db.session.execute(query).scalars().yield_per(1000)))
        before = parse_id(request.args.get("before"))
        if before:
            query = query.where(LedgerEntry.seq < before)  # keyset: no OFFSET walk
        # a payment's receipt (its proof) comes with its entry: one statement for both
        rows = db.session.execute(query.add_columns(
            PaymentReceipt.id, PaymentReceipt.proof_file).outerjoin(PaymentReceipt, and_(
                PaymentReceipt.org_id == LedgerEntry.org_id,
                PaymentReceipt.number == LedgerEntry.doc_no,
                LedgerEntry.doc_type == "payment")).limit(PAGE + 1)).all()
        more, rows = len(rows) > PAGE, rows[:PAGE]
        return self.render("reconciliation/ledger.html", customer=customer,
                           entries=[row[0] for row in rows], more=more, before=before,
                           proofs={row[0].id: row[1] for row in rows if row[2]})

    # --- Receive Payment ----------------------------------------------------------------
    @expose("/<int:customer_id>/receive", methods=("GET", "POST"))
    def receive(self, customer_id):
        customer = get_or_404(Customer, customer_id)
        form = PaymentForm()
        selected = set(request.form.getlist("selected"))
        plan = None
        shown = seen(customer.id, form.amount.data, form.scope.data, sorted(selected))
        if request.method == "POST" and form.validate():
            scope = None if form.scope.data == "all" else selected
            # Confirming a payment of every open item needs only the amount going to
            # the balance: the orders are read once, by the posting itself.
            quick = request.form.get("step") == "confirm" and scope is None
            done, plan = preview_or_confirm(
                form.token.data,
                lambda: payments.quick_preview(customer, form.amount.data) if quick else
                payments.preview(db.session, customer, form.amount.data, scope),
                lambda p: p.to_balance == 0 or form.ack_to_balance.data == str(p.to_balance),
                lambda p: self._confirm(customer, form, scope, p.to_balance),
                url_for(".ledger", customer_id=customer.id), shown)
            if done is not None:
                return done
            if plan is not None and plan.applied is None:  # not confirmed: show it all
                plan = payments.preview(db.session, customer, form.amount.data, scope)
            if plan is not None:
                form.ack_to_balance.data = str(plan.to_balance)
        # The list is read only to show it: a confirmed payment never loads it.
        only_overdue = request.values.get("overdue") == "1"
        today = org_today()
        listed = [i for i in payments.iter_open_items(db.session, customer)
                  if not only_overdue or (i.due_date is not None and i.due_date < today)]
        return self.render("reconciliation/receive.html", customer=customer, form=form,
                           items=listed, selected=selected, plan=plan, today=today, seen=shown,
                           only_overdue=only_overdue,
                           level=db.session.get(CustomerLevel, customer.level_id)
                           if customer.level_id else None)

    def _confirm(self, customer, form, scope, to_balance):
        def receive():
            proof = uploads.accept_proof(request.files.get("proof"), current_user.org_id)
            return payments.receive(
                db.session, current_user, customer.id, form.amount.data, scope,
                proof_file=proof and proof.stored, proof_name=proof and proof.original,
                note=form.note.data or None, expected_to_balance=to_balance)
        outcome = run(receive, token=form.token.data, action="payment.receive",
                      done=_received_message)
        if outcome.ok or outcome.replayed:
            return redirect(url_for(".ledger", customer_id=customer.id))
        return None

    @expose("/receipt/<int:receipt_id>")
    def receipt(self, receipt_id):
        return printing.page("print/receipt.html",
                             receipt=get_or_404(PaymentReceipt, receipt_id))

    @expose("/<int:customer_id>/statement")
    def statement(self, customer_id):
        """The ledger of a period with opening and closing totals, to print or as PDF."""
        customer = get_or_404(Customer, customer_id)
        start, end, refused = _statement_period()
        stmt = statements.statement(db.session, customer, start, end)
        wanted = request.args.get("format")
        if wanted == "csv":
            return exporting.respond(
                f"statement_{customer.code}_{start}_{end}", "csv",
                [exporting.in_currency(h) if n > 2 else h for n, h in
                 enumerate(statements.headers())],
                lambda: statements.table(stmt, note=True))
        if wanted == "pdf":
            try:
                return printing.statement_pdf(stmt, current_user.org.currency)
            except FontsMissing as missing:
                flash(missing.message, "error")
        if refused:
            flash(refused, "error")
        return printing.page("print/statement.html", stmt=stmt,
                             lines=statements.table(stmt), note=statements.order_note())

    @expose("/proof/<int:receipt_id>")
    def proof(self, receipt_id):
        receipt = get_or_404(PaymentReceipt, receipt_id)
        return uploads.send_proof(receipt)

    # --- balance adjustment ------------------------------------------------------------
    @expose("/<int:customer_id>/adjust", methods=("GET", "POST"))
    def adjust(self, customer_id):
        customer = get_or_404(Customer, customer_id)
        form = AdjustForm()
        if request.method == "POST" and form.validate() and run(
                lambda: adjustments.adjust_balance(
                    db.session, current_user, customer.id, form.amount.data,
                    form.reason.data, form.expires_on.data),
                token=form.token.data, action="balance.adjust",
                done=gettext("Balance adjusted.")).ok:
            return redirect(url_for(".ledger", customer_id=customer.id))
        return self.render("reconciliation/adjust.html", customer=customer, form=form)

    # --- aging -----------------------------------------------------------------------
    @expose("/aging")
    def aging(self):
        today = org_today()
        rows = credit_reports.aging(db.session, current_user.org_id, today)
        totals = credit_reports.aging_totals(db.session, current_user.org_id, today)
        kind = request.args.get("export")
        if kind in exporting.EXPORT_TYPES:
            return exporting.respond(
                "aging", kind, [gettext("Code"), gettext("Customer"),
                                *(exporting.in_currency(h) for h in (
                                    *map(word, credit_reports.AGING_COLUMNS),
                                    gettext("Total")))],
                lambda: [*([r[1:] for r in rows]), ["", gettext("Total"), *totals.values()]])
        return self.render("reconciliation/aging.html", rows=rows, totals=totals,
                           columns=credit_reports.AGING_COLUMNS,
                           overview=credit_reports.overview(db.session, current_user.org_id,
                                                            today))


def _statement_period():
    """The period asked for (YYYY-MM-DD), else this month so far; refused dates are
    replaced by the default, as on the dashboards, and the page says why."""
    today = org_today()
    default = (today.replace(day=1), today)
    try:
        start = date.fromisoformat(request.args.get("start") or default[0].isoformat())
        end = date.fromisoformat(request.args.get("end") or default[1].isoformat())
    except ValueError:
        return (*default, gettext("Dates: enter them as YYYY-MM-DD. Showing this month so "
                                  "far."))
    if start > end or (end - start).days > statements.MAX_DAYS:
        return (*default, gettext("Dates: the start must be on or before the end, at most "
                                  "%(days)s days apart. Showing this month so far.",
                                  days=statements.MAX_DAYS))
    return start, end, None


def _received_message(receipt) -> str:
    message = gettext("Payment %(number)s of %(amount)s received.", number=receipt.number,
                      amount=fmt(receipt.amount))
    if receipt.to_balance > 0:
        message += " " + gettext("%(amount)s went to the customer's balance.",
                                 amount=fmt(receipt.to_balance))
    return message
