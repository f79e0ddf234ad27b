"""Every lifecycle's state table, as data: states named, events named, no move to a state
that does not exist, the bulk moves well defined; one writer moves a row."""
from types import SimpleNamespace

import pytest

from admin_app.rules.core.errors import TransitionError
from admin_app.rules.core.transitions import LIFECYCLES
from admin_app.rules.core.usecase import registry

registry()  # every rules module imported: each lifecycle registers itself
NAMES = ("order", "refund", "push", "partnership", "campaign", "outbox",
         "aftersales.return_refund", "aftersales.exchange")


def test_the_seven_lifecycles_are_registered():
    assert set(NAMES) <= set(LIFECYCLES)


@pytest.mark.parametrize("name", sorted(LIFECYCLES))
def test_every_state_and_event_is_named_and_every_move_lands_on_a_state(name):
    life = LIFECYCLES[name]
    targets = {nxt for moves in life.machine.values() for nxt in moves.values()}
    assert targets <= set(life.machine), f"{name}: moves to unknown states"
    assert set(life.machine) <= set(life.labels), f"{name}: a state without a label"
    events = {e for moves in life.machine.values() for e in moves}
    assert events <= set(life.events), f"{name}: an event without a label"


def test_a_refund_is_decided_once():
    refund = LIFECYCLES["refund"]
    row = SimpleNamespace(status="pending")
    assert refund.next_events(row) == ["confirm", "reject"]
    assert refund.apply(row, "confirm") == "confirmed" and row.status == "confirmed"
    with pytest.raises(TransitionError) as refused:
        refund.apply(row, "reject")
    assert refused.value.code == "transition.not_from_state"
    assert refused.value.params["names"] == "Waiting for confirmation"


def test_a_push_can_be_tried_again_after_a_failure_but_not_after_a_recall():
    push = LIFECYCLES["push"]
    row = SimpleNamespace(status="to_push")
    push.apply(row, "fail")
    assert push.can(row, "push")
    push.apply(row, "recall")
    assert push.next_events(row) == []


def test_the_outboxs_bulk_moves_each_lead_to_one_state():
    outbox = LIFECYCLES["outbox"]
    assert {event: outbox.target(event) for event in
            ("claim", "give_up", "start", "release", "deliver", "fail", "interrupt",
             "requeue")} == {
        "claim": "claimed", "give_up": "failed", "start": "sending", "release": "queued",
        "deliver": "sent", "fail": "failed", "interrupt": "failed", "requeue": "queued"}
    assert outbox.sources("claim") == ("queued", "failed")
    assert outbox.next_events(SimpleNamespace(status="sent")) == []


def test_a_partnership_ends_for_good():
    life = LIFECYCLES["partnership"]
    row = SimpleNamespace(status="proposed")
    life.apply(row, "accept")
    life.apply(row, "terminate")
    assert not life.can(row, "accept") and life.next_events(row) == []
