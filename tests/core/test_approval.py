"""core.approval: the link, the date of birth, the answer, and the e-mail that asks."""

import threading
from datetime import date, timedelta

import pytest
from sqlmodel import select
from support.people import NOW

from prepdesk.config import Settings
from prepdesk.core import meeting_mode, notes
from prepdesk.core.approval import (
    MAX_FAILED_CHECKS,
    CitizenContext,
    LinkProblem,
    ProposedCorrection,
    answer,
    check_birth_date,
    notes_for_citizen,
    open_link,
    send_for_approval,
    signing_key,
)
from prepdesk.core.my_day import my_day
from prepdesk.core.note_page import corrections_page, note_page
from prepdesk.data import db
from prepdesk.data.models import AgendaItem, ApprovalRequest, Citizen, OutboxMessage
from prepdesk.delivery.outbox import send_due
from prepdesk.errors import UserError

KEY = "test-signing-key-not-secret"
LATER = NOW + timedelta(hours=3)
BIRTH = date(1987, 5, 12)  # the world's citizen: 120587-1234


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def note_id(world):
    meeting = world.next_meeting
    world.session.add(AgendaItem(meeting_id=meeting.id, position=1, title="Sygemelding"))
    world.session.get(Citizen, world.citizen.id).email = "soeren@example.dk"
    world.session.commit()
    content = meeting_mode.start(world.ctx(), meeting.id).content
    content = content.model_copy(update={"citizen_view": "Jeg vil gerne i praktik."})
    return notes.finish(world.ctx(now=LATER), meeting.id, content).note_id


def token_of(sent) -> str:
    return sent.link.rsplit("/", 1)[1]


def citizen(world, now=LATER, key=KEY) -> CitizenContext:
    return CitizenContext(world.sessions, key, Clock(now))


def send(world, note_id, key=KEY) -> str:
    return token_of(send_for_approval(world.ctx(now=LATER), note_id, key=key))


def request_row(world) -> ApprovalRequest:
    world.session.expire_all()
    return world.session.exec(select(ApprovalRequest)).one()


def test_a_link_opens_its_request_and_nothing_personal_is_in_it(world, note_id):
    token = send(world, note_id)
    assert open_link(citizen(world), token).public_id == request_row(world).public_id
    assert "Søren" not in token and "120587" not in token


@pytest.mark.parametrize("tamper", [lambda t: t[:-2] + ("AA" if t[-2:] != "AA" else "BB"),
                                    lambda t: "x" + t, lambda t: ""])
def test_a_tampered_link_is_refused(world, note_id, tamper):
    token = send(world, note_id)
    with pytest.raises(LinkProblem, match="ikke gyldigt"):
        open_link(citizen(world), tamper(token))


def test_a_link_signed_with_another_key_is_refused_everywhere(world, note_id):
    token = send(world, note_id, key="another-key")
    for operation in (open_link, notes_for_citizen, answer):
        with pytest.raises(LinkProblem):
            operation(citizen(world), token)
    with pytest.raises(LinkProblem):
        check_birth_date(citizen(world), token, BIRTH)


def test_an_expired_link_is_refused(world, note_id):
    token = send(world, note_id)
    with pytest.raises(LinkProblem, match="udløbet"):
        open_link(citizen(world, LATER + timedelta(days=15)), token)


def test_five_wrong_birth_dates_lock_the_link(world, note_id):
    token = send(world, note_id)
    assert check_birth_date(citizen(world), token, BIRTH).matches
    for remaining in range(MAX_FAILED_CHECKS - 1, -1, -1):
        guess = check_birth_date(citizen(world), token, date(1990, 1, 1))
        assert (guess.matches, guess.remaining, guess.locked) == (False, remaining, remaining == 0)
    with pytest.raises(LinkProblem, match="låst"):
        open_link(citizen(world), token)
    with pytest.raises(LinkProblem, match="låst"):  # even the right date no longer counts
        check_birth_date(citizen(world), token, BIRTH)


def test_a_right_date_does_not_use_up_a_try(world, note_id):
    token = send(world, note_id)
    for _ in range(MAX_FAILED_CHECKS + 2):
        assert check_birth_date(citizen(world), token, BIRTH).matches
    row = request_row(world)
    assert row.failed_checks == 0 and row.locked_at is None


