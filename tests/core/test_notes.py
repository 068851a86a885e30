"""core.notes: drafts, finishing, corrections and their races, on SQLite and PostgreSQL."""

import threading
from datetime import date, timedelta

import pytest
from sqlmodel import select
from support.people import NOW
from support.roles import with_reason

from prepdesk.core import meeting_mode, notes
from prepdesk.core.note_content import AgreedAction, NoteContent, StatementDiscussed
from prepdesk.core.note_page import corrections_page, note_page
from prepdesk.data.models import (
    AccessLog,
    AgendaItem,
    Agreement,
    ApprovalRequest,
    Correction,
    JournalEntry,
    Note,
    NoteDraft,
    NoteVersion,
    StatementDiscussion,
)
from prepdesk.errors import Conflict, UserError

LATER = NOW + timedelta(hours=3)


@pytest.fixture
def meeting(world):
    meeting = world.next_meeting
    world.session.add_all([
        AgendaItem(meeting_id=meeting.id, position=1, title="Sygemelding", owner="both"),
        AgendaItem(meeting_id=meeting.id, position=2, title="Praktikplads", owner="both"),
    ])
    world.session.commit()
    return meeting


def blank(world, meeting) -> NoteContent:
    return meeting_mode.start(world.ctx(), meeting.id).content


def written(world, meeting) -> NoteContent:
    content = blank(world, meeting)
    first, second = content.sections
    return content.model_copy(update={
        "participants": ("Søren Møller", "Mette Kjær"),
        "sections": (first.model_copy(update={"text": "Søren er stadig sygemeldt. Han sover dårligt."}),
                     second.model_copy(update={"reached": False})),
        "citizen_view": "Jeg vil gerne i praktik, men ikke før min ryg er bedre.",
        "agreements": (AgreedAction(what="Søren spørger lægen om skånehensyn", who="citizen",
                                    due_on=date(2026, 12, 7)),
                       AgreedAction(what="Mette finder en praktik med lette opgaver", who="caseworker")),
        "next_steps": "Mette ringer til Søren fredag.",
        "next_meeting": "Mandag den 14. december kl. 10.00",
        "statements": (StatementDiscussed(statement_id=world.new_statement.id, deviates=True,
                                          reason="Borgeren oplyser, at han nu kan arbejde 15 timer."),),
    })


def finished(world, meeting) -> int:
    return notes.finish(world.ctx(now=LATER), meeting.id, written(world, meeting)).note_id


# --- drafts ------------------------------------------------------------------------------------


def test_drafts_are_kept_until_the_notes_are_finished(world, meeting):
    ctx = world.ctx()
    content = written(world, meeting)
    saved = notes.save_draft(ctx, meeting.id, content, seen_version=None)
    assert saved.content is None and saved.sentence is None
    content = content.model_copy(update={"facts": "Mødt til tiden."})
    again = notes.save_draft(world.ctx(now=NOW + timedelta(seconds=2)), meeting.id, content,
                             seen_version=saved.version)
    assert again.version > saved.version and again.content is None
    start = meeting_mode.start(ctx, meeting.id)
    assert start.draft.facts == "Mødt til tiden." and start.draft_version == again.version
    assert meeting_mode.start(world.ctx(world.admin), meeting.id).draft is None  # my draft only
    notes.finish(world.ctx(now=LATER), meeting.id, content, seen_version=again.version)
    assert world.session.exec(select(NoteDraft)).all() == []


