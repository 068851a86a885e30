from datetime import date, timedelta

import pytest
from sqlmodel import select
from world import NOW

from prepdesk.config import Settings
from prepdesk.core import agenda, notes
from prepdesk.core.approval import (
    MAX_FAILED_CHECKS,
    LinkProblem,
    ProposedCorrection,
    answer,
    check_birth_date,
    open_link,
    request_approval,
    signing_key,
)
from prepdesk.core.meeting_mode import send_for_approval
from prepdesk.core.my_day import my_day
from prepdesk.data import db
from prepdesk.data.models import OutboxMessage
from prepdesk.delivery.outbox import send_due

KEY = "test-signing-key-not-secret"
LATER = NOW + timedelta(hours=3)
BIRTH = date(1987, 5, 12)  # the world's citizen: 120587-1234


@pytest.fixture
def note(world):
    meeting = world.next_meeting
    agenda.add(world.session, meeting, agenda.Proposal("Sygemelding", "both", 10, "manual"))
    content = notes.empty_content(world.session, meeting, ["Søren Møller", "Mette Kjær"])
    content["citizen_view"] = "Jeg vil gerne i praktik."
    return notes.finish(world.session, world.me, meeting, content, LATER)


def test_a_link_opens_its_request_and_nothing_personal_is_in_it(world, note):
    request, token = request_approval(world.session, world.me, note, LATER, KEY)
    assert open_link(world.session, token, LATER, KEY).id == request.id
    assert "Søren" not in token and "120587" not in token


@pytest.mark.parametrize("tamper", [lambda t: t[:-2] + ("AA" if t[-2:] != "AA" else "BB"), lambda t: "x" + t, lambda t: ""])
def test_a_tampered_link_is_refused(world, note, tamper):
    _request, token = request_approval(world.session, world.me, note, LATER, KEY)
    with pytest.raises(LinkProblem, match="ikke gyldigt"):
        open_link(world.session, tamper(token), LATER, KEY)


def test_a_link_signed_with_another_key_is_refused(world, note):
    _request, token = request_approval(world.session, world.me, note, LATER, "another-key")
    with pytest.raises(LinkProblem):
        open_link(world.session, token, LATER, KEY)


def test_an_expired_link_is_refused(world, note):
    _request, token = request_approval(world.session, world.me, note, LATER, KEY)
    with pytest.raises(LinkProblem, match="udløbet"):
        open_link(world.session, token, LATER + timedelta(days=15), KEY)


def test_five_wrong_birth_dates_lock_the_link(world, note):
    request, token = request_approval(world.session, world.me, note, LATER, KEY)
    assert check_birth_date(world.session, request, BIRTH, LATER)
    for _ in range(MAX_FAILED_CHECKS):
        assert not check_birth_date(world.session, request, date(1990, 1, 1), LATER)
    with pytest.raises(LinkProblem, match="låst"):
        open_link(world.session, token, LATER, KEY)
    with pytest.raises(LinkProblem, match="låst"):  # even the right date no longer counts
        check_birth_date(world.session, request, BIRTH, LATER)


def test_a_right_date_does_not_use_up_a_try(world, note):
    request, _token = request_approval(world.session, world.me, note, LATER, KEY)
    for _ in range(MAX_FAILED_CHECKS + 2):
        assert check_birth_date(world.session, request, BIRTH, LATER)
    assert request.failed_checks == 0 and request.locked_at is None


def test_an_approval_answers_once(world, note):
    request, token = request_approval(world.session, world.me, note, LATER, KEY)
    answer(world.session, request, LATER + timedelta(days=1))
    assert request.status == "approved" and note.status == "approved"
    again = open_link(world.session, token, LATER + timedelta(days=1), KEY)
    with pytest.raises(LinkProblem, match="allerede svaret"):
        answer(world.session, again, LATER + timedelta(days=1), [ProposedCorrection("citizen_view", "Nej")])


def test_a_correction_reaches_the_caseworker(world, note):
    request, _token = request_approval(world.session, world.me, note, LATER, KEY)
    answer(world.session, request, LATER + timedelta(days=1),
           [ProposedCorrection("citizen_view", "Jeg vil gerne i praktik, men kun om formiddagen.", "Det sagde jeg"),
            ProposedCorrection("facts", "   ")])
    waiting = my_day(world.ctx(now=LATER + timedelta(days=1))).corrections
    assert [(c.section, c.note_id) for c in waiting] == [("citizen_view", note.id)]
    assert notes.view(world.session, note.id).pending[0].original_text == "Jeg vil gerne i praktik."


def test_an_unanswered_request_is_flagged_after_the_reminder_days(world, note):
    request_approval(world.session, world.me, note, LATER, KEY)
    assert not my_day(world.ctx(now=LATER + timedelta(days=6))).awaiting_approval[0].overdue
    assert my_day(world.ctx(now=LATER + timedelta(days=8))).awaiting_approval[0].overdue


def test_the_e_mail_asking_for_approval_comes_from_the_caseworker(world, note, tmp_path):
    # The citizen sees who wrote and answers them directly (R-LTR-2), as with letters.
    world.citizen.email = "soeren@example.dk"
    world.session.add(world.citizen)
    world.session.commit()
    send_for_approval(world.session, world.me, note.id, LATER, KEY,
                      base_url="https://borger.example", sender="jobcenter@fjordby.example")
    message = world.session.exec(select(OutboxMessage)).one()

    class Recorder:
        def __init__(self):
            self.sent = []

        def send(self, email, sender, recipients):
            self.sent.append((email, sender, recipients))

        def close(self):
            pass

    settings = Settings(outbox_dir=tmp_path, sender_address="jobcenter@fjordby.example")
    sessions = db.session_factory(world.session.get_bind())
    transport = Recorder()
    assert send_due(sessions, settings, message.not_before, transport=transport).sent == 1
    [(email, sender, recipients)] = transport.sent
    assert email["From"].addresses[0].display_name == "Mette Kjær"
    assert email["From"].addresses[0].addr_spec == sender == "jobcenter@fjordby.example"
    assert email["Reply-To"] == "mkj@fjordby.example"
    assert recipients == ["soeren@example.dk"] and "Mette Kjær" in email.get_content()


def test_the_signing_key_is_made_once_and_kept_in_the_keyring():
    import keyring

    first = signing_key()
    assert len(first) > 40 and signing_key() == first
    assert keyring.get_password("prepdesk", "signing-key") == first
