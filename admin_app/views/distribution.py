"""Distribution after-sales pages (SPEC S6). The distributor: Return Stock-In -
Distribution (To Push / Pushed / Push Failed / Recalled, push one or in bulk, re-push)
and shipping an order from a supplier warehouse. The supplier: After-Sales Orders -
Distribution (its pipeline tabs, filtered by distributor); stock-in and refunds are the
after-sales pages' own."""
from flask import flash, redirect, request, url_for
from flask.globals import _cv_app
from flask_admin import expose
from flask_admin.actions import action
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import defaultload, joinedload

from flask_babel import gettext

from .access import PartnerRows, allow_partners, get_or_404, org_id
from .aftersales import AfterSalesView
from .forms import new_token
from .lean_rows import LeanReads
from .model_view import ReadOnlyView, choice_filters
from .row_buttons import PostRowAction
from .tabs import StatusTabs
from .transaction import Told, run
from ..extensions import db
from ..models import (PUSH_STATUSES, AfterSalesOrder, DistributionReturn, Order,
                      Organization,
                      PartnerWarehouse, Partnership)
from ..rules.aftersales.kinds import DISTRIBUTION_RETURN, STATUSES
from ..rules.aftersales.orders import SUPPLIER_SIDE
from ..rules.distribution import fulfilment, partnerships, pushing, refunds

MANAGE = ("distribution.manage",)


def _progress(view, context, row, name):
    return str(pushing.progress(row)) if pushing.is_pushed(row) else ""


def _events(row) -> list[str]:
    """What the user may do with the row now, asked once per row and request (three
    buttons ask)."""
    asked = _cv_app.get().g.__dict__.setdefault("push_events", {})
    found = asked.get(row.id)
    if found is None:
        found = asked[row.id] = pushing.allowed(current_user._get_current_object(), row)
    return found


def _pushable(row) -> bool:
    return "push" in _events(row)


def _fail_reason(view, context, row, name):
    why = pushing.failure(row)
    if not why:
        return ""
    return Markup('<span class="cut cut-wide" title="{}">{}</span>').format(why, why)


def _pushed(records) -> Told:
    """What a push did, as it is: green only when every record went through; each
    failure named with its reason (and, when final, what to do instead)."""
    failed = [r for r in records if not pushing.is_pushed(r)]
    if not failed:
        return Told(gettext("Pushed %(count)s return(s) to the supplier.", count=len(records)))
    lines = [f"{r.aftersales.number}: {pushing.failure(r)}" for r in failed]
    pushed = len(records) - len(failed)
    return Told(gettext("Pushed %(pushed)s of %(count)s. Not pushed: %(why)s", pushed=pushed,
                        count=len(records), why=" | ".join(lines)),
                "warning" if pushed else "error")


class DistributionReturnsView(PartnerRows, StatusTabs, ReadOnlyView):
    """Return Stock-In - Distribution, the distributor's side."""
    permissions = MANAGE
    default_tab = "to_push"
    column_list = ("aftersales", "order", "status", "progress", "fail_reason", "attempts",
                   "created_at", "pushed_at")
    # the details page shows what the list shows, not the raw relations
    column_details_list = column_list
    column_labels = {"aftersales": "After-sales order", "order": "Order",
                     "progress": "Supplier progress", "fail_reason": "Why the push failed",
                     "attempts": "Tries", "created_at": "Created", "pushed_at": "Pushed"}
    column_formatters = {"status": lambda v, c, m, n: m.status_label,
                         "order": lambda v, c, m, n: m.aftersales.order.number,
                         "progress": _progress, "fail_reason": _fail_reason}
    column_filters = (*choice_filters(DistributionReturn.status, "Status", PUSH_STATUSES),
                      "created_at")
    column_default_sort = ("id", True)
    column_extra_row_actions = [
        PostRowAction("push", "Push", permission="distribution.manage",
                      visible=lambda row: _pushable(row) and not row.attempts),
        PostRowAction("repush", "Re-push", permission="distribution.manage",
                      visible=lambda row: _pushable(row) and row.attempts > 0),
        PostRowAction("recall", "Recall", permission="distribution.manage",
                      confirm="Recall the selected returns from the supplier? Their "
                              "after-sales orders are cancelled.",
                      visible=lambda row: "recall" in _events(row))]
    # what the list's cells and row buttons read (views/lean_rows.py)
    lean_reads = LeanReads(
        columns=("aftersales_id", "status", "fail_reason", "final", "attempts",
                 "supplier_aso_id", "created_at", "pushed_at"),
        related=("aftersales", "aftersales.order", "supplier_aso"),
        related_columns={"supplier_aso": ("kind", "status", "refunded", "handling_fee",
                                          "returned_amount", "received_at")},
        properties=("status_label",))

    def get_query(self):
        # the order and supplier progress columns read other rows: in the same query
        return super().get_query().options(
            joinedload(DistributionReturn.supplier_aso),
            defaultload(DistributionReturn.aftersales).joinedload(AfterSalesOrder.order))

    def tab_statuses(self):
        return tuple(PUSH_STATUSES)

    def tab_labels(self):
        return PUSH_STATUSES

    def _push(self, ids):
        self.run_rule_on_rows(ids, lambda r: pushing.push(db.session, current_user, r),
                              _pushed)

    @action("push", "Push", "Push the selected returns to the supplier?")
    def action_push(self, ids):
        self._push(ids)

    @action("repush", "Re-push", "Push the selected returns again?")
    def action_repush(self, ids):
        self._push(ids)

    @action("recall", "Recall", "Recall the selected returns from the supplier? Their "
                                "after-sales orders are cancelled.")
    def action_recall(self, ids):
        self.run_rule_on_rows(ids, lambda r: pushing.recall(db.session, current_user, r),
                              lambda records: Told(gettext(
                                  "Recalled %(count)s return(s) from the supplier.",
                                  count=len(records))))


