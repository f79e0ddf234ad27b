"""State machines as data: {state: {event: next_state}}, and the one way to move."""
from . import audit
from .errors import TransitionError
from ...models import utcnow


def allowed_events(machine: dict, state: str) -> dict:
    return machine.get(state, {})


def require(obj, machine: dict, event: str, labels: dict, event_labels: dict,
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


def transition(session, obj, machine: dict, event: str, user, labels: dict,
               event_labels: dict, field: str = "status") -> str:
    """Move `obj` by `event`, or refuse naming the states that allow it."""
    state = getattr(obj, field)
    nxt = require(obj, machine, event, labels, event_labels, field)
    setattr(obj, field, nxt)
    session.flush()
    audit.record(session, user, f"{type(obj).__name__.lower()}.{event}", obj,
                 before={field: state}, after={field: nxt, "at": utcnow().isoformat()})
    return nxt
