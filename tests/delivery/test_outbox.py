"""The outbox: stored before sent, sent once, retried with backoff, inside the send window.

Every test runs on SQLite and on PostgreSQL (`db_url`): claiming relies on the row count
of a conditional UPDATE, which each backend must report right.
"""

import threading
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email import message_from_bytes, policy
from functools import partial

import pytest
from sqlmodel import update

from prepdesk.config import Settings
from prepdesk.core.context import LOCAL_TIMEZONE, Context, CurrentUser
from prepdesk.core.outbox import (
    OutgoingMessage,
    build_message,
    enqueue,
    failed_messages,
    outbox_entries,
    retry,
)
from prepdesk.data import db
from prepdesk.data.models import (
    ApprovalRequest,
    Caseworker,
    Citizen,
    Letter,
    Meeting,
    Note,
    OutboxMessage,
    Team,
)
from prepdesk.delivery import outbox
from prepdesk.delivery.outbox import (
    backoff,
    claim,
    run_outbox_cli,
    run_sender_forever,
    send_due,
)
from prepdesk.delivery.transports import DeliveryError, FileTransport, eml_name
from prepdesk.errors import UserError
from prepdesk.workspace import open_workspace

SENDER = "jobcenter@fjordby.example"
TUESDAY = datetime(2026, 11, 24, 10, 0, tzinfo=LOCAL_TIMEZONE)  # inside the send window


@dataclass
class Office:
    sessions: object
    me: CurrentUser
    other: CurrentUser
    citizen_id: int
    letter_id: int
    others_letter_id: int

    def ctx(self, user):
        settings = Settings(outbox_transport="file", sender_address=SENDER)
        return Context(self.sessions, user, settings, clock=lambda: TUESDAY)


@pytest.fixture
def office(db_url):
    engine = db.open_engine(db_url)
    db.upgrade(engine)
    sessions = db.session_factory(engine)
    with sessions() as session:
        mine, theirs = Team(name="Team Nord"), Team(name="Team Syd")
        session.add_all([mine, theirs])
        session.flush()
        me = Caseworker(initials="MKJ", name="Mette Kjær", email="mkj@fjordby.example", phone="72 10 20 30",
                        team_id=mine.id)
        other = Caseworker(initials="JH", name="Jens Holm", email="jh@fjordby.example", phone="72 10 20 31",
                           team_id=theirs.id)
        citizen = Citizen(cpr="120587-1234", first_name="Søren", last_name="Møller", search_name="soeren moeller",
                          case_opened_on=date(2026, 1, 1), team_id=mine.id)
        session.add_all([me, other, citizen])
        session.flush()
        mine = Letter(citizen_id=citizen.id, kind="invitation", author_id=me.id, created_at=TUESDAY, status="queued")
        theirs = Letter(citizen_id=citizen.id, kind="other", author_id=other.id, created_at=TUESDAY, status="queued")
        session.add_all([mine, theirs])
        session.commit()
        office = Office(sessions, _user(me), _user(other), citizen.id, mine.id, theirs.id)
    yield office
    engine.dispose()


def _user(worker):
    return CurrentUser(worker.id, worker.name, worker.role, worker.team_id, None, worker.email, worker.phone)


@pytest.fixture
def settings(tmp_path):
    return Settings(outbox_transport="file", outbox_dir=tmp_path / "outbox", sender_address=SENDER)


def _queue(office, *, not_before=TUESDAY, to="soeren@example.dk", subject="Møde på jobcentret", letter_id=None):
    with office.sessions() as session:
        message = enqueue(session, to_address=to, subject=subject, body="Kære Søren\n\nVi ses.\n",
                          not_before=not_before, now=not_before - timedelta(hours=1), sender=SENDER,
                          letter_id=letter_id or office.letter_id, citizen_id=office.citizen_id)
        session.commit()
        return message.id


def _row(office, message_id):
    with office.sessions() as session:
        return session.get(OutboxMessage, message_id)


