"""An accepted correction changes the document everywhere it is shown (issue 11, item 1;
R-APPR-3): the notes, the timeline's meeting, the citizen's file, the next meeting's
preparation, the approval page and the handover dossier all show the current version,
its history (who, when, at whose request) and, on top, every correction not accepted with
its reason. And the owner of an agreement stays with it (item 3). SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select
from support.people import NOW

from prepdesk.core import citizen_file, meeting_mode, notes, prep, timeline
from prepdesk.core.approval import CitizenContext, notes_for_citizen, send_for_approval
from prepdesk.core.handover_dossier import HandoverDossier, notes_in_dossier
from prepdesk.core.labels import agreement_owner
from prepdesk.core.note_content import AgreedAction, NoteContent, split_who
from prepdesk.core.note_page import corrections_page, note_page
from prepdesk.data import models as m

KEY = "test-key-not-secret"
WROTE = NOW - timedelta(days=7) + timedelta(hours=2)
ASKED = NOW - timedelta(days=5)
ANSWERED = NOW - timedelta(days=4)
BEFORE = "Søren har søgt 6 job."
AFTER = "Søren har søgt 8 job."


def _correction(world, note_id: int, section: str, original: str, proposed: str,
                public_id: str) -> None:
    request = m.ApprovalRequest(note_id=note_id, note_version=1, public_id=public_id,
                                nonce=f"n-{public_id}", sent_at=ASKED - timedelta(hours=1),
                                expires_at=ASKED + timedelta(days=14), status="corrected")
    world.session.add(request)
    world.session.flush()
    world.session.add(m.Correction(approval_request_id=request.id, note_id=note_id,
                                   section=section, original_text=original,
                                   proposed_text=proposed, received_at=ASKED))
    world.session.commit()


@pytest.fixture
def corrected(world):
    """Notes of Søren's last meeting: one correction accepted (version 2), one rejected
    with a reason. Returns the note's id."""
    meeting = world.last_meeting
    world.session.add(m.AgendaItem(meeting_id=meeting.id, position=1, title="Jobsøgning"))
    world.session.get(m.Citizen, world.citizen.id).email = "soeren@example.org"
    world.session.commit()
    ctx = world.ctx(now=WROTE)
    content = meeting_mode.start(ctx, meeting.id).content
    content = content.with_text(content.sections[0].key, BEFORE).model_copy(update={
        "citizen_view": "Jeg vil gerne arbejde med dyr.",
        "agreements": (AgreedAction(what="Kører Søren til lægen", who="other",
                                    who_name="Birthe Møller", due_on=date(2026, 12, 1)),
                       AgreedAction(what="Søge tre job", who="citizen", who_name="Søren Møller")),
    })
    note_id = notes.finish(ctx, meeting.id, content).note_id
    _correction(world, note_id, content.sections[0].key, BEFORE, AFTER, "a")
    _correction(world, note_id, "citizen_view", "Jeg vil gerne arbejde med dyr.",
                "Jeg har aldrig sagt dyr.", "b")
    answering = world.ctx(now=ANSWERED)
    page = corrections_page(answering, note_id)
    accept, reject = page.pending
    notes.accept_correction(answering, accept.id, seen_version=accept.version,
                            seen_note_version=page.version)
    notes.reject_correction(answering, reject.id, "Søren sagde det selv.", seen_version=reject.version)
    return note_id


def _is_version_2_with_history(view) -> None:
    assert view.current_version == 2
    assert view.content.sections[0].text == AFTER
    assert [v.number for v in view.history] == [1, 2]
    change = view.history[1].change
    assert (change.original, change.proposed) == (BEFORE, AFTER)
    assert change.received_at == ASKED and change.decided_at == ANSWERED
    assert change.decided_by == "Mette Kjær"
    (rejected,) = view.rejected
    assert (rejected.proposed, rejected.reason) == ("Jeg har aldrig sagt dyr.", "Søren sagde det selv.")
    assert [c.status for c in view.answered] == ["accepted", "rejected"]


