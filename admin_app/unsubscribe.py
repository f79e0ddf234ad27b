"""The unsubscribe link of campaign mail (SPEC S7): public, signed, no sign-in.

GET shows what it does and a button (mail scanners follow links; only a POST changes
anything); POST takes the customer out of later campaigns. A mail program's one-click
unsubscribe (RFC 8058: List-Unsubscribe-Post) posts to the same address, without a
form's CSRF token: the signed token is what authorizes it, and it only ever unsubscribes.
"""
from flask import Blueprint, abort, current_app, render_template, request
from itsdangerous import BadSignature, URLSafeSerializer

from .extensions import csrf, db
from .models import Organization
from .rules.customers import subscriptions
from .views.transaction import run

bp = Blueprint("unsubscribe", __name__)
SALT = "unsubscribe"


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def link_for(customer_id: int) -> str:
    """The absolute address of a customer's unsubscribe page (for mail: PUBLIC_URL)."""
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    return f"{base}/unsubscribe/{_signer().dumps(customer_id)}"


def _customer_id(token: str) -> int:
    try:
        found = _signer().loads(token)
    except BadSignature:
        abort(404)
    if not isinstance(found, int):
        abort(404)
    return found


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def page(token):
    customer_id = _customer_id(token)
    if request.method == "POST":
        customer = run(lambda: subscriptions.unsubscribe(db.session, customer_id)).result
    else:
        from .models import Customer
        customer = db.session.get(Customer, customer_id)
    if customer is None:
        abort(404)
    org = db.session.get(Organization, customer.org_id)
    return render_template("unsubscribe.html", customer=customer, org=org,
                           done=customer.unsubscribed_at is not None)