class Recorder:
    """A transport that keeps what it is asked to send, or fails as told."""

    def __init__(self, failure=None, during_send=None):
        self.failure = failure
        self.during_send = during_send
        self.sent = []
        self.lock = threading.Lock()

    def send(self, message, sender, recipients):
        if self.during_send:
            self.during_send(message)
        if self.failure:
            raise self.failure
        with self.lock:
            self.sent.append((message, sender, recipients))

    def close(self):
        pass


def test_a_message_is_stored_and_claimed_before_it_is_sent(office, settings):
    message_id = _queue(office)
    seen = []

    def look_from_elsewhere(message):
        # What another process would see at the moment of sending: the committed row.
        seen.append((_row(office, message_id).status, message["Message-ID"]))

    transport = Recorder(DeliveryError("Mailserveren kunne ikke nås.", "Connection refused"), look_from_elsewhere)
    report = send_due(office.sessions, settings, TUESDAY, transport=transport)
    row = _row(office, message_id)
    assert seen == [("sending", row.message_id)]
    assert (report.sent, report.failed) == (0, 1)
    assert (row.status, row.attempts, row.next_attempt_at) == ("failed", 1, TUESDAY + timedelta(minutes=1))
    assert row.last_error == "Mailserveren kunne ikke nås. (Connection refused)"
    assert report.problems == (row.last_error,)


def test_a_message_is_sent_once_and_the_letter_then_counts_as_sent(office, settings):
    message_id = _queue(office)
    transport = Recorder()
    assert send_due(office.sessions, settings, TUESDAY, transport=transport).sent == 1
    assert send_due(office.sessions, settings, TUESDAY + timedelta(hours=1), transport=transport).sent == 0
    assert len(transport.sent) == 1
    email, sender, recipients = transport.sent[0]
    assert (sender, recipients) == (SENDER, ["soeren@example.dk"])
    row = _row(office, message_id)
    assert (row.status, row.sent_at, row.last_error) == ("sent", TUESDAY, "")
    assert email["Message-ID"] == row.message_id
    with office.sessions() as session:
        assert session.get(Letter, office.letter_id).status == "sent"


def test_a_letter_waits_for_all_its_messages(office, settings):
    _queue(office)
    _queue(office, to="ib@lund-advokater.example")
    transport = Recorder(DeliveryError("Nej."))
    send_due(office.sessions, settings, TUESDAY, transport=transport)
    with office.sessions() as session:
        assert session.get(Letter, office.letter_id).status == "queued"


def test_two_senders_at_once_send_each_message_once(office, settings):
    ids = [_queue(office) for _ in range(6)]
    transport = Recorder(during_send=lambda message: time.sleep(0.02))  # so the rounds overlap
    start = threading.Barrier(2)

    def sender():
        start.wait()
        send_due(office.sessions, settings, TUESDAY, transport=transport)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sent_ids = sorted(message["Message-ID"] for message, _sender, _to in transport.sent)
    assert sent_ids == sorted(_row(office, i).message_id for i in ids)



def test_a_caseworkers_app_sends_what_they_wrote_and_the_sender_service_the_rest(office, settings):
    """200 apps each taking every due message fought over the same rows (issue 12)."""
    mine = _queue(office, subject="Mit brev")
    theirs = _queue(office, subject="Jens' brev", letter_id=office.others_letter_id)
    transport = Recorder()
    assert send_due(office.sessions, settings, TUESDAY, transport=transport,
                    author_id=office.me.id).sent == 1
    assert (_row(office, mine).status, _row(office, theirs).status) == ("sent", "queued")
    assert send_due(office.sessions, settings, TUESDAY, transport=transport).sent == 1
    assert _row(office, theirs).status == "sent"

def test_only_one_claim_wins(office):
    message_id = _queue(office)
    with office.sessions() as first, office.sessions() as second:
        assert [claim(first, message_id, TUESDAY), claim(second, message_id, TUESDAY)] == [True, False]
    row = _row(office, message_id)
    assert (row.status, row.version) == ("sending", 2)  # the bulk update bumped the version


