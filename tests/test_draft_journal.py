"""The copy of a draft on this computer (prepdesk/draft_journal.py): written atomically,
readable by the user only, gone once the database holds it, and a damaged file is a
sentence, never a crash (issue 10, item 4)."""

from __future__ import annotations

import json
import os
import stat
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from prepdesk import draft_journal
from prepdesk.draft_journal import CopyNotWritten, CopyUnreadable, DraftJournal
from prepdesk.paths import drafts_dir

AT = datetime.fromisoformat("2026-11-23T10:15:00+01:00")
NOTES = {"facts": "Søren har søgt fire job.", "sections": [{"key": "item-1", "text": "ÆØÅ"}]}
MORE = {**NOTES, "facts": "Søren har søgt fire job. Og mere."}


@pytest.fixture
def journal(isolated_environment) -> DraftJournal:
    return DraftJournal(drafts_dir() / draft_journal.copy_name(
        "notes", "postgresql+psycopg://kw@db.example/prepdesk", 7, 42))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_copy_lives_in_the_users_state_directory_and_is_named_without_the_address(
        journal, isolated_environment):
    assert journal.path.parent == isolated_environment / "state" / "prepdesk" / "drafts"
    assert "db.example" not in journal.path.name and "kw" not in journal.path.name
    names = {draft_journal.copy_name("notes", database, user, meeting)
             for database in ("sqlite:////a.sqlite", "sqlite:////b.sqlite")
             for user in (1, 2) for meeting in (1, 2)}
    assert len(names) == 8  # one copy per database, user and meeting


def test_a_copy_is_written_and_read_back(journal):
    assert journal.read() is None
    assert journal.write(NOTES, typed_at=AT, base_version=3)
    kept = journal.read()
    assert kept.payload == NOTES
    assert kept.typed_at == AT
    assert kept.base_version == 3


def test_the_copy_is_readable_by_the_user_only_whatever_the_umask(journal):
    journal.path.parent.mkdir(parents=True, mode=0o755)
    os.chmod(journal.path.parent, 0o755)  # a folder left readable by others
    old = os.umask(0)
    try:
        journal.write(NOTES, typed_at=AT, base_version=None)
    finally:
        os.umask(old)
    assert mode(journal.path) == 0o600
    assert mode(journal.path.parent) == 0o700


