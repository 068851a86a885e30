"""The notes' draft, kept on this computer too while it is typed (issue 10, R-NOTE-3).

Meeting mode saves the draft in the database every second (notes.save_draft). While the
database is away, what is typed is kept only in a copy on this computer
(prepdesk/draft_journal.py), written within a second of every change; a copy on disk means
"typed here, not (yet) in the database". `open_notes` opens meeting mode (meeting_mode.start)
and brings such a copy back when it is newer than the database's draft:

- the database's draft is the version the copy was typed on (`base_version`), or there is
  no draft in the database: the copy is what was typed last, and it comes back;
- the database's draft was saved meanwhile from elsewhere (another window, another
  computer): the copy comes back only when it was typed after that save; the next autosave
  then merges the two (notes.save_draft keeps both texts, and says so);
- otherwise, or when it holds what the database holds, the copy goes.

A copy that cannot be read is set aside, with a sentence, and the database's draft shown.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from prepdesk import draft_journal
from prepdesk.core.context import Context
from prepdesk.core.meeting_mode import MeetingStart, start
from prepdesk.core.note_content import NoteContent
from prepdesk.dates import clock_time
from prepdesk.draft_journal import DraftJournal
from prepdesk.errors import UserError
from prepdesk.i18n import _
from prepdesk.paths import drafts_dir


class NotesCopy:
    """The copy on this computer of one meeting's notes, as this user types them.

    Its methods touch only the local disk (never the database) and may raise
    `draft_journal.CopyNotWritten` (a UserError): call them off the app's thread."""

    def __init__(self, journal: DraftJournal) -> None:
        self.journal = journal

    @property
    def path(self):  # noqa: ANN201 - a Path, for messages and tests
        return self.journal.path

    def keep(self, content: NoteContent, *, typed_at: datetime, base_version: int | None,
             change: int | None = None) -> bool:
        """Write `content` to disk (when it differs from what is there or in the database).
        `change` numbers the screen's snapshots in order (draft_journal.DraftJournal.write)."""
        return self.journal.write(content.to_stored(), typed_at=typed_at,
                                  base_version=base_version, change=change)

    def saved(self, content: NoteContent, *, version: int | None,
              change: int | None = None) -> None:
        """The database holds `content`, the screen's snapshot `change`, as the draft's
        `version` now."""
        self.journal.saved(content.to_stored(), version=version, change=change)

    def discard(self) -> None:
        self.journal.discard()


@dataclass(frozen=True)
class NotesOpened:
    meeting: MeetingStart  # with `draft` the copy from this computer when it came back
    copy: NotesCopy
    restored: bool  # the draft is the copy from this computer
    sentence: str | None  # what the screen says about the copy (restored, unreadable)


def _notes_copy(ctx: Context, meeting_id: int) -> NotesCopy:
    """The copy of `meeting_id`'s notes for the current user on the current database."""
    name = draft_journal.copy_name("notes", _database_identity(ctx), ctx.user.id, meeting_id)
    return NotesCopy(DraftJournal(drafts_dir() / name))


def open_notes(ctx: Context, meeting_id: int) -> NotesOpened:
    """Meeting mode's opening (meeting_mode.start, which checks access and logs the look),
    with the copy from this computer brought back when it is newer than the database's."""
    meeting = start(ctx, meeting_id)
    copy = _notes_copy(ctx, meeting_id)
    try:
        kept = copy.journal.read()
        content = None if kept is None else NoteContent.from_stored(kept.payload)
    except UserError:  # CopyUnreadable, or JSON that is not notes
        aside = copy.journal.set_aside()
        return NotesOpened(meeting, copy, False, _(
            "The copy of your typing kept on this computer could not be read, so the draft from "
            "the database is shown. The file is kept for IT: {file}").format(
                file=aside or copy.path))
    if kept is None:
        return NotesOpened(meeting, copy, False, None)
    if meeting.finished_note_id is not None or content == meeting.draft \
            or not _newer(kept, meeting):
        copy.discard()
        return NotesOpened(meeting, copy, False, None)
    restored = replace(meeting, draft=content, draft_saved_at=kept.typed_at,
                       draft_version=kept.base_version)
    return NotesOpened(restored, copy, True, _(
        "What you typed until {time} had not reached the database. It was kept on this "
        "computer and is back here.").format(
            time=clock_time(kept.typed_at)))


def _newer(kept: draft_journal.KeptCopy, meeting: MeetingStart) -> bool:
    if meeting.draft is None or kept.base_version == meeting.draft_version:
        return True
    return meeting.draft_saved_at is None or kept.typed_at > meeting.draft_saved_at


def _database_identity(ctx: Context) -> str:
    """Which database this is, for the copy's name: its address without a password (a
    SQLite file by its absolute path)."""
    engine = ctx.sessions.kw.get("bind")
    url = getattr(engine, "url", None)
    if url is None:
        return "unknown"
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        from pathlib import Path

        return f"sqlite:///{Path(url.database).resolve()}"
    return url.render_as_string(hide_password=True)
