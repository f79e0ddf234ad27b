"""Supplier partnerships (SPEC S6), seen from either side: propose, accept, terminate;
the supplier's fees, the distributor's auto-push, warehouses and the SKU mapping."""
from flask import redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from sqlalchemy import select

from flask_babel import gettext

from .access import PartnerRows, SecureView, get_or_404, org_id, own_active, parse_id
from .forms import new_token, parse_amount
from .transaction import run
from ..extensions import db
from ..models import FEE_MODES, Partnership, Warehouse
from ..rules.distribution import partnerships


class PartnershipsView(PartnerRows, SecureView):
    """Shows the other side's name, warehouses and SKUs (PartnerRows)."""
    permissions = ("distribution.manage",)

    @expose("/")
    def index(self):
        rows = db.session.execute(partnerships.of_org(org_id()).order_by(
            Partnership.id.desc())).scalars().all()
        # the warehouses each of my suppliers can ship from: one query for all of them
        suppliers = {p.supplier_org_id for p in rows if p.side(org_id()) == "distributor"}
        usable = db.session.execute(select(Warehouse).where(
            Warehouse.org_id.in_(suppliers), Warehouse.kind == "own",
            Warehouse.active.is_(True)).order_by(Warehouse.name)).scalars().all() \
            if suppliers else []
        supplier_warehouses = {p.id: [w for w in usable if w.org_id == p.supplier_org_id]
                               for p in rows if p.supplier_org_id in suppliers}
        mine = db.session.execute(own_active(Warehouse).where(
            Warehouse.kind == "supplier").order_by(Warehouse.name)).scalars().all()
        return self.render("distribution/partnerships.html", rows=rows, me=org_id(),
                           fee_modes=FEE_MODES, token=new_token(), my_warehouses=mine,
                           supplier_warehouses=supplier_warehouses,
                           actions=lambda p: partnerships.allowed(current_user, p),
                           in_force=partnerships.in_force, ended=partnerships.ended,
                           awaiting=lambda p: partnerships.PARTNERSHIP.can(p, "accept"))

    def _act(self, work, action, done):
        run(work, token=request.form.get("token", ""), action=action, done=done)
        return redirect(url_for(".index"))

    @expose("/propose", methods=("POST",))
    def propose(self):
        f = request.form
        return self._act(lambda: partnerships.propose(
            db.session, current_user, f.get("partner", ""), f.get("we_are", ""),
            f.get("note", "")), "partnership.propose",
            gettext("Proposed: the other organization accepts it on its Partnerships page."))

    def _partnership(self, pid):
        return get_or_404(Partnership, pid, "write")

    @expose("/<int:pid>/accept", methods=("POST",))
    def accept(self, pid):
        p = self._partnership(pid)
        return self._act(lambda: partnerships.accept(db.session, current_user, p),
                         "partnership.accept", gettext("Partnership active from today."))

    @expose("/<int:pid>/terminate", methods=("POST",))
    def terminate(self, pid):
        p = self._partnership(pid)
        return self._act(lambda: partnerships.terminate(db.session, current_user, p),
                         "partnership.terminate",
                         gettext("Partnership terminated: returns of orders from the "
                                 "cooperation period can still be pushed."))

    @expose("/<int:pid>/settings", methods=("POST",))
    def settings(self, pid):
        p, f = self._partnership(pid), request.form

        def save():
            return partnerships.update(db.session, current_user, p, partnerships.Settings(
                fee_mode=f.get("fee_mode"),
                handling_fee=parse_amount(f.get("handling_fee"), gettext("Return handling fee")),
                distribution_fee=parse_amount(f.get("distribution_fee"),
                                              gettext("Distribution fee")),
                auto_push=f.get("auto_push") == "y"))
        return self._act(save, "partnership.settings", gettext("Settings saved."))

    @expose("/<int:pid>/warehouse", methods=("POST",))
    def warehouse(self, pid):
        p, f = self._partnership(pid), request.form
        return self._act(lambda: partnerships.add_warehouse(
            db.session, current_user, p, parse_id(f.get("warehouse")),
            parse_id(f.get("supplier_warehouse"))), "partnership.warehouse",
            gettext("Warehouse linked."))

    @expose("/<int:pid>/map", methods=("POST",))
    def map_sku(self, pid):
        p, f = self._partnership(pid), request.form
        return self._act(lambda: partnerships.map_sku(
            db.session, current_user, p, f.get("sku", "")[:60],
            f.get("supplier_sku", "")[:60]), "partnership.map_sku",
            gettext("SKU mapped."))
