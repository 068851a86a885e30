"""A long timeline: every entry once, newest first, whatever the number of rows."""

from datetime import timedelta

from sqlalchemy import insert
from sqlmodel import select
from support.people import NOW

from prepdesk.core.timeline import KINDS, timeline
from prepdesk.data import models as m

COUNT = 1234  # more than the core reads at a time, and not a multiple of it


def add_journal(world, count: int) -> None:
    # Every 100th at the moment of the last held meeting: ties across kinds.
    at = world.last_meeting.starts_at
    world.session.execute(insert(m.JournalEntry), [
        {"citizen_id": world.citizen.id, "author_id": world.me.id, "kind": "note", "direction": "",
         "occurred_at": at if number % 100 == 0 else at - timedelta(hours=number),
         "title": f"Notat {number}", "body": "Tekst. " * 40, "version": 1}
        for number in range(count)
    ])
    world.session.commit()


def test_every_entry_is_there_once_newest_first_with_ties_by_id(world):
    add_journal(world, COUNT)
    entries = timeline(world.ctx(), world.citizen.id)
    keys = [(entry.kind, entry.id) for entry in entries]
    assert len(keys) == len(set(keys))
    journal = [(entry.id, entry.at) for entry in entries if entry.kind == "journal"]
    stored = world.session.exec(
        select(m.JournalEntry.id, m.JournalEntry.occurred_at).where(
            m.JournalEntry.citizen_id == world.citizen.id, m.JournalEntry.meeting_id.is_(None))
    ).all()
    assert len(journal) == COUNT + 2
    assert journal == sorted(((id_, at) for id_, at in stored),
                             key=lambda row: (row[1], row[0]), reverse=True)
    # Across kinds: newest first, then the higher id, then the order of KINDS.
    order = [(-entry.at.timestamp(), -entry.id, KINDS.index(entry.kind)) for entry in entries]
    assert order == sorted(order)
    assert all(entry.at.utcoffset() == timedelta(0) for entry in entries)


def test_what_is_new_is_counted_on_a_long_timeline_too(world):
    add_journal(world, COUNT)
    entries = timeline(world.ctx(), world.citizen.id)
    after_the_meeting = [entry for entry in entries
                         if world.last_meeting.starts_at < entry.at <= NOW]
    assert {(entry.kind, entry.id) for entry in entries if entry.is_new} == {
        (entry.kind, entry.id) for entry in after_the_meeting}
