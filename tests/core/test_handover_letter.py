"""The citizen is told at a handover (issue 13 item 6, R-HAND-2, R-LTR-1..4): the joint
meeting in a time free in both calendars, and the letter introducing the new caseworker."""

from datetime import date, datetime, timedelta

import pytest
from sqlmodel import func, select
from support.people import NOW, user_of

from prepdesk.core import handover_letter
from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.core.handover_letter import (
    NoJointTime,
    joint_meeting_slots,
    preview_handover_letter,
    tell_the_citizen,
)
from prepdesk.core.language import check_text
from prepdesk.core.meetings import BookingRefused, create_meeting, reschedule
from prepdesk.core.my_day import my_day
from prepdesk.core.prep import checklist
from prepdesk.data import models as m
from prepdesk.delivery.outbox import send_due
from prepdesk.errors import UserError


def at(month, day, hour, minute=0, year=2026):
    return datetime(year, month, day, hour, minute, tzinfo=LOCAL_TIMEZONE)


@pytest.fixture
def jens(world):
    """Jens Holm, Mette's colleague in Team Vest: the incoming caseworker."""
    with world.sessions() as session:
        row = session.exec(select(m.Caseworker).where(m.Caseworker.initials == "JH")).one()
        return user_of(row, session.get(m.Team, row.team_id))


@pytest.fixture
def room(world):
    quiet = m.Room(name="Mødelokale 2", location="Jobcentret, Torvet 1")
    world.session.add(quiet)
    world.session.commit()
    return quiet.id


def busy(world, caseworker_id, starts_at, minutes, *, room_id=None, place="Kontoret"):
    """A planned meeting of `caseworker_id` (with Åse, so it is nobody's business here)."""
    world.session.add(m.Meeting(citizen_id=world.stranger.id, caseworker_id=caseworker_id,
                                kind="follow_up", starts_at=starts_at, minutes=minutes,
                                room_id=room_id, place=place if room_id is None else ""))
    world.session.commit()


def count(world, table):
    with world.sessions() as session:
        return session.exec(select(func.count()).select_from(table)).one()


# --- The joint meeting's time -------------------------------------------------------------


def test_a_slot_is_free_in_both_calendars_and_in_a_room(world, jens, room):
    # Monday 08:00: the letter goes out today, so the meeting is Tuesday at the earliest.
    busy(world, jens.id, at(11, 24, 8), 60)  # Jens 08-09
    busy(world, world.me.id, at(11, 24, 10), 45)  # Mette 10.00-10.45
    busy(world, world.other.id, at(11, 24, 11), 60, room_id=room)  # the room 11-12
    found = joint_meeting_slots(world.ctx(), world.citizen.id, [world.me.id, jens.id],
                                date(2026, 11, 23))
    starts = [slot.starts_at for slot in found.slots]
    assert starts[:4] == [at(11, 24, 9), at(11, 24, 12), at(11, 24, 13), at(11, 24, 14)]
    assert {slot.room_id for slot in found.slots} == {room}
    assert found.slots[0].where == "Mødelokale 2, Jobcentret, Torvet 1"
    assert (found.first_day, found.last_day) == (date(2026, 11, 24), date(2026, 12, 7))
    # Ten working days: nothing on the weekend, nothing after Monday 7 December.
    assert {s.date() for s in starts} == {date(2026, 11, d) for d in (24, 25, 26, 27, 30)} | {
        date(2026, 12, d) for d in (1, 2, 3, 4, 7)}


def test_the_meeting_is_the_working_day_after_the_letter_goes_out_at_the_earliest(world, jens):
    # Friday 17:30: the send window holds the letter until Monday 09:00, so the citizen
    # reads it Monday and meets them Tuesday at the earliest.
    ctx = world.ctx()
    friday = type(ctx)(ctx.sessions, ctx.user, ctx.settings, lambda: at(11, 27, 17, 30))
    found = joint_meeting_slots(friday, world.citizen.id, [world.me.id, jens.id],
                                date(2026, 11, 27))
    assert found.first_day == date(2026, 12, 1)
    assert found.slots[0].starts_at.date() == date(2026, 12, 1)


