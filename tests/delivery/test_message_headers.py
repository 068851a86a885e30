"""The e-mail as it goes out: no header line longer than the limit whatever the data
(issue 10, item 8), and Date the moment it is handed to the transport, a retry's too
(issue 11, item 13)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from email import message_from_bytes, policy
from email.header import decode_header, make_header

import pytest
from sqlmodel import select

from prepdesk.config import Settings
from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.core.outbox import OutgoingMessage, build_message, enqueue
from prepdesk.data import db
from prepdesk.data.models import Caseworker, Citizen, Letter, OutboxMessage, Team
from prepdesk.delivery import outbox
from prepdesk.delivery.outbox import send_due
from prepdesk.delivery.transports import DeliveryError

SENDER = "jobcenter@fjordby.example"
TUESDAY = datetime(2026, 11, 24, 10, 0, tzinfo=LOCAL_TIMEZONE)  # inside the send window
LIMIT = 998  # RFC 5322: a line is at most 998 characters (policy.SMTP keeps them to 78)


def lines(email) -> list[bytes]:
    return email.as_bytes().split(b"\r\n")


@pytest.mark.parametrize("name", [
    "a" * 2000, "æ" * 2000, "Mette " + "x" * 2000, "Mette Kjær " * 200, "Ø " * 1000,
], ids=["ascii", "danish", "word-then-unbroken", "many-words", "many-short-words"])
@pytest.mark.parametrize("subject", ["Møde " + "y" * 2000, "z" * 2000], ids=["møde", "unbroken"])
def test_no_header_line_is_longer_than_the_limit_and_the_message_parses_back(name, subject) -> None:
    email = build_message(OutgoingMessage("soeren@example.dk", subject, "Hej\n", TUESDAY),
                          sender=SENDER, date=TUESDAY, sender_name=name,
                          reply_to="mkj@fjordby.example")
    assert max(map(len, lines(email))) <= 78 < LIMIT
    parsed = message_from_bytes(email.as_bytes(), policy=policy.default)
    [sender] = parsed["From"].addresses
    assert sender.addr_spec == SENDER
    shown = sender.display_name
    assert shown.endswith("…") and 0 < len(shown) <= 64
    assert " ".join(name.split()).startswith(shown.removesuffix("…"))  # a sensible beginning
    assert (parsed["Subject"], parsed["To"], parsed["Reply-To"]) == (
        subject, "soeren@example.dk", "mkj@fjordby.example")
    assert as_rfc2047_readers_read_it(email, "From").startswith(shown + " <")


def as_rfc2047_readers_read_it(email, name: str) -> str:
    """The header as a mail program that follows RFC 2047 shows it: the space between two
    encoded words is dropped (email.header's decode_header does that; the new parser does
    not)."""
    raw = message_from_bytes(email.as_bytes(), policy=policy.compat32)[name]
    unfolded = re.sub(r"\r?\n(?=[ \t])", "", raw)  # RFC 5322: a line break before a space goes
    return str(make_header(decode_header(unfolded)))


@pytest.mark.parametrize("subject", [
    "Referat af mødet " + "æ ø å " * 30,
    "Møde på jobcentret onsdag den 2. december kl. 10.00 med Søren Ærø Østergaard om fleksjob",
    "Møde på jobcentret", "Plain ASCII subject " * 10,
])
def test_a_long_subject_reads_the_same_in_every_mail_program(subject) -> None:
    email = build_message(OutgoingMessage("soeren@example.dk", subject, "Hej\n", TUESDAY),
                          sender=SENDER, date=TUESDAY)
    assert max(map(len, lines(email))) <= 78
    assert as_rfc2047_readers_read_it(email, "Subject") == subject
    assert message_from_bytes(email.as_bytes(), policy=policy.default)["Subject"] == subject
    assert email["Subject"] == subject  # as the preview shows it


@pytest.mark.parametrize("name", [
    "Mette Kjær", "Anne-Mette Søndergaard Kjærsgaard-Østergaard", "Jens (JH) Holm",
])
def test_a_real_name_is_kept_whole_on_one_line(name) -> None:
    email = build_message(OutgoingMessage(None, "Møde", "Hej\n", TUESDAY), sender=SENDER,
                          date=TUESDAY, sender_name=name)
    parsed = message_from_bytes(email.as_bytes(), policy=policy.default)
    assert parsed["From"].addresses[0].display_name == name
    name_line = lines(email)[0]
    assert name_line.startswith(b"From: ") and b"\r\n" not in name_line


def test_the_date_is_when_it_is_built_to_be_handed_over_not_when_it_was_due() -> None:
    due = TUESDAY - timedelta(days=3)
    email = build_message(OutgoingMessage("soeren@example.dk", "Møde", "Hej\n", due),
                          sender=SENDER, date=TUESDAY)
    assert email["Date"].datetime == TUESDAY


@pytest.fixture
def sessions(db_url):
    engine = db.open_engine(db_url)
    db.upgrade(engine)
    factory = db.session_factory(engine)
    with factory() as session:
        team = Team(name="Team Nord")
        session.add(team)
        session.flush()
        author = Caseworker(initials="MKJ", name="Mette Kjær", email="mkj@fjordby.example",
                            phone="72 10 20 30", team_id=team.id)
        citizen = Citizen(cpr="120587-1234", first_name="Søren", last_name="Møller",
                          search_name="soeren moeller", case_opened_on=date(2026, 1, 1),
                          team_id=team.id)
        session.add_all([author, citizen])
        session.flush()
        letter = Letter(citizen_id=citizen.id, kind="invitation", author_id=author.id,
                        created_at=TUESDAY, status="queued")
        session.add(letter)
        session.flush()
        enqueue(session, to_address="soeren@example.dk", subject="Møde", body="Hej\n",
                not_before=TUESDAY - timedelta(days=1), now=TUESDAY - timedelta(days=1),
                sender=SENDER, letter_id=letter.id, citizen_id=citizen.id)
        session.commit()
    yield factory
    engine.dispose()


class Flaky:
    """A transport that fails the first time and then keeps what it is handed."""

    def __init__(self) -> None:
        self.handed: list[datetime] = []
        self.sent = []

    def send(self, message, sender, recipients) -> None:
        self.handed.append(message["Date"].datetime)
        if len(self.handed) == 1:
            raise DeliveryError("Forbindelsen brød af.")
        self.sent.append(message)

    def close(self) -> None:
        pass


def test_a_retried_message_is_dated_when_the_retry_hands_it_over(sessions) -> None:
    transport, settings = Flaky(), Settings(sender_address=SENDER)
    first = send_due(sessions, settings, TUESDAY, transport=transport)
    with sessions() as session:
        [retry_at] = session.exec(select(OutboxMessage.next_attempt_at)).all()
    second = send_due(sessions, settings, retry_at, transport=transport)
    assert (first.failed, second.sent) == (1, 1)
    tried, retried = transport.handed
    round_time = outbox.LEASE / 2  # a round stops by then
    assert TUESDAY <= tried <= TUESDAY + round_time  # not the day before, when it was due
    assert retry_at <= retried <= retry_at + round_time
    [sent] = transport.sent
    assert sent["Date"].datetime == retried