def test_notes_are_not_finished_without_what_another_window_saved_meanwhile(world, meeting):
    """Window B finishes what its screen shows after window A saved more to the draft: that
    would leave A's text out, so nothing is finished until B has seen both texts."""
    ctx = world.ctx()
    base = written(world, meeting)
    first = notes.save_draft(ctx, meeting.id, base, seen_version=None)
    window_a = base.model_copy(update={"facts": base.facts + " A skriver videre."})
    notes.save_draft(ctx, meeting.id, window_a, seen_version=first.version, base=base)
    with pytest.raises(notes.DraftChanged, match="andet vindue"):
        notes.finish(world.ctx(now=LATER), meeting.id, base, seen_version=first.version)
    assert world.session.exec(select(Note)).all() == []
    mine = base.model_copy(update={"next_steps": "B's næste skridt."})
    merged = notes.save_draft(ctx, meeting.id, mine, seen_version=first.version, base=base)
    notes.finish(world.ctx(now=LATER), meeting.id, merged.content, seen_version=merged.version)
    version = world.session.exec(select(NoteVersion)).one()
    assert "A skriver videre." in version.content["facts"]
    assert version.content["next_steps"] == "B's næste skridt."


def test_a_window_that_saw_no_draft_does_not_finish_over_one_saved_since(world, meeting):
    content = written(world, meeting)
    notes.save_draft(world.ctx(), meeting.id, content, seen_version=None)
    with pytest.raises(notes.DraftChanged):
        notes.finish(world.ctx(now=LATER), meeting.id, blank(world, meeting))


def test_an_old_stored_draft_still_loads(world, meeting):
    """Drafts stored as plain dicts before the typed content (the demo's) open as they are."""
    item = world.session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)).first()
    world.session.add(NoteDraft(meeting_id=meeting.id, author_id=world.me.id, saved_at=NOW, content={
        "participants": ["Søren Møller"],
        "sections": [{"key": f"item-{item.id}", "title": "Sygemelding", "text": "Gammel", "reached": True}],
        "citizen_view": "", "facts": "", "next_steps": "", "next_meeting": "", "statements": [],
        "agreements": [{"what": "Søge job", "who": "citizen", "due_on": None}],
        "unsaved_agreement": "Ring til lægen / borger"}))
    world.session.commit()
    draft = meeting_mode.start(world.ctx(), meeting.id).draft
    assert draft.sections[0].text == "Gammel" and draft.agreements[0].due_on is None
    assert draft.unsaved_agreement == "Ring til lægen / borger"


def test_a_draft_saved_from_two_windows_keeps_both_texts(world, meeting):
    """One caseworker, two windows on the same notes: the stale window's save does not
    replace the other's text; both texts are kept and the result says so."""
    ctx = world.ctx()
    base = blank(world, meeting)
    first = notes.save_draft(ctx, meeting.id, base, seen_version=None)
    window_a = base.model_copy(update={"facts": "Tekst fra vindue A."})
    window_b = base.model_copy(update={"facts": "Tekst fra vindue B.", "next_steps": "Kun B."})
    a = notes.save_draft(ctx, meeting.id, window_a, seen_version=first.version, base=base)
    assert a.content is None
    b = notes.save_draft(ctx, meeting.id, window_b, seen_version=first.version, base=base)
    assert b.sentence and "andet vindue" in b.sentence
    assert "Tekst fra vindue A." in b.content.facts and "Tekst fra vindue B." in b.content.facts
    stored = meeting_mode.start(ctx, meeting.id).draft
    assert stored == b.content and stored.next_steps == "Kun B."


def test_a_window_that_starts_over_empties_no_text_another_window_still_shows(world, meeting):
    """Window A starts over (an empty draft) while window B types on: B's next save keeps
    the text B shows, and says so truthfully, rather than taking A's empty fields."""
    ctx = world.ctx()
    base = blank(world, meeting)
    first = notes.save_draft(ctx, meeting.id, base.model_copy(update={"facts": "B skrev først."}),
                             seen_version=None)
    shown_in_b = base.model_copy(update={"facts": "B skrev først."})
    emptied = notes.save_draft(ctx, meeting.id, base, seen_version=first.version)  # A: start over
    assert emptied.content is None
    b = notes.save_draft(ctx, meeting.id, shown_in_b.model_copy(update={"next_steps": "B igen."}),
                         seen_version=first.version, base=shown_in_b)
    assert b.content.facts == "B skrev først." and b.content.next_steps == "B igen."