def test_the_notes_screen_shows_version_2(world, corrected):
    _is_version_2_with_history(note_page(world.ctx(), corrected))


def test_the_timeline_s_meeting_shows_version_2_not_the_journal_s_version_1(world, corrected):
    opened = timeline.open_entry(world.ctx(), "meeting", world.last_meeting.id)
    _is_version_2_with_history(opened.document.notes)
    assert BEFORE not in opened.document.body


def test_the_citizen_s_file_shows_version_2_and_the_rejected_correction_on_top(world, corrected):
    overview = citizen_file.open_file(world.ctx(), world.citizen.id).overview
    _is_version_2_with_history(overview.latest_notes)
    assert [c.reason for c in overview.rejected_corrections] == ["Søren sagde det selv."]


def test_the_next_meeting_s_preparation_shows_the_earlier_notes_as_version_2(world, corrected):
    shown = prep.preparation(world.ctx(), world.next_meeting.id)
    _is_version_2_with_history(shown.earlier_notes)


def test_the_approval_page_shows_version_2_with_its_history(world, corrected):
    sent = send_for_approval(world.ctx(), corrected, key=KEY)
    citizen = CitizenContext(world.sessions, KEY, lambda: NOW)
    shown = notes_for_citizen(citizen, sent.link.rsplit("/", 1)[1])
    assert shown.current_version == 2 and shown.content.sections[0].text == AFTER
    assert [(v.number, v.at_citizens_request, v.requested_at, v.accepted_by)
            for v in shown.history] == [(1, False, None, ""), (2, True, ASKED, "Mette Kjær")]
    assert [r.reason for r in shown.rejected] == ["Søren sagde det selv."]


def test_the_handover_dossier_keeps_version_2_its_history_and_the_rejection(world, corrected):
    part = notes_in_dossier(note_page(world.ctx(), corrected))
    assert part.current_version == 2 and AFTER in part.text and BEFORE not in part.text
    assert [(v.number, v.requested_at, v.accepted_by) for v in part.history] == [
        (1, None, ""), (2, ASKED, "Mette Kjær")]
    assert [(r.proposed, r.reason) for r in part.rejected] == [
        ("Jeg har aldrig sagt dyr.", "Søren sagde det selv.")]
    dossier = HandoverDossier(notes=(part,))
    assert HandoverDossier.from_stored(dossier.to_stored()) == dossier


def test_notes_without_corrections_are_version_1_everywhere(world):
    meeting = world.last_meeting
    note_id = notes.finish(world.ctx(), meeting.id, meeting_mode.start(world.ctx(), meeting.id).content).note_id
    view = timeline.open_entry(world.ctx(), "meeting", meeting.id).document.notes
    assert view.note_id == note_id and view.current_version == 1 and not view.rejected
    assert citizen_file.open_file(world.ctx(), world.citizen.id).overview.rejected_corrections == ()


# --- the owner of an agreement (item 3) -------------------------------------------------------


def test_the_owner_of_an_agreement_stays_with_the_agreement_row(world, corrected):
    rows = world.session.exec(select(m.Agreement).where(
        m.Agreement.meeting_id == world.last_meeting.id).order_by(m.Agreement.id)).all()
    assert [split_who(row.who) for row in rows] == [("other", "Birthe Møller"),
                                                    ("citizen", "Søren Møller")]
    overview = citizen_file.open_file(world.ctx(), world.citizen.id).overview
    owners = {a.what: agreement_owner(a.who) for a in overview.open_agreements}
    # A named participant is named, never "someone else"; an agreement stored before
    # names were kept is "the citizen".
    assert owners["Kører Søren til lægen"] == "Birthe Møller"
    assert owners["Søge tre job"] in ("Søren Møller", "borgeren")


