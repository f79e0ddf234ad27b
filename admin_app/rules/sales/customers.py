"""The customer file: channel buyers matched or created, blacklist (SPEC S2, S7)."""

from sqlalchemy.exc import IntegrityError

from ..core import audit
from ..core.errors import RuleError
from ..core.numbering import unique_number
from ..core.text import typed
from ...models import Customer, utcnow
from ..core.usecase import use_case


def customer_for_buyer(session, user, channel: str, buyer_id: str, name: str) -> Customer:
    """The customer of a channel order: matched by (channel, buyer id), else created."""
    buyer_id = (buyer_id or "").strip()
    if not buyer_id:
        raise RuleError('customer.channel_order_needs_buyer')
    found = session.query(Customer).filter_by(
        org_id=user.org_id, channel=channel, buyer_id=buyer_id).first()
    if found is not None:
        return found
    customer = Customer(
        org_id=user.org_id,
        code=unique_number(session, Customer, user.org_id, "C", field="code", digits=8),
        name=(name or buyer_id)[:120],
        channel=channel,
        buyer_id=buyer_id,
    )
    try:
        # A savepoint: the same new buyer's first two orders may arrive at once (a
        # connector's retries); the one that loses finds the winner's customer.
        with session.begin_nested():
            session.add(customer)
            session.flush()
    except IntegrityError:
        return session.query(Customer).filter_by(
            org_id=user.org_id, channel=channel, buyer_id=buyer_id).one()
    audit.record(session, user, "customer.create", customer)
    return customer



def customer_of_channel_order(session, user, store, buyer_id: str | None,
                              buyer_name: str | None) -> Customer:
    """An order entered without choosing a customer: its store's channel and the buyer's
    id find the customer, or create it (SPEC S7)."""
    if store is None or store.org_id != user.org_id:
        raise RuleError('customer.store_choose_one_your', field='store')
    if buyer_id is None or not buyer_id.strip():
        raise RuleError('customer.customer_choose_one_give', field='customer')
    return customer_for_buyer(session, user, store.channel, buyer_id, buyer_name or "")


def customer_of_new_order(session, user, customer, store, buyer_id: str | None,
                          buyer_name: str | None, blacklist_acknowledged: bool,
                          placed_on_channel: bool = False) -> Customer:
    """The customer a new order is entered for: the one chosen, else the channel buyer
    (found or created); a blacklisted one only once the user has seen the warning. An
    order a channel already took (a connector's) is not refused: it is flagged (SPEC
    S7), the list and the order show the customer's blacklist mark."""
    customer = customer or customer_of_channel_order(session, user, store, buyer_id,
                                                     buyer_name)
    check_not_blacklisted(customer, blacklist_acknowledged or placed_on_channel)
    return customer


@use_case("customers.manage")
def set_blacklisted(session, user, customer: Customer, flag: bool, reason: str = "") -> None:
    """Add to the blacklist with a reason, or remove (SPEC S7)."""
    reason = typed(reason, "Reason", 300) or ""
    if flag and not reason:
        raise RuleError('customer.say_why_customer_goes', {'name': customer.name})
    if customer.blacklisted == flag:
        return
    before = {"blacklisted": customer.blacklisted, "reason": customer.blacklist_reason}
    customer.blacklisted = flag
    customer.blacklist_reason = reason if flag else None
    customer.blacklisted_at = utcnow() if flag else None
    session.flush()
    audit.record(session, user, "customer.blacklist" if flag else "customer.unblacklist",
                 customer, before=before, after={"blacklisted": flag, "reason": reason})


def check_not_blacklisted(customer, acknowledged: bool) -> None:
    """A new order for a blacklisted customer is entered only once the user has seen
    the warning and chosen to go on (SPEC S7)."""
    if customer is not None and customer.blacklisted and not acknowledged:
        reason = customer.blacklist_reason
        raise RuleError("customer.blacklisted_because" if reason else "customer.blacklisted",
                        {"name": customer.name, "reason": reason}, field="blacklist_ok")


@use_case("customers.manage")
def label_many(session, user, rows: list[Customer], label, add: bool) -> int:
    """Put a label on (or take it off) many customers at once; returns how many changed."""
    if label is None or label.org_id != user.org_id:
        raise RuleError('customer.label_choose_one_your', field='label')
    if add and not label.active:
        raise RuleError('customer.label_deactivated', {'name': label.name})
    changed = 0
    for customer in rows:
        if customer.org_id != user.org_id:
            raise RuleError('customer.customers_choose_customers_your', field='customers')
        if (label in customer.labels) != add:
            (customer.labels.append if add else customer.labels.remove)(label)
            changed += 1
            audit.record(session, user, "customer.label" if add else "customer.unlabel",
                         customer, before={}, after={"label": label.name})
    session.flush()
    return changed


CONTACT_FIELDS = ("code", "name", "phone", "email", "language", "channel", "buyer_id",
                  "active")


@use_case("customers.manage")
def save_contact(session, user, customer: Customer | None, changes: dict) -> Customer:
    """Create a customer (customer None) or change its contact fields: what the API and
    the customers page both write. Credit settings go through credit.terms."""
    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise ValueError(f"not contact fields: {sorted(unknown)}")
    created = customer is None
    if customer is None:
        if not (changes.get("name") or "").strip():
            raise RuleError("customer.name_required", field="name")
        customer = Customer(org_id=user.org_id)
    row: Customer = customer
    before = None if created else audit.snapshot(row)
    for name, value in changes.items():
        setattr(row, name, value.strip() if isinstance(value, str) else value)
    if created and not row.code:
        row.code = unique_number(session, Customer, user.org_id, "C", field="code",
                                 digits=8)
    _check_unique(session, row)
    session.add(row)
    session.flush()
    audit.record(session, user, "customer.create" if created else "customer.update",
                 row, before=before)
    return row


def _check_unique(session, customer: Customer) -> None:
    others = session.query(Customer.id).filter(Customer.org_id == customer.org_id,
                                               Customer.id != (customer.id or 0))
    if others.filter(Customer.code == customer.code).first():
        raise RuleError("customer.code_taken", {"code": customer.code}, field="code")
    if customer.buyer_id and others.filter(Customer.channel == customer.channel,
                                           Customer.buyer_id == customer.buyer_id).first():
        raise RuleError("customer.buyer_taken", {"channel": customer.channel or "",
                                                 "buyer_id": customer.buyer_id},
                        field="buyer_id")


@use_case("customers.manage", "orders.manage")
def find_or_create_buyer(session, user, channel: str, buyer_id: str, name: str) -> Customer:
    """A connector's buyer: the customer of (channel, buyer id), made if new."""
    return customer_for_buyer(session, user, channel, buyer_id, name)
