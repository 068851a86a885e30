"""Finished notes that were not sent are never lost (issue 11, item 2): my day lists them
until they are sent or given another way; notes given by hand wait for the answer the
caseworker records, approved or corrected, so every path ends somewhere."""

from datetime import timedelta

import pytest
from sqlmodel import select
from support.people import NOW

from prepdesk.core import approval, meeting_mode, note_page, notes
from prepdesk.core.my_day import my_day
from prepdesk.core.notes_given import DictatedCorrection, answer_form, give_notes, record_answer
from prepdesk.data.models import (
    AgendaItem,
    ApprovalRequest,
    Citizen,
    Correction,
    JournalEntry,
    Note,
)
from prepdesk.errors import Conflict, UserError

KEY = "test-signing-key-not-secret"
LATER = NOW + timedelta(hours=4)


@pytest.fixture
def finished(world):
    """Notes of the next meeting, finished; the citizen has no e-mail address."""
    world.session.add(AgendaItem(meeting_id=world.next_meeting.id, position=1, title="Praktik"))
    world.session.commit()
    ctx = world.ctx()
    content = meeting_mode.start(ctx, world.next_meeting.id).content
    content = content.with_text("facts", "Søren har søgt seks job.")
    world.note_id = notes.finish(ctx, world.next_meeting.id, content).note_id
    return world


def _not_sent(world, user=None):
    return [n.note_id for n in my_day(world.ctx(user)).not_sent]


def test_notes_that_could_not_be_sent_stay_on_my_day_until_they_are_sent(finished):
    world = finished
    # What to do, and only what can be done: the file has no field to write an address in.
    with pytest.raises(UserError, match="ingen e-mailadresse. Giv borgeren referatet på anden "
                                        "vis .* tryk så g på det i Min dag"):
        approval.send_for_approval(world.ctx(), world.note_id, key=KEY)
    [shown] = my_day(world.ctx()).not_sent
    assert (shown.note_id, shown.citizen_id, shown.has_email) == (world.note_id, world.citizen.id,
                                                                  False)
    assert shown.meeting_starts_at == world.next_meeting.starts_at
    assert _not_sent(world, world.other) == []  # another team's caseworker sees none of it

    world.session.get(Citizen, world.citizen.id).email = "soeren@example.dk"
    world.session.commit()
    assert my_day(world.ctx()).not_sent[0].has_email
    approval.send_for_approval(world.ctx(), world.note_id, key=KEY)
    day = my_day(world.ctx())
    assert day.not_sent == []
    assert [(a.note_id, a.channel) for a in day.awaiting_approval] == [(world.note_id, "email")]


def test_notes_handed_over_wait_for_the_answer_then_approved_by_phone(finished):
    world = finished
    page = note_page.note_page(world.ctx(), world.note_id)
    given = give_notes(world.ctx(), world.note_id, "handed", seen_version=page.version)
    assert "udleveret personligt" in given.sentence
    day = my_day(world.ctx())
    assert day.not_sent == []
    [waiting] = day.awaiting_approval
    assert (waiting.id, waiting.channel) == (given.request_id, "handed")
    assert world.session.get(Note, world.note_id, populate_existing=True).status == "sent"
    with pytest.raises(Conflict, match="udleveret personligt"):
        give_notes(world.ctx(), world.note_id, "post")  # given already: said how and when

    form = answer_form(world.ctx(), given.request_id)
    assert form.channel == "handed" and form.citizen_name == "Søren Møller"
    assert ("facts", "Søren har søgt seks job.") in [(p.key, p.text) for p in form.parts]
    recorded = record_answer(world.ctx(now=LATER), given.request_id)
    assert (recorded.status, recorded.corrections) == ("approved", 0)
    assert my_day(world.ctx()).awaiting_approval == []
    request = world.session.get(ApprovalRequest, given.request_id, populate_existing=True)
    assert (request.status, request.answered_at, request.answer_recorded_by_id) == (
        "approved", LATER, world.me.id)
    assert world.session.get(Note, world.note_id, populate_existing=True).status == "approved"
    titles = world.session.exec(select(JournalEntry.title).where(
        JournalEntry.citizen_id == world.citizen.id, JournalEntry.kind == "note")).all()
    assert "Referatet givet til borgeren: udleveret personligt" in titles
    assert "Borgeren godkendte referatet" in titles
    with pytest.raises(Conflict, match="allerede registreret af dig"):
        record_answer(world.ctx(), given.request_id)