def test_failures_are_retried_later_and_later(office, settings):
    message_id = _queue(office)
    transport = Recorder(DeliveryError("Mailserveren kunne ikke nås."))
    now, waits = TUESDAY, []
    for _ in range(6):
        attempts = _row(office, message_id).attempts
        send_due(office.sessions, settings, now, transport=transport)
        row = _row(office, message_id)
        assert row.attempts == attempts + 1
        waits.append(row.next_attempt_at - now)
        send_due(office.sessions, settings, row.next_attempt_at - timedelta(seconds=1), transport=transport)
        assert _row(office, message_id).attempts == attempts + 1  # not before its time
        now = row.next_attempt_at
    assert waits == [timedelta(minutes=m) for m in (1, 2, 5, 15, 60, 60)]
    assert backoff(100) == timedelta(minutes=60)


def test_a_refused_address_waits_for_the_caseworker(office, settings, capsys):
    message_id = _queue(office)
    _queue(office, letter_id=office.others_letter_id)
    refused = Recorder(DeliveryError("Mailserveren afviste adressen.", "550 No such user", permanent=True))
    send_due(office.sessions, settings, TUESDAY, transport=refused)
    send_due(office.sessions, settings, TUESDAY + timedelta(days=1), transport=refused)
    row = _row(office, message_id)
    assert (row.status, row.attempts, row.next_attempt_at) == ("failed", 1, None)
    me = office.ctx(office.me)
    mine = failed_messages(me)
    assert [(f.id, f.citizen_name, f.attempts) for f in mine] == [(message_id, "Søren Møller", 1)]
    assert "550 No such user" in mine[0].last_error
    with pytest.raises(UserError, match="ikke adgang"):
        retry(office.ctx(office.other), message_id)  # another team's caseworker
    assert retry(me, message_id).status == "queued"
    with pytest.raises(UserError, match="allerede i udbakken igen"):
        retry(me, message_id)
    with pytest.raises(UserError, match="ingen besked 999"):
        retry(me, 999)
    working = Recorder()
    send_due(office.sessions, settings, TUESDAY + timedelta(days=1), transport=working)
    assert [m["Message-ID"] for m, _s, _r in working.sent] == [row.message_id]


def test_a_claim_left_by_a_sender_that_died_runs_out(office, settings):
    message_id = _queue(office)
    with office.sessions() as session:
        assert claim(session, message_id, TUESDAY)  # ...and the sender dies here
    transport = Recorder()
    send_due(office.sessions, settings, TUESDAY + timedelta(minutes=5), transport=transport)
    assert transport.sent == []
    send_due(office.sessions, settings, TUESDAY + outbox.LEASE + timedelta(seconds=1), transport=transport)
    assert len(transport.sent) == 1 and _row(office, message_id).status == "sent"


def test_nothing_goes_out_outside_the_send_window(office, settings):
    friday_morning = datetime(2026, 11, 27, 10, 0, tzinfo=LOCAL_TIMEZONE)
    _queue(office, not_before=friday_morning)
    _queue(office, not_before=friday_morning + timedelta(days=10))
    transport = Recorder()
    # The server was down all morning; by 13:00 on Friday it is too late (R-LTR-4).
    report = send_due(office.sessions, settings, friday_morning + timedelta(hours=3), transport=transport)
    assert transport.sent == []
    assert report.held_until == datetime(2026, 11, 30, 9, 0, tzinfo=LOCAL_TIMEZONE)
    assert report.waiting == 2
    report = send_due(office.sessions, settings, report.held_until, transport=transport)
    assert (report.sent, report.waiting, len(transport.sent)) == (1, 1, 1)