class SupplierDistributionView(AfterSalesView):
    """After-Sales Orders - Distribution, the supplier's side: the returns its
    distributors pushed, always of type Return & Refund."""
    permissions = ("distribution.manage", "aftersales.refund", "stock.return_in")
    default_tab = "confirm_return"
    can_edit = False  # the distributor's record: its tracking number comes with the push
    list_template = "distribution/supplier_list.html"
    column_list = ("number", "status", "customer", "returned_amount", "handling_fee",
                   "refunded", "order", "return_tracking_no", "created_at")
    column_labels = {**AfterSalesView.column_labels, "customer": "Distributor",
                     "customer.name": "Distributor",
                     "returned_amount": "Return amount", "handling_fee": "Handling fee"}
    column_filters = (*choice_filters(AfterSalesOrder.status, "Status",
                                      {s: STATUSES[s] for s in DISTRIBUTION_RETURN.states}),
                      "customer.name", "created_at")

    def tab_where(self):
        return (AfterSalesOrder.kind == DISTRIBUTION_RETURN.code,)

    @expose("/create/")
    def create_aftersales(self):
        # pushed records arrive from distributors; one's own are made on After-Sales Orders
        return redirect(url_for("aftersales.create_aftersales"))

    def tab_statuses(self):
        return DISTRIBUTION_RETURN.states

    def action_permissions(self, name):
        # distribution.manage does the supplier-side work of pushed returns (SPEC S1)
        needed = super().action_permissions(name)
        return (*needed, "distribution.manage") if set(needed) & SUPPLIER_SIDE else needed

    def kinds(self):
        return {DISTRIBUTION_RETURN.code: DISTRIBUTION_RETURN}


def ship_page(view, order_id):
    """Ship a distributor's order from a supplier warehouse of its partnerships."""
    order = get_or_404(Order, order_id, "write")
    allow_partners()
    every = db.session.execute(select(PartnerWarehouse).join(Partnership).where(
        Partnership.distributor_org_id == org_id())).scalars().all()
    links = [ln for ln in every if partnerships.in_force(ln.partnership)]
    if request.method == "POST":
        link = next((ln for ln in links if str(ln.id) == request.form.get("link")), None)
        outcome = run(lambda: fulfilment.ship_from_supplier(db.session, current_user, order,
                                                            link),
                      token=request.form.get("token", ""), action="distribution.ship",
                      done=lambda d: gettext("Order %(number)s shipped from the supplier's "
                                             "%(warehouse)s.", number=order.number,
                                             warehouse=d.partner_warehouse.supplier_warehouse.name))
        if outcome.ok or outcome.replayed:
            return redirect(url_for("orders.details_view", id=order.id))
    ended = {ln.partnership for ln in every if partnerships.ended(ln.partnership)}
    if not links and ended:
        flash(" ".join(gettext("The partnership with %(supplier)s ended on %(date)s: its "
                               "warehouses no longer fulfil new orders.",
                               supplier=p.supplier.name, date=p.ended_on) for p in ended)
              + " " + gettext("Ship the order from your own warehouse."), "error")
    elif not links:
        flash(gettext("No supplier warehouse yet: link one on the Partnerships page."), "error")
    return view.render("distribution/ship.html", order=order, links=links,
                       token=new_token())


def pending_supplier_refunds():
    """The distributor's side of the After-Sales Refund page: bank refunds from
    suppliers waiting for it to confirm receipt."""
    allow_partners()
    rows = db.session.execute(refunds.pending_for(db.session, org_id())).scalars().all()
    names = dict(db.session.execute(select(Organization.id, Organization.name).where(
        Organization.id.in_({r.org_id for r in rows}))).all()) if rows else {}
    mine = dict(db.session.execute(select(DistributionReturn.supplier_aso_id,
                                          AfterSalesOrder.number).join(
        AfterSalesOrder, AfterSalesOrder.id == DistributionReturn.aftersales_id).where(
        DistributionReturn.supplier_aso_id.in_({r.aftersales_id for r in rows}))).all()) \
        if rows else {}
    return [(r, names.get(r.org_id, ""), mine.get(r.aftersales_id, "")) for r in rows]
