from datetime import timedelta

import pytest
from sqlmodel import select
from world import NOW

from prepdesk.core import agenda
from prepdesk.core.access import open_citizen
from prepdesk.core.letters import (
    current_text,
    invitation_draft,
    invitation_view,
    queue_letter,
    redraft,
    versions,
)
from prepdesk.core.meetings import (
    Participant,
    create_meeting,
    mark_invited,
    open_meeting,
    participants,
    reschedule,
    uninvited_representatives,
)
from prepdesk.core.prep import checklist, note_accommodation, preparation, refresh_prepared
from prepdesk.core.statements import mark_read
from prepdesk.data import db
from prepdesk.data.models import (
    Accommodation,
    Letter,
    LetterVersion,
    Meeting,
    MeetingParticipant,
    OutboxMessage,
    Representative,
    Room,
    Statement,
)
from prepdesk.errors import UserError

LATER = NOW + timedelta(days=2)


@pytest.fixture
def rooms(world):
    quiet, open_plan = Room(name="Mødelokale 2"), Room(name="Åbent kontorlandskab", private=False)
    world.session.add_all([quiet, open_plan])
    world.session.commit()
    return quiet, open_plan


def test_a_meeting_gets_the_citizen_the_caseworker_and_the_companion(world, rooms):
    meeting = create_meeting(world.session, world.me, world.citizen.id, kind="follow_up", starts_at=LATER,
                             now=NOW, room_id=rooms[0].id)
    assert meeting.minutes == 45
    assert {(p.role, p.name) for p in participants(world.session, meeting.id)} == {
        ("citizen", "Søren Møller"), ("caseworker", "Mette Kjær"), ("companion", "Birthe Møller")}


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"kind": "follow_up", "starts_at": NOW - timedelta(hours=1)}, "senere end nu"),
        ({"kind": "first", "starts_at": LATER}, "jobmål"),
        ({"kind": "first", "starts_at": LATER, "job_goal": "Lager"}, "virksomhedskonsulent"),
        ({"kind": "follow_up", "starts_at": LATER, "room": "open"}, "overhøres"),
        ({"kind": "follow_up", "starts_at": LATER, "room": None}, "lokale"),
        ({"kind": "coffee", "starts_at": LATER}, "coffee"),
    ],
)
def test_a_meeting_that_cannot_be_held_gets_a_sentence(world, rooms, fields, problem):
    fields = dict(fields)  # shared by both backends
    room = {"open": rooms[1].id, None: None}.get(fields.pop("room", "quiet"), rooms[0].id)
    with pytest.raises(UserError, match=problem):
        create_meeting(world.session, world.me, world.citizen.id, now=NOW, room_id=room, **fields)


def test_a_first_meeting_is_an_hour_with_the_employer_consultant(world, rooms):
    meeting = create_meeting(
        world.session, world.me, world.citizen.id, kind="first", starts_at=LATER, now=NOW,
        room_id=rooms[0].id, job_goal="Arbejde med dyr",
        participants=[Participant("employer_consultant", "Kim Vestergaard", "Jobcenter Fjordby")])
    assert meeting.minutes == 60
    assert "employer_consultant" in {p.role for p in participants(world.session, meeting.id)}


def test_a_phone_meeting_needs_no_room(world):
    meeting = create_meeting(world.session, world.me, world.citizen.id, kind="phone", starts_at=LATER, now=NOW)
    assert meeting.minutes == 20


def test_a_caseworker_cannot_plan_a_meeting_with_another_teams_citizen(world, rooms):
    with pytest.raises(UserError):
        create_meeting(world.session, world.me, world.stranger.id, kind="phone", starts_at=LATER, now=NOW)


def test_rescheduling_never_overwrites_someone_elses_change(world, db_url):
    mine = world.next_meeting
    other_session = db.session_factory(world.session.get_bind())()
    theirs = other_session.get(type(mine), mine.id)
    reschedule(other_session, theirs, starts_at=LATER, now=NOW, place="Telefon")
    with pytest.raises(UserError, match="ændret"):
        reschedule(world.session, mine, starts_at=LATER + timedelta(days=1), now=NOW)
    other_session.close()


def test_proposals_carry_forward_and_the_budget_warns(world):
    meeting = world.next_meeting
    reached = agenda.add(world.session, world.last_meeting, agenda.Proposal("Sygemelding", "both", 10, "manual"))
    unreached = agenda.add(world.session, world.last_meeting, agenda.Proposal("Praktikplads", "both", 10, "manual"))
    reached.reached, unreached.reached = True, False
    world.session.commit()
    proposed = agenda.proposals(world.session, meeting)
    sources = [p.source for p in proposed]
    assert sources[0] == "template" and sources[-1] == "template"
    assert ("carried", unreached.id) in {(p.source, p.source_id) for p in proposed}
    assert ("statement", world.new_statement.id) in {(p.source, p.source_id) for p in proposed}
    assert ("statement", world.old_statement.id) not in {(p.source, p.source_id) for p in proposed}
    assert "agreement" in sources and "citizen_points" in sources
    agenda.add_all(world.session, meeting, proposed)
    assert agenda.proposals(world.session, meeting) == []  # nothing twice
    over = agenda.budget(world.session, meeting)
    assert over.planned > over.available and over.warning()
    first = agenda.items(world.session, meeting.id)[0]
    agenda.move(world.session, meeting, first.id, 2)
    assert agenda.items(world.session, meeting.id)[2].id == first.id
    agenda.remove(world.session, meeting, first.id)
    assert [i.position for i in agenda.items(world.session, meeting.id)] == list(range(1, len(proposed)))


