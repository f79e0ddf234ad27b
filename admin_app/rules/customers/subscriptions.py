"""Who campaign mail comes from, and who no longer wants it (SPEC S7).

The organization names its sender; every campaign message carries a link that takes
its customer out of later campaigns, without signing in (the link's token is signed by
the adapter that builds it: the mailer, the public page). Notifications about the
customer's own orders still go."""
from ..core import audit
from ..core.errors import RuleError
from ..core.text import email_text, name_text
from ..core.usecase import use_case
from ...models import Customer, Organization, utcnow


@use_case("settings.manage")
def save_sender(session, user, org: Organization, name: str | None,
                address: str | None) -> Organization:
    """The name and address customers see their mail come from (both, or neither)."""
    name, address = name_text(name, "Sender name", 120), email_text(address, "Sender address")
    if bool(name) != bool(address):
        raise RuleError('mail_sender.sender_give_both_name', field='sender')
    before = audit.snapshot(org)
    org.mail_sender_name, org.mail_sender_address = name, address
    session.flush()
    audit.record(session, user, "organization.mail_sender", org, before=before,
                 org_id=org.id)
    return org


def unsubscribe(session, customer_id: int) -> Customer | None:
    """The customer behind a signed unsubscribe link leaves later campaigns (once; a
    second click changes nothing). None: no such customer any more."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        return None
    if customer.unsubscribed_at is None:
        customer.unsubscribed_at = utcnow()
        audit.record(session, None, "customer.unsubscribe", customer, before={},
                     after={"unsubscribed_at": customer.unsubscribed_at.isoformat()})
    return customer
