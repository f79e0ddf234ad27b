"""Each kind of after-sales order, defined once (SPEC S5): its state table, tab order,
whether it has exchange items and a return warehouse, what stock-in does, what may
still be refunded, and which buttons each state shows.

Views build their tabs, row buttons and bulk actions from KINDS and EVENTS; templates
and scripts read these values (data attributes), never a copy of a formula. Adding a
kind (replacement, repair, uncollected, distribution return) is adding one Kind here,
plus the rules of its own events. This module imports no model: models read their
labels from it.
"""
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable

from ...money import ZERO
from ..core.messages import Labels, word
from ..core.messages._marker import _
from . import hooks

# Every state any kind uses, in pipeline order: the order of tabs and charts.
STATUSES = Labels({
    "to_confirm": "To Confirm",
    "confirm_return": "Confirm Return",
    "confirm_refund": "Confirm Refund",
    "confirm_exchange": "Confirm Exchange",
    "received_return": "Received Return",
    "refund_processing": "Refund Processing",
    "replacement_shipped": "Replacement Shipped",
    "in_repair": "In Repairing",
    "repair_completed": "Repair Completed",
    "completed": "After-Sales Completed",
    "cancelled": "Cancelled",
})


@dataclass(frozen=True)
class Event:
    label: str
    permission: str          # who may press it (the rule's caller checks it too)
    button: str = "post"     # post: a row button and a bulk action; page: a link to a
    page: str = ""           # page (`page` names it); "": moved by another page's rule
    confirm: str = ""        # a question asked before posting
    # why it cannot happen although the state allows it (None: it can): a condition on
    # the order's figures, read by the buttons and checked by the rule
    why_not: Callable | None = None


EVENTS = {
    "confirm": Event("Confirm After-Sales", "aftersales.manual"),
    "confirm_stock_in": Event("Confirm After-Sales and Stock-In", "aftersales.manual",
                              confirm="Stock in every returned item as good (qualified) "
                                      "stock now? To grade damaged items, use Confirm "
                                      "After-Sales, then Return Stock-In."),
    "stock_in": Event("Return Stock-In", "stock.return_in", "page", "return_stock_in",
                      why_not=lambda aso: None if aso.received_at is None else
                      word(_("its goods are stocked in already"))),
    "create_refund": Event("Create Refund Order", "aftersales.refund", "page", "refund",
                           why_not=lambda aso: _exchange_not_generated(aso)),
    "refund_to_balance": Event("Refund to balance", "aftersales.refund", ""),
    "confirm_refund": Event("Confirm refund", "aftersales.refund", ""),
    "reject_refund": Event("Reject refund", "aftersales.refund", ""),
    "generate_exchange": Event("Generate Exchange Order", "aftersales.manual"),
    "complete": Event("Complete (no refund)", "aftersales.manual",
                      confirm="Complete without a refund? What is still refundable is not "
                              "paid back; the exchange order settles the rest.",
                      why_not=lambda aso: _exchange_not_generated(aso)),
    # SPEC S5: cancelled only before Refund Processing; an order reopened after its
    # refund (its exchange order cancelled) has paid money back and stays
    "cancel": Event("Cancel", "aftersales.manual",
                    confirm="Cancel this after-sales order?",
                    why_not=lambda aso: None if not aso.refunded else
                    word(_("part of it has been refunded already"))),
    # the distributor recalls a pushed record by cancelling its own after-sales order
    "recall": Event("Recalled by the distributor", "distribution.manage", ""),
    # an exchange order cancelled after its after-sales order completed: the goods it
    # was paid with are back on the after-sales order (SPEC S5), open again
    "exchange_cancelled": Event("Exchange order cancelled", "orders.manage", ""),
    # the supplier keeps a handling fee at least the return amount: no refund to make
    "nothing_to_refund": Event(
        "Complete (nothing to refund)", "aftersales.refund",
        confirm="Complete it with nothing refunded? Its returned goods stay in stock.",
        why_not=lambda aso: None if left_to_refund(aso) <= 0 else
        word(_("it still has an amount to refund: create a refund order"))),
    # services (SPEC S7)
    "ship_replacement": Event("Ship Replacement", "aftersales.manual",
                              confirm="Ship the same goods again from the return "
                                      "warehouse, as a replacement order?"),
    "complete_repair": Event("Repair Completed", "aftersales.manual", "page",
                             "complete_repair"),
    # platform after-sales (SPEC S12): the seller accepts the buyer's request; every
    # other move is the platform's status arriving (platform_<state>)
    "accept": Event("Accept the request", "aftersales.manual",
                    confirm="Accept the buyer's request on the platform? The platform "
                            "then refunds the buyer (after the return, if goods come back)."),
    **{f"platform_{state}": Event("Platform status", "aftersales.manual", "")
       for state in ("confirm_return", "confirm_refund", "received_return",
                     "refund_processing", "completed", "cancelled")},
}


