"""The citizen's whole history on one line per event (R-FILE-4).

The list is fetched light (kind, time, title, a short preview) so thousands of entries
open at once; the full text of one entry is fetched when it is opened.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import chain
from operator import attrgetter
from typing import Any, NamedTuple

from sqlalchemy import Connection, Row, Select, bindparam, func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from prepdesk.core import access
from prepdesk.core.channels import channel_label
from prepdesk.core.context import LOCAL_TIMEZONE, Context
from prepdesk.core.labels import label
from prepdesk.core.note_page import NotesView, _notes_of_meeting
from prepdesk.core.queries import StatementSummary, last_held_meeting_at, statement_summaries
from prepdesk.core.transaction import reading, writing
from prepdesk.data.models import (
    Activity,
    Benefit,
    BenefitPeriod,
    Caseworker,
    Complaint,
    Decision,
    Handover,
    JournalEntry,
    Letter,
    LetterVersion,
    Meeting,
    OutboxMessage,
    Statement,
    StatementRead,
)
from prepdesk.errors import UserError
from prepdesk.i18n import _

KINDS = ("journal", "meeting", "statement", "letter", "activity", "benefit", "decision", "complaint")
# Kinds of entries the filter shows with another kind's: a handover (a change of caseworker,
# core/handover.py) is an event of the case, shown with the journal's.
SHOWN_WITH = {"handover": "journal"}
PREVIEW_CHARACTERS = 160


class TimelineEntry(NamedTuple):
    """One line of the timeline. A named tuple: a long timeline builds thousands at each
    load, and a frozen dataclass costs three to four times as much to build."""

    kind: str  # one of KINDS, or "handover" (SHOWN_WITH the journal)
    id: int
    at: datetime
    title: str
    preview: str
    detail: str = ""  # e.g. the journal entry's channel, an activity's outcome status
    is_new: bool = False


@dataclass(frozen=True)
class TimelineDocument:
    """One entry in full, for reading."""

    kind: str
    title: str
    at: datetime
    facts: list[tuple[str, str]]  # label, value
    body: str
    # A held meeting's finished notes: the current version, its history and the
    # corrections not accepted (note_page.NotesView, the one view of notes, R-APPR-3).
    notes: NotesView | None = None


@dataclass(frozen=True)
class OpenedEntry:
    """An entry opened in full; for a statement, also the statements list with its new
    read mark (read in full means read, R-STMT-2)."""

    document: TimelineDocument
    statements: tuple[StatementSummary, ...] | None = None


def timeline(
    ctx: Context, citizen_id: int, *, kinds: Iterable[str] = KINDS,
    since: date | None = None, until: date | None = None,
) -> list[TimelineEntry]:
    """Every event of the citizen, newest first, filtered by kind and period. Part of the
    file, whose opening is logged: listing it again (another filter) is not a new look."""
    with reading(ctx) as session:
        access.require(session, ctx, citizen_id)
        return _entries(session, citizen_id, ctx.clock(), kinds=kinds, since=since, until=until)


def _entries(
    session: Session, citizen_id: int, now: datetime, *, kinds: Iterable[str] = KINDS,
    since: date | None = None, until: date | None = None,
) -> list[TimelineEntry]:
    wanted = set(kinds)
    # Plain rows through the session's connection: the ORM's per-row work is not needed.
    # Flushed first, as the ORM's own queries are, so what the caller added is included.
    session.flush()
    connection = session.connection()
    runs = [_SOURCES[kind](connection, citizen_id) for kind in _SOURCES
            if SHOWN_WITH.get(kind, kind) in wanted]
    # Each run comes newest first, so this sort only merges them, in about linear time; it
    # is stable, so entries of the same moment and id keep the order of KINDS (a handover
    # last).
    entries = sorted(chain.from_iterable(runs), key=attrgetter("at", "id"), reverse=True)
    if since or until:
        start = _start_of(since) if since else None
        end = _start_of(until, next_day=True) if until else None
        entries = [entry for entry in entries
                   if (start is None or entry.at >= start) and (end is None or entry.at < end)]
    _mark_new(entries, last_held_meeting_at(session, citizen_id, now), now)
    return entries


def _mark_new(entries: list[TimelineEntry], newer_than: datetime | None, now: datetime) -> None:
    """Mark what is newer than the last meeting: newest first, it is all at the top, below
    what is planned ahead, so the rest is never looked at."""
    if newer_than is None:
        return
    for row, entry in enumerate(entries):
        if entry.at <= newer_than:
            break
        if entry.at <= now:
            entries[row] = entry._replace(is_new=True)


def _start_of(day: date, next_day: bool = False) -> datetime:
    return datetime.combine(day + timedelta(days=next_day), time.min, tzinfo=LOCAL_TIMEZONE)


def _at_day(day: date) -> datetime:
    """Dated events (benefit periods, activities) sort as the start of their day."""
    return datetime.combine(day, time(0, 0), tzinfo=LOCAL_TIMEZONE).astimezone(UTC)


class _Labels(dict[str | None, str]):
    """`label()` of one group, asked once per code: thousands of rows share a handful."""

    def __init__(self, group: str) -> None:
        super().__init__()
        self.group = group

    def __missing__(self, code: str | None) -> str:
        self[code] = text = label(self.group, code)
        return text


# The queries are built once, with the citizen as a parameter: building and keying a
# statement costs more than running one of the small ones.
_CITIZEN = bindparam("citizen_id")


def _newest_first(id_column: Any, moment: Any, *columns: Any) -> Select[Any]:
    """The id, the moment and `columns` of each row, newest first."""
    return select(id_column, moment, *columns).order_by(
        moment.desc(), id_column.desc())


def _preview(column: Any) -> Any:
    return func.substr(column, 1, PREVIEW_CHARACTERS)


# Rows read at a time: see _rows.
_ROWS_AT_A_TIME = 500


def _rows(connection: Connection, query: Select[Any], citizen_id: int) -> Iterable[Row[Any]]:
    """The rows, read a few hundred at a time, each gone once its entry is built.

    Thousands of rows held at once outlive the garbage collector's young generations and
    pile up in the oldest, so its full collection over all of the app's objects (100 to
    300 ms, several times the whole load) falls due sooner, often during the load.
    """
    result = connection.execute(query, {"citizen_id": citizen_id})
    return chain.from_iterable(result.partitions(_ROWS_AT_A_TIME))


_JOURNAL = (
    _newest_first(JournalEntry.id, JournalEntry.occurred_at, JournalEntry.title,
                  _preview(JournalEntry.body), JournalEntry.kind)
    # A meeting's own journal note (its notes) is read through the meeting's line.
    .where(JournalEntry.citizen_id == _CITIZEN, JournalEntry.meeting_id.is_(None))
)


def _journal(connection: Connection, citizen_id: int) -> list[TimelineEntry]:
    channels = _Labels("journal")
    return [TimelineEntry("journal", i, at, t, p, channels[k])
            for i, at, t, p, k in _rows(connection, _JOURNAL, citizen_id)]


_MEETINGS = (
    _newest_first(Meeting.id, Meeting.starts_at, Meeting.kind, _preview(Meeting.purpose),
                  Meeting.status)
    .where(Meeting.citizen_id == _CITIZEN)
)


def _meetings(connection: Connection, citizen_id: int) -> list[TimelineEntry]:
    kinds, statuses = _Labels("meeting_kind"), _Labels("meeting_status")
    return [TimelineEntry("meeting", i, at, kinds[k], p, statuses[s])
            for i, at, k, p, s in _rows(connection, _MEETINGS, citizen_id)]


_STATEMENTS = (
    _newest_first(Statement.id, Statement.received_at, Statement.title, Statement.author_name,
                  Statement.author_profession)
    .where(Statement.citizen_id == _CITIZEN)
)


def _statements(connection: Connection, citizen_id: int) -> list[TimelineEntry]:
    return [TimelineEntry("statement", i, at, t, f"{a}, {p}")
            for i, at, t, a, p in _rows(connection, _STATEMENTS, citizen_id)]


_LETTERS = (
    _newest_first(Letter.id, Letter.created_at, LetterVersion.subject,
                  _preview(LetterVersion.body), Letter.status)
    .join(LetterVersion, (LetterVersion.letter_id == Letter.id)
          & (LetterVersion.number == Letter.current_version))
    .where(Letter.citizen_id == _CITIZEN)
)


def _letters(connection: Connection, citizen_id: int) -> list[TimelineEntry]:
    statuses = _Labels("letter_status")
    return [TimelineEntry("letter", i, at, s, p, statuses[st])
            for i, at, s, p, st in _rows(connection, _LETTERS, citizen_id)]


_ACTIVITIES = (
    select(Activity.id, Activity.started_on, Activity.title, Activity.provider, Activity.status)
    .where(Activity.citizen_id == _CITIZEN)
    .order_by(Activity.started_on.desc(), Activity.id.desc())
)


def _activities(connection: Connection, citizen_id: int) -> list[TimelineEntry]:
    statuses = _Labels("activity_status")
    return [TimelineEntry("activity", i, _at_day(d), t, p, statuses[s])
            for i, d, t, p, s in _rows(connection, _ACTIVITIES, citizen_id)]


_BENEFITS = (
    select(BenefitPeriod.id, BenefitPeriod.started_on, BenefitPeriod.ended_on, Benefit.name)
    .join(Benefit, Benefit.id == BenefitPeriod.benefit_id)
    .where(BenefitPeriod.citizen_id == _CITIZEN)
    .order_by(BenefitPeriod.started_on.desc(), BenefitPeriod.id.desc())
)


def _benefits(connection: Connection, citizen_id: int) -> list[TimelineEntry]:
    return [TimelineEntry("benefit", i, _at_day(start), name, _period(start, end))
            for i, start, end, name in _rows(connection, _BENEFITS, citizen_id)]


_DECISIONS = (
    _newest_first(Decision.id, Decision.decided_at, Decision.subject, Decision.outcome)
    .where(Decision.citizen_id == _CITIZEN)
)


def _decisions(connection: Connection, citizen_id: int) -> list[TimelineEntry]:
    outcomes = _Labels("decision_outcome")
    return [TimelineEntry("decision", i, at, s, "", outcomes[o])
            for i, at, s, o in _rows(connection, _DECISIONS, citizen_id)]


_COMPLAINTS = (
    _newest_first(Complaint.id, Complaint.received_at, Complaint.kind,
                  _preview(Complaint.summary), Complaint.status)
    .where(Complaint.citizen_id == _CITIZEN)
)


def _complaints(connection: Connection, citizen_id: int) -> list[TimelineEntry]:
    kinds, statuses = _Labels("complaint_kind"), _Labels("complaint_status")
    return [TimelineEntry("complaint", i, at, kinds[k], p, statuses[s])
            for i, at, k, p, s in _rows(connection, _COMPLAINTS, citizen_id)]


_OUTGOING, _INCOMING = aliased(Caseworker), aliased(Caseworker)
_HANDOVERS = (
    _newest_first(Handover.id, Handover.created_at, _OUTGOING.name, _INCOMING.name,
                  Handover.reason, Handover.status)
    .join(_OUTGOING, _OUTGOING.id == Handover.from_caseworker_id)
    .join(_INCOMING, _INCOMING.id == Handover.to_caseworker_id)
    .where(Handover.citizen_id == _CITIZEN)
)


def _handovers(connection: Connection, citizen_id: int) -> list[TimelineEntry]:
    """A change of caseworker (core/handover.py), at its start: from whom to whom, why."""
    reasons, statuses = _Labels("handover_reason"), _Labels("handover_status")
    return [TimelineEntry("handover", i, at, _("From {outgoing} to {incoming}").format(
                outgoing=outgoing, incoming=incoming), reasons[r], statuses[s])
            for i, at, outgoing, incoming, r, s in _rows(connection, _HANDOVERS, citizen_id)]


_SOURCES = {
    "journal": _journal, "meeting": _meetings, "statement": _statements, "letter": _letters,
    "activity": _activities, "benefit": _benefits, "decision": _decisions, "complaint": _complaints,
    "handover": _handovers,
}


def _period(start: date, end: date | None) -> str:
    return f"{start:%d.%m.%Y} – {end:%d.%m.%Y}" if end else f"{start:%d.%m.%Y} –"


def open_entry(ctx: Context, kind: str, entry_id: int) -> OpenedEntry:
    """The entry in full: every word, never only an excerpt (R-STMT-1). The look is logged
    (R-SEC-1); a statement read in full is marked read by me, the first time kept."""
    if kind not in _MODELS:
        raise UserError(_("The entry no longer exists."))
    with writing(ctx) as session:
        row = session.get(_MODELS[kind], entry_id)
        if row is None:
            raise UserError(_("The entry no longer exists."))
        citizen_id = row.citizen_id
        look = "open_statement" if kind == "statement" else "open_entry"
        access.require(session, ctx, citizen_id, look=look, detail=f"{kind} {entry_id}")
        document = _DOCUMENTS[kind](session, row)
        if kind != "statement":
            return OpenedEntry(document)
        now = ctx.clock()
        _mark_read(session, ctx.user.id, entry_id, now)
        return OpenedEntry(document, tuple(statement_summaries(session, ctx.user.id, citizen_id,
                                                               now)))


def _mark_read(session: Session, caseworker_id: int, statement_id: int, now: datetime) -> datetime:
    """My read mark on the statement; the first reading's time is kept. Two windows
    reading it at the same moment: the second finds the first's mark, no conflict."""
    existing = session.get(StatementRead, (statement_id, caseworker_id))
    if existing is not None:
        return existing.read_at
    try:
        with session.begin_nested():
            session.add(StatementRead(statement_id=statement_id, caseworker_id=caseworker_id,
                                      read_at=now))
    except IntegrityError:
        return session.get(StatementRead, (statement_id, caseworker_id)).read_at
    return now


