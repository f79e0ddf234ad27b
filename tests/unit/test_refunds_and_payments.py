"""Refund simulation, payment allocation, refundable amounts and state tables, without a
database."""
from datetime import date
from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from admin_app.rules.aftersales import kinds, refund_posting
from admin_app.rules.core import transitions
from admin_app.rules.core.errors import RuleError, TransitionError
from admin_app.rules.credit.payments import OpenItem, allocate


@pytest.mark.parametrize("method,balance_change", [("balance", D("30")),
                                                   ("bank_transfer", D("0"))])
def test_a_refund_first_offsets_what_is_owed_the_seeds_numbers(method, balance_change):
    posting = refund_posting.simulate(SimpleNamespace(unsettled=D("70")), D("100"), method)
    assert (posting.offset, posting.credit_change, posting.received,
            posting.balance_change) == (D("70"), D("-70"), D("-30"), balance_change)


def test_a_refund_smaller_than_the_credit_only_offsets():
    posting = refund_posting.simulate(SimpleNamespace(unsettled=D("70")), D("20"), "balance")
    assert (posting.offset, posting.received, posting.balance_change) == (D("20"), 0, 0)


def test_a_refund_needs_a_method_and_an_amount():
    with pytest.raises(RuleError):
        refund_posting.simulate(SimpleNamespace(unsettled=D(0)), D("1"), "cheque")
    with pytest.raises(RuleError):
        refund_posting.simulate(SimpleNamespace(unsettled=D(0)), D("0"), "balance")


def item(key, unsettled, day=1):
    return OpenItem(key, key, date(2026, 11, day), D(unsettled), D(0), D(unsettled), None)


def test_payments_settle_oldest_first_and_the_rest_goes_to_the_balance():
    plan = allocate([item("a", "30", 1), item("b", "50", 2)], D("100"), None)
    assert [(i.key, part) for i, part in plan.applied] == [("a", D("30")), ("b", D("50"))]
    assert plan.to_balance == D("20")


def test_a_payment_of_selected_orders_skips_the_others_and_stops_when_used_up():
    plan = allocate([item("a", "30"), item("b", "50"), item("c", "10")], D("40"), {"b", "c"})
    assert [(i.key, part) for i, part in plan.applied] == [("b", D("40"))]
    assert plan.to_balance == 0


def aso(kind, returned, exchange="0", refunded="0", exchange_order=None):
    return SimpleNamespace(kind=kind, returned_amount=D(returned),
                           exchange_amount=D(exchange), refunded=D(refunded),
                           exchange_order=exchange_order,
                           exchange_order_id=1 if exchange_order else None)


def test_refundable_by_kind():
    assert kinds.RETURN_REFUND.refundable(aso("return_refund", "100", refunded="30")) \
        == D("70")
    exchange = aso("exchange", "100", "60")
    assert kinds.EXCHANGE.refundable(exchange) == D("40")  # E is kept for the order
    live = SimpleNamespace(goods_received=D("60"), back_goods=D("0"))
    assert kinds.EXCHANGE.refundable(aso("exchange", "100", "60", exchange_order=live)) \
        == D("40")
    gone = SimpleNamespace(goods_received=D("60"), back_goods=D("60"))
    assert kinds.EXCHANGE.refundable(aso("exchange", "100", "60", exchange_order=gone)) \
        == D("100")
    assert kinds.EXCHANGE.refundable(aso("exchange", "100", "130")) == 0


@pytest.mark.parametrize("kind", list(kinds.KINDS.values()), ids=list(kinds.KINDS))
def test_each_kinds_state_table_is_sound(kind):
    """Every event is defined; every state leads somewhere or ends; a rejected refund
    goes back where refunds are created; cancelling is possible before refunds."""
    for state, moves in kind.machine.items():
        assert set(moves) <= set(kinds.EVENTS), (kind.code, state)
        assert set(moves.values()) <= set(kinds.STATUSES), (kind.code, state)
    created_from = {s for s, moves in kind.machine.items() if "create_refund" in moves}
    rejected_to = {moves["reject_refund"] for moves in kind.machine.values()
                   if "reject_refund" in moves}
    assert rejected_to <= created_from
    order = list(kinds.STATUSES)
    before_refunds = [s for s in kind.states if order.index(s) <
                      order.index("refund_processing")]
    if kind.partner:  # the supplier never cancels a pushed return: the distributor
        # recalls it, and only before the supplier's stock-in (SPEC S6)
        assert kind.can(kind.states[0], "recall") and not kind.can("received_return",
                                                                   "recall")
        return
    if kind.service:  # no refunds: cancellable until it is done, never after
        ended = {s for s in kind.states if not kind.machine.get(s)}
        assert kind.can(kind.start, "cancel") and ended <= {"completed", "repair_completed",
                                                            "cancelled"}
        assert all(kind.can(s, "cancel") for s in kind.states
                   if s not in ended and s != "replacement_shipped")
        return
    if kind.platform:  # the platform cancels (its status), never the seller; every
        # live state can be closed by it, and the seller may only accept or stock in
        assert all(kind.can(s, "platform_cancelled") for s in kind.states
                   if s not in ("completed", "cancelled"))
        assert {e for moves in kind.machine.values() for e in moves
                if not e.startswith("platform_")} <= {"accept", "stock_in"}
        return
    assert before_refunds and all(kind.can(s, "cancel") for s in before_refunds)


def test_a_transition_not_allowed_names_the_states_that_allow_it():
    row = SimpleNamespace(status="to_confirm", __str__=lambda self: "AS1")
    with pytest.raises(TransitionError, match="only possible from Received Return"):
        transitions.require(row, kinds.RETURN_REFUND.machine, "create_refund",
                            kinds.STATUSES, {"create_refund": "Create Refund Order"})
    assert transitions.require(row, kinds.RETURN_REFUND.machine, "confirm",
                               kinds.STATUSES, {}) == "confirm_return"
