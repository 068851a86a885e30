"""The library of rulings as the screens read it, and its import (R-RULE-1, R-RULE-3).

One ruling in full, the meeting a ruling is being attached to, and the import of a file
of rulings from inside the app. The library is the job centre's: any user may read and
import it. Where a citizen's meeting is named, access is checked and the look logged.
Practice changes are in `practice`; search and "similar to this case" in
`ruling_search`, `similar_rulings` and `ruling_library`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import String, cast
from sqlmodel import Session, select

from prepdesk.core import access
from prepdesk.core import agenda as agendas
from prepdesk.core.context import Context, Progress
from prepdesk.core.practice import _upsert
from prepdesk.core.transaction import reading, writing
from prepdesk.data import importers
from prepdesk.data.models import AgendaItem, Meeting, MeetingRuling, Ruling
from prepdesk.data.ruling_file import RowError
from prepdesk.errors import UserError
from prepdesk.i18n import _

__all__ = ["Attachment", "ImportResult", "MeetingContext", "RowError", "RulingText",
           "attach_to_meeting", "import_rulings", "meeting_context", "read_ruling"]


@dataclass(frozen=True)
class MeetingContext:
    """The meeting rulings are attached to, as the screens name it: kind and time only,
    so that no citizen is named where their file was not opened."""

    id: int
    kind: str
    starts_at: datetime


@dataclass(frozen=True)
class RulingText:
    id: int
    number: str
    title: str
    decided_on: date
    law: str
    section: str
    target_group: str
    keywords: tuple[str, ...]
    summary: str
    outcome: str
    facts: str  # sagsfremstilling
    decision_text: str  # afgørelse
    reasoning: str  # begrundelse
    replaces: tuple[str, ...]  # numbers of earlier rulings this one replaces
    replaced_by: tuple[str, ...]  # numbers of later rulings in the library that replace it
    meeting: MeetingContext | None = None  # the meeting it was opened for, if any


def read_ruling(ctx: Context, ruling_id: int, *, meeting_id: int | None = None) -> RulingText:
    """One ruling in full. Opened for a meeting (`meeting_id`), the user must have access
    to the meeting's citizen, and the look is logged. Raises UserError when the ruling no
    longer exists."""
    with (writing(ctx) if meeting_id is not None else reading(ctx)) as session:
        meeting = _meeting(session, ctx, meeting_id, "ruling") if meeting_id is not None else None
        ruling = session.get(Ruling, ruling_id)
        if ruling is None:
            raise UserError(_("The ruling no longer exists. Search for it again."))
        # `replaces` is a JSON list of numbers; its text holds each number in quotes.
        replaced_by = session.exec(
            select(Ruling.number)
            .where(cast(Ruling.replaces, String).contains(f'"{ruling.number}"'))
            .order_by(Ruling.decided_on)
        ).all()
        return RulingText(
            ruling.id, ruling.number, ruling.title, ruling.decided_on, ruling.law,
            ruling.section, ruling.target_group, tuple(map(str, ruling.keywords or ())),
            ruling.summary, ruling.outcome, ruling.facts, ruling.decision_text,
            ruling.reasoning, tuple(map(str, ruling.replaces or ())), tuple(replaced_by),
            meeting,
        )


def meeting_context(ctx: Context, meeting_id: int) -> MeetingContext:
    """The meeting the rulings screen was opened for, after checking access to its
    citizen; the look is logged."""
    with writing(ctx) as session:
        return _meeting(session, ctx, meeting_id, "rulings")


def _meeting(session: Session, ctx: Context, meeting_id: int, look: str) -> MeetingContext:
    meeting = access.require_meeting(session, ctx, meeting_id, look=look)
    return MeetingContext(meeting.id, meeting.kind, meeting.starts_at)


# --- attaching to a meeting (R-RULE-3) -------------------------------------------------------


@dataclass(frozen=True)
class Attachment:
    """A ruling attached to a meeting, and where it is on the agenda (`position`, 1-based;
    None when it was only attached to the preparation). `sentence` says what happened."""

    meeting_id: int
    ruling_id: int
    number: str
    position: int | None
    sentence: str


def attach_to_meeting(ctx: Context, meeting_id: int, ruling_id: int, *,
                      on_agenda: bool = False) -> Attachment:
    """Attach the ruling to the meeting's preparation (the checklist counts it), and with
    `on_agenda` put it on the agenda too: an item of its own, before the closing items
    ("Aftaler og næste møde") and the citizen's own points. Attaching again changes
    nothing but what is asked for; an item on the agenda already stays where it is."""
    with writing(ctx) as session:
        meeting = access.require_meeting(session, ctx, meeting_id, look="attach_ruling")
        ruling = session.get(Ruling, ruling_id)
        if ruling is None:
            raise UserError(_("The ruling no longer exists. Search for it again."))
        was_on_agenda = bool(session.exec(select(MeetingRuling.on_agenda).where(
            MeetingRuling.meeting_id == meeting_id, MeetingRuling.ruling_id == ruling_id)).first())
        _upsert(session, MeetingRuling, {
            "meeting_id": meeting_id, "ruling_id": ruling_id, "attached_by_id": ctx.user.id,
            "attached_at": ctx.clock(), "on_agenda": on_agenda or was_on_agenda, "note": "",
        }, keys=("meeting_id", "ruling_id"), update=("on_agenda",))
        if not on_agenda:
            return Attachment(meeting_id, ruling_id, ruling.number, None, _(
                "Ruling {number} is attached to the meeting's preparation.").format(
                number=ruling.number))
        return _on_agenda(session, ctx, meeting, ruling)


def _on_agenda(session: Session, ctx: Context, meeting: Meeting, ruling: Ruling) -> Attachment:
    agendas._take(session, ctx, meeting, None)  # serialises writers of this agenda
    current = agendas.items(session, meeting.id)
    held = next((item for item in current if item.source == "ruling"
                 and item.source_id == ruling.id), None)
    if held is not None:
        return Attachment(meeting.id, ruling.id, ruling.number, held.position, _(
            "Ruling {number} is on the agenda already, as item {position}.").format(
            number=ruling.number, position=held.position))
    proposal = agendas.ruling_proposal(ruling)
    position = _before_closing(meeting, current)
    agendas._add(session, ctx, current, meeting, proposal, position)
    item = next(i for i in current if i.source == "ruling" and i.source_id == ruling.id)
    after = current[item.position - 2].title if item.position > 1 else None
    sentence = (_("Ruling {number} is attached to the meeting and is item {position} on the "
                  "agenda, after “{after}”.") if after else
                _("Ruling {number} is attached to the meeting and is item {position} on the "
                  "agenda."))
    return Attachment(meeting.id, ruling.id, ruling.number, item.position,
                      sentence.format(number=ruling.number, position=item.position, after=after))


def _before_closing(meeting: Meeting, current: list[AgendaItem]) -> int:
    """Where a point from the case goes: before the citizen's own points and the
    template's closing items, or last when the agenda has neither."""
    closing = agendas.closing_titles(meeting.kind)
    for index, item in enumerate(current):
        if item.source == agendas.CITIZEN_POINTS or (item.source == "template"
                                                      and item.title in closing):
            return index + 1
    return len(current) + 1