def _journal_document(session: Session, entry: JournalEntry) -> TimelineDocument:
    facts = [(_("Kind"), label("journal", entry.kind))]
    if entry.direction:
        facts.append((_("Direction"), _("from the citizen") if entry.direction == "in" else _("to the citizen")))
    return TimelineDocument("journal", entry.title, entry.occurred_at, facts, entry.body)


def _meeting_document(session: Session, meeting: Meeting) -> TimelineDocument:
    """The meeting, with its notes when it has been held."""
    facts = [(_("Kind"), label("meeting_kind", meeting.kind)), (_("Status"), label("meeting_status", meeting.status)),
             (_("Length"), _("{minutes} minutes").format(minutes=meeting.minutes))]
    if meeting.place:
        facts.append((_("Place"), meeting.place))
    notes = _notes_of_meeting(session, meeting.id)
    if notes is not None:  # the current version, never the journal's copy of version 1
        return TimelineDocument("meeting", label("meeting_kind", meeting.kind), meeting.starts_at,
                                facts, meeting.purpose, notes)
    journal = session.exec(  # notes kept only as a journal entry (older data)
        select(JournalEntry.body).where(JournalEntry.meeting_id == meeting.id).order_by(JournalEntry.id.desc())
    ).first()
    body = "\n\n".join(part for part in (meeting.purpose, journal) if part)
    return TimelineDocument("meeting", label("meeting_kind", meeting.kind), meeting.starts_at, facts, body)


