"""A real SMTP server (aiosmtpd) on a free local port, for the tests that deliver mail;
the app is pointed at it for the test's duration."""
import asyncio
import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    """What the server accepted; addresses in `refuse` are refused at RCPT (550)."""

    def __init__(self):
        self.messages = []
        self.refuse = set()
        self.on_refuse = None  # called in the server's loop when it refuses someone
        self.delay = 0.0  # seconds each message takes to be accepted (a slow server)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            if self.on_refuse is not None:
                self.on_refuse()
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        parsed = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((tuple(envelope.rcpt_tos), parsed))
        return "250 Message accepted"

    def recipients(self) -> list[str]:
        return sorted(to for tos, _ in self.messages for to in tos)

    def to(self, address):
        return [m for tos, m in self.messages if address in tos]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MailServer:
    def __init__(self, app):
        self.app, self.inbox, self.port = app, Inbox(), free_port()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop_listening(self):
        """New connections are refused from now on; the current one goes on."""
        self.controller.server.close()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(app):
    saved = {k: v for k, v in app.config.items() if k.startswith("MAIL_")}
    server = MailServer(app)
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port,
                      MAIL_USE_TLS=False, MAIL_USE_SSL=False, MAIL_TIMEOUT=10,
                      MAIL_DEFAULT_SENDER="After-Sales Desk <shop@seller.test>")
    server.start()
    yield server
    server.stop()
    app.config.update(saved)
