"""After-sales services at scale (SPEC S7), from the rows gen_data built: about half of
the Big Seller's Return & Refund records still waiting for their goods (or cancelled)
become customer returns, replacements and uncollected parcels in the same state, and
its Refund-Only records still To Confirm become repairs In Repairing. None of them has
moved money, so the ledger still verifies."""

AS_SERVICE = {"confirm_return": ("customer_return", "replacement", "uncollected"),
              "cancelled": ("customer_return", "replacement", "uncollected")}


def add(out, rnd, big: int) -> None:
    repairs = set()
    for aso in out["aftersales_order"]:
        if aso["org_id"] != big or rnd.random() < 0.5:
            continue
        if aso["kind"] == "return_refund" and aso["status"] in AS_SERVICE:
            aso["kind"] = rnd.choice(AS_SERVICE[aso["status"]])
        elif aso["kind"] == "refund_only" and aso["status"] == "to_confirm":
            aso.update(kind="repair", status="in_repair", warehouse_id=None,
                       returned_amount=0)  # a repair returns nothing
            repairs.add(aso["id"])
    for line in out["aftersales_line"]:
        if line["aftersales_id"] in repairs:
            line["kind"] = "repair"  # the buyer's goods, not returned ones