def test_a_draft_saved_at_the_same_moment_from_two_windows_loses_nothing(world, meeting):
    ctx = world.ctx()
    base = blank(world, meeting)
    first = notes.save_draft(ctx, meeting.id, base, seen_version=None)
    texts = ["Vindue A skrev dette.", "Vindue B skrev dette."]
    barrier = threading.Barrier(2)
    outcomes = []

    def save(text):
        barrier.wait()
        try:
            outcomes.append(notes.save_draft(ctx, meeting.id, base.model_copy(update={"facts": text}),
                                             seen_version=first.version, base=base))
        except Conflict as conflict:  # a retry (the next autosave) keeps it
            outcomes.append(conflict)
            outcomes.append(notes.save_draft(ctx, meeting.id, base.model_copy(update={"facts": text}),
                                             seen_version=first.version, base=base))

    threads = [threading.Thread(target=save, args=(text,)) for text in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored = meeting_mode.start(ctx, meeting.id).draft
    assert all(text in stored.facts for text in texts)


def test_a_draft_of_finished_notes_is_refused_with_who(world, meeting):
    finished(world, meeting)
    with pytest.raises(Conflict, match="Mette Kjær"):
        notes.save_draft(world.ctx(), meeting.id, blank(world, meeting), seen_version=None)


# --- finishing ---------------------------------------------------------------------------------


def test_finishing_records_agreements_reached_items_statements_and_the_journal(world, meeting):
    note_id = finished(world, meeting)
    session = world.session
    session.expire_all()
    assert meeting.status == "held"
    whats = set(session.exec(select(Agreement.what).where(Agreement.meeting_id == meeting.id)))
    assert whats == {"Søren spørger lægen om skånehensyn", "Mette finder en praktik med lette opgaver"}
    items = session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)
                         .order_by(AgendaItem.position)).all()
    assert [i.reached for i in items] == [True, False]
    discussion = session.exec(select(StatementDiscussion)).one()
    assert discussion.deviates and "15 timer" in discussion.deviation_reason
    journal = session.exec(select(JournalEntry).where(JournalEntry.meeting_id == meeting.id)).one()
    assert "sover dårligt" in journal.body
    page = note_page(world.ctx(), note_id)
    assert [v.number for v in page.history] == [1]
    assert page.content.agreements[0].due_on == date(2026, 12, 7)


def test_finishing_twice_is_refused_with_who(world, meeting):
    finished(world, meeting)
    with pytest.raises(Conflict, match="Mette Kjær"):
        notes.finish(world.ctx(world.admin), meeting.id, written(world, meeting))