def test_holidays_and_weekends_are_skipped(world, jens, room):
    found = joint_meeting_slots(world.ctx(), world.citizen.id, [world.me.id, jens.id],
                                date(2026, 12, 23), within_working_days=3)
    # 24-27 December (Christmas Eve, the holidays, a Sunday) are closed: the three working
    # days from 23 December are 23, 28 and 29 December.
    assert {slot.starts_at.date() for slot in found.slots} == {
        date(2026, 12, 23), date(2026, 12, 28), date(2026, 12, 29)}
    assert found.last_day == date(2026, 12, 29)


def test_no_slot_within_the_working_days_is_a_danish_sentence(world, jens, room):
    busy(world, jens.id, at(11, 24, 8), 480)  # Jens is away all Tuesday
    with pytest.raises(NoJointTime) as none:
        joint_meeting_slots(world.ctx(), world.citizen.id, [world.me.id, jens.id],
                            date(2026, 11, 23), within_working_days=1)
    assert none.value.message == (
        "Mette Kjær og Jens Holm har ingen fælles ledig tid med et ledigt mødelokale inden for "
        "1 arbejdsdage (tirsdag 24. nov. 2026 til tirsdag 24. nov. 2026). Vælg en senere første "
        "dag, eller send brevet uden et fælles møde.")


def test_the_working_days_are_a_setting_counted_from_the_day_after_the_letter(world, jens):
    ctx = world.ctx()
    ctx = type(ctx)(ctx.sessions, ctx.user, ctx.settings.model_copy(
        update={"joint_meeting_working_days": 2}), ctx.clock)
    found = joint_meeting_slots(ctx, world.citizen.id, [world.me.id, jens.id], date(2026, 11, 2))
    assert (found.first_day, found.last_day) == (date(2026, 11, 24), date(2026, 11, 25))
    # The job centre has no private room here: the meeting is at the job centre.
    assert (found.slots[0].room_id, found.slots[0].where) == (None, "Jobcentret")


# --- The letter ---------------------------------------------------------------------------


def test_the_letter_names_the_new_caseworker_with_direct_contact_in_plain_danish(world, jens):
    told = tell_the_citizen(world.ctx(), world.citizen.id, world.me.id, jens.id, None,
                            effective_on=date(2026, 12, 1))
    assert told.meeting_id is None
    assert told.subject == "Din nye sagsbehandler er Jens Holm"
    assert "Fra tirsdag den 1. december er det mig, der har din sag." in told.body
    assert "Jeg hedder Jens Holm. Før var det Mette Kjær." in told.body
    assert "Telefon: 72 10 20 31" in told.body and "E-mail: jh@fjordby.example" in told.body
    assert "Lovgrundlag" not in told.body and "Tid og sted" not in told.body
    assert told.lix == check_text(told.body, kind="letter").lix.score <= 40
    with world.sessions() as session:
        letter = session.get(m.Letter, told.letter_id)
        # The new caseworker's letter (From and Reply-To), made by Mette.
        assert (letter.kind, letter.author_id, letter.changed_by_id) == ("handover", jens.id,
                                                                         world.me.id)
        assert session.get(m.LetterVersion, 1).lix == told.lix


def test_with_a_joint_meeting_the_letter_invites_to_it(world, jens, room):
    told = tell_the_citizen(world.ctx(), world.citizen.id, world.me.id, jens.id, at(11, 24, 10))
    assert told.subject == "Din nye sagsbehandler er Jens Holm. Møde tirsdag den 24. november kl. 10.00"
    for words in ("Nu er det mig, der har din sag.", "Mette Kjær og jeg vil gerne holde et møde",
                  "Tirsdag den 24. november 2026 kl. 10.00.", "Sted: Mødelokale 2, Jobcentret, Torvet 1",
                  "1. Velkommen, og hvem din nye sagsbehandler er (5 min.)", "Du må gerne tage en med",
                  "Birthe Møller er også velkommen.", "Lovgrundlag"):
        assert words in told.body, words
    assert told.lix <= 40
    assert told.sentence.startswith("Det fælles møde er booket: tirsdag 24. nov. 2026 kl. 10.00, "
                                    "Mødelokale 2, Jobcentret, Torvet 1.")
    with world.sessions() as session:
        meeting = session.get(m.Meeting, told.meeting_id)
        assert (meeting.kind, meeting.caseworker_id, meeting.room_id) == ("handover", jens.id, room)
        taking_part = session.exec(select(m.MeetingParticipant.caseworker_id).where(
            m.MeetingParticipant.meeting_id == meeting.id,
            m.MeetingParticipant.role == "caseworker")).all()
        assert sorted(taking_part) == sorted([world.me.id, jens.id])
        assert session.get(m.Letter, told.letter_id).meeting_id == meeting.id