def test_writing_is_atomic_a_failed_write_leaves_the_old_copy_whole(journal, monkeypatch):
    journal.write(NOTES, typed_at=AT, base_version=1)
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(handle):
        calls.append("fsync")
        return real_fsync(handle)

    def replace(source, target):
        calls.append("replace")
        assert Path(source).parent == journal.path.parent  # a temporary file beside it
        assert json.loads(Path(source).read_text())["draft"] == MORE  # complete before
        return real_replace(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    journal.write(MORE, typed_at=AT, base_version=1)
    assert calls == ["fsync", "replace", "fsync"]  # the file, the rename, the folder
    assert journal.read().payload == MORE

    def fail(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(CopyNotWritten) as problem:
        journal.write({"facts": "Never whole"}, typed_at=AT, base_version=1)
    assert "No space left on device" in problem.value.message
    assert journal.read().payload == MORE  # the old copy, whole
    assert [p.name for p in journal.path.parent.iterdir()] == [journal.path.name]  # no leftovers


def test_the_copy_goes_once_the_database_holds_the_same(journal):
    journal.write(NOTES, typed_at=AT, base_version=1)
    journal.saved(NOTES, version=2)
    assert not journal.path.exists()
    # What the database holds is not copied again.
    assert not journal.write(NOTES, typed_at=AT, base_version=2)
    assert not journal.path.exists()


def test_a_copy_with_more_than_the_database_stays_and_builds_on_its_version(journal):
    journal.write(MORE, typed_at=AT, base_version=1)
    journal.saved(NOTES, version=2)  # a save of what was typed before MORE
    kept = journal.read()
    assert kept.payload == MORE and kept.base_version == 2 and kept.typed_at == AT
    journal.saved(MORE, version=3)
    assert not journal.path.exists()


def test_a_copy_left_by_an_earlier_run_goes_when_the_database_holds_what_came_back(journal):
    journal.write(MORE, typed_at=AT, base_version=1)
    later_run = DraftJournal(journal.path)  # the app started again and brought it back
    later_run.saved(MORE, version=2)
    assert not journal.path.exists()


def test_writes_and_saves_from_two_threads_never_lose_the_newest_typing(journal):
    texts = [{"facts": "w" * n} for n in range(1, 60)]

    def type_all():
        for text in texts:
            journal.write(text, typed_at=AT, base_version=1)

    def save_some():
        for text in texts[:30]:
            journal.saved(text, version=2)

    threads = [threading.Thread(target=type_all), threading.Thread(target=save_some)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert journal.read().payload == texts[-1]  # the database never held the last one


@pytest.mark.parametrize("damage", [
    pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
    pytest.param(lambda data: b"", id="empty"),
    pytest.param(lambda data: b"\xff\xfe\x00garbage", id="not-utf-8"),
    pytest.param(lambda data: data.replace(b"fire", b"fem!"), id="changed-by-hand"),
    pytest.param(lambda data: data.replace(b'"format": 1', b'"format": 99'), id="another-format"),
    pytest.param(lambda data: b"[1, 2, 3]", id="not-a-copy"),
    pytest.param(lambda data: data.replace(b'"typed_at": "', b'"typed_at": "x'), id="bad-time"),
])
def test_a_damaged_copy_is_a_sentence_not_a_crash(journal, damage):
    journal.write(NOTES, typed_at=AT, base_version=1)
    journal.path.write_bytes(damage(journal.path.read_bytes()))
    with pytest.raises(CopyUnreadable) as problem:
        journal.read()
    assert "kan ikke læses" in problem.value.message
    aside = journal.set_aside()
    assert aside is not None and aside.exists() and not journal.path.exists()
    assert journal.read() is None


def test_text_that_cannot_be_stored_elsewhere_is_copied_and_read_back(journal):
    hostile = {"facts": "lone \ud800 surrogate, NUL \x00, \x1b]0;title\x07 and ÆØÅ"}
    journal.write(hostile, typed_at=AT + timedelta(seconds=1), base_version=None)
    assert journal.read().payload == hostile


def test_a_folder_another_user_owns_is_refused(journal, monkeypatch):
    journal.path.parent.mkdir(parents=True)
    monkeypatch.setattr(os, "getuid", lambda: os.stat(journal.path.parent).st_uid + 1)
    with pytest.raises(CopyNotWritten) as problem:
        journal.write(NOTES, typed_at=AT, base_version=None)
    assert "tilhører en anden bruger" in problem.value.message
    assert not journal.path.exists()


def test_a_save_of_a_later_snapshot_removes_an_earlier_copy_whatever_the_order(journal):
    """The copy is written half a second after a change, the database saved every second:
    a save may hold more than the copy on disk. Then the copy goes, however the two
    arrived, and a late write of an earlier snapshot does not bring it back."""
    journal.write(NOTES, typed_at=AT, base_version=1, change=3)
    journal.saved(MORE, version=2, change=5)  # the database has more than the copy
    assert not journal.path.exists()
    assert not journal.write(NOTES, typed_at=AT, base_version=1, change=4)  # arrives late
    assert not journal.path.exists()
    # A later snapshot than the database's is kept, on the database's version.
    assert journal.write({"facts": "Endnu mere"}, typed_at=AT, base_version=2, change=6)
    journal.saved(MORE, version=3, change=5)
    assert journal.read().payload == {"facts": "Endnu mere"}
    assert journal.read().base_version == 3


def test_a_late_write_of_an_earlier_snapshot_never_replaces_a_later_one(journal):
    journal.write(MORE, typed_at=AT, base_version=1, change=9)
    assert not journal.write(NOTES, typed_at=AT, base_version=1, change=8)
    assert journal.read().payload == MORE
