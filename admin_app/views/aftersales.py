"""Manual After-Sales Orders: the pipeline tabs with counts, the create page, and the
buttons each state allows (the rules refuse the others too)."""
from decimal import Decimal, InvalidOperation

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.actions import action
from flask_login import current_user
from sqlalchemy import func, select

from .base import PostRowAction, SecureModelView
from .forms import new_token
from ..extensions import db
from ..models import (AFTERSALES_STATUSES, AFTERSALES_TYPES, AfterSalesOrder, Order,
                      ReturnReason, Sku, Warehouse)
from ..money import fmt
from ..rules.aftersales import orders as aftersales, exchange
from ..reports import aftersales as aftersales_reports
from ..rules.core import idempotency
from ..rules.aftersales.orders import EVENTS, ExchangeInput, ReturnInput
from ..rules.core.errors import AlreadySubmitted, RuleError

TABS = ("to_confirm", "confirm_return", "confirm_refund", "confirm_exchange",
        "received_return", "refund_processing", "completed", "cancelled")
MAX_FORM_LINES = 50
# A tab's badge counts up to here: a work queue needs its exact size, a history
# ("Completed") only needs to say it is big, without counting every row each time.
TAB_COUNT_CAP = 1000


def _badge(count: int) -> str:
    return f"{TAB_COUNT_CAP:,}+" if count > TAB_COUNT_CAP else str(count)


def _row_action(event, **kw):
    return PostRowAction(event, EVENTS[event],
                         visible=lambda row: aftersales.can(row, event), **kw)


def _bulk(event, rule, done):
    def handler(self, ids):
        self.run_rule_on_rows(ids, lambda aso: rule(aso), done)
    handler.__name__ = f"action_{event}"
    return action(event, EVENTS[event], f"{EVENTS[event]}: apply to the selected?")(handler)


class ReturnReasonView(SecureModelView):
    permissions = ("aftersales.manual",)
    column_list = ("name",)
    form_columns = ("name",)


