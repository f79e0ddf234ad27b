"""A new organization with its main account (the operator's `create-org`): its currency
(ISO 4217, at most 2 decimals) and time zone (IANA) decide its amounts and its dates."""
from ..core import clock, currency, languages
from ..core.errors import RuleError
from ...models import Organization, User
from . import users


def create(session, name: str, currency_code: str, email: str, password: str,
           timezone: str = clock.DEFAULT_ZONE, language: str = languages.DEFAULT
           ) -> Organization:
    users.check_password_strength(password)
    code = (currency_code or "").strip().upper()
    if not currency.supported(code):
        raise RuleError("org.unknown_currency", {"currency": code}, field="currency")
    if not clock.is_zone(timezone):
        raise RuleError("org.unknown_time_zone", {"zone": timezone}, field="timezone")
    org = Organization(name=name.strip(), currency=code, timezone=timezone,
                       language=languages.checked(language))
    session.add(org)
    session.flush()
    session.add(User(org_id=org.id, email=email.strip().lower(), name="Owner", is_main=True,
                     password_hash=users.hash_password(password)))
    session.flush()
    return org
