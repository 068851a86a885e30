"""Digital Post through KOMBIT (SF1601) as python-serviceplatformen sends it, to a local HTTPS
server started here that records every request (issue 16): accepted, rejected, a 5xx then
accepted on retry with the same MeMo id, remote print, and an expired certificate that
sends nothing.

The real service is out of reach: the library's `KombitAccess` is pointed at the local
server through the transport's seam (`KombitTransport(access=...)`), a subclass with the
server's address as its environment and a fixed token (the SAML/token exchange is KOMBIT's
and not ours). Everything else is real: the library builds and posts the request, with the
municipality's certificate as the TLS client certificate, which the server requires. The
certificates are made here with `cryptography`; nothing holding a key is kept on disk
beyond the test's own folder.
"""

import json
import ssl
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.etree import ElementTree

import pytest
from python_serviceplatformen.authentication import KombitAccess
from support.memo import MEMO, parse_memo
from support.post import (
    CVR,
    SEND_AT,
    make_certificate,
    outbox_row,
    post_settings,
    queue_invitation,
)
from support.world import build_world

from prepdesk import secrets
from prepdesk.core.outbox import enqueue
from prepdesk.data import models as m
from prepdesk.delivery.memo import memo_uuid
from prepdesk.delivery.outbox import send_due
from prepdesk.delivery.post import KombitTransport

MUNICIPALITY = "Fjordby Kommune - PrepDesk"
TOKEN = "Bearer local-test-token"


@pytest.fixture
def world(db_url):
    yield from build_world(db_url)


def _valid_around(*moments):
    """From a month before the earliest of `moments` to a year after the latest: valid for
    the test's clock and for the TLS handshake's (the machine's)."""
    return min(moments) - timedelta(days=30), max(moments) + timedelta(days=365)


@dataclass
class Kombit:
    """The local stand-in for KOMBIT's Serviceplatform."""

    url: str
    client_certificate: bytes  # the municipality's unified PEM (certificate and key)
    answers: list = field(default_factory=list)  # (status, body), one per request; then 200
    requests: list = field(default_factory=list)
    certificate_paths: list = field(default_factory=list)
    entity_ids: list = field(default_factory=list)  # what the library asked a token for

    def access(self, cvr, certificate_path, test):
        """The transport's seam: the library's KombitAccess, at this server's address."""
        self.certificate_paths.append(certificate_path)
        kombit = self

        class LocalKombitAccess(KombitAccess):
            def get_access_token(self, entity_id):
                kombit.entity_ids.append(entity_id)
                return TOKEN

        access = LocalKombitAccess(cvr, certificate_path, test=test)
        access.environment = self.url
        return access


class _Recording(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        kombit = self.server.kombit
        kombit.requests.append({"path": self.path, "headers": dict(self.headers), "body": body,
                                "client": self.connection.getpeercert()})
        status, text = kombit.answers.pop(0) if kombit.answers else (200, "")
        payload = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def kombit(tmp_path, monkeypatch):
    now = datetime.now(UTC)
    start, end = _valid_around(now, SEND_AT)
    server_pem, server_key = make_certificate("127.0.0.1", not_before=start, not_after=end,
                                          ip="127.0.0.1")
    client_pem, client_key = make_certificate(MUNICIPALITY, not_before=start, not_after=end)
    folder = tmp_path / "kombit"
    folder.mkdir(mode=0o700)
    (folder / "server.pem").write_bytes(server_pem)
    (folder / "server.key").write_bytes(server_key)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "server.pem", folder / "server.key")
    context.verify_mode = ssl.CERT_REQUIRED  # the municipality's certificate, or no answer
    context.load_verify_locations(cadata=client_pem.decode("ascii"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recording)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.kombit = Kombit(f"https://127.0.0.1:{server.server_address[1]}",
                           client_pem + client_key)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(folder / "server.pem"))  # trust it, only it
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02},
                              daemon=True)
    thread.start()
    secrets.set_secret(secrets.KOMBIT_CERTIFICATE, server.kombit.client_certificate.decode())
    try:
        yield server.kombit
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _send(world, kombit, tmp_path, now=SEND_AT):
    settings = post_settings(tmp_path, digital_post="kombit", remote_print_type=4711)
    return send_due(world.sessions, settings, now,
                    post_transport=KombitTransport(settings, access=kombit.access))


def _memo_of(request):
    root = ElementTree.fromstring(request["body"])
    assert root.tag == "kombi_request"
    assert root.findtext("KombiValgKode") == "Digital Post"
    (message,) = root.findall(f"{{{MEMO}}}Message")
    return parse_memo(ElementTree.tostring(message))


def test_an_accepted_message_is_sent_once_with_the_municipalitys_certificate(world, kombit, tmp_path):
    queued = queue_invitation(world)
    with world.sessions() as session:  # a name outside Latin-1: the body is UTF-8
        session.get(m.Citizen, world.citizen.id).first_name = "Łukasz Søren"
        session.commit()
    report = _send(world, kombit, tmp_path)
    assert (report.sent, report.failed) == (1, 0), report.problems
    (request,) = kombit.requests
    assert request["body"].startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    assert request["path"] == "/service/KombiPostAfsend_1/memos"
    assert request["headers"]["authorization"] == TOKEN
    assert request["headers"]["Content-Type"] == "application/xml"
    assert dict(part[0] for part in request["client"]["subject"]) == {"commonName": MUNICIPALITY}
    memo = _memo_of(request)
    assert memo.messageHeader.messageUUID == memo_uuid(queued.message_id)
    assert memo.messageHeader.sender.senderID == CVR
    recipient = memo.messageHeader.recipient
    assert (recipient.recipientID, recipient.label) == ("1205871234", "Łukasz Søren Møller")
    assert kombit.entity_ids == ["http://entityid.kombit.dk/service/kombipostafsend/1"]
    row = outbox_row(world, queued.outbox_id)
    assert (row.status, row.last_error) == ("sent", "")
    # The certificate from the keyring was a file for the round only.
    (path,) = kombit.certificate_paths
    assert not Path(path).exists()