class AfterSalesView(SecureModelView):
    permissions = ("aftersales.manual",)
    can_create = False  # the create page below picks the order first
    can_delete = False
    list_template = "aftersales/list.html"
    column_list = ("number", "created_at", "kind", "order", "customer", "returned_amount",
                   "exchange_amount", "refunded", "return_tracking_no", "status")
    column_details_list = ("number", "kind", "status", "order", "customer", "warehouse",
                           "return_tracking_no", "returned_amount", "exchange_amount",
                           "refunded", "exchange_order", "lines", "refunds", "note",
                           "created_at", "received_at", "completed_at")
    column_searchable_list = ("number", "return_tracking_no", "order.number")
    column_filters = ("kind", "created_at")
    column_default_sort = ("id", True)
    column_labels = {"kind": "Type", "returned_amount": "Returned (R)",
                     "exchange_amount": "Exchange (E)", "order.number": "Order no.",
                     "return_tracking_no": "Return tracking no."}
    column_formatters = {
        "kind": lambda v, c, m, n: AFTERSALES_TYPES.get(m.kind),
        "status": lambda v, c, m, n: AFTERSALES_STATUSES.get(m.status),
        "returned_amount": lambda v, c, m, n: fmt(m.returned_amount),
        "exchange_amount": lambda v, c, m, n: fmt(m.exchange_amount),
        "refunded": lambda v, c, m, n: fmt(m.refunded),
        "lines": lambda v, c, m, n: "; ".join(
            f"{ln.kind}: {ln.quantity} x {ln.sku.code} = {fmt(ln.amount)}"
            + (f" ({ln.reason})" if ln.reason else "") for ln in m.lines),
    }
    form_choices = {"kind": list(AFTERSALES_TYPES.items())}
    form_columns = ("return_tracking_no", "note")
    column_extra_row_actions = [
        _row_action("confirm"), _row_action("confirm_stock_in"),
        PostRowAction("stock_in", "Return Stock-In",
                      visible=lambda row: aftersales.can(row, "stock_in"),
                      link=lambda rid, row: url_for("return_stock_in.index", q=row.number)),
        PostRowAction("create_refund", "Create Refund Order",
                      visible=lambda row: aftersales.can(row, "create_refund"),
                      link=lambda rid, row: url_for("refunds.create", aso_id=rid)),
        _row_action("generate_exchange"), _row_action("complete"),
        _row_action("cancel", confirm="Cancel this after-sales order?"),
    ]

    action_confirm = _bulk("confirm", lambda aso: aftersales.confirm(
        db.session, current_user, aso, False), "{count} confirmed.")
    action_confirm_stock_in = _bulk("confirm_stock_in", lambda aso: aftersales.confirm(
        db.session, current_user, aso, True), "{count} confirmed and stocked in.")
    action_generate_exchange = _bulk("generate_exchange", lambda aso: exchange.generate(
        db.session, current_user, aso), "Exchange order created for {count}.")
    action_complete = _bulk("complete", lambda aso: exchange.complete_without_refund(
        db.session, current_user, aso), "{count} completed.")
    action_cancel = _bulk("cancel", lambda aso: aftersales.cancel(
        db.session, current_user, aso), "{count} cancelled.")

    # --- tabs ----------------------------------------------------------------------
    def _tab(self):
        tab = request.args.get("tab", "to_confirm")
        return tab if tab in TABS or tab == "all" else "to_confirm"

    def get_query(self):
        query = super().get_query()
        tab = self._tab() if request.endpoint == f"{self.endpoint}.index_view" else "all"
        return query if tab == "all" else query.filter(AfterSalesOrder.status == tab)

    def get_count_query(self):
        return self.get_query().with_entities(func.count(AfterSalesOrder.id))

    def render(self, template, **kwargs):
        if template == self.list_template:
            counts = aftersales_reports.tab_counts(db.session, current_user.org_id, TABS,
                                                   TAB_COUNT_CAP)
            kwargs.update(tabs=[(t, AFTERSALES_STATUSES[t], _badge(counts[t])) for t in TABS],
                          current_tab=self._tab())
        return super().render(template, **kwargs)

    def save_model(self, form, obj, is_created):
        if form.return_tracking_no.data != obj.return_tracking_no:
            aftersales.set_tracking(db.session, current_user, obj, form.return_tracking_no.data)
        obj.note = form.note.data

    # --- create ----------------------------------------------------------------------
    @expose("/create/", methods=("GET", "POST"))
    def create_aftersales(self):
        number = (request.values.get("order") or "").strip()[:40]
        order = None
        if number:
            order = db.session.execute(select(Order).where(
                Order.org_id == current_user.org_id, Order.number == number)).scalar()
            if order is None:
                flash(f"Order: there is no order {number}.", "error")
        if order is not None and request.method == "POST":
            try:
                idempotency.claim(db.session, current_user.org_id,
                                  request.form.get("token", ""), "aftersales.create")
                aso = aftersales.create(db.session, current_user, order,
                                        request.form.get("kind", ""), *self._lines(order),
                                        warehouse=self._warehouse(),
                                        tracking_no=request.form.get("tracking_no"),
                                        note=(request.form.get("note") or "")[:500] or None)
                db.session.commit()
            except AlreadySubmitted as exc:
                db.session.rollback()
                flash(exc.message, "warning")
                return redirect(url_for(".index_view"))
            except RuleError as exc:
                db.session.rollback()
                flash(exc.message, "error")
            else:
                flash(f"After-sales order {aso.number} created: To Confirm.", "success")
                return redirect(url_for(".index_view", tab="to_confirm"))
        return self.render("aftersales/create.html", order=order, number=number,
                           types=AFTERSALES_TYPES, token=request.form.get("token") or new_token(),
                           returnable={line.id: aftersales.returnable(db.session, line)
                                       for line in (order.lines if order else [])},
                           reasons=self._scoped(ReturnReason, ReturnReason.name),
                           warehouses=self._scoped(Warehouse, Warehouse.name),
                           form=request.form)

    def _scoped(self, model, order_by):
        return db.session.execute(select(model).where(model.org_id == current_user.org_id)
                                  .order_by(order_by)).scalars().all()

    def _warehouse(self):
        wid = _int(request.form.get("warehouse"))
        wh = db.session.get(Warehouse, wid) if wid else None
        return wh if wh is not None and wh.org_id == current_user.org_id else None

    def _lines(self, order):
        f, org = request.form, current_user.org_id
        returns, exchanges = [], []
        by_id = {line.id: line for line in order.lines}
        for line_id, line in by_id.items():
            qty = _int(f.get(f"ret_{line_id}_qty"))
            if qty:
                returns.append(ReturnInput(qty, order_line=line,
                                           amount=_money(f.get(f"ret_{line_id}_amount"),
                                                         f"Line {line.sku.code} amount"),
                                           reason=_reason(f.get(f"ret_{line_id}_reason"))))
        for n in range(MAX_FORM_LINES):
            code = (f.get(f"add_{n}_sku") or "").strip()
            if code:
                returns.append(ReturnInput(_int(f.get(f"add_{n}_qty")) or 0,
                                           sku=_sku(org, code),
                                           amount=_money(f.get(f"add_{n}_amount"), code),
                                           reason=_reason(f.get(f"add_{n}_reason"))))
            code = (f.get(f"exc_{n}_sku") or "").strip()
            if code:
                exchanges.append(ExchangeInput(_sku(org, code), _int(f.get(f"exc_{n}_qty")) or 0,
                                               _money(f.get(f"exc_{n}_price"), code)))
        return returns, exchanges


def _int(text):
    if not (text or "").strip():
        return None
    try:
        value = int(text.strip())
    except ValueError:
        raise RuleError(f"{text!r} is not a whole number.")
    if abs(value) > 10**9:
        raise RuleError(f"{text!r} is too large.")
    return value


def _money(text, label):
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise RuleError(f"{label}: {text[:20]!r} is not an amount.")
    if not value.is_finite() or abs(value) > Decimal("1e12"):
        raise RuleError(f"{label}: {text[:20]!r} is not an amount.")
    return value


def _sku(org_id, code):
    sku = db.session.execute(select(Sku).where(Sku.org_id == org_id,
                                               Sku.code == code[:60])).scalar()
    if sku is None:
        raise RuleError(f"SKU: there is no SKU {code[:60]!r}.")
    return sku


def _reason(text):
    rid = _int(text) if (text or "").strip() else None
    if rid is None:
        return None
    reason = db.session.get(ReturnReason, rid)
    if reason is None or reason.org_id != current_user.org_id:
        abort(404)
    return reason
