"""A real SMTP server for end-to-end tests: aiosmtpd on 127.0.0.1, keeping what it accepts."""

import socket
from contextlib import contextmanager
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Inbox:
    """An aiosmtpd handler that keeps what it accepts and refuses nobody@."""

    def __init__(self):
        self.envelopes = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("nobody@"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self):
        return [message_from_bytes(e.content, policy=policy.default) for e in self.envelopes]

    def texts(self):
        """The text of each message, with the wire's CRLF line ends made plain."""
        return [m.get_content().replace("\r\n", "\n") for m in self.messages()]


def _authenticate(server, session, envelope, mechanism, auth_data):
    # handled=False: aiosmtpd answers 535 itself (handled=True, the default, stays silent).
    return AuthResult(success=isinstance(auth_data, LoginPassword)
                      and (auth_data.login, auth_data.password) == (b"prepdesk", b"hemmeligt"),
                      handled=False)


@contextmanager
def smtp_server(inbox, port):
    # No TLS here (smtp_starttls=False); login over plain text is allowed only for the test.
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=_authenticate,
                            auth_require_tls=False)
    controller.start()
    try:
        yield
    finally:
        controller.stop()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
