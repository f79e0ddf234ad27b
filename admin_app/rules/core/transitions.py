"""State machines as data: {state: {event: next_state}}, and the one way to move."""
from dataclasses import dataclass
from typing import Mapping

from sqlalchemy import update

from . import audit
from .errors import TransitionError
from ...models import utcnow


def allowed_events(machine: Mapping, state: str) -> Mapping:
    return machine.get(state, {})


def require(obj, machine: Mapping, event: str, labels: Mapping, event_labels: Mapping,
            field: str = "status") -> str:
    """The state `event` leads to from here, or a refusal naming the states that allow it."""
    state = getattr(obj, field)
    nxt = machine.get(state, {}).get(event)
    if nxt is None:
        allowed = [labels.get(s, s) for s, evs in machine.items() if event in evs]
        name = event_labels.get(event, event)
        if not allowed:  # this kind of document has no such step at all
            kind = getattr(obj, "kind_label", None) or type(obj).__name__
            raise TransitionError(
                "transition.no_such_step", {"obj": obj, "kind": kind, "name": name}
            )
        raise TransitionError(
            "transition.not_from_state",
            {
                "obj": obj,
                "state": labels.get(state, state),
                "name": name,
                "names": ", ".join(allowed),
            },
        )
    return nxt


def transition(session, obj, machine: Mapping, event: str, user, labels: Mapping,
               event_labels: Mapping, field: str = "status") -> str:
    """Move `obj` by `event`, or refuse naming the states that allow it."""
    state = getattr(obj, field)
    nxt = require(obj, machine, event, labels, event_labels, field)
    setattr(obj, field, nxt)
    session.flush()
    audit.record(session, user, f"{type(obj).__name__.lower()}.{event}", obj,
                 before={field: state}, after={field: nxt, "at": utcnow().isoformat()})
    return nxt


@dataclass(frozen=True)
class Lifecycle:
    """One kind of row's states as data ({state: {event: next state}}) and the one way
    its status changes: `move` for a row (checked, audited), `move_many` for a bulk
    UPDATE (the outbox's claims). LIFECYCLES lists them all for the tests."""
    name: str
    machine: Mapping[str, Mapping[str, str]]
    labels: Mapping[str, str]
    events: Mapping[str, str]
    field: str = "status"

    def __post_init__(self):
        # a state only moved to (completed, cancelled) is a final state: no moves out
        final = {nxt for moves in self.machine.values() for nxt in moves.values()}
        object.__setattr__(self, "machine", {
            **self.machine, **{s: {} for s in final if s not in self.machine}})
        LIFECYCLES[self.name] = self

    def state(self, row) -> str:
        return getattr(row, self.field)

    def can(self, row, event: str) -> bool:
        return event in self.machine.get(self.state(row), {})

    def next_events(self, row) -> list[str]:
        return list(self.machine.get(self.state(row), {}))

    def move(self, session, user, row, event: str) -> str:
        """Check, move, audit."""
        return transition(session, row, self.machine, event, user, self.labels,
                          self.events, self.field)

    def apply(self, row, event: str) -> str:
        """Check and move; the rule audits the whole change itself."""
        nxt = require(row, self.machine, event, self.labels, self.events, self.field)
        setattr(row, self.field, nxt)
        return nxt

    def sources(self, event: str) -> tuple[str, ...]:
        return tuple(s for s, events in self.machine.items() if event in events)

    def target(self, event: str) -> str:
        targets = {events[event] for events in self.machine.values() if event in events}
        if len(targets) != 1:
            raise ValueError(f"{self.name}: {event} leads to {targets or 'nothing'}")
        return targets.pop()

    def statement(self, model, event: str, *where, **values):
        """The UPDATE moving every row matching `where`, in a state that allows
        `event`, to the state it leads to (with `values`)."""
        column = getattr(model, self.field)
        return update(model).where(column.in_(self.sources(event)), *where).values(
            {self.field: self.target(event), **values}).execution_options(
            synchronize_session=False)

    def move_many(self, session, model, event: str, *where, **values) -> int:
        """One UPDATE (statement()); returns how many rows moved."""
        return session.execute(self.statement(model, event, *where, **values)).rowcount


LIFECYCLES: dict[str, Lifecycle] = {}