def _send_invitation(world, meeting):
    body = "\n".join(item.title for item in agenda.items(world.session, meeting.id))
    letter = Letter(citizen_id=world.citizen.id, meeting_id=meeting.id, kind="invitation",
                    author_id=world.me.id, created_at=NOW, status="queued")
    world.session.add(letter)
    world.session.flush()
    world.session.add(LetterVersion(letter_id=letter.id, number=1, created_at=NOW, subject="Indkaldelse", body=body))
    for participant in world.session.exec(select(MeetingParticipant).where(MeetingParticipant.meeting_id == meeting.id)):
        participant.invited_at = NOW
        world.session.add(participant)
    world.session.commit()


def test_the_checklist_is_computed_and_prepared_is_stamped_and_cleared(world, rooms):
    meeting = create_meeting(world.session, world.me, world.citizen.id, kind="follow_up", starts_at=LATER,
                             now=NOW, room_id=rooms[0].id)
    before = checklist(world.session, world.me, meeting, NOW)
    assert {i.key for i in before.missing} == {"statements", "agreements", "new_entries", "invitation",
                                                "representative"}
    assert not next(i for i in before.items if i.key == "rulings").applies  # follow-up, no complaint
    mark_read(world.ctx(), world.new_statement.id)
    agenda.add_all(world.session, meeting, agenda.proposals(world.session, meeting))
    open_citizen(world.session, world.me, world.citizen.id, NOW)
    _send_invitation(world, meeting)
    result = refresh_prepared(world.session, world.me, meeting, NOW)
    assert result.complete, result.missing
    assert meeting.prepared_at == NOW
    world.session.add(Statement(citizen_id=world.citizen.id, kind="medical", author_name="Dr. Berg",
                                author_profession="speciallæge", written_on=NOW.date(),
                                received_at=NOW + timedelta(minutes=5), title="Ny erklæring"))
    world.session.commit()
    after = refresh_prepared(world.session, world.me, meeting, NOW + timedelta(minutes=10))
    assert {i.key for i in after.missing} >= {"statements"}
    assert meeting.prepared_at is None


def test_changing_the_agenda_after_the_invitation_asks_for_a_new_one(world, rooms):
    meeting = world.next_meeting
    agenda.add(world.session, meeting, agenda.Proposal("Økonomi", "both", 5, "manual"))
    _send_invitation(world, meeting)
    assert next(i for i in checklist(world.session, world.me, meeting, NOW).items if i.key == "invitation").done
    agenda.add(world.session, meeting, agenda.Proposal("Bolig", "both", 5, "manual"))
    assert not next(i for i in checklist(world.session, world.me, meeting, NOW).items if i.key == "invitation").done


def _line(world, meeting, key):
    return next(i for i in checklist(world.session, world.me, meeting, NOW).items if i.key == key)


def _queued_invitation(world, meeting):
    agenda.add(world.session, meeting, agenda.Proposal("Økonomi", "both", 5, "manual"))
    letter = invitation_draft(world.session, world.me, meeting, NOW)
    queue_letter(world.session, world.me, letter, "soeren@example.dk", NOW, sender="jc@example.dk")
    return letter


def test_a_moved_meeting_needs_a_new_invitation_and_the_old_one_never_goes(world):
    meeting = world.next_meeting
    letter = _queued_invitation(world, meeting)
    assert _line(world, meeting, "invitation").done and _line(world, meeting, "representative").done
    reschedule(world.session, meeting, starts_at=meeting.starts_at + timedelta(hours=1, minutes=30),
               now=NOW, room_id=meeting.room_id)
    world.session.refresh(letter)
    assert letter.status == "outdated"
    assert {m.status for m in world.session.exec(
        select(OutboxMessage).where(OutboxMessage.letter_id == letter.id))} == {"withdrawn"}
    assert not _line(world, meeting, "invitation").done
    assert _line(world, meeting, "invitation").detail == (
        "Mødet er flyttet efter indkaldelsen: send en ny")
    assert not _line(world, meeting, "representative").done  # the companion has the old time
    assert invitation_draft(world.session, world.me, meeting, NOW).id != letter.id


def test_a_longer_meeting_at_the_same_time_and_place_keeps_its_invitation(world):
    meeting = world.next_meeting
    letter = _queued_invitation(world, meeting)
    reschedule(world.session, meeting, starts_at=meeting.starts_at, now=NOW,
               minutes=meeting.minutes + 15, room_id=meeting.room_id, place=meeting.place)
    world.session.refresh(letter)
    assert letter.status == "queued" and _line(world, meeting, "invitation").done


