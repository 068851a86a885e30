"""Aktindsigt (issue 12 item 4, R-SEC-4): requests against the 7-working-day deadline,
open requests per role, answering, and what the export holds and leaves out."""

from datetime import date, datetime

import pytest
from sqlmodel import select
from support.people import STAFF, user_of

from prepdesk.core import aktindsigt
from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.data import models as m
from prepdesk.errors import UserError

# --- the deadline ------------------------------------------------------------------------


@pytest.mark.parametrize(("received", "due"), [
    (date(2026, 11, 23), date(2026, 12, 2)),  # Monday: the Wednesday of the next week
    (date(2026, 11, 28), date(2026, 12, 8)),  # Saturday: counted from Monday
    # Easter 2026: Maundy Thursday 2.4., Good Friday 3.4., Easter Monday 6.4. are closed.
    (date(2026, 3, 30), date(2026, 4, 13)),
    # Christmas: 24.-26.12., 31.12. and 1.1. are closed (the job centre's optional days too).
    (date(2026, 12, 17), date(2026, 12, 30)),
    (date(2026, 12, 22), date(2027, 1, 6)),
])
def test_the_deadline_is_7_working_days_with_danish_holidays(received, due):
    assert aktindsigt.due_on(received) == due


def test_a_registered_request_carries_its_deadline_and_who_registered_it(world):
    request = aktindsigt.register_request(world.ctx(), world.citizen.id, date(2026, 11, 20),
                                          "Alt om min sag")
    assert (request.received_on, request.due_on, request.overdue) == (
        date(2026, 11, 20), date(2026, 12, 1), False)
    row = world.session.get(m.AccessRequest, request.id)
    assert (row.registered_by_id, row.what_asked) == (world.me.id, "Alt om min sag")


def test_the_day_received_defaults_to_today_and_is_never_in_the_future(world):
    assert aktindsigt.register_request(world.ctx(), world.citizen.id).received_on == date(2026, 11, 23)
    with pytest.raises(UserError, match="fremtiden"):
        aktindsigt.register_request(world.ctx(), world.citizen.id, date(2026, 11, 24))


# --- open requests per role ----------------------------------------------------------------


def _lead(world):
    lone = m.Caseworker(**{k: v for k, v in STAFF["lone"].items() if k != "team"},
                        team_id=world.me.team_id)
    world.session.add(lone)
    world.session.commit()
    return user_of(lone)


def _team_citizen_of_jens(world):
    """A citizen of Team Vest assigned to Jens, not to Mette."""
    jens = world.session.exec(select(m.Caseworker).where(m.Caseworker.initials == "JH")).one()
    other = m.Citizen(cpr="020202-2222", first_name="Bo", last_name="Berg", search_name="bo berg",
                      team_id=world.me.team_id)
    world.session.add(other)
    world.session.flush()
    world.session.add(m.CaseworkerAssignment(citizen_id=other.id, caseworker_id=jens.id,
                                             started_at=datetime(2026, 1, 1, tzinfo=LOCAL_TIMEZONE)))
    world.session.commit()
    return other, user_of(jens)


def test_a_caseworker_sees_their_own_citizens_requests_and_a_team_lead_the_teams(world):
    bo, jens = _team_citizen_of_jens(world)
    lead = _lead(world)
    mine = aktindsigt.register_request(world.ctx(), world.citizen.id, date(2026, 11, 10))
    jens_s = aktindsigt.register_request(world.ctx(jens), bo.id, date(2026, 11, 20))
    theirs = aktindsigt.register_request(world.ctx(world.other), world.stranger.id)
    assert [r.id for r in aktindsigt.open_requests(world.ctx())] == [mine.id]
    assert [r.id for r in aktindsigt.open_requests(world.ctx(jens))] == [jens_s.id]
    assert [r.id for r in aktindsigt.open_requests(world.ctx(lead))] == [mine.id, jens_s.id]
    assert [r.id for r in aktindsigt.open_requests(world.ctx(world.other))] == [theirs.id]
    assert aktindsigt.open_requests(world.ctx(world.admin)) == ()
    # Received 10.11., due 19.11.: overdue on Monday 23.11.
    assert aktindsigt.open_requests(world.ctx())[0].overdue is True


def test_an_answered_request_leaves_the_list_and_cannot_be_answered_twice(world):
    request = aktindsigt.register_request(world.ctx(), world.citizen.id)
    answered = aktindsigt.answer(world.ctx(), request.id, "handed")
    assert "udleveret personligt" in answered.sentence
    assert aktindsigt.open_requests(world.ctx()) == ()
    row = world.session.get(m.AccessRequest, request.id)
    world.session.refresh(row)
    assert (row.handled_by_id, row.answered_how) == (world.me.id, "handed")
    with pytest.raises(UserError, match="Mette Kjær har allerede besvaret"):
        aktindsigt.answer(world.ctx(), request.id, "post")
    with pytest.raises(UserError, match="Vælg, hvordan"):
        aktindsigt.answer(world.ctx(), request.id, "pigeon")


# --- the export ----------------------------------------------------------------------------