def _statement_document(session: Session, statement: Statement) -> TimelineDocument:
    facts = [
        (_("Author"), statement.author_name), (_("Profession"), statement.author_profession),
        (_("Written"), f"{statement.written_on:%d.%m.%Y}"),
        (_("Work capacity"), statement.work_capacity),
        (_("Hours per week"), "" if statement.hours_per_week is None else f"{statement.hours_per_week:g}"),
        (_("Restrictions"), statement.restrictions),
    ]
    return TimelineDocument("statement", statement.title, statement.received_at, facts, statement.body)


def _letter_document(session: Session, letter: Letter) -> TimelineDocument:
    version = session.exec(
        select(LetterVersion).where(LetterVersion.letter_id == letter.id,
                                    LetterVersion.number == letter.current_version)
    ).one()
    facts = [(_("Version"), str(letter.current_version))]
    # The way the citizen's message went (issue 16): Digital Post, paper or (before) e-mail.
    to_citizen = session.exec(
        select(OutboxMessage.channel, OutboxMessage.status).where(
            OutboxMessage.letter_id == letter.id, OutboxMessage.status != "withdrawn")
        .order_by((OutboxMessage.channel == "email").asc(), OutboxMessage.id)
    ).first()
    if to_citizen is not None:
        facts.append((_("Goes by"), channel_label(to_citizen.channel)))
    return TimelineDocument("letter", version.subject, letter.created_at, facts, version.body)


