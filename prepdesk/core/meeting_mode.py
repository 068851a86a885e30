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
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from prepdesk.core.access import open_citizen
from prepdesk.core.approval import request_approval
from prepdesk.core.context import CurrentUser
from prepdesk.core.meetings import participants
from prepdesk.core.notes import empty_content, finish, load_draft
from prepdesk.core.queries import statement_summaries
from prepdesk.core.search import fold
from prepdesk.data.models import ApprovalRequest, Citizen, Meeting, Note
from prepdesk.delivery.outbox import valid_address
from prepdesk.errors import UserError
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


def parse_agreement(line: str, *, today: date, people: list[Person]) -> dict[str, Any]:
    """The agreement in `line` as stored in the notes' content, or AgreementProblem."""
    parts = [part.strip() for part in line.split("/")]
    if len(parts) > 3:
        raise AgreementProblem(_("An agreement has at most three parts: what / who / by when. "
                                 "Remove the extra slash."))
    what, who, due = (parts + ["", ""])[:3]
    if not what:
        raise AgreementProblem(_("Write what was agreed first, then / who / by when."))
    if not who:
        raise AgreementProblem(_("Write who does it after a slash: borger, sagsbehandler, begge "
                                 "or a participant's name."))
    agreement = {"what": what, **_who(who, people)}
    if due:
        agreement["due_on"] = _due(due, today).isoformat()
    return agreement


def _who(word: str, people: list[Person]) -> dict[str, str]:
    key = fold(word)
    for code, words in WHO_WORDS.items():
        if key in words:
            return {"who": code}
    for person in people:
        if key in (fold(person.name), fold(person.name.split()[0] if person.name.split() else "")):
            if person.role in ("citizen", "caseworker"):
                return {"who": person.role}
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


def agreement_line(agreement: dict[str, Any]) -> str:
    """The agreement as it would be typed, to edit it again."""
    who = agreement.get("who_name") or WHO_WORDS.get(agreement.get("who", ""), ("",))[0]
    line = f"{agreement['what']} / {who}"
    if agreement.get("due_on"):
        line += f" / {date.fromisoformat(agreement['due_on']):%d.%m.%Y}"
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
    people: list[Person]
    content: dict[str, Any]  # blank notes: a section per agenda item
    draft: dict[str, Any] | None  # left behind, for instance by a crash (R-NOTE-3)
    draft_saved_at: datetime | None
    statements: list[StatementChoice]
    finished_note_id: int | None  # the notes are already finished


def start(session: Session, user: CurrentUser, meeting_id: int, now: datetime) -> MeetingStart:
    """Everything meeting mode shows, after checking and logging access (R-SEC-1)."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise UserError(_("The meeting no longer exists."))
    citizen = open_citizen(session, user, meeting.citizen_id, now)
    people = [Person(p.role, p.name) for p in participants(session, meeting_id)]
    draft = load_draft(session, user, meeting_id)
    note_id = session.exec(select(Note.id).where(Note.meeting_id == meeting_id)).first()
    return MeetingStart(
        meeting_id=meeting_id, citizen_id=citizen.id,
        citizen_name=f"{citizen.first_name} {citizen.last_name}", kind=meeting.kind,
        starts_at=meeting.starts_at, people=people,
        content=empty_content(session, meeting, [p.name for p in people]),
        draft=draft.content if draft else None,
        draft_saved_at=draft.saved_at if draft else None,
        statements=[
            StatementChoice(s.id, s.title, f"{s.author_name}, {s.author_profession}", s.written_on,
                            _conclusion(s.work_capacity, s.hours_per_week))
            for s in statement_summaries(session, user.id, citizen.id, now)
        ],
        finished_note_id=note_id,
    )


def _conclusion(work_capacity: str, hours: float | None) -> str:
    if hours is None:
        return work_capacity
    return ", ".join(filter(None, [work_capacity, _("{hours:g} hours a week").format(hours=hours)]))


# --- finishing and sending for approval -------------------------------------------------------


def finish_notes(session: Session, user: CurrentUser, meeting_id: int, content: dict[str, Any],
                 now: datetime) -> int:
    """core.notes.finish for the meeting with this id; returns the note's id."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise UserError(_("The meeting no longer exists."))
    return finish(session, user, meeting, content, now).id


def send_for_approval(session: Session, user: CurrentUser, note_id: int, now: datetime, key: str,
                      *, base_url: str, sender: str) -> ApprovalRequest:
    """Ask the citizen to approve the notes (R-APPR-1) and queue the e-mail with the link.

    The address is checked first: request_approval commits, and notes marked as sent
    that no e-mail announces would wait for an answer that cannot come.
    """
    from prepdesk.portal.notification import queue_approval_notification

    note = session.get(Note, note_id)
    citizen = session.get(Citizen, note.citizen_id)
    if not citizen.email:
        raise UserError(_("The citizen has no e-mail address. Add it to the citizen's file, or "
                          "give them the notes on paper."))
    valid_address(citizen.email)
    request, token = request_approval(session, user, note, now, key)
    queue_approval_notification(session, request, token, base_url, now, sender=sender)
    return request