def test_corrections_dictated_by_post_become_the_citizens_corrections(finished):
    world = finished
    given = give_notes(world.ctx(), world.note_id, "post")
    with pytest.raises(UserError):
        record_answer(world.ctx(), given.request_id,
                      [DictatedCorrection("facts", "Søren har søgt seks job.")])  # unchanged
    recorded = record_answer(world.ctx(now=LATER), given.request_id, [
        DictatedCorrection("facts", "Søren har søgt otte job.", "Sagt i telefonen"),
        DictatedCorrection("next_steps", "   ")])  # left empty: no correction
    assert (recorded.status, recorded.corrections) == ("corrected", 1)
    day = my_day(world.ctx())
    assert day.awaiting_approval == []
    [waiting] = day.corrections
    [correction_id] = waiting.ids
    correction = world.session.get(Correction, correction_id)
    assert (correction.section, correction.original_text, correction.proposed_text,
            correction.comment) == ("facts", "Søren har søgt seks job.", "Søren har søgt otte job.",
                                    "Sagt i telefonen")
    # Answered like a correction from the approval page: the notes change.
    answered = notes.accept_correction(world.ctx(), correction.id, seen_version=None,
                                       seen_note_version=None)
    assert answered.note_version == 2
    assert my_day(world.ctx()).corrections == []


def test_a_citizen_who_calls_instead_of_using_the_link_is_recorded_and_the_link_is_used(finished):
    world = finished
    world.session.get(Citizen, world.citizen.id).email = "soeren@example.dk"
    world.session.commit()
    sent = approval.send_for_approval(world.ctx(), world.note_id, key=KEY)
    record_answer(world.ctx(), sent.request_id)
    token = sent.link.rsplit("/", 1)[1]
    with pytest.raises(approval.LinkProblem):
        approval.answer(approval.CitizenContext(world.sessions, KEY, lambda: NOW), token)


def test_an_answer_already_given_on_the_page_is_not_recorded_over(finished):
    world = finished
    world.session.get(Citizen, world.citizen.id).email = "soeren@example.dk"
    world.session.commit()
    sent = approval.send_for_approval(world.ctx(), world.note_id, key=KEY)
    token = sent.link.rsplit("/", 1)[1]
    approval.answer(approval.CitizenContext(world.sessions, KEY, lambda: NOW), token)
    with pytest.raises(Conflict, match="godkendelsessiden"):
        record_answer(world.ctx(), sent.request_id)


def test_only_the_author_or_a_lead_records_and_a_channel_must_be_chosen(finished):
    world = finished
    with pytest.raises(UserError):
        give_notes(world.ctx(), world.note_id, "pigeon")
    given = give_notes(world.ctx(world.admin), world.note_id, "digital_post")
    assert record_answer(world.ctx(world.admin), given.request_id).status == "approved"


def test_notes_and_an_aktindsigt_export_are_handed_over_in_the_same_words():
    """One map says how something reached the citizen (core/labels.py): the notes given
    another way and an aktindsigt export handed over read alike, code for code."""
    from prepdesk.core import aktindsigt, labels, notes_given

    for how in {*aktindsigt.HANDED_OVER, *notes_given.GIVEN, "email"}:
        assert labels.handed_over(how) not in ("", how)  # every code has its words
    assert labels.handed_over("handed") == "udleveret personligt"
    assert not hasattr(aktindsigt, "handed_over_label") and not hasattr(notes_given, "channel_label")