def _exchange_not_generated(aso) -> str | None:
    """A refund, or completing, ends an exchange's after-sales order (S5): ended before
    its exchange order exists, the exchange items could never be sent."""
    if kind_of(aso).exchange_lines and aso.exchange_amount > 0 and \
            aso.exchange_order_id is None:
        return word(_("generate the exchange order first: once the after-sales order is "
                      "completed, no exchange order can be made"))
    return None


def goods_in_exchange(aso) -> Decimal:
    """The part of R paying the live exchange order (back here when it is cancelled)."""
    order = aso.exchange_order
    return order.goods_received - order.back_goods if order is not None else ZERO


def _returned_less_refunded(aso) -> Decimal:
    return aso.returned_amount - aso.refunded


def _exchange_refundable(aso) -> Decimal:
    """E is kept for the exchange order until one is generated; from then on what that
    order's goods part holds (nothing, once it is cancelled: SPEC S5 Decision)."""
    kept = goods_in_exchange(aso) if aso.exchange_order_id else aso.exchange_amount
    return _returned_less_refunded(aso) - kept


@dataclass(frozen=True)
class Kind:
    code: str
    english: str                  # its name; `label` is the reader's language
    machine: dict                 # {state: {event: next state}}
    refund_base: Callable = _returned_less_refunded
    exchange_lines: bool = False  # the customer gets other goods (exchange items)
    warehouse: bool = True        # goods come back: a return warehouse and stock-in
    # pushed by a distributor (SPEC S6): its own list, stocked into own warehouses only
    partner: bool = False
    # an after-sales service (SPEC S7): its own list, started from a shipped order
    service: bool = False
    start: str = "to_confirm"     # the state a new one starts in
    line_kind: str = "return"     # what its items are (a repair's are not returns)
    # from a channel (SPEC S12): the platform's status moves it, the platform refunds
    platform: bool = False
    # only goods come back (no money, nothing sent out): units a Refund-Only already
    # paid back may still come back this way (seed 000, scenario 2)
    goods_only: bool = False
    states: tuple = field(init=False)

    def __post_init__(self):
        used = set(self.machine) | {s for moves in self.machine.values()
                                    for s in moves.values()}
        object.__setattr__(self, "states", tuple(s for s in STATUSES if s in used))

    @property
    def label(self) -> str:
        return word(self.english)

    @property
    def pays(self) -> bool:
        """Whether the buyer gets money back (from us, or from the platform); a
        service's goods come back free."""
        return self.platform or self.refund_base is not _nothing

    def can(self, state: str, event: str) -> bool:
        return event in self.machine.get(state, {})

    def refundable(self, aso) -> Decimal:
        return max(ZERO, self.refund_base(aso))


