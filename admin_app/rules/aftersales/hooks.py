"""Where a later area joins an after-sales order's life without this area importing it
(SPEC S6: distribution follows creation, stock-in, cancellation and refunds). A hook is a plain
function (session, user, aso) run inside the same transaction; raising RuleError refuses
the whole action."""

ON_CREATE: list = []  # (session, user, asos): every new one at once (an import)
ON_STOCK_IN: list = []
BEFORE_CANCEL: list = []
ON_REFUND: list = []  # a refund order made, confirmed or rejected
ON_TRACKING: list = []  # the buyer's return tracking number entered or changed
# (aso, amount) -> the part of a refundable amount the order can still give back
# (refund_room.most: the kinds cannot read the order's money account themselves)
REFUND_CAPS: list = []


def run(hooks: list, session, user, aso) -> None:
    for hook in hooks:
        hook(session, user, aso)
