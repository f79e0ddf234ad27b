"""Distribution at scale (SPEC S6), added to the rows gen_data built: the Big Seller is
on both sides, so one signed-in user measures both lists.

- It supplies the Small Seller: a third of its Return & Refund records past To Confirm
  become records pushed to it (kind distribution_return, handling fee 0, so every money
  figure gen_data computed still holds and the ledger still verifies).
- It distributes for the Small Seller: return stock-in (distribution) records on its own
  after-sales orders, in every push status, their orders linked to Small Seller orders.
Only the lists are measured here; the push itself is tested, not generated."""
from datetime import date, datetime, timedelta

PUSH_MIX = ["pushed"] * 5 + ["to_push"] * 2 + ["push_failed"] * 2 + ["recalled"]
REASONS = ["order {n} is 97 days old; orders older than 90 days cannot be pushed",
           "SKU SKU00417 is not mapped to a supplier SKU",
           "the supplier warehouse Warehouse 1 is deactivated"]


def add(out, rnd, ids, big: int, small: int, today: date, share: int = 5) -> None:
    """`share`: one after-sales order of the Big Seller in `share` becomes a record
    on its distributor side."""
    started = today - timedelta(days=800)
    _partnership(out, ids, distributor=small, supplier=big, started=started)
    distributes = _partnership(out, ids, distributor=big, supplier=small, started=started)
    _supplier_side(out, rnd, big)
    _distributor_side(out, rnd, ids, big, small, distributes, share)


def _partnership(out, ids, distributor, supplier, started):
    pid = ids("partnership")
    out["partnership"].append(dict(
        id=pid, distributor_org_id=distributor, supplier_org_id=supplier,
        proposed_by_org_id=distributor, status="active", started_on=started,
        fee_mode="per_unit", created_at=datetime.combine(started, datetime.min.time())))
    at_supplier = ids("warehouse")
    out["warehouse"].append(dict(id=at_supplier, org_id=distributor,
                                 name="At the supplier", kind="supplier"))
    theirs = next(w["id"] for w in out["warehouse"] if w["org_id"] == supplier)
    link = ids("partner_warehouse")
    out["partner_warehouse"].append(dict(id=link, partnership_id=pid,
                                         distributor_warehouse_id=at_supplier,
                                         supplier_warehouse_id=theirs))
    return pid, link


def _supplier_side(out, rnd, big):
    for aso in out["aftersales_order"]:
        if aso["org_id"] == big and aso["kind"] == "return_refund" and \
                aso["status"] != "to_confirm" and rnd.random() < 1 / 3:
            aso["kind"] = "distribution_return"
            aso["note"] = "Pushed by the distributor"


def _distributor_side(out, rnd, ids, big, small, partnership, share):
    pid, link = partnership
    supplier_orders = [o["id"] for o in out["sales_order"] if o["org_id"] == small]
    supplier_asos = [a["id"] for a in out["aftersales_order"] if a["org_id"] == small]
    rnd.shuffle(supplier_orders)
    rnd.shuffle(supplier_asos)
    mine = [a for a in out["aftersales_order"]
            if a["org_id"] == big and a["kind"] != "distribution_return"]
    for n, aso in enumerate(mine[::share]):
        if n >= len(supplier_orders):
            break
        oid = ids("distribution_order")
        out["distribution_order"].append(dict(
            id=oid, partnership_id=pid, distributor_order_id=aso["order_id"],
            supplier_order_id=supplier_orders[n], partner_warehouse_id=link,
            shipped_at=aso["created_at"]))
        status = rnd.choice(PUSH_MIX)
        if status == "pushed" and not supplier_asos:
            status = "to_push"
        row = dict(org_id=big, aftersales_id=aso["id"], distribution_order_id=oid,
                   status=status, attempts=0 if status == "to_push" else 1,
                   created_at=aso["created_at"])
        if status == "pushed":
            row.update(supplier_aso_id=supplier_asos.pop(), pushed_at=aso["created_at"])
        elif status == "push_failed":
            row.update(fail_reason=rnd.choice(REASONS).format(n=f"SO{aso['order_id']:09d}"),
                       attempts=rnd.randint(1, 3))
        elif status == "recalled":
            row.update(recalled_at=aso["created_at"] + timedelta(days=1))
        out["distribution_return"].append(row)