def test_the_owner_is_one_label_for_every_reader():
    assert agreement_owner("other", "Birthe Møller") == "Birthe Møller"
    assert agreement_owner("other:Birthe Møller") == "Birthe Møller"
    assert agreement_owner("citizen") == "borgeren"
    assert agreement_owner("caseworker") == "sagsbehandleren"
    assert agreement_owner("both") == "begge"
    assert agreement_owner("citizen", "Søren Møller", to_citizen=True) == "Dig"
    assert agreement_owner("caseworker", "Mette Kjær", to_citizen=True) == "Mette Kjær"
    assert agreement_owner("caseworker", to_citizen=True) == "Jobcentret"
    assert agreement_owner("both", to_citizen=True) == "Dig og jobcentret"
    assert AgreedAction(what="x", who="other", who_name=" Birthe  Møller ").stored_who == \
        "other:Birthe Møller"
    assert AgreedAction(what="x", who="both").stored_who == "both"


def test_finished_notes_as_text_name_the_owner():
    content = NoteContent(agreements=(
        AgreedAction(what="Kører Søren", who="other", who_name="Birthe Møller",
                     due_on=date(2026, 12, 1)),
        AgreedAction(what="Ringer", who="caseworker")))
    assert "- Kører Søren (Birthe Møller, senest 01.12.2026)" in content.plain_text()
    assert "- Ringer (Jobcentret)" in content.citizen_text()
    assert "- Kører Søren (Birthe Møller, senest 01.12.2026)" in content.citizen_text()


def test_an_accepted_correction_of_an_agreement_changes_the_notes_and_the_row(world, corrected):
    """R-APPR-2: an agreement is corrected as a whole (what, who, by when); accepting it
    makes a new version and changes the Agreement row the overview shows."""
    proposed = AgreedAction(what="Kører Søren til lægen", who="both", due_on=date(2026, 12, 8))
    _correction(world, corrected, "agreement-1",
                note_page(world.ctx(), corrected).content.text_of("agreement-1"),
                proposed.as_correction_text(), "c")
    page = corrections_page(world.ctx(), corrected)
    (line,) = page.pending
    assert line.section_title == "Aftale 1: Kører Søren til lægen"
    assert line.original == "Kører Søren til lægen · Birthe Møller · senest 01.12.2026"
    assert line.proposed == "Kører Søren til lægen · begge · senest 08.12.2026"
    answered = notes.accept_correction(world.ctx(), line.id, seen_version=line.version,
                                       seen_note_version=page.version)
    view = note_page(world.ctx(), corrected)
    assert answered.note_version == view.current_version == 3
    assert view.content.agreements[0] == proposed
    assert view.history[2].change.proposed == line.proposed
    world.session.expire_all()
    row = world.session.exec(select(m.Agreement).where(
        m.Agreement.meeting_id == world.last_meeting.id).order_by(m.Agreement.id)).first()
    assert (row.what, row.who, row.due_on) == ("Kører Søren til lægen", "both", date(2026, 12, 8))


def test_a_proposed_agreement_that_is_no_agreement_is_refused(world, corrected):
    from prepdesk.core.approval import LinkProblem, ProposedCorrection, answer

    sent = send_for_approval(world.ctx(), corrected, key=KEY)
    citizen = CitizenContext(world.sessions, KEY, lambda: NOW)
    with pytest.raises(LinkProblem):
        answer(citizen, sent.link.rsplit("/", 1)[1], [ProposedCorrection("agreement-1", "ikke json")])
    with pytest.raises(LinkProblem):
        answer(citizen, sent.link.rsplit("/", 1)[1],
               [ProposedCorrection("agreement-9", AgreedAction(what="x").as_correction_text())])


def test_the_next_agenda_and_so_the_invitation_name_who_does_each_agreement(world, corrected):
    from prepdesk.core import agenda

    titles = {p.title for p in agenda.view(world.ctx(), world.next_meeting.id).proposals
              if p.source == "agreement"}
    assert "Opfølgning på aftalen: Kører Søren til lægen (Birthe Møller)" in titles
    assert "Opfølgning på aftalen: Søge tre job (borgeren)" in titles  # stored without a name
