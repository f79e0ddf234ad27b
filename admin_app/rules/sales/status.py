"""The status buttons of an order (SPEC S2): approve, pick, ship, complete, reopen
(rules.orders.move), and cancel (rules.cancellation, which posts the cancellation)."""
from .cancellation import cancel
from .orders import move
from ..core.usecase import use_case


@use_case("orders.manage")
def change_status(session, user, order, event: str) -> str:
    """Approve, mark to pickup, shipped, completed, cancel (bulk: nothing reverted),
    or reopen a cancelled order."""
    if event == "cancel":
        cancel(session, user, order, revert=None)
        return order.status
    return move(session, user, order, event)