def _activity_document(session: Session, activity: Activity) -> TimelineDocument:
    facts = [(_("Provider"), activity.provider), (_("Period"), _period(activity.started_on, activity.ended_on)),
             (_("Status"), label("activity_status", activity.status))]
    if activity.hours_per_week is not None:
        facts.append((_("Hours per week"), f"{activity.hours_per_week:g}"))
    return TimelineDocument("activity", activity.title, _at_day(activity.started_on), facts, activity.outcome)


def _benefit_document(session: Session, period: BenefitPeriod) -> TimelineDocument:
    benefit = session.get(Benefit, period.benefit_id)
    facts = [(_("Period"), _period(period.started_on, period.ended_on))]
    return TimelineDocument("benefit", benefit.name, _at_day(period.started_on), facts, "")


def _decision_document(session: Session, decision: Decision) -> TimelineDocument:
    facts = [(_("Outcome"), label("decision_outcome", decision.outcome)), (_("Law"), f"{decision.law} {decision.section}".strip())]
    return TimelineDocument("decision", decision.subject, decision.decided_at, facts, decision.reasoning)


def _complaint_document(session: Session, complaint: Complaint) -> TimelineDocument:
    facts = [(_("Status"), label("complaint_status", complaint.status)),
             (_("Outcome"), label("ruling_outcome", complaint.outcome))]
    return TimelineDocument("complaint", label("complaint_kind", complaint.kind), complaint.received_at, facts, complaint.summary)