def test_two_caseworkers_finishing_the_same_notes_at_once_get_a_sentence(world, meeting):
    """Once a raw IntegrityError: now one wins and the other is told who finished them."""
    content = written(world, meeting)
    contexts = [world.ctx(world.me, now=LATER), world.ctx(world.admin, now=LATER)]
    barrier = threading.Barrier(2)
    outcomes = []

    def finish(ctx):
        barrier.wait()
        try:
            outcomes.append(notes.finish(ctx, meeting.id, content))
        except Exception as error:  # noqa: BLE001 - what it is, is the point
            outcomes.append(error)

    threads = [threading.Thread(target=finish, args=(ctx,)) for ctx in contexts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done = [o for o in outcomes if isinstance(o, notes.FinishedNote)]
    refused = [o for o in outcomes if not isinstance(o, notes.FinishedNote)]
    assert len(done) == 1 and len(refused) == 1
    assert isinstance(refused[0], Conflict), refused
    assert ("Mette Kjær" in refused[0].message or "Admin" in refused[0].message)
    assert len(world.session.exec(select(NoteVersion)).all()) == 1


def test_deviating_from_a_statement_needs_a_reason(world, meeting):
    content = written(world, meeting)
    content = content.model_copy(update={"statements": (
        content.statements[0].model_copy(update={"reason": "  "}),)})
    with pytest.raises(UserError, match="hvorfor"):
        notes.finish(world.ctx(), meeting.id, content)


def test_the_citizen_version_puts_agreements_and_next_steps_first(world, meeting):
    text = written(world, meeting).citizen_text()
    assert text.index("spørger lægen") < text.index("Mette ringer") < text.index("sover dårligt")
    assert "07.12.2026" in text


# --- corrections -------------------------------------------------------------------------------


def add_correction(world, note_id, section, proposed) -> int:
    session = world.session
    content = note_page(world.ctx(), note_id).content
    request = session.exec(select(ApprovalRequest).where(ApprovalRequest.note_id == note_id)).first()
    if request is None:
        request = ApprovalRequest(note_id=note_id, note_version=1, public_id=f"p{note_id}",
                                  nonce=f"n{note_id}", sent_at=LATER, expires_at=LATER + timedelta(days=14))
        session.add(request)
        session.flush()
    correction = Correction(approval_request_id=request.id, note_id=note_id, section=section,
                            original_text=content.text_of(section), proposed_text=proposed,
                            received_at=LATER + timedelta(days=1))
    session.add(correction)
    session.commit()
    return correction.id


def test_an_accepted_correction_changes_the_document_as_version_2(world, meeting):
    note_id = finished(world, meeting)
    key = note_page(world.ctx(), note_id).content.sections[0].key
    correction_id = add_correction(world, note_id, key, "Søren er stadig sygemeldt. Han sover godt nu.")
    page = corrections_page(world.ctx(), note_id)
    (line,) = page.pending
    answered = notes.accept_correction(world.ctx(now=LATER + timedelta(days=2)), correction_id,
                                       seen_version=line.version, seen_note_version=page.version)
    assert answered.note_version == 2
    page = note_page(world.ctx(), note_id)
    assert page.content.text_of(key) == "Søren er stadig sygemeldt. Han sover godt nu."
    assert [(v.number, v.author) for v in page.history] == [(1, "Mette Kjær"), (2, "Mette Kjær")]
    assert "Sygemelding" in page.history[1].change_summary
    with pytest.raises(Conflict, match="allerede"):
        notes.accept_correction(world.ctx(), correction_id, seen_version=line.version,
                                seen_note_version=page.version)


def test_a_rejected_correction_stays_on_top_with_its_reason(world, meeting):
    note_id = finished(world, meeting)
    correction_id = add_correction(world, note_id, "citizen_view", "Jeg har aldrig sagt, at jeg vil i praktik.")
    with pytest.raises(UserError):
        notes.reject_correction(world.ctx(), correction_id, " ", seen_version=None)
    notes.reject_correction(world.ctx(), correction_id, "Det blev sagt på mødet; Birthe var med.",
                            seen_version=None)
    page = note_page(world.ctx(), note_id)
    assert [c.reason for c in page.rejected] == ["Det blev sagt på mødet; Birthe var med."]
    assert page.current_version == 1


def test_a_correction_answered_by_a_colleague_is_refused_with_who_and_when(world, meeting):
    note_id = finished(world, meeting)
    correction_id = add_correction(world, note_id, "facts", "Rettet.")
    page = corrections_page(world.ctx(), note_id)
    (line,) = page.pending
    tomorrow = with_reason(world, world.admin, now=LATER + timedelta(days=1))  # R-SEC-3
    notes.reject_correction(world.ctx(tomorrow, now=LATER + timedelta(days=1)), correction_id,
                            "Nej.", seen_version=line.version)
    with pytest.raises(Conflict, match=r"afvist af Admin .*24\.11\.2026"):
        notes.accept_correction(world.ctx(), correction_id, seen_version=line.version,
                                seen_note_version=page.version)
    assert note_page(world.ctx(), note_id).current_version == 1


def test_a_stale_accept_after_another_version_is_refused(world, meeting):
    """Two corrections on one page: accepting the second on the page shown before the
    first made version 2 is refused (the notes changed), naming who."""
    note_id = finished(world, meeting)
    first = add_correction(world, note_id, "facts", "Rettet et.")
    second = add_correction(world, note_id, "citizen_view", "Rettet to.")
    page = corrections_page(world.ctx(), note_id)
    versions = {line.id: line.version for line in page.pending}
    notes.accept_correction(world.ctx(world.admin), first, seen_version=versions[first],
                            seen_note_version=page.version)
    with pytest.raises(Conflict, match="Admin"):
        notes.accept_correction(world.ctx(), second, seen_version=versions[second],
                                seen_note_version=page.version)
    fresh = corrections_page(world.ctx(), note_id)
    notes.accept_correction(world.ctx(), second, seen_version=fresh.pending[0].version,
                            seen_note_version=fresh.version)
    content = note_page(world.ctx(), note_id).content
    assert (content.facts, content.citizen_view) == ("Rettet et.", "Rettet to.")  # nothing lost


@pytest.mark.parametrize("rounds", [4])
def test_accepting_while_a_colleague_rejects_never_crashes(world, meeting, rounds):
    """Once an app crashed in 3 of 4 tries: now one answer wins, the other is told who
    decided and when, every time."""
    note_id = finished(world, meeting)
    for round_ in range(rounds):
        correction_id = add_correction(world, note_id, "facts", f"Rettelse {round_}.")
        page = corrections_page(world.ctx(), note_id)
        line = next(line for line in page.pending if line.id == correction_id)
        barrier = threading.Barrier(2)
        outcomes = {}

        def accept(line=line, page=page, correction_id=correction_id, barrier=barrier,
                   outcomes=outcomes):
            barrier.wait()
            try:
                outcomes["accept"] = notes.accept_correction(
                    world.ctx(world.me), correction_id, seen_version=line.version,
                    seen_note_version=page.version)
            except Exception as error:  # noqa: BLE001
                outcomes["accept"] = error

        def reject(line=line, correction_id=correction_id, barrier=barrier, outcomes=outcomes):
            barrier.wait()
            try:
                outcomes["reject"] = notes.reject_correction(
                    world.ctx(world.admin), correction_id, "Nej.", seen_version=line.version)
            except Exception as error:  # noqa: BLE001
                outcomes["reject"] = error

        threads = [threading.Thread(target=accept), threading.Thread(target=reject)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        won = [o for o in outcomes.values() if isinstance(o, notes.CorrectionAnswered)]
        lost = [o for o in outcomes.values() if not isinstance(o, notes.CorrectionAnswered)]
        assert len(won) == 1 and len(lost) == 1, outcomes
        assert isinstance(lost[0], Conflict), lost
        winner = "Mette Kjær" if won[0].status == "accepted" else "Admin"
        assert winner in lost[0].message or "Du har" in lost[0].message
        world.session.expire_all()
        assert world.session.get(Correction, correction_id).status == won[0].status


def test_opening_the_notes_and_the_corrections_is_logged(world, meeting):
    note_id = finished(world, meeting)
    before = len(world.session.exec(select(AccessLog)).all())
    note_page(world.ctx(), note_id)
    corrections_page(world.ctx(), note_id)
    looks = world.session.exec(select(AccessLog.action).order_by(AccessLog.id)).all()[before:]
    assert looks == ["notes", "corrections"]


def test_stored_notes_of_another_shape_are_a_sentence_not_a_crash(world, meeting):
    world.session.add(NoteDraft(meeting_id=meeting.id, author_id=world.me.id, saved_at=NOW,
                                content={"sections": "ikke en liste", "agreements": [{"who": "x"}]}))
    world.session.commit()
    with pytest.raises(UserError, match="IT"):
        meeting_mode.start(world.ctx(), meeting.id)
