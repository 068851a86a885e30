"""Meeting mode: what the note-taking screen needs, and agreements typed on one line.

R-NOTE-1: agreements are what, who and by when. R-NOTE-5: each is typed as one line in
one field, `what / who / by when`, for example `Søren ringer til lægen / borger / 7.12`:

- who is `borger`, `sagsbehandler`, `begge` (or the English words), or the first or full
  name of a participant; the citizen's name means the citizen, the caseworker's means
  the caseworker, anyone else is "other" with the name kept.
- by when is optional: `dd.mm`, `dd.mm.yy` or `dd.mm.yyyy` (a trailing period allowed).
  Without a year it is the next such date from today, so `7.1` typed in November is
  next January. A date before today is refused.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from prepdesk.core import access, queries
from prepdesk.core.context import Context
from prepdesk.core.meetings import participants
from prepdesk.core.note_content import AgreedAction, NoteContent
from prepdesk.core.notes import _blank, _draft, _note_of
from prepdesk.core.search import fold
from prepdesk.core.transaction import writing
from prepdesk.i18n import _

WHO_WORDS = {
    "citizen": ("borger", "borgeren", "citizen"),
    "caseworker": ("sagsbehandler", "sagsbehandleren", "caseworker"),
    "both": ("begge", "both"),
}
_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})(?:\.(\d{2}|\d{4}))?\.?")


class AgreementProblem(ValueError):
    """An agreement line that cannot be read; the message says what to write."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Person:
    role: str  # citizen | caseworker | representative | companion | employer_consultant | other
    name: str


def parse_agreement(line: str, *, today: date, people: Sequence[Person]) -> AgreedAction:
    """The agreement in `line`, or AgreementProblem. Who and by when are the last parts,
    so what was agreed may hold slashes itself ("og/eller", "HK/Danmark")."""
    parts = [part.strip() for part in line.rsplit("/", 2)]
    if not (len(parts) == 3 and (_DATE.fullmatch(parts[2]) or _is_who(parts[1], people))):
        parts = [part.strip() for part in line.rsplit("/", 1)]  # no date: what / who
    what, who, due = (parts + ["", ""])[:3]
    if not what:
        raise AgreementProblem(_("Write what was agreed first, then / who / by when."))
    if not who:
        raise AgreementProblem(_("Write who does it after a slash: borger, sagsbehandler, begge "
                                 "or a participant's name."))
    return AgreedAction(what=what, **_who(who, people), due_on=_due(due, today) if due else None)


def _is_who(word: str, people: Sequence[Person]) -> bool:
    try:
        _who(word, people)
    except AgreementProblem:
        return False
    return True


def _who(word: str, people: Sequence[Person]) -> dict[str, str]:
    """Who does it: the code, and the person's name whenever one person is meant, so the
    name stays with the agreement wherever it is shown ("borger" is the citizen, by name)."""
    key = fold(word)
    for code, words in WHO_WORDS.items():
        if key in words:
            named = [person.name for person in people if person.role == code]
            return {"who": code, "who_name": named[0]} if len(named) == 1 else {"who": code}
    for person in people:
        if key in (fold(person.name), fold(person.name.split()[0] if person.name.split() else "")):
            if person.role in ("citizen", "caseworker"):
                return {"who": person.role, "who_name": person.name}
            return {"who": "other", "who_name": person.name}
    names = ", ".join(person.name.split()[0] for person in people if person.name.split())
    raise AgreementProblem(
        _("Who is “{word}”? Write borger, sagsbehandler, begge or a participant's name ({names}).")
        .format(word=word, names=names))


def _due(text: str, today: date) -> date:
    match = _DATE.fullmatch(text)
    if match is None:
        raise AgreementProblem(_("Write the date as dd.mm or dd.mm.yyyy, for example 7.12 or "
                                 "07.12.2026."))
    day, month, year = match.groups()
    try:
        if year is None:
            due = date(today.year, int(month), int(day))
            if due < today:
                due = due.replace(year=today.year + 1)
        else:
            due = date(int(year) + (2000 if len(year) == 2 else 0), int(month), int(day))
    except ValueError:
        raise AgreementProblem(_("The date {date} does not exist.").format(date=text)) from None
    if due < today:
        raise AgreementProblem(_("The date {date} has passed. Write a date from today on.")
                               .format(date=text))
    return due


def agreement_line(agreement: AgreedAction) -> str:
    """The agreement as it would be typed, to edit it again."""
    who = agreement.who_name or WHO_WORDS.get(agreement.who, ("",))[0]
    line = f"{agreement.what} / {who}"
    if agreement.due_on:
        line += f" / {agreement.due_on:%d.%m.%Y}"
    return line


# --- opening meeting mode ------------------------------------------------------------------


@dataclass(frozen=True)
class StatementChoice:
    id: int
    title: str
    author: str
    written_on: date
    conclusion: str  # the statement's own conclusion on work capacity, or ""


@dataclass(frozen=True)
class MeetingStart:
    meeting_id: int
    citizen_id: int
    citizen_name: str
    kind: str
    starts_at: datetime
    people: tuple[Person, ...]
    content: NoteContent  # blank notes: a section per agenda item
    draft: NoteContent | None  # left behind, for instance by a crash (R-NOTE-3)
    draft_saved_at: datetime | None
    draft_version: int | None  # what the next autosave says it saw (notes.save_draft)
    statements: tuple[StatementChoice, ...]
    finished_note_id: int | None  # the notes are already finished


def start(ctx: Context, meeting_id: int, *, again: bool = False) -> MeetingStart:
    """Everything meeting mode shows; the look at the notes is logged (R-SEC-1), once per
    opening: `again` (meeting mode reloading, Ctrl+R) is not a new look."""
    with writing(ctx) as session:
        meeting = access.require_meeting(session, ctx, meeting_id,
                                         look=None if again else "notes")
        citizen = access.require(session, ctx, meeting.citizen_id)
        people = tuple(Person(p.role, p.name) for p in participants(session, meeting_id))
        draft = _draft(session, meeting_id, ctx.user.id)
        note = _note_of(session, meeting_id)
        statements = queries.statement_summaries(session, ctx.user.id, citizen.id, ctx.clock())
        return MeetingStart(
            meeting_id=meeting_id, citizen_id=citizen.id,
            citizen_name=f"{citizen.first_name} {citizen.last_name}", kind=meeting.kind,
            starts_at=meeting.starts_at, people=people, content=_blank(session, meeting),
            draft=NoteContent.from_stored(draft.content) if draft else None,
            draft_saved_at=draft.saved_at if draft else None,
            draft_version=draft.version if draft else None,
            statements=tuple(
                StatementChoice(s.id, s.title, f"{s.author_name}, {s.author_profession}",
                                s.written_on, _conclusion(s.work_capacity, s.hours_per_week))
                for s in statements),
            finished_note_id=note.id if note else None,
        )


def _conclusion(work_capacity: str, hours: float | None) -> str:
    """The statement's conclusion and the hours it recommends, as one text: "Kan arbejde
    med skånehensyn. 15 timer om ugen." A conclusion is written in sentences; the hours
    are one more, never ", 15 timer" after a full stop, and not again when the conclusion
    says them."""
    if hours is None:
        return work_capacity
    hours_text = _("{hours:g} hours a week").format(hours=hours)
    capacity = work_capacity.rstrip()
    if not capacity:
        return hours_text
    if hours_text in capacity:  # "Kan arbejde 20 timer om ugen med mentor.": said already
        return capacity
    if capacity[-1] in ".!?":
        return f"{capacity} {hours_text[:1].upper()}{hours_text[1:]}."
    return f"{capacity}, {hours_text}"
