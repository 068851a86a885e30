"""The copy of the notes on this computer meets the database's draft (core/local_drafts.py):
a copy newer than the database's draft comes back, an older one or one the database already
holds goes, and an unreadable one is set aside with a sentence. On SQLite and PostgreSQL
(the copy is named after the database: each database has its own)."""

from __future__ import annotations

from datetime import timedelta

from support.people import NOW

from prepdesk.core import local_drafts, meeting_mode, notes
from prepdesk.core.note_content import NoteContent


def blank(world) -> NoteContent:
    return meeting_mode.start(world.ctx(), world.next_meeting.id).content


def test_without_a_copy_the_database_draft_is_offered(world):
    ctx = world.ctx()
    content = blank(world).model_copy(update={"facts": "I databasen"})
    notes.save_draft(ctx, world.next_meeting.id, content, seen_version=None)
    opened = local_drafts.open_notes(ctx, world.next_meeting.id)
    assert opened.meeting.draft == content
    assert not opened.restored and opened.sentence is None


def test_a_copy_typed_on_the_databases_draft_comes_back_and_is_said(world):
    ctx = world.ctx()
    saved = notes.save_draft(ctx, world.next_meeting.id,
                             blank(world).model_copy(update={"facts": "Gemt"}), seen_version=None)
    typed = blank(world).model_copy(update={"facts": "Gemt og mere", "last_edited": "text-facts"})
    copy = local_drafts.open_notes(ctx, world.next_meeting.id).copy
    # Typed at the same minute as the save (a clock standing still): the copy builds on the
    # database's version, so it is newer.
    copy.keep(typed, typed_at=NOW, base_version=saved.version)
    opened = local_drafts.open_notes(ctx, world.next_meeting.id)
    assert opened.restored
    assert opened.meeting.draft == typed
    assert opened.meeting.draft_version == saved.version
    assert opened.sentence == ("Det, du skrev indtil kl. 08.00, nåede ikke databasen. Det blev "
                               "gemt på denne computer og er her igen.")
    # The next save overwrites the database's draft (it is the version the copy knew), and
    # the copy goes once the database holds it.
    again = notes.save_draft(ctx, world.next_meeting.id, typed,
                             seen_version=opened.meeting.draft_version)
    assert again.content is None
    opened.copy.saved(typed, version=again.version)
    assert not opened.copy.path.exists()


def test_a_copy_without_any_draft_in_the_database_comes_back(world):
    ctx = world.ctx()
    typed = blank(world).model_copy(update={"citizen_view": "Alt gik tabt i databasen"})
    local_drafts.open_notes(ctx, world.next_meeting.id).copy.keep(typed, typed_at=NOW,
                                                                 base_version=None)
    opened = local_drafts.open_notes(ctx, world.next_meeting.id)
    assert opened.restored and opened.meeting.draft == typed
    assert opened.meeting.draft_saved_at == NOW


def test_a_copy_older_than_a_draft_saved_elsewhere_goes(world):
    """Typed here, then (the computer off) the notes went on in another window: the
    database's draft is newer, so it is offered, and the old copy goes."""
    ctx = world.ctx()
    saved = notes.save_draft(ctx, world.next_meeting.id, blank(world), seen_version=None)
    copy = local_drafts.open_notes(ctx, world.next_meeting.id).copy
    copy.keep(blank(world).model_copy(update={"facts": "Gammel kopi"}), typed_at=NOW,
              base_version=saved.version)
    later = world.ctx(now=NOW + timedelta(minutes=5))
    elsewhere = notes.save_draft(later, world.next_meeting.id,
                                 blank(world).model_copy(update={"facts": "Nyere andetsteds"}),
                                 seen_version=saved.version)
    opened = local_drafts.open_notes(later, world.next_meeting.id)
    assert not opened.restored
    assert opened.meeting.draft.facts == "Nyere andetsteds"
    assert opened.meeting.draft_version == elsewhere.version
    assert not copy.path.exists()


def test_a_copy_newer_than_a_draft_saved_elsewhere_comes_back_and_the_save_merges(world):
    ctx = world.ctx()
    saved = notes.save_draft(ctx, world.next_meeting.id, blank(world), seen_version=None)
    copy = local_drafts.open_notes(ctx, world.next_meeting.id).copy
    notes.save_draft(world.ctx(now=NOW + timedelta(minutes=1)), world.next_meeting.id,
                     blank(world).model_copy(update={"facts": "Fra det andet vindue"}),
                     seen_version=saved.version)
    mine = blank(world).model_copy(update={"next_steps": "Fra denne computer"})
    copy.keep(mine, typed_at=NOW + timedelta(minutes=2), base_version=saved.version)
    opened = local_drafts.open_notes(world.ctx(now=NOW + timedelta(minutes=3)),
                                     world.next_meeting.id)
    assert opened.restored and opened.meeting.draft == mine
    together = notes.save_draft(ctx, world.next_meeting.id, mine,
                                seen_version=opened.meeting.draft_version)
    assert together.content.facts == "Fra det andet vindue"
    assert together.content.next_steps == "Fra denne computer"


def test_a_copy_the_database_already_holds_goes_without_a_word(world):
    ctx = world.ctx()
    content = blank(world).model_copy(update={"facts": "Det samme"})
    saved = notes.save_draft(ctx, world.next_meeting.id, content, seen_version=None)
    copy = local_drafts.open_notes(ctx, world.next_meeting.id).copy
    copy.keep(content, typed_at=NOW, base_version=None)  # a crash between commit and removal
    opened = local_drafts.open_notes(ctx, world.next_meeting.id)
    assert not opened.restored and opened.sentence is None
    assert opened.meeting.draft_version == saved.version
    assert not copy.path.exists()


def test_finished_notes_take_the_copy_with_them(world):
    ctx = world.ctx()
    copy = local_drafts.open_notes(ctx, world.next_meeting.id).copy
    copy.keep(blank(world).model_copy(update={"facts": "x"}), typed_at=NOW, base_version=None)
    notes.finish(ctx, world.next_meeting.id, blank(world))
    opened = local_drafts.open_notes(ctx, world.next_meeting.id)
    assert opened.meeting.finished_note_id is not None and not opened.restored
    assert not copy.path.exists()


def test_an_unreadable_copy_is_set_aside_with_a_sentence(world):
    ctx = world.ctx()
    copy = local_drafts.open_notes(ctx, world.next_meeting.id).copy
    copy.keep(blank(world).model_copy(update={"facts": "Halv"}), typed_at=NOW, base_version=None)
    copy.path.write_bytes(copy.path.read_bytes()[:40])  # truncated
    opened = local_drafts.open_notes(ctx, world.next_meeting.id)
    assert not opened.restored and opened.meeting.draft is None
    assert opened.sentence.startswith("Kopien af det, du skrev, på denne computer kan ikke læses")
    assert not copy.path.exists()
    assert copy.path.with_name(copy.path.name + ".unreadable").exists()
    assert str(copy.path.with_name(copy.path.name + ".unreadable")) in opened.sentence
    # And the next opening has nothing to say.
    assert local_drafts.open_notes(ctx, world.next_meeting.id).sentence is None


def test_a_copy_that_is_not_notes_is_set_aside_too(world):
    ctx = world.ctx()
    copy = local_drafts.open_notes(ctx, world.next_meeting.id).copy
    copy.journal.write({"sections": "not a list"}, typed_at=NOW, base_version=None)
    opened = local_drafts.open_notes(ctx, world.next_meeting.id)
    assert not opened.restored and opened.sentence is not None
    assert not copy.path.exists()
