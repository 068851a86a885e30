import threading
from datetime import timedelta

import pytest
from sqlmodel import select
from support.people import NOW

from prepdesk.core.journal import close_inquiry, edit_note, log_inquiry, quick_note
from prepdesk.core.my_day import my_day
from prepdesk.core.quick_note import citizen_contact
from prepdesk.core.timeline import timeline
from prepdesk.data import models as m
from prepdesk.errors import Conflict, UserError

FRIDAY_AFTERNOON = NOW + timedelta(days=4, hours=6)  # Friday 27 Nov 2026, 14:00


def test_a_phone_call_is_recorded_in_seconds_and_shows_in_the_timeline(world):
    entry = quick_note(world.ctx(), world.citizen.id, channel="phone", direction="in",
                       text="Søren ringede: han er syg i dag.\nMødet flyttes.")
    assert entry.title == "Søren ringede: han er syg i dag."
    assert entry.occurred_at == NOW
    assert ("journal", entry.id) in {(e.kind, e.id) for e in timeline(world.ctx(), world.citizen.id)}


@pytest.mark.parametrize(("channel", "text"), [("fax", "x"), ("phone", "   ")])
def test_an_empty_or_strange_note_gets_a_sentence(world, channel, text):
    with pytest.raises(UserError):
        quick_note(world.ctx(), world.citizen.id, channel=channel, direction="in", text=text)


def test_no_note_about_another_teams_citizen(world):
    with pytest.raises(UserError):
        quick_note(world.ctx(), world.stranger.id, channel="sms", direction="in", text="x")


def test_an_inquiry_on_friday_afternoon_is_due_monday_and_flagged_when_late(world):
    inquiry = log_inquiry(world.ctx(now=FRIDAY_AFTERNOON), world.citizen.id, channel="email",
                          summary="Spørger om sin ydelse")
    assert inquiry.due_at == FRIDAY_AFTERNOON + timedelta(days=3)
    monday_evening = world.ctx(now=FRIDAY_AFTERNOON + timedelta(days=3, hours=4))
    assert [i.id for i in my_day(monday_evening).overdue_inquiries] == [inquiry.id]
    closed = close_inquiry(monday_evening, inquiry.id, seen_version=inquiry.version,
                           answer="Vi har modtaget din mail og svarer i morgen.",
                           acknowledgement_only=True)
    assert my_day(monday_evening).overdue_inquiries == []
    assert closed.answered_at is None and closed.acknowledged_at == monday_evening.clock()
    assert closed.journal_entry_id is not None
    # Acknowledged, not answered: still open in the quick-note dialog, with its new version.
    [still_open] = citizen_contact(world.ctx(), world.citizen.id).open_inquiries
    assert still_open.id == inquiry.id and still_open.version == closed.version


def _journal_titles(world, citizen_id):
    with world.sessions() as session:
        return session.exec(select(m.JournalEntry.title)
                            .where(m.JournalEntry.citizen_id == citizen_id)).all()


# --- two people on one inquiry or note (R-TEAM-1) --------------------------------------


def test_closing_an_inquiry_a_colleague_answered_meanwhile_is_refused_naming_them(world):
    inquiry = log_inquiry(world.ctx(), world.citizen.id, channel="phone", summary="Hvornår?")
    seen = citizen_contact(world.ctx(), world.citizen.id).open_inquiries[0]
    close_inquiry(world.ctx(world.admin), inquiry.id, seen_version=seen.version,
                  answer="Svar fra Admin.")
    with pytest.raises(Conflict, match="Admin"):
        close_inquiry(world.ctx(), inquiry.id, seen_version=seen.version, answer="Mit svar.")
    with world.sessions() as session:
        bodies = session.exec(select(m.JournalEntry.body)).all()
    assert "Svar fra Admin." in bodies and "Mit svar." not in bodies
    assert citizen_contact(world.ctx(), world.citizen.id).open_inquiries == ()


def test_the_same_user_in_two_windows_is_told_it_was_them(world):
    inquiry = log_inquiry(world.ctx(), world.citizen.id, channel="phone", summary="Hvornår?")
    close_inquiry(world.ctx(), inquiry.id, seen_version=inquiry.version, answer="Kvittering.",
                  acknowledgement_only=True)
    with pytest.raises(Conflict) as refused:
        close_inquiry(world.ctx(), inquiry.id, seen_version=inquiry.version, answer="Igen.")
    assert "Admin" not in refused.value.message


def test_two_closing_one_inquiry_at_the_same_moment_one_wins_nothing_crashes(world):
    inquiry = log_inquiry(world.ctx(), world.citizen.id, channel="sms", summary="Hjælp")
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def close(user, name):
        barrier.wait()
        try:
            outcomes[name] = close_inquiry(world.ctx(user), inquiry.id,
                                           seen_version=inquiry.version, answer=f"Svar fra {name}")
        except Conflict as conflict:
            outcomes[name] = conflict

    threads = [threading.Thread(target=close, args=(user, name))
               for user, name in ((world.me, "me"), (world.admin, "admin"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(type(o).__name__ for o in outcomes.values()) == ["Conflict", "InquiryView"]
    with world.sessions() as session:
        bodies = session.exec(select(m.JournalEntry.body).where(
            m.JournalEntry.body.startswith("Svar fra"))).all()
        stored = session.get(m.Inquiry, inquiry.id)
    winner = next(o for o in outcomes.values() if not isinstance(o, Conflict))
    assert len(bodies) == 1 and stored.journal_entry_id == winner.journal_entry_id


def test_editing_a_note_a_colleague_edited_meanwhile_is_refused_and_theirs_is_kept(world):
    note = quick_note(world.ctx(), world.citizen.id, channel="phone", direction="in",
                      text="Første udgave")
    edit_note(world.ctx(world.admin), note.id, seen_version=note.version, text="Admins rettelse")
    with pytest.raises(Conflict, match="Admin"):
        edit_note(world.ctx(), note.id, seen_version=note.version, text="Min rettelse")
    assert "Admins rettelse" in _journal_titles(world, world.citizen.id)
    fresh = edit_note(world.ctx(), note.id, seen_version=note.version + 1, text="Min rettelse")
    assert fresh.body == "Min rettelse" and fresh.version == note.version + 2


def test_two_editing_one_note_at_the_same_moment_one_wins_nothing_crashes(world):
    note = quick_note(world.ctx(), world.citizen.id, channel="phone", direction="in", text="Start")
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def edit(user, name):
        barrier.wait()
        try:
            outcomes[name] = edit_note(world.ctx(user), note.id, seen_version=note.version,
                                       text=f"Tekst fra {name}")
        except Conflict as conflict:
            outcomes[name] = conflict

    threads = [threading.Thread(target=edit, args=(user, name))
               for user, name in ((world.me, "me"), (world.admin, "admin"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(type(o).__name__ for o in outcomes.values()) == ["Conflict", "JournalNote"]
    winner = next(o for o in outcomes.values() if not isinstance(o, Conflict))
    with world.sessions() as session:
        assert session.get(m.JournalEntry, note.id).body == winner.body
