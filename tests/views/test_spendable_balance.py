"""Store credit past its expiry never looks spendable, whether or not the daily
expire-credits has run yet: customer list, reconciliation, the customer's account and
the order form's customer picker all show what can be spent today."""
import json
from datetime import timedelta
from decimal import Decimal as D

from admin_app.rules.credit import adjustments
from tests import builders


def test_an_expired_lot_is_not_shown_as_balance_anywhere(world, client_for, session):
    alpha, _ = world
    past = builders.local_today() - timedelta(days=10)
    adjustments.adjust_balance(session, alpha.main, alpha.customer.id, D("40.00"),
                               "old voucher", past + timedelta(days=5), today=past)
    session.commit()
    assert alpha.customer.total_balance == D("55.00")  # the ledger still holds it
    client = client_for(alpha.main)
    listing = client.get("/admin/customers/").get_data(as_text=True)
    assert "15.00" in listing and "55.00" not in listing
    recon = client.get("/admin/reconciliation/").get_data(as_text=True)
    assert "15.00" in recon and "55.00" not in recon
    head = client.get(f"/admin/reconciliation/{alpha.customer.id}/receive") \
        .get_data(as_text=True)
    assert 'id="customer-balance">15.00' in head and "40.00 more has expired" in head
    picker = json.loads(client.get(
        "/admin/orders/ajax/lookup/?name=customer&query=Alpha").data)
    assert picker and "balance 15.00" in picker[0][1]
    export = client.get("/admin/reconciliation/?export=csv").get_data(as_text=True)
    assert "15.00" in export.splitlines()[1] and "55.00" not in export