def test_a_representative_appointed_after_planning_must_be_invited_too(world, rooms):
    meeting = create_meeting(world.session, world.me, world.citizen.id, kind="follow_up",
                             starts_at=LATER, now=NOW, room_id=rooms[0].id)
    late = Representative(citizen_id=world.citizen.id, kind="representative", name="Advokat Lund",
                          relation="advokat", active=True)
    world.session.add(late)
    world.session.commit()
    assert [r.name for r in uninvited_representatives(world.session, meeting)] == [
        "Birthe Møller", "Advokat Lund"]
    assert "Advokat Lund" in _line(world, meeting, "representative").detail
    for representative in uninvited_representatives(world.session, meeting):
        mark_invited(world.session, meeting, representative.id, NOW)  # by phone, say
    assert uninvited_representatives(world.session, meeting) == []
    assert _line(world, meeting, "representative").done
    assert "representative" in {p.role for p in participants(world.session, meeting.id)}


def test_marking_someone_who_is_no_representative_invited_is_refused(world):
    with pytest.raises(UserError, match="repræsentant"):
        mark_invited(world.session, world.next_meeting, 999_999, NOW)


def test_accommodations_are_noted_from_the_checklist(world, rooms):
    meeting = world.next_meeting
    for accommodation in world.session.exec(select(Accommodation)):
        accommodation.active = False
        world.session.add(accommodation)
    world.session.commit()
    assert not _line(world, meeting, "accommodations").done
    with pytest.raises(UserError, match="tilpasning"):
        note_accommodation(world.session, world.me, world.citizen.id, "  ", NOW)
    noted = note_accommodation(world.session, world.me, world.citizen.id,
                               " Ingen særlige behov ", NOW)
    assert (noted.description, noted.agreed_on, noted.agreed_by_id) == (
        "Ingen særlige behov", NOW.date(), world.me.id)
    assert _line(world, meeting, "accommodations").done
    with pytest.raises(UserError):
        note_accommodation(world.session, world.me, world.stranger.id, "Pauser", NOW)


def test_the_preparation_holds_the_meeting_its_checklist_and_agenda(world):
    meeting = world.next_meeting
    agenda.add(world.session, meeting, agenda.Proposal("Økonomi", "both", 5, "manual"))
    prep = preparation(world.session, world.me, meeting.id, NOW)
    assert prep.citizen_name == "Søren Møller"
    assert [item.title for item in prep.agenda] == ["Økonomi"]
    assert prep.budget.planned == 5
    assert {i.key for i in prep.checklist.items} >= {"statements", "invitation"}


def test_a_meeting_that_is_gone_or_not_mine_to_see_is_refused(world, rooms):
    with pytest.raises(UserError, match="findes ikke"):
        open_meeting(world.session, world.me, 999_999)
    theirs = Meeting(citizen_id=world.stranger.id, caseworker_id=world.me.id, kind="phone",
                     starts_at=LATER)
    world.session.add(theirs)
    world.session.commit()
    with pytest.raises(UserError, match="adgang"):
        open_meeting(world.session, world.me, theirs.id)


def test_the_invitation_draft_is_reused_and_redrafted_with_the_agenda_as_it_is(world):
    meeting = world.next_meeting
    agenda.add(world.session, meeting, agenda.Proposal("Økonomi", "both", 5, "manual"))
    letter = invitation_draft(world.session, world.me, meeting, NOW)
    assert invitation_draft(world.session, world.me, meeting, NOW).id == letter.id
    agenda.add(world.session, meeting, agenda.Proposal("Bolig", "both", 5, "manual"))
    assert "Bolig" not in current_text(world.session, letter).body
    version = redraft(world.session, world.me, letter, NOW)
    assert version.number == 2 and "Bolig" in version.body
    assert [v.number for v in versions(world.session, letter)] == [1, 2]


def test_the_agenda_view_makes_the_change_and_shows_the_agenda_after_it(world):
    meeting = world.next_meeting
    shown = agenda.view(world.session, world.me, meeting.id, lambda session, m: agenda.add(
        session, m, agenda.Proposal("Økonomi", "both", 10, "manual")))
    assert [i.title for i in shown.items] == ["Økonomi"]
    assert shown.budget.summary() == f"Punkterne tager 10 af mødets {meeting.minutes} minutter."
    assert shown.citizen_name == "Søren Møller" and shown.proposals
    with pytest.raises(UserError):
        agenda.view(world.session, world.me, 999_999)


def test_the_invitation_view_saves_typed_text_and_redrafts_from_the_template(world):
    meeting = world.next_meeting
    agenda.add(world.session, meeting, agenda.Proposal("Økonomi", "both", 10, "manual"))
    first = invitation_view(world.session, world.me, meeting.id, NOW)
    typed = invitation_view(world.session, world.me, meeting.id, NOW, text=("Emne", "Min tekst"))
    assert (typed.letter_id, typed.version, typed.body) == (first.letter_id, first.version + 1, "Min tekst")
    again = invitation_view(world.session, world.me, meeting.id, NOW, again=True)
    assert again.version == typed.version + 1 and "Økonomi" in again.body
    assert again.citizen_name == "Søren Møller" and again.meeting.id == meeting.id