def test_the_joint_meeting_is_on_both_my_days_and_blocks_both_calendars(world, jens, room):
    told = tell_the_citizen(world.ctx(), world.citizen.id, world.me.id, jens.id, at(11, 24, 10))
    for who in (world.me, jens):
        day = my_day(world.ctx(who))
        assert told.meeting_id in [meeting.id for meeting in day.later_this_week], who.name
    # Mette takes part: her calendar is taken then, though the meeting is Jens's.
    with pytest.raises(BookingRefused, match="Mette Kjær har allerede et møde"):
        create_meeting(world.ctx(), world.citizen.id, kind="follow_up", starts_at=at(11, 24, 10, 30),
                       place="Kontoret")
    # Moved, it must still suit both: Mette has Søren at 10.00-10.45 on Monday.
    with world.sessions() as session:
        version = session.get(m.Meeting, told.meeting_id).version
    with pytest.raises(BookingRefused, match="Mette Kjær har allerede et møde fra 10.00 til 10.45"):
        reschedule(world.ctx(jens), told.meeting_id, seen_version=version,
                   starts_at=at(11, 23, 10), room_id=room)
    # The next joint time leaves it out.
    found = joint_meeting_slots(world.ctx(), world.citizen.id, [world.me.id, jens.id],
                                date(2026, 11, 24), within_working_days=1)
    assert at(11, 24, 10) not in [slot.starts_at for slot in found.slots]
    assert at(11, 24, 11) in [slot.starts_at for slot in found.slots]


def test_the_letter_waits_in_the_outbox_for_the_send_window(world, jens):
    friday_afternoon = at(11, 27, 14, 5)
    told = tell_the_citizen(world.ctx(now=friday_afternoon), world.citizen.id, world.me.id,
                            jens.id, None)
    assert told.sends_at == at(11, 30, 9)
    assert "mandag kl. 09.00" in told.sentence
    with world.sessions() as session:
        message = session.get(m.OutboxMessage, told.message_id)
        assert (message.status, message.not_before, message.channel, message.to_address) == (
            "queued", at(11, 30, 9), "digital_post", "")  # no e-mail (issue 16)
    held = send_due(world.sessions, world.ctx().settings, friday_afternoon + timedelta(hours=1))
    assert (held.sent, held.held_until) == (0, at(11, 30, 9))


def test_the_preview_is_the_letter_and_stores_nothing(world, jens, room):
    before = [count(world, table) for table in (m.Meeting, m.Letter, m.OutboxMessage,
                                                m.AgendaItem, m.MeetingParticipant)]
    shown = preview_handover_letter(world.ctx(), world.citizen.id, world.me.id, jens.id,
                                    at(11, 24, 10))
    assert [count(world, table) for table in (m.Meeting, m.Letter, m.OutboxMessage,
                                              m.AgendaItem, m.MeetingParticipant)] == before
    # The letter as the citizen reads it in Digital Post: the title, then the text.
    assert shown.text == shown.subject + "\n\n" + shown.body
    assert (shown.channel, shown.reason) == (
        "digital_post", "Brevet går med Digital Post: det kan indeholde helbredsoplysninger.")
    assert shown.when == "Brevet sendes i dag kl. 09.00."
    with world.sessions() as session:
        looks = session.exec(select(m.AccessLog.action).where(
            m.AccessLog.caseworker_id == world.me.id, m.AccessLog.detail == "handover")).all()
        assert looks == ["letter_preview"]
    told = tell_the_citizen(world.ctx(), world.citizen.id, world.me.id, jens.id, at(11, 24, 10))
    assert (told.subject, told.body, told.lix) == (shown.subject, shown.body, shown.lix)