def test_the_demo_sends_to_its_folder_on_a_weekend_and_says_when_a_real_letter_would_go(
        office, db_url, tmp_path, monkeypatch, capsys):
    """The walk of issue 11 stopped on a Sunday at `prepdesk --demo outbox send`: nothing
    goes out before Monday 09:00. The demo's letters only ever go to its own folder, so
    the demo sends what would go at the next opening now, and says when a real one would."""
    sunday = datetime(2026, 12, 6, 13, 50, tzinfo=LOCAL_TIMEZONE)
    monday = datetime(2026, 12, 7, 9, 0, tzinfo=LOCAL_TIMEZONE)
    _queue(office, not_before=monday)
    _queue(office, not_before=monday + timedelta(days=10))  # a letter timed for later waits
    for name, value in [("DATABASE_URL", db_url), ("OUTBOX_TRANSPORT", "file"),
                        ("OUTBOX_DIR", str(tmp_path / "demo-outbox")), ("SENDER_ADDRESS", SENDER),
                        ("CLOCK_START", sunday.isoformat())]:
        monkeypatch.setenv(f"PREPDESK_{name}", value)
    assert run_outbox_cli("send", None) == 0  # the product holds it
    assert "Sendt: 0" in capsys.readouterr().out and not (tmp_path / "demo-outbox").exists()
    assert run_outbox_cli("send", None, demo=True) == 0
    out = capsys.readouterr().out
    assert "Sendt: 1. Fejlet: 0. Venter på deres afsendelsestid: 1." in out
    assert "07.12.2026 kl. 09.00" in out and "demo" in out.lower()
    assert len(list((tmp_path / "demo-outbox").glob("*.eml"))) == 1


def test_the_file_transport_writes_one_standard_eml_per_message(office, settings):
    message_id = _queue(office, subject="Møde på jobcentret onsdag")
    send_due(office.sessions, settings, TUESDAY)
    row = _row(office, message_id)
    folder = settings.resolved_outbox_dir()
    written = folder / eml_name(row.message_id)
    assert [p.name for p in folder.iterdir()] == [written.name]
    first = written.read_bytes()
    parsed = message_from_bytes(first, policy=policy.default)
    assert parsed["Message-ID"] == row.message_id
    assert (parsed["To"], parsed["Subject"]) == ("soeren@example.dk", "Møde på jobcentret onsdag")
    assert parsed["From"] == f"Mette Kjær <{SENDER}>" and parsed["Reply-To"] == "mkj@fjordby.example"
    assert TUESDAY <= parsed["Date"].datetime <= TUESDAY + outbox.LEASE / 2  # handed over
    assert b"\r\n" in first and b"\nBcc" not in first  # RFC 5322 line ends, as on the wire
    assert parsed.get_content().replace("\r\n", "\n") == "Kære Søren\n\nVi ses.\n"
    # The at-least-once edge: a sender died after writing, before marking it sent.
    with office.sessions() as session:
        session.exec(update(OutboxMessage).where(OutboxMessage.id == message_id)
                     .values(status="sending", next_attempt_at=TUESDAY))
        session.commit()
    send_due(office.sessions, settings, TUESDAY + timedelta(minutes=1))
    assert [p.name for p in folder.iterdir()] == [written.name]
    again = message_from_bytes(written.read_bytes(), policy=policy.default)
    # The same message, recognisably, dated when it was handed over again.
    assert again["Message-ID"] == row.message_id and again.get_content() == parsed.get_content()
    assert again["Date"].datetime >= TUESDAY + timedelta(minutes=1)


def _approval_message(office, author):
    """An e-mail asking the citizen to approve notes that `author` wrote."""
    with office.sessions() as session:
        meeting = Meeting(citizen_id=office.citizen_id, caseworker_id=author.id, kind="follow_up",
                          starts_at=TUESDAY - timedelta(days=1), status="held")
        session.add(meeting)
        session.flush()
        note = Note(meeting_id=meeting.id, citizen_id=office.citizen_id, author_id=author.id, status="sent")
        session.add(note)
        session.flush()
        request = ApprovalRequest(note_id=note.id, note_version=1, public_id="p", nonce="n",
                                  sent_at=TUESDAY, expires_at=TUESDAY + timedelta(days=14))
        session.add(request)
        session.flush()
        message = enqueue(session, to_address="soeren@example.dk", subject="Godkend dit referat",
                          body="Kære Søren\n", not_before=TUESDAY, now=TUESDAY, sender=SENDER,
                          citizen_id=office.citizen_id)
        message.approval_request_id = request.id
        session.commit()
        return message.id


