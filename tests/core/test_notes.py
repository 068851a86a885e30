from datetime import timedelta

import pytest
from sqlmodel import select
from world import NOW

from prepdesk.core import agenda, notes
from prepdesk.data.models import (
    Agreement,
    ApprovalRequest,
    Correction,
    JournalEntry,
    StatementDiscussion,
)
from prepdesk.errors import UserError

LATER = NOW + timedelta(hours=3)


@pytest.fixture
def meeting(world):
    meeting = world.next_meeting
    agenda.add(world.session, meeting, agenda.Proposal("Sygemelding", "both", 10, "manual"))
    agenda.add(world.session, meeting, agenda.Proposal("Praktikplads", "both", 10, "manual"))
    return meeting


def _written(world, meeting):
    content = notes.empty_content(world.session, meeting, ["Søren Møller", "Mette Kjær"])
    first, second = content["sections"]
    first["text"] = "Søren er stadig sygemeldt. Han sover dårligt."
    second["reached"] = False
    content["citizen_view"] = "Jeg vil gerne i praktik, men ikke før min ryg er bedre."
    content["agreements"] = [{"what": "Søren spørger lægen om skånehensyn", "who": "citizen", "due_on": "2026-12-07"},
                             {"what": "Mette finder en praktik med lette opgaver", "who": "caseworker"}]
    content["next_steps"] = "Mette ringer til Søren fredag."
    content["next_meeting"] = "Mandag den 14. december kl. 10.00"
    content["statements"] = [{"statement_id": world.new_statement.id, "deviates": True,
                              "reason": "Borgeren oplyser, at han nu kan arbejde 15 timer."}]
    return content


def test_drafts_are_kept_until_the_notes_are_finished(world, meeting):
    content = _written(world, meeting)
    notes.save_draft(world.session, world.me, meeting.id, content, NOW)
    content["facts"] = "Mødt til tiden."
    notes.save_draft(world.session, world.me, meeting.id, content, NOW + timedelta(seconds=2))
    draft = notes.load_draft(world.session, world.me, meeting.id)
    assert draft.content["facts"] == "Mødt til tiden."
    assert notes.load_draft(world.session, world.other, meeting.id) is None
    notes.finish(world.session, world.me, meeting, content, LATER)
    assert notes.load_draft(world.session, world.me, meeting.id) is None


def test_finishing_records_agreements_reached_items_statements_and_the_journal(world, meeting):
    note = notes.finish(world.session, world.me, meeting, _written(world, meeting), LATER)
    assert meeting.status == "held"
    whats = set(world.session.exec(select(Agreement.what).where(Agreement.meeting_id == meeting.id)))
    assert whats == {"Søren spørger lægen om skånehensyn", "Mette finder en praktik med lette opgaver"}
    assert [i.reached for i in agenda.items(world.session, meeting.id)] == [True, False]
    discussion = world.session.exec(select(StatementDiscussion)).one()
    assert discussion.deviates and "15 timer" in discussion.deviation_reason
    journal = world.session.exec(select(JournalEntry).where(JournalEntry.meeting_id == meeting.id)).one()
    assert "sover dårligt" in journal.body
    assert notes.view(world.session, note.id).history[0].number == 1
    with pytest.raises(UserError):
        notes.finish(world.session, world.me, meeting, _written(world, meeting), LATER)


def test_deviating_from_a_statement_needs_a_reason(world, meeting):
    content = _written(world, meeting)
    content["statements"][0]["reason"] = "  "
    with pytest.raises(UserError, match="hvorfor"):
        notes.finish(world.session, world.me, meeting, content, LATER)


def test_the_citizen_version_puts_agreements_and_next_steps_first(world, meeting):
    text = notes.citizen_text(_written(world, meeting))
    assert text.index("spørger lægen") < text.index("Mette ringer") < text.index("sover dårligt")
    assert "07.12.2026" in text


def _correction(world, note, section, proposed):
    request = world.session.exec(select(ApprovalRequest).where(ApprovalRequest.note_id == note.id)).first()
    if request is None:
        request = ApprovalRequest(note_id=note.id, note_version=1, public_id=f"p{note.id}", nonce=f"n{note.id}",
                                  sent_at=LATER, expires_at=LATER + timedelta(days=14))
        world.session.add(request)
        world.session.flush()
    correction = Correction(approval_request_id=request.id, note_id=note.id, section=section,
                            original_text=notes.section_text(notes.view(world.session, note.id).content, section),
                            proposed_text=proposed, received_at=LATER + timedelta(days=1))
    world.session.add(correction)
    world.session.commit()
    return correction


def test_an_accepted_correction_changes_the_document_as_version_2(world, meeting):
    note = notes.finish(world.session, world.me, meeting, _written(world, meeting), LATER)
    key = f"item-{agenda.items(world.session, meeting.id)[0].id}"
    correction = _correction(world, note, key, "Søren er stadig sygemeldt. Han sover godt nu.")
    notes.accept_correction(world.session, world.me, correction.id, LATER + timedelta(days=2))
    view = notes.view(world.session, note.id)
    assert notes.section_text(view.content, key) == "Søren er stadig sygemeldt. Han sover godt nu."
    assert [(v.number, v.author) for v in view.history] == [(1, "Mette Kjær"), (2, "Mette Kjær")]
    assert "Sygemelding" in view.history[1].change_summary
    with pytest.raises(UserError):
        notes.accept_correction(world.session, world.me, correction.id, LATER)


def test_a_rejected_correction_stays_on_top_with_its_reason(world, meeting):
    note = notes.finish(world.session, world.me, meeting, _written(world, meeting), LATER)
    correction = _correction(world, note, "citizen_view", "Jeg har aldrig sagt, at jeg vil i praktik.")
    with pytest.raises(UserError):
        notes.reject_correction(world.session, world.me, correction.id, " ", LATER)
    notes.reject_correction(world.session, world.me, correction.id, "Det blev sagt på mødet; Birthe var med.", LATER)
    view = notes.view(world.session, note.id)
    assert [c.rejection_reason for c in view.rejected] == ["Det blev sagt på mødet; Birthe var med."]
    assert view.note.current_version == 1