def _pipeline(waiting: str, **extra) -> dict:
    """The common pipeline: To Confirm -> `waiting` -> Received Return -> Refund
    Processing -> Completed, cancellable before Refund Processing."""
    machine = {
        "to_confirm": {"confirm": waiting, "confirm_stock_in": "received_return",
                       "cancel": "cancelled"},
        waiting: {"stock_in": "received_return", "cancel": "cancelled"},
        "received_return": {"create_refund": "refund_processing",
                            "refund_to_balance": "completed", "cancel": "cancelled"},
        "refund_processing": {"confirm_refund": "completed",
                              "reject_refund": "received_return"},
    }
    for state, moves in extra.items():
        machine[state] = {**machine[state], **moves}
    return machine


# a return with nothing left to refund (its amount corrected to 0, or its order's money
# gone back already, as on a cancelled order) completes keeping its goods (SPEC S5)
RETURN_REFUND = Kind("return_refund", "Return & Refund", _pipeline(
    "confirm_return", received_return={"nothing_to_refund": "completed"}))
REFUND_ONLY = Kind("refund_only", "Refund-Only", {
    "to_confirm": {"confirm": "confirm_refund", "cancel": "cancelled"},
    "confirm_refund": {"create_refund": "refund_processing",
                       "refund_to_balance": "completed", "cancel": "cancelled"},
    "refund_processing": {"confirm_refund": "completed", "reject_refund": "confirm_refund"},
}, warehouse=False)
EXCHANGE = Kind("exchange", "Exchange", {**_pipeline(
    "confirm_exchange",
    confirm_exchange={"generate_exchange": "confirm_exchange"},
    received_return={"generate_exchange": "received_return", "complete": "completed"},
), "completed": {"exchange_cancelled": "received_return"}},
    refund_base=_exchange_refundable, exchange_lines=True)



def _less_handling_fee(aso) -> Decimal:
    """The supplier keeps its return handling fee back from the refund (SPEC S6). An
    abnormal return's distribution fee is kept too, but it is counted in the stock-out
    amount it is taken from, so it does not lower the refund a second time."""
    return aso.returned_amount - aso.handling_fee - aso.refunded


# A distributor's pushed return on the supplier's side: always "Return & Refund" to the
# supplier (seed 001); it arrives waiting for stock-in and leaves only by a recall.
DISTRIBUTION_RETURN = Kind("distribution_return", "Return & Refund", {
    "confirm_return": {"stock_in": "received_return", "recall": "cancelled"},
    "received_return": {"create_refund": "refund_processing",
                        "refund_to_balance": "completed", "nothing_to_refund": "completed"},
    "refund_processing": {"confirm_refund": "completed", "reject_refund": "received_return"},
}, refund_base=_less_handling_fee, partner=True)


def _nothing(aso) -> Decimal:
    """A service moves goods, not money: a refund goes through a Refund-Only order."""
    return ZERO


# Services (SPEC S7, seed 003): each waits for its goods (or its repair), then ends.
CUSTOMER_RETURN = Kind("customer_return", "Customer Return", {
    "confirm_return": {"stock_in": "completed", "cancel": "cancelled"},
}, refund_base=_nothing, service=True, start="confirm_return", goods_only=True)
# The replacement ships when the return arrives, or before it, as the staff choose.
REPLACEMENT = Kind("replacement", "Replacement", {
    "confirm_return": {"stock_in": "received_return", "ship_replacement": "replacement_shipped",
                       "cancel": "cancelled"},
    "received_return": {"ship_replacement": "completed", "cancel": "cancelled"},
    "replacement_shipped": {"stock_in": "completed"},
}, refund_base=_nothing, service=True, start="confirm_return")
REPAIR = Kind("repair", "Repair", {
    "in_repair": {"complete_repair": "repair_completed", "cancel": "cancelled"},
}, refund_base=_nothing, warehouse=False, service=True, start="in_repair",
   line_kind="repair")
UNCOLLECTED = Kind("uncollected", "Uncollected", {
    "confirm_return": {"stock_in": "completed", "cancel": "cancelled"},
}, refund_base=_nothing, service=True, start="confirm_return", goods_only=True)