@pytest.mark.parametrize("author", ["me", "other"])
def test_an_approval_request_comes_from_the_author_of_the_notes(office, settings, author):
    caseworker = getattr(office, author)
    _approval_message(office, caseworker)
    transport = Recorder()
    assert send_due(office.sessions, settings, TUESDAY, transport=transport).sent == 1
    [(email, envelope_sender, recipients)] = transport.sent
    assert email["From"] == f"{caseworker.name} <{SENDER}>"
    assert email["From"].addresses[0].display_name == caseworker.name
    assert email["Reply-To"] == caseworker.email
    assert (envelope_sender, recipients) == (SENDER, ["soeren@example.dk"])


def test_a_message_of_no_letter_and_no_notes_comes_from_the_job_centre(office, settings):
    with office.sessions() as session:
        enqueue(session, to_address="soeren@example.dk", subject="Hej", body="Hej\n",
                not_before=TUESDAY, now=TUESDAY, sender=SENDER)
        session.commit()
    transport = Recorder()
    send_due(office.sessions, settings, TUESDAY, transport=transport)
    [(email, _sender, _recipients)] = transport.sent
    assert (email["From"], email["Reply-To"]) == (SENDER, None)


def test_a_file_transport_that_cannot_write_says_where(tmp_path, office):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be")
    _queue(office)
    transport = FileTransport(blocked)
    settings = Settings(outbox_dir=blocked, sender_address=SENDER)
    report = send_due(office.sessions, settings, TUESDAY, transport=transport)
    assert report.failed == 1 and str(blocked) in report.problems[0]


def test_a_header_that_could_add_a_recipient_never_reaches_the_transport(office, settings):
    with pytest.raises(UserError, match="Emnet"):
        _queue(office, subject="Hej=?UTF-8?Q?=0A?=Bcc: x@y.dk")
    # A row written by other code than `enqueue` is checked again when it is built.
    message_id = _queue(office)
    with office.sessions() as session:
        session.exec(update(OutboxMessage).where(OutboxMessage.id == message_id)
                     .values(subject="Hej=?UTF-8?Q?=0A?=Bcc: x@y.dk"))
        session.commit()
    transport = Recorder()
    send_due(office.sessions, settings, TUESDAY, transport=transport)
    row = _row(office, message_id)
    assert transport.sent == []
    assert (row.status, row.next_attempt_at) == ("failed", None) and "Emnet" in row.last_error


def test_a_bad_sender_address_stops_the_round_before_any_claim(office, tmp_path):
    message_id = _queue(office)
    settings = Settings(outbox_dir=tmp_path, sender_address="jobcenter")
    with pytest.raises(UserError, match="sender_address"):
        send_due(office.sessions, settings, TUESDAY, transport=Recorder())
    assert _row(office, message_id).status == "queued"


def test_the_background_sender_reports_and_goes_on(office, tmp_path):
    _queue(office)
    stop = threading.Event()
    reports, errors = [], []
    good = Settings(outbox_dir=tmp_path / "outbox", sender_address=SENDER)
    bad = Settings(outbox_dir=tmp_path / "outbox", sender_address="jobcenter")

    def report(result):
        reports.append(result)
        stop.set()

    def error(sentence):
        errors.append(sentence)
        stop.set()

    run_sender_forever(stop, office.sessions, bad, clock=lambda: TUESDAY, interval=0, on_error=error)
    stop.clear()
    run_sender_forever(stop, office.sessions, good, clock=lambda: TUESDAY, interval=0, on_report=report)
    assert len(errors) == 1 and "sender_address" in errors[0]
    assert [r.sent for r in reports] == [1]


