"""Distribution after-sales (SPEC S6, S4 for the distributor as the supplier's customer).

partnerships   propose, accept, terminate; warehouses, SKU mapping, fees, auto-push
fulfilment     a distributor's order shipped from a supplier warehouse: the supplier's
               stock-out and sale to the distributor, on the supplier's ledger
pushing        return stock-in (distribution): push, re-push, recall, and the
               distributor's after-sales order following the supplier's stock-in
refunds        the supplier's refund figures (return amount, handling fee, estimate,
               refundable) and the distributor confirming a bank refund's receipt

Every read or write across the two organizations names its partnership; the views'
gate (rules.core.access.may_touch) allows the other side's rows only through one.
"""
from ..aftersales import hooks
from . import pushing

hooks.ON_CREATE.append(pushing.on_aftersales_created)
hooks.ON_STOCK_IN.append(pushing.follow_supplier_stock_in)
hooks.ON_STOCK_IN.append(pushing.complete_when_nothing_to_refund)
hooks.BEFORE_CANCEL.append(pushing.recall_on_cancel)
hooks.ON_TRACKING.append(pushing.send_tracking)
hooks.ON_REFUND.append(pushing.follow_supplier_refund)