def test_a_time_that_is_not_free_stores_nothing_and_offers_the_next(world, jens, room):
    busy(world, jens.id, at(11, 24, 9, 30), 60)
    before = [count(world, table) for table in (m.Meeting, m.Letter, m.OutboxMessage)]
    with pytest.raises(BookingRefused) as refused:
        tell_the_citizen(world.ctx(), world.citizen.id, world.me.id, jens.id, at(11, 24, 10))
    assert "Jens Holm har allerede et møde fra 09.30 til 10.30" in refused.value.message
    assert refused.value.next_free == at(11, 24, 10, 30)
    assert [count(world, table) for table in (m.Meeting, m.Letter, m.OutboxMessage)] == before


def test_bad_input_is_a_sentence(world, jens):
    ctx = world.ctx()
    with pytest.raises(UserError, match="en anden end"):
        tell_the_citizen(ctx, world.citizen.id, world.me.id, world.me.id, None)
    with world.sessions() as session:  # exempt from Digital Post, and no postal address
        session.get(m.Citizen, world.citizen.id).preferred_channel = "letter"
        session.commit()
    with pytest.raises(UserError, match="ingen postadresse"):
        tell_the_citizen(ctx, world.citizen.id, world.me.id, jens.id, None)
    with world.sessions() as session:
        session.get(m.Caseworker, jens.id).active = False
        session.commit()
    with pytest.raises(UserError, match="Jens Holm kan ikke overtage sagen"):
        tell_the_citizen(ctx, world.citizen.id, world.me.id, jens.id, None)
    assert count(world, m.Letter) == 0


def test_a_colleague_who_is_neither_caseworker_nor_team_lead_is_refused(world, jens):
    with world.sessions() as session:
        row = m.Caseworker(initials="PL", name="Per Lund", email="pl@fjordby.example",
                           phone="72 10 20 40", team_id=world.me.team_id)
        session.add(row)
        session.commit()
        per = user_of(row)
    with pytest.raises(UserError, match="Kun teamlederen eller de to sagsbehandlere"):
        tell_the_citizen(world.ctx(per), world.citizen.id, world.me.id, jens.id, None)
    with pytest.raises(UserError, match="Kun teamlederen eller de to sagsbehandlere"):
        joint_meeting_slots(world.ctx(per), world.citizen.id, [world.me.id, jens.id],
                            date(2026, 11, 23))
    # The incoming caseworker may, and so may the team lead (test_access_handover_letter.py).
    told = tell_the_citizen(world.ctx(jens), world.citizen.id, world.me.id, jens.id, None)
    assert told.letter_id
    assert handover_letter.KIND == "handover"
    assert NOW < told.sends_at + timedelta(days=1)


def test_the_letter_is_the_joint_meetings_invitation_until_the_meeting_moves(world, jens, room):
    told = tell_the_citizen(world.ctx(), world.citizen.id, world.me.id, jens.id, at(11, 24, 10))
    done = {item.key: item.done for item in checklist(world.ctx(jens), told.meeting_id).items}
    assert done["invitation"] is True  # no second invitation is asked for
    with world.sessions() as session:
        version = session.get(m.Meeting, told.meeting_id).version
    reschedule(world.ctx(jens), told.meeting_id, seen_version=version, starts_at=at(11, 25, 10),
               room_id=room)
    with world.sessions() as session:
        assert session.get(m.Letter, told.letter_id).status == "outdated"
        assert session.get(m.OutboxMessage, told.message_id).status == "withdrawn"
    done = {item.key: item.done for item in checklist(world.ctx(jens), told.meeting_id).items}
    assert done["invitation"] is False


def test_the_letter_once_sent_is_in_the_aktindsigt_export_with_how_it_went(world, jens, room):
    from prepdesk.core import aktindsigt

    told = tell_the_citizen(world.ctx(), world.citizen.id, world.me.id, jens.id, at(11, 24, 10))
    with world.sessions() as session:
        message = session.exec(select(m.OutboxMessage).where(
            m.OutboxMessage.letter_id == told.letter_id)).one()
        message.status, message.sent_at = "sent", at(11, 23, 9)
        session.add(message)
        session.commit()
    made = aktindsigt.export(world.ctx(), world.citizen.id)
    [letter] = [letter for letter in made.letters if letter.subject == told.subject]
    assert (letter.channel, letter.sent_at) == ("digital_post", at(11, 23, 9))
    assert "Jens Holm" in letter.body
