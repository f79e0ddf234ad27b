"""The customer file: channel buyers matched or created, blacklist (SPEC S2, S7)."""

from ..core import audit
from ..core.errors import RuleError
from ..core.numbering import unique_number
from ...models import Customer


def customer_for_buyer(session, user, channel: str, buyer_id: str, name: str) -> Customer:
    """The customer of a channel order: matched by (channel, buyer id), else created."""
    buyer_id = (buyer_id or "").strip()
    if not buyer_id:
        raise RuleError("A channel order needs the buyer's id to find the customer.")
    found = session.query(Customer).filter_by(
        org_id=user.org_id, channel=channel, buyer_id=buyer_id).first()
    if found is not None:
        return found
    customer = Customer(org_id=user.org_id, code=unique_number(session, Customer, user.org_id, "C", field="code", digits=8),
                        name=(name or buyer_id)[:120], channel=channel, buyer_id=buyer_id)
    session.add(customer)
    session.flush()
    audit.record(session, user, "customer.create", customer)
    return customer



def set_blacklisted(session, user, customer: Customer, flag: bool) -> None:
    if customer.blacklisted == flag:
        return
    before = {"blacklisted": customer.blacklisted}
    customer.blacklisted = flag
    session.flush()
    audit.record(session, user, "customer.blacklist" if flag else "customer.unblacklist",
                 customer, before=before, after={"blacklisted": flag})