def test_guesses_at_the_same_moment_each_learn_their_own_count(world, note_id):
    """Twelve guesses at once: exactly four are told how many tries are left, one that
    it locked the link, the rest that it is locked; five are counted."""
    token = send(world, note_id)
    barrier = threading.Barrier(12)
    outcomes = []

    def guess(day):
        barrier.wait()
        try:
            outcomes.append(check_birth_date(citizen(world), token, date(1990, 1, day)))
        except LinkProblem as problem:
            outcomes.append(problem)

    threads = [threading.Thread(target=guess, args=(day,)) for day in range(1, 13)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    guesses = [o for o in outcomes if not isinstance(o, LinkProblem)]
    assert sorted(g.remaining for g in guesses) == [0, 1, 2, 3, 4]
    assert [g.locked for g in guesses].count(True) == 1
    assert len(outcomes) == 12 and request_row(world).failed_checks == MAX_FAILED_CHECKS


def test_an_approval_answers_once(world, note_id):
    token = send(world, note_id)
    answered = answer(citizen(world, LATER + timedelta(days=1)), token)
    assert answered.status == "approved" and answered.caseworker.name == "Mette Kjær"
    assert request_row(world).status == "approved"
    assert note_page(world.ctx(), note_id).status == "approved"
    assert open_link(citizen(world), token).answered
    with pytest.raises(LinkProblem, match="allerede svaret"):
        answer(citizen(world), token, [ProposedCorrection("citizen_view", "Nej")])


def test_two_answers_at_once_store_one(world, note_id):
    token = send(world, note_id)
    barrier = threading.Barrier(2)
    outcomes = []

    def reply(corrections):
        barrier.wait()
        try:
            outcomes.append(answer(citizen(world), token, corrections))
        except UserError as problem:
            outcomes.append(problem)

    threads = [threading.Thread(target=reply, args=(c,))
               for c in ([], [ProposedCorrection("citizen_view", "Nej.")])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len([o for o in outcomes if isinstance(o, UserError)]) == 1
    page = note_page(world.ctx(), note_id)
    assert len(page.pending) == (1 if request_row(world).status == "corrected" else 0)


def test_a_correction_reaches_the_caseworker(world, note_id):
    token = send(world, note_id)
    notes_shown = notes_for_citizen(citizen(world), token)
    assert notes_shown.content.citizen_view == "Jeg vil gerne i praktik."
    answer(citizen(world, LATER + timedelta(days=1)), token,
           [ProposedCorrection("citizen_view", "Jeg vil gerne i praktik, men kun om formiddagen.",
                               "Det sagde jeg"),
            ProposedCorrection("facts", "   ")])
    (pending,) = corrections_page(world.ctx(), note_id).pending
    assert (pending.section, pending.original) == ("citizen_view", "Jeg vil gerne i praktik.")


def test_the_corrected_notes_go_back_to_the_citizen_who_may_correct_them_again(world, note_id):
    """The walk of issue 11: once the link had answered, the citizen could neither see
    version 2 on the page nor correct again, and nothing could send it. Once every
    correction is answered, the notes' current version can be sent again: a new link shows
    it with its history and the rejected corrections on top, and answers once more."""
    token = send(world, note_id)
    with pytest.raises(UserError, match="venter på borgerens svar"):
        send(world, note_id)  # the first link has not answered yet
    answer(citizen(world), token, [ProposedCorrection("citizen_view", "Jeg vil i praktik nu."),
                                   ProposedCorrection("facts", "Jeg har to børn.")])
    with pytest.raises(UserError, match="rettelser"):
        send(world, note_id)  # answer the corrections first
    accepted, rejected = corrections_page(world.ctx(), note_id).pending
    page = corrections_page(world.ctx(), note_id)
    notes.accept_correction(world.ctx(), accepted.id, seen_version=accepted.version,
                            seen_note_version=page.version)
    notes.reject_correction(world.ctx(), rejected.id, "Det sagde du ikke på mødet.",
                            seen_version=rejected.version)
    again = send_for_approval(world.ctx(now=LATER), note_id, key=KEY,
                              seen_version=note_page(world.ctx(), note_id).version)
    shown = notes_for_citizen(citizen(world), token_of(again))
    assert shown.current_version == 2 and shown.content.citizen_view == "Jeg vil i praktik nu."
    assert [v.number for v in shown.history] == [1, 2] and shown.history[1].at_citizens_request
    assert [(r.proposed, r.reason) for r in shown.rejected] == [
        ("Jeg har to børn.", "Det sagde du ikke på mødet.")]
    answer(citizen(world), token_of(again), [ProposedCorrection("citizen_view", "Igen.")])
    assert len(corrections_page(world.ctx(), note_id).pending) == 1


def test_a_stale_page_is_refused_after_the_citizen_answered(world, note_id):
    """The caseworker's page was shown before the citizen's answer: accepting from it is
    refused with a sentence that names the citizen."""
    token = send(world, note_id)
    answer(citizen(world), token, [ProposedCorrection("citizen_view", "Rettet.")])
    page = corrections_page(world.ctx(), note_id)
    (line,) = page.pending
    with pytest.raises(UserError, match="Borgeren"):
        notes.accept_correction(world.ctx(), line.id, seen_version=line.version,
                                seen_note_version=page.version - 1)


def test_the_e_mail_asking_for_approval_comes_from_the_caseworker(world, note_id, tmp_path):
    # The citizen sees who wrote and answers them directly (R-LTR-2), as with letters.
    sent = send_for_approval(world.ctx(now=LATER), note_id, key=KEY)
    message = world.session.exec(select(OutboxMessage)).one()
    assert message.id == sent.message_id and "Kære Søren" in message.body

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
    for private in ("Møller", "120587", "praktik"):
        assert private not in message.body and private not in message.subject


def test_the_signing_key_is_the_keyrings_and_never_made_on_a_desk(memory_keyring):
    assert signing_key() == memory_keyring.get_password("prepdesk", "signing-key")
    memory_keyring.delete_password("prepdesk", "signing-key")
    # A key made here would sign links the portal (with the job centre's key) turns away.
    with pytest.raises(UserError, match="prepdesk secret set signing-key"):
        signing_key()
    assert memory_keyring.get_password("prepdesk", "signing-key") is None


def test_my_day_flags_an_unanswered_request_and_lists_the_citizens_correction(world, note_id):
    token = send(world, note_id)
    assert not my_day(world.ctx(now=LATER + timedelta(days=6))).awaiting_approval[0].overdue
    assert my_day(world.ctx(now=LATER + timedelta(days=8))).awaiting_approval[0].overdue
    answer(citizen(world, LATER + timedelta(days=1)), token,
           [ProposedCorrection("citizen_view", "Jeg vil gerne i praktik om formiddagen.")])
    waiting = my_day(world.ctx(now=LATER + timedelta(days=1))).corrections
    assert [(c.sections, c.note_id) for c in waiting] == [(("citizen_view",), note_id)]
