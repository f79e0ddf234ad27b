"""A customer's e-mails in the customer's language, else the organization's (issue 24
item 2): the campaign footer and the cancellation update, whoever sends them."""
from admin_app.models import Customer, Outbox
from admin_app.rules.sales import cancellation
from admin_app.rules.sales.cancellation import Revert

from ..rules.accounts_helpers import make_shop, order
from ..rules.sales.test_cancellation import post_lot
from ..smtp_server import smtp  # noqa: F401  (fixture)
from .test_send_mail import send_mail, setup_campaign


def test_the_campaign_footer_is_in_each_customers_language(app, session, smtp):
    shop, _ = setup_campaign(session)  # for Ana (A1), Ben (B1) and Kit (K1)
    shop.org.language = "id"
    session.query(Customer).filter_by(code="A1").one().language = "th"
    session.commit()
    send_mail(app)
    thai = smtp.inbox.to("a1@buyers.test")[0].get_body(("plain",)).get_content()
    indonesian = smtp.inbox.to("k1@buyers.test")[0].get_body(("plain",)).get_content()
    assert "ยกเลิกการรับข่าวสารที่นี่" in thai and "Unsubscribe here" not in thai
    assert "Berhenti berlangganan di sini" in indonesian


def test_a_cancellation_update_goes_in_the_customers_language(app, session):
    shop = make_shop(session)
    shop.customer.email, shop.customer.language = "lan@example.vn", "vi"
    post_lot(session, shop, "5.00", None)
    o = order(shop, "5.00", balance="5.00")
    cancellation.cancel(session, shop.main, o, Revert(notify=True))  # staff read English
    message = session.query(Outbox).one()
    assert message.subject == f"Đơn {o.number} đã bị hủy"
    assert f"đơn hàng {o.number} của bạn đã bị hủy" in message.body
    assert "Đã hoàn 5.00 tín dụng cửa hàng, không hết hạn." in message.body