def test_a_rejection_waits_for_the_caseworker_with_kombits_reason(world, kombit, tmp_path):
    queued = queue_invitation(world)
    reason = json.dumps({"fejlkode": "1014", "fejltekst": "Failed to validate message"})
    kombit.answers.append((400, reason))
    report = _send(world, kombit, tmp_path)
    assert (report.sent, report.failed) == (0, 1)
    row = outbox_row(world, queued.outbox_id)
    assert (row.status, row.attempts, row.next_attempt_at) == ("failed", 1, None)
    assert row.last_error == (
        "KOMBIT afviste brevet. Læs KOMBITs begrundelse, ret brevet, og send det igen "
        f"(prepdesk outbox retry). (400 {reason})")


def test_a_citizen_exempt_from_digital_post_is_said_so(world, kombit, tmp_path):
    queued = queue_invitation(world)
    kombit.answers.append((400, "Modtageren er fritaget for Digital Post"))
    _send(world, kombit, tmp_path)
    row = outbox_row(world, queued.outbox_id)
    assert row.next_attempt_at is None
    assert row.last_error.startswith("Borgeren er fritaget for Digital Post. Send brevet på "
                                     "papir i stedet")


def test_a_server_error_is_retried_with_the_same_memo_id_and_sent_once(world, kombit, tmp_path):
    queued = queue_invitation(world)
    kombit.answers.append((503, "Service Unavailable"))
    report = _send(world, kombit, tmp_path)
    assert (report.sent, report.failed) == (0, 1)
    row = outbox_row(world, queued.outbox_id)
    assert row.status == "failed"
    assert row.next_attempt_at == SEND_AT + timedelta(minutes=1)  # the outbox's backoff
    assert row.last_error == ("KOMBITs Serviceplatform har et problem lige nu. PrepDesk prøver "
                              "igen senere. (503 Service Unavailable)")
    assert _send(world, kombit, tmp_path, SEND_AT + timedelta(seconds=30)).sent == 0  # not yet
    report = _send(world, kombit, tmp_path, SEND_AT + timedelta(minutes=1))
    assert (report.sent, report.failed) == (1, 0)
    first, second = (_memo_of(request) for request in kombit.requests)
    assert first.messageHeader.messageUUID == second.messageHeader.messageUUID == memo_uuid(
        queued.message_id)  # KOMBIT drops a duplicate by it
    assert outbox_row(world, queued.outbox_id).status == "sent"
    assert _send(world, kombit, tmp_path, SEND_AT + timedelta(minutes=20)).sent == 0
    assert len(kombit.requests) == 2


def test_kombit_out_of_reach_is_tried_again(world, kombit, tmp_path):
    queued = queue_invitation(world)
    kombit.url = "https://127.0.0.1:1"  # nothing listens there
    report = _send(world, kombit, tmp_path)
    assert (report.sent, report.failed) == (0, 1)
    row = outbox_row(world, queued.outbox_id)
    assert row.next_attempt_at == SEND_AT + timedelta(minutes=1)
    assert row.last_error.startswith("PrepDesk kunne ikke få forbindelse til KOMBITs "
                                     "Serviceplatform. PrepDesk prøver igen senere. (")


def test_remote_print_goes_as_the_kombi_request_for_paper(world, kombit, tmp_path):
    queued = queue_invitation(world, channel="remote_print")
    report = _send(world, kombit, tmp_path)
    assert report.sent == 1, report.problems
    (request,) = kombit.requests
    assert request["path"] == "/service/KombiPostAfsend_1/kombi"
    root = ElementTree.fromstring(request["body"])
    assert root.findtext("KombiValgKode") == "Fysisk Post"
    texts = {element.tag.rpartition("}")[2]: element.text for element in root.iter()}
    assert texts["AfsendelseIdentifikator"] == memo_uuid(queued.message_id)
    assert texts["ForsendelseTypeIdentifikator"] == "4711"


def test_an_expired_certificate_sends_nothing_and_names_the_day(world, kombit, tmp_path):
    queued = queue_invitation(world)
    with world.sessions() as session:  # an e-mail of the same round goes all the same
        email = enqueue(session, to_address="soeren@example.dk", subject="Husk mødet",
                        body="Se Digital Post.", not_before=SEND_AT, now=SEND_AT,
                        sender="jobcenter@fjordby.example", letter_id=queued.letter_id,
                        citizen_id=world.citizen.id)
        session.commit()
    expired_pem, expired_key = make_certificate(
        MUNICIPALITY, not_before=SEND_AT - timedelta(days=400),
        not_after=datetime(2026, 11, 20, 23, 0, tzinfo=UTC))  # Saturday 21 November, local
    secrets.set_secret(secrets.KOMBIT_CERTIFICATE, (expired_pem + expired_key).decode())
    report = _send(world, kombit, tmp_path)
    assert (report.sent, report.failed) == (1, 1)
    assert outbox_row(world, email.id).status == "sent"
    assert kombit.requests == [] and kombit.certificate_paths == []
    row = outbox_row(world, queued.outbox_id)
    assert row.last_error == (
        "KOMBIT-certifikatet udløb lørdag 21. nov. 2026, så der sendes ingen Digital Post. "
        "Forny OCES3-certifikatet, og gem det nye som hemmeligheden kombit-certificate.")
    assert row.next_attempt_at is not None  # tried again, once a new certificate is stored
