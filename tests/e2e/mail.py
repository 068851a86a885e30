"""A real SMTP server for end-to-end tests: aiosmtpd on 127.0.0.1, keeping what it accepts;
with TLS (STARTTLS or SMTPS) from a certificate authority made for the test, and a wire tap
that keeps every byte the client sends."""

import datetime
import ipaddress
import socket
import ssl
import threading
from contextlib import contextmanager
from email import message_from_bytes, policy
from pathlib import Path

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
def smtp_server(inbox, port, *, tls=None, implicit=False):
    """aiosmtpd on 127.0.0.1:`port`. Without `tls` (an ssl.SSLContext for the server) it
    offers no encryption and, for the tests that prove PrepDesk never sends a password in
    clear, accepts a login in clear; with `tls`, STARTTLS, or TLS from the first byte when
    `implicit`."""
    # aiosmtpd requires TLS for AUTH only after STARTTLS: SMTPS is TLS before it knows.
    options = {"authenticator": _authenticate, "auth_require_tls": tls is not None and not implicit}
    if tls is not None and implicit:
        options["ssl_context"] = tls
    elif tls is not None:
        options["tls_context"] = tls
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield
    finally:
        controller.stop()


def certificates(folder: Path):
    """(the server's SSLContext, the path of the CA certificate to trust) for 127.0.0.1: a
    certificate authority made here, and a server certificate it signed."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.UTC)

    def certificate(subject, issuer, key, signing_key, *, ca):
        builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(days=1))
                   .not_valid_after(now + datetime.timedelta(days=2))
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
        if not ca:
            builder = builder.add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        return builder.sign(signing_key, hashes.SHA256())

    ca_key, server_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "PrepDesk test CA")])
    ca = certificate(ca_name, ca_name, ca_key, ca_key, ca=True)
    server = certificate(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]),
                         ca_name, server_key, ca_key, ca=False)
    pem = serialization.Encoding.PEM
    ca_path, cert_path, key_path = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    ca_path.write_bytes(ca.public_bytes(pem))
    cert_path.write_bytes(server.public_bytes(pem))
    key_path.write_bytes(server_key.private_bytes(pem, serialization.PrivateFormat.PKCS8,
                                                  serialization.NoEncryption()))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_path, key_path)
    return context, ca_path


class WireTap:
    """A TCP relay from 127.0.0.1:`port` to the server at `target` that keeps every byte
    the client sends, as it went over the wire."""

    def __init__(self, target):
        self.target = target
        self.sent = bytearray()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._threads, self._sockets = [], []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _address = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target))
            self._sockets += [client, server]
            for source, sink, keep in ((client, server, True), (server, client, False)):
                thread = threading.Thread(target=self._pump, args=(source, sink, keep), daemon=True)
                thread.start()
                self._threads.append(thread)

    def _pump(self, source, sink, keep):
        try:
            while data := source.recv(65536):
                if keep:
                    self.sent += data
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self):
        self._listener.close()
        for end in self._sockets:
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        for thread in self._threads:
            thread.join()
        for end in self._sockets:
            end.close()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def trusted_tls(folder: Path, monkeypatch):
    """The server's SSLContext, its CA trusted by PrepDesk's own `ssl.create_default_context()`
    (through SSL_CERT_FILE) for the rest of the test."""
    context, ca_path = certificates(folder)
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_path))
    return context