# --- the import ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    inserted: int
    updated: int
    unchanged: int
    errors: tuple[RowError, ...]

    @property
    def imported(self) -> int:
        return self.inserted + self.updated + self.unchanged

    @property
    def invalid_lines(self) -> int:
        return len({error.line for error in self.errors})


def import_rulings(
    ctx: Context, typed_path: str, *, skip_invalid: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import the rulings in the file the user named (data/importers.py: all or nothing
    unless `skip_invalid`). `progress` may raise (a BaseException) to stop the import,
    which then imports nothing. Colleagues' search indexes notice the new rulings
    (core/ruling_library.py)."""
    path = _file(typed_path)
    with writing(ctx) as session:
        report = importers.import_rulings(session, path, skip_invalid=skip_invalid,
                                          progress=progress, now=ctx.clock())
    return ImportResult(report.inserted, report.updated, report.unchanged, tuple(report.errors))


def _file(typed: str) -> Path:
    """The file the user means, or a UserError saying what is wrong with the path."""
    if not typed.strip():
        raise UserError(_("Write the path of the file to import."))
    path = Path(typed.strip()).expanduser()
    if not path.exists():
        raise UserError(_("There is no file {path}. Check the spelling, or write the whole "
                          "path, for example /home/mette/rulings.jsonl.").format(path=path))
    if path.is_dir():
        raise UserError(_("{path} is a folder. Write the path of a .jsonl or .csv file in "
                          "it.").format(path=path))
    return path