def test_the_export_holds_the_file_and_is_logged_without_staff_names(world):
    world.session.add_all([
        m.AgendaItem(meeting_id=world.last_meeting.id, position=1, title="Praktik hos Dyrlægen"),
        m.ReviewFeedback(meeting_id=world.last_meeting.id, author_id=world.me.id,
                         created_at=datetime(2026, 11, 17, 9, tzinfo=LOCAL_TIMEZONE),
                         text="Husk at spørge til medicinen"),
        m.AccessLog(at=datetime(2026, 11, 20, 9, tzinfo=LOCAL_TIMEZONE), caseworker_id=world.other.id,
                    citizen_id=world.citizen.id, action="open_file"),
        m.OutboxMessage(message_id="<1@x>", citizen_id=world.citizen.id, to_address="s@x.dk",
                        subject="Indkaldelse", body="Kom til møde",
                        created_at=datetime(2026, 11, 16, tzinfo=LOCAL_TIMEZONE),
                        not_before=datetime(2026, 11, 16, tzinfo=LOCAL_TIMEZONE), status="sent",
                        sent_at=datetime(2026, 11, 16, 9, tzinfo=LOCAL_TIMEZONE)),
    ])
    letter = m.Letter(citizen_id=world.citizen.id, kind="invitation", author_id=world.me.id,
                      created_at=datetime(2026, 11, 10, tzinfo=LOCAL_TIMEZONE), status="sent")
    draft = m.Letter(citizen_id=world.citizen.id, kind="other", author_id=world.me.id,
                     created_at=datetime(2026, 11, 10, tzinfo=LOCAL_TIMEZONE), status="draft")
    world.session.add_all([letter, draft])
    world.session.flush()
    world.session.add_all([
        m.LetterVersion(letter_id=letter.id, number=1, subject="Indkaldelse i november",
                        created_at=datetime(2026, 11, 10, tzinfo=LOCAL_TIMEZONE), body="Kom"),
        m.LetterVersion(letter_id=draft.id, number=1, subject="Ikke sendt",
                        created_at=datetime(2026, 11, 10, tzinfo=LOCAL_TIMEZONE), body="Kladde"),
    ])
    world.session.commit()
    made = aktindsigt.export(world.ctx(), world.citizen.id)
    assert made.citizen.name == "Søren Møller" and made.contact.name == "Mette Kjær"
    assert {e.title for e in made.entries} == {"Opkald fra borger", "SMS til borger"}
    assert {s.title for s in made.statements} == {"Lægeerklæring", "Psykologudtalelse"}
    assert ("Praktik hos Dyrlægen",) in [meeting.agenda for meeting in made.meetings]
    assert {a.what for a in made.agreements} == {"Søge tre job", "Afsluttet aftale"}
    # Letters as sent: the outbox's copy, and a letter marked sent without one; no draft.
    assert [letter.subject for letter in made.letters] == ["Indkaldelse i november", "Indkaldelse"]
    # The internal feedback is listed by title, never its text.
    assert [item.title for item in made.left_out] == ["Feedback på forberedelsen af mødet 16.11.2026"]
    assert "medicinen" not in made.model_dump_json()
    # The access log: when and why, the export itself included; no one's name.
    assert [look.purpose for look in made.access_log] == [
        "Din sag blev åbnet",
        "En administrator åbnede din sag og skrev hvorfor",  # the world's administrator's
        "Din sag blev kopieret til din aktindsigt"]
    log = made.model_dump_json(include={"access_log"})
    assert "Sara" not in log and "Mette" not in log
    assert world.session.exec(select(m.AccessLog).where(m.AccessLog.action == "export")).one()


def test_the_export_has_every_version_of_the_notes_and_the_corrections(world):
    note = m.Note(meeting_id=world.last_meeting.id, citizen_id=world.citizen.id,
                  author_id=world.me.id, current_version=2, status="corrected")
    world.session.add(note)
    world.session.flush()
    at = datetime(2026, 11, 17, 9, tzinfo=LOCAL_TIMEZONE)
    request = m.ApprovalRequest(note_id=note.id, note_version=1, public_id="p", nonce="n",
                                sent_at=at, expires_at=at)
    world.session.add_all([
        m.NoteVersion(note_id=note.id, number=1, created_at=at, content={"facts": "Søren kan 5 timer"}),
        m.NoteVersion(note_id=note.id, number=2, created_at=at, content={"facts": "Søren kan 10 timer"},
                      change_summary="Rettelse fra borgeren accepteret"),
        request,
    ])
    world.session.flush()
    world.session.add(m.Correction(approval_request_id=request.id, note_id=note.id, section="facts",
                                   original_text="Søren kan 5 timer", proposed_text="Søren kan 10 timer",
                                   received_at=at, status="accepted", resulting_version=2))
    world.session.commit()
    (notes,) = aktindsigt.export(world.ctx(), world.citizen.id).notes
    assert [("5 timer" in v.text, "10 timer" in v.text) for v in notes.versions] == [
        (True, False), (False, True)]
    assert [(c.original, c.proposed, c.status) for c in notes.corrections] == [
        ("Søren kan 5 timer", "Søren kan 10 timer", "godkendt")]


def test_a_letter_sent_by_digital_post_or_paper_says_how_it_went(world):
    from prepdesk.export.aktindsigt import render_html

    for number, (channel, subject) in enumerate(
            [("digital_post", "Indkaldelse med Digital Post"), ("remote_print", "Brev på papir")]):
        world.session.add(m.OutboxMessage(
            message_id=f"<{number}@x>", citizen_id=world.citizen.id, to_address="", channel=channel,
            subject=subject, body="Kom til møde", status="sent",
            created_at=datetime(2026, 11, 16, tzinfo=LOCAL_TIMEZONE),
            not_before=datetime(2026, 11, 16, tzinfo=LOCAL_TIMEZONE),
            sent_at=datetime(2026, 11, 16, 9 + number, tzinfo=LOCAL_TIMEZONE)))
    world.session.commit()
    page = render_html(aktindsigt.export(world.ctx(), world.citizen.id))
    assert "Sendt 16.11.2026 kl. 09.00 med Digital Post" in page
    assert "Sendt 16.11.2026 kl. 10.00 som brev med posten" in page