# A parcel returned undelivered (failed delivery, rejected, return to sender): goods
# back in, nothing refunded by us (the platform refunds its buyer, or the buyer of a
# COD parcel never paid).
ABNORMAL_RETURN = Kind("abnormal_return", "Abnormal Return", {
    "confirm_return": {"stock_in": "completed", "cancel": "cancelled"},
}, refund_base=_nothing, service=True, start="confirm_return")


def _platform_machine(waiting: str, goods: bool) -> dict:
    """The S5 pipeline, moved forward by the platform's status (platform_<state>, to
    any later state), by the seller's answer (accept) and, for goods, by stock-in."""
    order = ["to_confirm", waiting, *(["received_return"] if goods else []),
             "refund_processing", "completed"]
    machine = {state: {**{f"platform_{later}": later for later in order[i + 1:]},
                       "platform_cancelled": "cancelled"}
               for i, state in enumerate(order[:-1])}
    machine["to_confirm"]["accept"] = waiting
    if goods:
        for state in ("to_confirm", waiting):
            machine[state]["stock_in"] = "received_return"
        # the platform may refund before the parcel arrives (a missed confirm-receipt
        # deadline refunds the buyer), or an organization's mapping may say the goods
        # were received on the platform's side: they still come in, the state stays
        machine["completed"] = {}
        for state in ("received_return", "refund_processing", "completed"):
            machine[state]["stock_in"] = state
    return machine


PLATFORM_RETURN = Kind("platform_return", "Return & Refund",
                       _platform_machine("confirm_return", goods=True),
                       refund_base=_nothing, platform=True)
PLATFORM_REFUND = Kind("platform_refund", "Refund-Only",
                       _platform_machine("confirm_refund", goods=False),
                       refund_base=_nothing, warehouse=False, platform=True)

KINDS = {kind.code: kind for kind in (RETURN_REFUND, REFUND_ONLY, EXCHANGE,
                                      DISTRIBUTION_RETURN, CUSTOMER_RETURN, REPLACEMENT,
                                      REPAIR, UNCOLLECTED, ABNORMAL_RETURN, PLATFORM_RETURN,
                                      PLATFORM_REFUND)}
KIND_LABELS = Labels({code: kind.english for code, kind in KINDS.items()})
# what a staff member creates on After-Sales Orders (partner kinds arrive by a push,
# services start from an order's page or an import)
MANUAL_KINDS = {code: kind for code, kind in KINDS.items()
                if not kind.partner and not kind.service and not kind.platform}
PLATFORM_KINDS = {code: kind for code, kind in KINDS.items() if kind.platform}
SERVICE_KINDS = {code: kind for code, kind in KINDS.items() if kind.service}
# filters and charts tell the supplier's pushed returns from its own
KIND_NAMES = Labels({code: kind.english + (" (distribution)" if kind.partner else
                                           " (platform)" if kind.platform else "")
                    for code, kind in KINDS.items()})


def left_to_refund(aso) -> Decimal:
    """What a refund could still give back now: the kind's refundable amount within what
    the order can give back (rules/aftersales/refund_room.py)."""
    amount = kind_of(aso).refundable(aso)
    for cap in hooks.REFUND_CAPS:
        amount = cap(aso, amount)
    return amount


def kind_of(aso) -> Kind:
    return KINDS[aso.kind]


def tabs(kinds=None) -> tuple:
    """Every state some kind (of `kinds`, default the manual ones) uses, in pipeline
    order."""
    kinds = MANUAL_KINDS if kinds is None else kinds
    return tuple(s for s in STATUSES if any(s in k.states for k in kinds.values()))


def waiting_for(event: str) -> list[tuple[str, str]]:
    """(kind, state) pairs where `event` can happen: a work queue's filter."""
    return [(code, state) for code, kind in KINDS.items()
            for state, moves in kind.machine.items() if event in moves]
