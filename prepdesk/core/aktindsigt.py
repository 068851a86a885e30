"""Aktindsigt: a citizen's access to their own file (R-SEC-4, R-SEC-7; forvaltningsloven
§ 9, GDPR art. 15; issue 12 item 4).

- `register_request`: the request is registered with the day it was received; it is due
  7 working days later (weekends and Danish public holidays do not count: core/calendar.py).
- `open_requests`: the requests not yet answered, for my day: a caseworker's own citizens,
  a team lead's whole team.
- `export`: everything about the one citizen, as a typed model (`AktindsigtExport`): the
  file's entries, statements, meetings with their agendas, agreements, every version of the
  notes with the citizen's corrections, letters as sent, decisions, and an extract of the
  access log with dates and purposes but no staff names (EU Court C-579/21). Internal
  working documents are left out and listed by title (`INTERNAL`). Exporting is logged
  (action "export"). prepdesk/export/aktindsigt.py renders it as a PDF and a JSON file.
  The export and its model are core/aktindsigt_export.py, imported with the first export.
- `answer`: the export was handed over (by Digital Post, e-mail, post or in person).

Every query here is by the one citizen's id: nothing about another citizen can reach the
export (tests/core/test_aktindsigt_isolation.py proves it on a database of many).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import select, update

from prepdesk.core import access
from prepdesk.core.calendar import add_working_days
from prepdesk.core.context import LOCAL_TIMEZONE, Context
from prepdesk.core.labels import handed_over
from prepdesk.core.transaction import reading, writing
from prepdesk.data.models import (
    AccessRequest,
    Caseworker,
    CaseworkerAssignment,
    Citizen,
)
from prepdesk.dates import medium_datetime
from prepdesk.errors import UserError
from prepdesk.i18n import _

DEADLINE_WORKING_DAYS = 7  # forvaltningsloven § 16: an answer within 7 working days
HANDED_OVER = ("digital_post", "email", "post", "handed")  # words: labels.handed_over

# What counts as an internal working document (forvaltningsloven § 23), left out of the
# export with its title listed: the team lead's feedback on a meeting's preparation, the
# caseworker's unfinished drafts of notes (the finished notes are in), and the personal
# note one caseworker leaves the next at a handover. Everything else about the citizen is
# in, the caseworker's assessment included.
INTERNAL = ("review_feedback", "note_draft", "handover_note")


def internal_label(kind: str) -> str:
    return {
        "review_feedback": _("Team lead's feedback on a meeting's preparation"),
        "note_draft": _("Unfinished draft of meeting notes"),
        "handover_note": _("Personal note between caseworkers at a change of caseworker"),
    }.get(kind, kind)


# --- requests ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenRequest:
    id: int
    citizen_id: int
    citizen_name: str
    received_on: date
    due_on: date
    what_asked: str
    overdue: bool  # past the day it was due


@dataclass(frozen=True)
class AnsweredRequest:
    id: int
    citizen_id: int
    answered_at: datetime
    how: str
    sentence: str  # what happened, for the screen


def due_on(received_on: date) -> date:
    """The day the answer is due: 7 working days after the request was received."""
    return add_working_days(received_on, DEADLINE_WORKING_DAYS)


def register_request(ctx: Context, citizen_id: int, received_on: date | None = None,
                     what_asked: str = "") -> OpenRequest:
    """Register the citizen's request for access to their file, received `received_on`
    (today when not given). Returns it with its deadline."""
    today = ctx.clock().astimezone(LOCAL_TIMEZONE).date()
    received_on = received_on or today
    if received_on > today:
        raise UserError(_("The request cannot be received in the future. Write the day it "
                          "came in."))
    with writing(ctx) as session:
        citizen = access.require(session, ctx, citizen_id)
        request = AccessRequest(
            citizen_id=citizen_id,
            received_at=datetime.combine(received_on, datetime.min.time(), tzinfo=LOCAL_TIMEZONE),
            due_on=due_on(received_on), registered_by_id=ctx.user.id,
            what_asked=what_asked.strip())
        session.add(request)
        session.flush()
        return _open(request, citizen, today)


def open_requests(ctx: Context) -> tuple[OpenRequest, ...]:
    """The requests not yet answered, soonest due first: for a caseworker those of the
    citizens assigned to them, for a team lead those of the team's citizens (R-SEC-3);
    an administrator handles none."""
    user = ctx.user
    if user.role == "admin":
        return ()
    today = ctx.clock().astimezone(LOCAL_TIMEZONE).date()
    query = (select(AccessRequest, Citizen)
             .join(Citizen, Citizen.id == AccessRequest.citizen_id)
             .where(AccessRequest.answered_at.is_(None)))
    if user.role == "team_lead":
        query = query.where(Citizen.team_id == user.team_id)
    else:
        assigned = (select(CaseworkerAssignment.id)
                    .where(CaseworkerAssignment.citizen_id == Citizen.id,
                           CaseworkerAssignment.ended_at.is_(None),
                           CaseworkerAssignment.caseworker_id == user.id).exists())
        query = query.where(assigned)
    with reading(ctx) as session:
        rows = session.exec(query.order_by(AccessRequest.due_on, AccessRequest.id)).all()
        return tuple(_open(request, citizen, today) for request, citizen in rows
                     if access.may_see(session, user, citizen.id))


def answer(ctx: Context, request_id: int, how: str = "digital_post") -> AnsweredRequest:
    """The export was handed over to the citizen `how` (digital_post, email, post, handed):
    the request is answered and leaves my day."""
    if how not in HANDED_OVER:
        raise UserError(_("Choose how the citizen received the export."))
    with writing(ctx) as session:
        request = session.get(AccessRequest, request_id)
        if request is None:
            raise UserError(_("The request no longer exists. Reload (Ctrl+R)."))
        access.require(session, ctx, request.citizen_id)
        now = ctx.clock()
        # Compare-and-set: of two people answering at the same moment, one answers.
        done = session.exec(
            update(AccessRequest)
            .where(AccessRequest.id == request_id, AccessRequest.answered_at.is_(None))
            .values(answered_at=now, handled_by_id=ctx.user.id, answered_how=how))
        if done.rowcount != 1:
            session.refresh(request)
            who = session.get(Caseworker, request.handled_by_id) if request.handled_by_id else None
            raise UserError(_("{name} already answered this request ({when}). Reload "
                              "(Ctrl+R).").format(name=who.name if who else _("A colleague"),
                                                  when=medium_datetime(request.answered_at)))
        return AnsweredRequest(
            request.id, request.citizen_id, now, how,
            _("The request for access is answered: the export was given {how}.").format(
                how=handed_over(how)))


def _open(request: AccessRequest, citizen: Citizen, today: date) -> OpenRequest:
    return OpenRequest(
        request.id, citizen.id, f"{citizen.first_name} {citizen.last_name}",
        request.received_at.astimezone(LOCAL_TIMEZONE).date(), request.due_on,
        request.what_asked, request.due_on < today)


# --- the export ----------------------------------------------------------------------------


def __getattr__(name: str) -> Any:
    """The export and its model (`export`, `AktindsigtExport` and its parts, `purpose`) live
    in core/aktindsigt_export.py, imported with the first export: its 18 pydantic models
    are not my day's, which lists the open requests (issue 17, item 1)."""
    if not name.startswith("__"):
        from prepdesk.core import aktindsigt_export

        if hasattr(aktindsigt_export, name):
            return getattr(aktindsigt_export, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