def _handover_document(session: Session, handover: Handover) -> TimelineDocument:
    """The change of caseworker: who, why, from when, how far; the dossier is read on the
    handover's own screen (core/handover.py)."""
    outgoing = session.get(Caseworker, handover.from_caseworker_id)
    incoming = session.get(Caseworker, handover.to_caseworker_id)
    facts = [(_("From"), outgoing.name), (_("To"), incoming.name),
             (_("Reason"), label("handover_reason", handover.reason or None)),
             (_("Status"), label("handover_status", handover.status))]
    if handover.effective_on:
        facts.append((_("Takes effect"), f"{handover.effective_on:%d.%m.%Y}"))
    if handover.completed_at:
        facts.append((_("Complete"), f"{handover.completed_at.astimezone(LOCAL_TIMEZONE):%d.%m.%Y}"))
    return TimelineDocument("handover", _("From {outgoing} to {incoming}").format(
        outgoing=outgoing.name, incoming=incoming.name), handover.created_at, facts,
        handover.personal_note)


_MODELS = {
    "journal": JournalEntry, "meeting": Meeting, "statement": Statement, "letter": Letter,
    "activity": Activity, "benefit": BenefitPeriod, "decision": Decision, "complaint": Complaint,
    "handover": Handover,
}
_DOCUMENTS = {
    "journal": _journal_document, "meeting": _meeting_document, "statement": _statement_document,
    "letter": _letter_document, "activity": _activity_document, "benefit": _benefit_document,
    "decision": _decision_document, "complaint": _complaint_document,
    "handover": _handover_document,
}