def test_the_outbox_command_lists_retries_and_sends(office, db_url, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PREPDESK_DATABASE_URL", db_url)
    monkeypatch.setenv("PREPDESK_OUTBOX_DIR", str(tmp_path / "outbox"))
    monkeypatch.setenv("PREPDESK_SENDER_ADDRESS", SENDER)
    monkeypatch.setenv("PREPDESK_CLOCK_START", TUESDAY.isoformat())
    as_mette = partial(open_workspace, lambda _sentence, _fraction: None, login="MKJ")
    older = _queue(office, subject="Det første brev")
    newer = _queue(office, subject="Det andet brev")
    with office.sessions() as session:
        session.exec(update(OutboxMessage).where(OutboxMessage.id == older).values(
            status="failed", attempts=2, last_error="Mailserveren kunne ikke nås."))
        session.commit()
    assert run_outbox_cli("list", None, open_context=as_mette) == 0
    listing = capsys.readouterr().out
    assert listing.index("Det andet brev") < listing.index("Det første brev")  # newest first
    assert f"{older:>6}  fejlet · fra 24.11.2026 kl. 10.00 · soeren@example.dk" in listing
    assert "Forsøg: 2" in listing and "Fejl: Mailserveren kunne ikke nås." in listing
    assert f"{newer:>6}  venter på at blive sendt" in listing
    assert run_outbox_cli("retry", older, open_context=as_mette) == 0
    assert _row(office, older).status == "queued"
    assert run_outbox_cli("send", None) == 0
    assert "Sendt: 2. Fejlet: 0." in capsys.readouterr().out
    assert {_row(office, i).status for i in (older, newer)} == {"sent"}
    with pytest.raises(UserError):
        run_outbox_cli("retry", None, open_context=as_mette)



def test_the_outbox_lists_what_i_wrote_and_an_administrator_sees_all(office):
    mine = _queue(office, subject="Mit brev")
    theirs = _queue(office, subject="Jens' brev", letter_id=office.others_letter_id)
    assert [e.id for e in outbox_entries(office.ctx(office.me))] == [mine]
    assert [e.id for e in outbox_entries(office.ctx(office.other))] == [theirs]
    admin = CurrentUser(office.me.id, "Admin", "admin", None, None, "a@fjordby.example", "1")
    assert {e.id for e in outbox_entries(office.ctx(admin))} == {mine, theirs}


def test_a_message_without_an_address_is_built_without_a_to_line():
    message = OutgoingMessage(to_address=None, subject="Møde", body="Hej\n", not_before=TUESDAY)
    email = build_message(message, sender=SENDER, date=TUESDAY, sender_name="Mette Kjær", reply_to="mkj@fjordby.example")
    assert email["To"] is None and email["Subject"] == "Møde"
    addressed = build_message(OutgoingMessage("soeren@example.dk", "Møde", "Hej\n", TUESDAY), sender=SENDER, date=TUESDAY)
    assert addressed["To"] == "soeren@example.dk"
    with pytest.raises(UserError, match="E-mailadressen"):
        build_message(OutgoingMessage("ikke en adresse", "Møde", "Hej\n", TUESDAY), sender=SENDER, date=TUESDAY)


def test_two_send_agains_at_the_same_moment_put_it_back_once_and_the_other_is_told(
        office, settings, monkeypatch):
    message_id = _queue(office)
    refused = Recorder(DeliveryError("Mailserveren afviste adressen.", permanent=True))
    send_due(office.sessions, settings, TUESDAY, transport=refused)
    me = office.ctx(office.me)
    from prepdesk.core import outbox as queue

    checked = queue.require

    def the_other_window_first(session, ctx, citizen_id, **look):
        # The other window's s lands after this one read the failed message.
        monkeypatch.setattr(queue, "require", checked)
        assert retry(me, message_id).status == "queued"
        return checked(session, ctx, citizen_id, **look)

    monkeypatch.setattr(queue, "require", the_other_window_first)
    with pytest.raises(UserError) as refusal:
        retry(me, message_id)
    # Not "Besked 1 er fejlet; kun en besked, der fejlede, kan sendes igen."
    assert "allerede" in refusal.value.message and "én gang" in refusal.value.message
    working = Recorder()
    send_due(office.sessions, settings, TUESDAY + timedelta(minutes=1), transport=working)
    assert len(working.sent) == 1
    send_due(office.sessions, settings, TUESDAY + timedelta(minutes=2), transport=working)
    assert len(working.sent) == 1
    with pytest.raises(UserError, match="blev sendt") as sent:
        retry(me, message_id)
    assert "sendes ikke igen" in sent.value.message
