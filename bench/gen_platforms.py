"""Platform after-sales at scale (SPEC S12), from the rows gen_data built: the Big
Seller's after-sales orders on orders of its Shopee, Lazada and TikTok stores that moved
no money yet (To Confirm, Confirm Return, Cancelled) become the platform's requests, each
with its clock: about 3% due within 24 hours, 2% overdue (counted missed, at their
refund), the rest later. No money moved, so the ledger still verifies."""
from datetime import datetime, timedelta, timezone

PLATFORMS = ("Shopee", "Lazada", "TikTok")
KIND = {"return_refund": "platform_return", "refund_only": "platform_refund"}
STATUS = {("Shopee", "to_confirm"): ("REQUESTED", "respond"),
          ("Shopee", "confirm_return"): ("PROCESSING", "confirm_receipt"),
          ("Lazada", "to_confirm"): ("REQUEST_INITIATE", "respond"),
          ("Lazada", "confirm_return"): ("BUYER_RETURN_ITEM", "confirm_receipt"),
          ("TikTok", "to_confirm"): ("RETURN_OR_REFUND_REQUEST_PENDING", "respond"),
          ("TikTok", "confirm_return"): ("BUYER_SHIPPED_ITEM", "confirm_receipt")}
CLOSED = {"Shopee": "CLOSED", "Lazada": "REQUEST_CANCEL",
          "TikTok": "RETURN_OR_REFUND_REQUEST_CANCEL"}


def add(out, rnd, big: int) -> int:
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    channel = {s["id"]: s["channel"] for s in out["store"]}
    store_of = {o["id"]: o["store_id"] for o in out["sales_order"]
                if channel.get(o["store_id"]) in PLATFORMS}
    made = 0
    for aso in out["aftersales_order"]:
        store = store_of.get(aso["order_id"])
        if aso["org_id"] != big or store is None or aso["kind"] not in KIND or \
                aso["status"] not in ("to_confirm", "confirm_return", "cancelled") or \
                (aso["kind"] == "refund_only" and aso["status"] == "confirm_return"):
            continue
        ch = channel[store]
        aso.update(kind=KIND[aso["kind"]], store_id=store,
                   platform_request_id=f"{ch[:2].upper()}{aso['id']:010d}",
                   platform_refund=aso["returned_amount"], requested_at=aso["created_at"],
                   platform_reason="Damaged")
        if aso["status"] == "cancelled":
            aso["platform_status"] = CLOSED[ch]
        else:
            aso["platform_status"], step = STATUS[(ch, aso["status"])]
            aso.update(deadline_step=step, deadline_at=_due(rnd, now))
            if aso["deadline_at"] <= now:
                out["deadline_mark"].append(dict(
                    org_id=big, aftersales_id=aso["id"], what="missed", step=step,
                    due_at=aso["deadline_at"], amount=aso["returned_amount"],
                    created_at=now))
        made += 1
    return made


def _due(rnd, now):
    roll = rnd.random()
    if roll < 0.03:
        return now + timedelta(minutes=rnd.randint(10, 23 * 60))
    if roll < 0.05:
        return now - timedelta(minutes=rnd.randint(10, 20 * 24 * 60))
    return now + timedelta(hours=rnd.randint(25, 24 * 30))
