"""One money account per order (SPEC S4 Decision "money account per order").

What came in for an order, by source, and what went back, by way. Every path that gives
value back (refunds by bank or to the balance, the cancellation's money, reverted
store credit and points, returned goods paying an exchange order, an exchange order's
goods going back to its after-sales order) asks `give_back`, which refuses anything the
sources can no longer cover and names the amount still available.

Each way back may draw only on some sources: money goes back by bank, store credit is
reverted only from the store credit that paid, returned goods go back only as goods or
to their after-sales order. Whether the ways back fit the sources is a supply-and-demand
question; by Hall's theorem it holds exactly when, for every group of ways back, their
total is at most what the sources they may draw on brought in. With eight ways that is
255 groups, checked in microseconds, and it does not matter in which order the paths
ran: the guard holds for every order of cancel, reopen, refund, exchange and revert.
"""
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from ..core.errors import RuleError
from ...money import ZERO, fmt, quantize

SOURCES = ("money", "balance", "points", "goods")
# What the platform paid the seller back (disputes won, logistics claims): the seller's
# money, recorded here, never a source any way back to the buyer draws on.
CLAIMS = "claims"

# way back -> (order column, the sources it may draw on, what the user calls it)
WAYS = {
    "bank": ("back_bank", ("money",), "by bank"),
    "balance": ("back_balance", ("money", "balance", "points"), "to the balance"),
    "cancel": ("back_cancel", ("money",), "by cancellation"),
    "credit": ("back_credit", ("balance",), "as reverted store credit"),
    "points": ("back_points", ("points",), "as reverted points"),
    "exchange": ("back_exchange", SOURCES, "to exchange orders"),
    "goods": ("back_goods", ("goods",), "as returned goods"),
    # the platform refunded its buyer from the money it took for the order (SPEC S12)
    "platform": ("back_platform", ("money",), "by the platform"),
}
_GROUPS = [group for size in range(1, len(WAYS) + 1) for group in combinations(WAYS, size)]
# each group with the sources its ways draw on, and the groups each way is in: a list
# page asks what is left of fifty orders' accounts
_DRAWS = [(group, tuple({s for way in group for s in WAYS[way][1]})) for group in _GROUPS]
_OF_WAY = {way: [(g, s) for g, s in _DRAWS if way in g] for way in WAYS}
# the order's columns an account reads (a list loading its orders reads them too)
COLUMNS = ("payment_method", "shipped_at", "received", "settled", "payment_taken",
           "balance_used", "points_value", "goods_received", "compensation",
           *(column for column, _, _ in WAYS.values()))


@dataclass(frozen=True)
class Account:
    came_in: dict
    went_back: dict

    def slack(self, group) -> Decimal:
        """What the group's sources brought in, less what the group gave back."""
        sources = {s for way in group for s in WAYS[way][1]}
        return sum((self.came_in[s] for s in sources), ZERO) - \
            sum((self.went_back[w] for w in group), ZERO)

    def available(self, way: str) -> Decimal:
        """The most that can still go back this way, given everything else."""
        came_in, went_back = self.came_in, self.went_back
        if not any(went_back.values()):  # nothing went back: only its own sources count
            return max(ZERO, sum((came_in[s] for s in WAYS[way][1]), ZERO))
        return max(ZERO, min(sum((came_in[s] for s in sources), ZERO) -
                             sum((went_back[w] for w in group), ZERO)
                             for group, sources in _OF_WAY[way]))

    def problems(self) -> list[str]:
        """Every group of ways back that gave more than its sources brought in."""
        out = [f"{way} {self.went_back[way]} is negative" for way in WAYS
               if self.went_back[way] < 0]
        for group in _GROUPS:
            slack = self.slack(group)
            if slack < 0:
                out.append(f"gave back {fmt(-slack)} too much {', '.join(group)}")
                break
        return out


def money_in(order) -> Decimal:
    """Money received for the order: at order time, and payments of its credit since.
    COD is collected on delivery: counted from shipment on."""
    if order.payment_method == "cod":
        return order.total if order.shipped_at is not None else ZERO
    return order.received + order.settled if order.payment_taken else ZERO


def of(order) -> Account:
    taken = bool(order.payment_taken)
    came_in = {"money": money_in(order),
               "balance": order.balance_used if taken else ZERO,
               "points": order.points_value if taken else ZERO,
               # returned goods pay an exchange order when it is generated
               "goods": order.goods_received,
               CLAIMS: order.compensation}
    return Account(came_in, {way: getattr(order, col) for way, (col, _, _) in WAYS.items()})


def available(order, way: str) -> Decimal:
    return of(order).available(way)


def check(order, way: str, amount, what: str = "Refund") -> Decimal:
    """Refuse `amount` going back `way` if the account cannot cover it, naming what
    is still available."""
    amount = quantize(amount)
    if amount < 0:
        raise ValueError("give_back takes a positive amount; use take_back to undo")
    left = available(order, way)
    if amount > left:
        raise RuleError(
            "order_money.most_still_given_back",
            {"what": what, "left": fmt(left), "ways": WAYS[way][2], "number": order.number},
        )
    return amount


def give_back(order, way: str, amount, what: str = "Refund") -> Decimal:
    """Record `amount` going back `way`, or refuse naming what is still available.
    The caller holds the order's lock (rules.orders.lock) and has re-read it."""
    amount = check(order, way, amount, what)
    column = WAYS[way][0]
    setattr(order, column, getattr(order, column) + amount)
    return amount


def take_back(order, way: str, amount) -> None:
    """Undo part of a give-back: an exchange order's goods returning to the after-sales
    order of this order make them available again."""
    amount = quantize(amount)
    column = WAYS[way][0]
    if not ZERO <= amount <= getattr(order, column):
        raise ValueError(f"cannot take back {amount} of {column}")
    setattr(order, column, getattr(order, column) - amount)


def cancellation_money(order) -> Decimal:
    """What the cancellation moves to the balance: the money received that is still
    there, once the store credit and points that paid are kept for their revert (SPEC
    S4: they come back only that way, with their expiry rules)."""
    account = of(order)
    kept = dict(account.went_back)
    for way in ("credit", "points"):
        kept[way] += Account(account.came_in, kept).available(way)
    return Account(account.came_in, kept).available("cancel")
