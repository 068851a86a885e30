from datetime import timedelta

import pytest
from sqlmodel import select
from support.people import NOW

from prepdesk.core import agenda
from prepdesk.core.meetings import (
    Participant,
    create_meeting,
    mark_invited,
    meeting_form,
    reschedule,
)
from prepdesk.core.prep import checklist, note_accommodation, preparation
from prepdesk.data.models import (
    AccessLog,
    Accommodation,
    AgendaItem,
    Letter,
    LetterVersion,
    Meeting,
    MeetingParticipant,
    OutboxMessage,
    Representative,
    Room,
    Statement,
    StatementRead,
)
from prepdesk.errors import Conflict, UserError

LATER = NOW + timedelta(days=2)


@pytest.fixture
def rooms(world):
    quiet, open_plan = Room(name="Mødelokale 2"), Room(name="Åbent kontorlandskab", private=False)
    world.session.add_all([quiet, open_plan])
    world.session.commit()
    return quiet, open_plan


def _row(world, model, row_id):
    """The row as it is in the database now (another session may have changed it)."""
    return world.session.get(model, row_id, populate_existing=True)


def test_a_meeting_gets_the_citizen_the_caseworker_and_the_companion(world, rooms):
    meeting = create_meeting(world.ctx(), world.citizen.id, kind="follow_up", starts_at=LATER,
                             room_id=rooms[0].id)
    assert meeting.minutes == 45 and meeting.where == "Mødelokale 2"
    shown = preparation(world.ctx(), meeting.id)
    assert {(p.role, p.name) for p in shown.participants} == {
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
        create_meeting(world.ctx(), world.citizen.id, room_id=room, **fields)
    assert world.session.exec(select(Meeting).where(Meeting.starts_at == LATER)).first() is None


def test_a_first_meeting_is_an_hour_with_the_employer_consultant(world, rooms):
    meeting = create_meeting(
        world.ctx(), world.citizen.id, kind="first", starts_at=LATER,
        room_id=rooms[0].id, job_goal="Arbejde med dyr",
        participants=[Participant("employer_consultant", "Kim Vestergaard", "Jobcenter Fjordby")])
    assert meeting.minutes == 60
    assert "employer_consultant" in {p.role for p in preparation(world.ctx(), meeting.id).participants}


def test_a_phone_meeting_needs_no_room(world):
    meeting = create_meeting(world.ctx(), world.citizen.id, kind="phone", starts_at=LATER)
    assert meeting.minutes == 20


def test_a_caseworker_cannot_plan_a_meeting_with_another_teams_citizen(world, rooms):
    with pytest.raises(UserError, match="adgang"):
        create_meeting(world.ctx(), world.stranger.id, kind="phone", starts_at=LATER)


def test_the_meeting_form_offers_the_private_rooms_and_the_meeting_as_it_is(world, rooms):
    form = meeting_form(world.ctx(), world.citizen.id, world.next_meeting.id)
    assert [room.text for room in form.rooms] == ["Mødelokale 2"]
    assert (form.meeting.id, form.meeting.version) == (world.next_meeting.id,
                                                       world.next_meeting.version)
    with pytest.raises(UserError):  # a meeting of another citizen is not this form's
        meeting_form(world.ctx(world.admin), world.stranger.id, world.next_meeting.id)


def test_moving_a_meeting_a_colleague_moved_meanwhile_is_refused_with_their_name(world):
    seen = meeting_form(world.ctx(), world.citizen.id, world.next_meeting.id).meeting
    theirs = reschedule(world.ctx(world.admin), seen.id, seen_version=seen.version,
                        starts_at=LATER, place="Telefon")
    with pytest.raises(Conflict, match="Admin") as refused:
        reschedule(world.ctx(), seen.id, seen_version=seen.version,
                   starts_at=LATER + timedelta(days=1))
    assert "Genindlæs (Ctrl+R)" in refused.value.message
    kept = _row(world, Meeting, seen.id)
    assert (kept.starts_at, kept.place, kept.version) == (LATER, "Telefon", theirs.version)
    # On the view they saw after reloading, the move goes through.
    moved = reschedule(world.ctx(), seen.id, seen_version=theirs.version,
                       starts_at=LATER + timedelta(days=1))
    assert moved.starts_at == LATER + timedelta(days=1) and moved.version == theirs.version + 1


def test_moving_a_meeting_from_a_stale_second_window_says_it_was_you(world):
    seen = meeting_form(world.ctx(), world.citizen.id, world.next_meeting.id).meeting
    reschedule(world.ctx(), seen.id, seen_version=seen.version, starts_at=LATER, place="Telefon")
    with pytest.raises(Conflict, match="dig i et andet vindue"):
        reschedule(world.ctx(), seen.id, seen_version=seen.version, starts_at=LATER,
                   place="Hjemme")


def test_proposals_carry_forward_and_the_budget_warns(world):
    meeting = world.next_meeting
    agenda.add(world.ctx(), world.last_meeting.id, agenda.Proposal("Sygemelding", "both", 10, "manual"))
    held = agenda.add(world.ctx(), world.last_meeting.id,
                      agenda.Proposal("Praktikplads", "both", 10, "manual"))
    reached = world.session.get(AgendaItem, held.items[0].id)
    unreached = world.session.get(AgendaItem, held.items[1].id)
    reached.reached, unreached.reached = True, False
    world.session.commit()
    proposed = agenda.view(world.ctx(), meeting.id).proposals
    sources = [p.source for p in proposed]
    assert sources[0] == "template" and sources[-1] == "template"
    assert ("carried", unreached.id) in {(p.source, p.source_id) for p in proposed}
    assert ("statement", world.new_statement.id) in {(p.source, p.source_id) for p in proposed}
    assert ("statement", world.old_statement.id) not in {(p.source, p.source_id) for p in proposed}
    assert "agreement" in sources and "citizen_points" in sources
    shown = agenda.add_all(world.ctx(), meeting.id, proposed)
    assert shown.proposals == ()  # nothing twice
    assert [i.title for i in shown.items] == [p.title for p in proposed]
    assert shown.budget.planned > shown.budget.available and shown.budget.warning()
    first = shown.items[0]
    shown = agenda.move(world.ctx(), meeting.id, first.id, 2,
                        seen_agenda_version=shown.agenda_version)
    assert shown.items[2].id == first.id
    shown = agenda.remove(world.ctx(), meeting.id, first.id,
                          seen_agenda_version=shown.agenda_version)
    assert first.id not in [i.id for i in shown.items]
    assert [i.position for i in shown.items] == list(range(1, len(proposed)))


def test_an_item_changes_title_minutes_and_owner_and_bad_values_are_refused(world):
    meeting = world.next_meeting
    shown = agenda.add(world.ctx(), meeting.id, agenda.Proposal("Økonomi", "both", 5, "own"))
    item = shown.items[0]
    for bad in ({"title": "  "}, {"minutes": 0}, {"minutes": 241}):
        with pytest.raises(UserError):
            agenda.change(world.ctx(), meeting.id, item.id,
                          seen_agenda_version=shown.agenda_version, **bad)
    changed = agenda.change(world.ctx(), meeting.id, item.id,
                            seen_agenda_version=shown.agenda_version, title=" Bolig ", minutes=15,
                            owner="citizen")
    assert [(i.title, i.minutes, i.owner) for i in changed.items] == [("Bolig", 15, "citizen")]
    assert changed.agenda_version == shown.agenda_version + 1
    with pytest.raises(UserError, match="titel"):
        agenda.add(world.ctx(), meeting.id, agenda.Proposal(" ", "both", 5, "own"))


def _send_invitation(world, meeting_id):
    """An invitation with the agenda as it is, queued, and every participant invited."""
    body = "\n".join(item.title for item in agenda.view(world.ctx(), meeting_id).items)
    letter = Letter(citizen_id=world.citizen.id, meeting_id=meeting_id, kind="invitation",
                    author_id=world.me.id, created_at=NOW, status="queued")
    world.session.add(letter)
    world.session.flush()
    world.session.add(LetterVersion(letter_id=letter.id, number=1, created_at=NOW, subject="Indkaldelse", body=body))
    world.session.add(OutboxMessage(message_id=f"<{letter.id}@test>", letter_id=letter.id,
                                    citizen_id=world.citizen.id, to_address="s@example.dk",
                                    subject="Indkaldelse", body=body, created_at=NOW,
                                    not_before=NOW))
    present = set(world.session.exec(select(MeetingParticipant.representative_id).where(
        MeetingParticipant.meeting_id == meeting_id)))
    world.session.add_all(MeetingParticipant(meeting_id=meeting_id, role=r.kind, name=r.name,
                                             representative_id=r.id)
                          for r in world.session.exec(select(Representative).where(
                              Representative.citizen_id == world.citizen.id, Representative.active))
                          if r.id not in present)
    world.session.flush()
    for participant in world.session.exec(select(MeetingParticipant).where(MeetingParticipant.meeting_id == meeting_id)):
        participant.invited_at = NOW
        world.session.add(participant)
    world.session.commit()
    return letter


def _line(world, meeting_id, key, user=None):
    return next(i for i in checklist(world.ctx(user), meeting_id).items if i.key == key)


def test_the_checklist_is_computed_and_prepared_is_stamped_and_cleared(world, rooms):
    meeting = create_meeting(world.ctx(), world.citizen.id, kind="follow_up", starts_at=LATER,
                             room_id=rooms[0].id)
    before = checklist(world.ctx(), meeting.id)
    assert {i.key for i in before.missing} == {"statements", "agreements", "new_entries", "invitation",
                                                "representative"}
    assert not next(i for i in before.items if i.key == "rulings").applies  # follow-up, no complaint
    world.session.add(StatementRead(statement_id=world.new_statement.id, caseworker_id=world.me.id,
                                    read_at=NOW))
    world.session.add(AccessLog(at=NOW, caseworker_id=world.me.id, citizen_id=world.citizen.id,
                                action="open_file"))
    world.session.commit()
    agenda.add_all(world.ctx(), meeting.id, agenda.view(world.ctx(), meeting.id).proposals)
    _send_invitation(world, meeting.id)
    result = preparation(world.ctx(), meeting.id)
    assert result.checklist.complete, result.checklist.missing
    assert result.meeting.prepared_at == NOW
    assert _row(world, Meeting, meeting.id).prepared_at == NOW
    world.session.add(Statement(citizen_id=world.citizen.id, kind="medical", author_name="Dr. Berg",
                                author_profession="speciallæge", written_on=NOW.date(),
                                received_at=NOW + timedelta(minutes=5), title="Ny erklæring"))
    world.session.commit()
    after = preparation(world.ctx(now=NOW + timedelta(minutes=10)), meeting.id)
    assert {i.key for i in after.checklist.missing} >= {"statements"}
    assert after.meeting.prepared_at is None and _row(world, Meeting, meeting.id).prepared_at is None


def test_looking_at_a_preparation_never_changes_the_meetings_version(world):
    """Viewing records "prepared" without a new version, so a colleague's move made on the
    meeting as it was before the look still goes through (R-TEAM-1)."""
    meeting = _row(world, Meeting, world.next_meeting.id)
    meeting.prepared_at = NOW - timedelta(hours=1)  # no longer true: the look clears it
    world.session.add(meeting)
    world.session.commit()
    seen = meeting_form(world.ctx(world.admin), world.citizen.id, meeting.id).meeting
    shown = preparation(world.ctx(), meeting.id)
    assert shown.meeting.prepared_at is None and shown.meeting.version == seen.version
    moved = reschedule(world.ctx(world.admin), meeting.id, seen_version=seen.version,
                       starts_at=LATER, place="Telefon")
    assert moved.starts_at == LATER


def test_only_the_meetings_own_caseworker_records_it_as_prepared(world):
    meeting = _row(world, Meeting, world.next_meeting.id)
    meeting.prepared_at = NOW - timedelta(hours=1)
    world.session.add(meeting)
    world.session.commit()
    # The administrator has read nothing: their checklist is not complete, but it is not
    # theirs to record.
    theirs = preparation(world.ctx(world.admin), meeting.id)
    assert not theirs.checklist.complete
    assert _row(world, Meeting, meeting.id).prepared_at == NOW - timedelta(hours=1)


def test_opening_the_preparation_and_the_agenda_is_logged(world):
    preparation(world.ctx(), world.next_meeting.id)
    preparation(world.ctx(), world.next_meeting.id, again=True)  # r: not a new look
    agenda.view(world.ctx(), world.next_meeting.id)
    agenda.view(world.ctx(), world.next_meeting.id, again=True)
    checklist(world.ctx(), world.next_meeting.id)  # a computation, not a look
    looks = world.session.exec(select(AccessLog.action, AccessLog.caseworker_id).where(
        AccessLog.citizen_id == world.citizen.id, AccessLog.action != "admin_reason")
        .order_by(AccessLog.id)).all()
    assert [tuple(look) for look in looks] == [("preparation", world.me.id), ("agenda", world.me.id)]


def test_changing_the_agenda_after_the_invitation_asks_for_a_new_one(world, rooms):
    meeting = world.next_meeting
    agenda.add(world.ctx(), meeting.id, agenda.Proposal("Økonomi", "both", 5, "manual"))
    _send_invitation(world, meeting.id)
    assert _line(world, meeting.id, "invitation").done
    agenda.add(world.ctx(), meeting.id, agenda.Proposal("Bolig", "both", 5, "manual"))
    assert not _line(world, meeting.id, "invitation").done


def _queued_invitation(world, meeting_id):
    agenda.add(world.ctx(), meeting_id, agenda.Proposal("Økonomi", "both", 5, "manual"))
    return _send_invitation(world, meeting_id)


def test_a_moved_meeting_needs_a_new_invitation_and_the_old_one_never_goes(world):
    meeting = world.next_meeting
    letter = _queued_invitation(world, meeting.id)
    assert _line(world, meeting.id, "invitation").done and _line(world, meeting.id, "representative").done
    seen = _row(world, Meeting, meeting.id)
    reschedule(world.ctx(), meeting.id, seen_version=seen.version,
               starts_at=seen.starts_at + timedelta(hours=1, minutes=30), room_id=seen.room_id)
    letter = _row(world, Letter, letter.id)
    assert (letter.status, letter.changed_by_id) == ("outdated", world.me.id)
    assert {m.status for m in world.session.exec(
        select(OutboxMessage).where(OutboxMessage.letter_id == letter.id))} == {"withdrawn"}
    assert not _line(world, meeting.id, "invitation").done
    assert _line(world, meeting.id, "invitation").detail == (
        "Mødet er flyttet efter indkaldelsen: send en ny")
    assert not _line(world, meeting.id, "representative").done  # the companion has the old time


def test_a_longer_meeting_at_the_same_time_and_place_keeps_its_invitation(world):
    meeting = world.next_meeting
    letter = _queued_invitation(world, meeting.id)
    seen = _row(world, Meeting, meeting.id)
    reschedule(world.ctx(), meeting.id, seen_version=seen.version, starts_at=seen.starts_at,
               minutes=seen.minutes + 15, room_id=seen.room_id, place=seen.place)
    assert _row(world, Letter, letter.id).status == "queued"
    assert _line(world, meeting.id, "invitation").done


def test_a_representative_appointed_after_planning_must_be_invited_too(world, rooms):
    meeting = create_meeting(world.ctx(), world.citizen.id, kind="follow_up",
                             starts_at=LATER, room_id=rooms[0].id)
    late = Representative(citizen_id=world.citizen.id, kind="representative", name="Advokat Lund",
                          relation="advokat", active=True)
    world.session.add(late)
    world.session.commit()
    uninvited = preparation(world.ctx(), meeting.id).uninvited
    assert [r.name for r in uninvited] == ["Birthe Møller", "Advokat Lund"]
    assert "Advokat Lund" in _line(world, meeting.id, "representative").detail
    for representative in uninvited:
        mark_invited(world.ctx(), meeting.id, representative.id)  # by phone, say
    again = preparation(world.ctx(), meeting.id)
    assert again.uninvited == ()
    assert _line(world, meeting.id, "representative").done
    assert "representative" in {p.role for p in again.participants}


def test_marking_someone_who_is_no_representative_invited_is_refused(world):
    with pytest.raises(UserError, match="repræsentant"):
        mark_invited(world.ctx(), world.next_meeting.id, 999_999)


def test_accommodations_are_noted_from_the_checklist(world, rooms):
    meeting = world.next_meeting
    for accommodation in world.session.exec(select(Accommodation)):
        accommodation.active = False
        world.session.add(accommodation)
    world.session.commit()
    assert not _line(world, meeting.id, "accommodations").done
    with pytest.raises(UserError, match="tilpasning"):
        note_accommodation(world.ctx(), world.citizen.id, "  ")
    noted = note_accommodation(world.ctx(), world.citizen.id, " Ingen særlige behov ")
    assert (noted.description, noted.agreed_on, noted.agreed_by_id) == (
        "Ingen særlige behov", NOW.date(), world.me.id)
    assert _line(world, meeting.id, "accommodations").done
    with pytest.raises(UserError):
        note_accommodation(world.ctx(), world.stranger.id, "Pauser")


def test_the_preparation_holds_the_meeting_its_checklist_and_agenda(world):
    meeting = world.next_meeting
    agenda.add(world.ctx(), meeting.id, agenda.Proposal("Økonomi", "both", 5, "manual"))
    prep = preparation(world.ctx(), meeting.id)
    assert prep.citizen_name == "Søren Møller" and prep.place == "Mødelokale 2"
    assert [item.title for item in prep.agenda] == ["Økonomi"]
    assert prep.budget.planned == 5
    assert {i.key for i in prep.checklist.items} >= {"statements", "invitation"}


def test_a_meeting_that_is_gone_or_not_mine_to_see_is_refused(world, rooms):
    with pytest.raises(UserError, match="findes ikke"):
        preparation(world.ctx(), 999_999)
    theirs = Meeting(citizen_id=world.stranger.id, caseworker_id=world.me.id, kind="phone",
                     starts_at=LATER)
    world.session.add(theirs)
    world.session.commit()
    with pytest.raises(UserError, match="adgang"):
        preparation(world.ctx(), theirs.id)
    with pytest.raises(UserError, match="adgang"):
        agenda.view(world.ctx(), theirs.id)


def test_an_item_of_another_meeting_is_not_this_agendas_to_change(world):
    """The item id alone must not open another meeting's agenda: the item is looked up
    on the meeting whose access was checked."""
    mine = agenda.add(world.ctx(), world.last_meeting.id, agenda.Proposal("Økonomi", "both", 5, "own"))
    shown = agenda.view(world.ctx(), world.next_meeting.id)
    with pytest.raises(UserError, match="ikke længere på dagsordenen"):
        agenda.change(world.ctx(), world.next_meeting.id, mine.items[0].id,
                      seen_agenda_version=shown.agenda_version, title="Overtaget")


def test_the_agenda_shows_the_change_just_made(world):
    meeting = world.next_meeting
    shown = agenda.add(world.ctx(), meeting.id, agenda.Proposal("Økonomi", "both", 10, "manual"))
    assert [i.title for i in shown.items] == ["Økonomi"]
    assert shown.budget.summary() == f"Punkterne tager 10 af mødets {meeting.minutes} minutter."
    assert shown.citizen_name == "Søren Møller" and shown.proposals
    with pytest.raises(UserError):
        agenda.view(world.ctx(), 999_999)


