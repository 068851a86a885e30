"""The tables: one per thing in the caseworker's world (see the glossary in DOMAIN.md).

Conventions
- Times are stored as UTC (`UtcDateTime`) and come back timezone-aware on SQLite and
  PostgreSQL alike; screens show them in Danish local time.
- Kinds and statuses that code branches on are short English strings (`kind`, `status`).
  Target groups and benefits change with reforms, so they are rows, not code (DOMAIN.md).
- Rows that people edit concurrently carry a `version` column: SQLAlchemy refuses a flush
  that would overwrite someone else's change (StaleDataError) instead of losing it. They
  also say who changed them last and when (`Edited`, stamped by data/db.py on every
  flush), so a refused edit can name the colleague.
- Notes and letters are versioned: a change adds a version row, nothing is overwritten.
"""

from datetime import date, datetime
from typing import Any

from pydantic import ConfigDict
from sqlalchemy import JSON, Column, Index, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from prepdesk.data.types import UtcDateTime


class Table(SQLModel):
    """What every table is made from. Pydantic's validator and serializer of a table are
    made when first used, not at import (`defer_build`): rows are read and written through
    SQLAlchemy and never validated by pydantic, and making them for every table took 35 ms
    and 1.4 MiB before my day could show (issue 17)."""

    model_config = ConfigDict(defer_build=True)


def when(*, nullable: bool = False, index: bool = False) -> Any:
    return Field(default=None, sa_type=UtcDateTime, nullable=nullable, index=index)


def long_text(*, nullable: bool = False, default: str | None = "") -> Any:
    return Field(default=default, sa_type=Text, nullable=nullable)


def versioned() -> tuple[Any, dict[str, Any]]:
    """A version column shared by the field and the mapper, as SQLModel requires."""
    column = Column("version", Integer, nullable=False)
    return Field(default=None, sa_column=column), {"version_id_col": column}


class Edited(Table):
    """Who changed the row last, and when: stamped on every flush of a core transaction
    (data/db.py), read when an edit on a stale view is refused."""

    changed_by_id: int | None = Field(default=None, foreign_key="caseworker.id")
    changed_at: datetime | None = when(nullable=True)


# --- People and organisation -------------------------------------------------------


class Team(Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    job_centre: str = ""


class Caseworker(Edited, table=True):
    """Anyone who logs in: caseworker, team lead or administrator (R-SEC-3)."""

    id: int | None = Field(default=None, primary_key=True)
    initials: str = Field(unique=True)
    name: str
    role: str = "caseworker"  # caseworker | team_lead | admin
    title: str = "Jobkonsulent"
    email: str
    phone: str  # direct line (R-LTR-2)
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    active: bool = True
    # Away (leave, illness, a course) up to and including this day: no handover is made to
    # them for a day before it ends (migration 0007, core/handover.py).
    away_until: date | None = None
    version: int | None
    version, __mapper_args__ = versioned()


class TargetGroup(Table, table=True):
    """Målgruppe: data, because the 2025 reform merges them."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True)
    name: str
    active: bool = True


class Benefit(Table, table=True):
    """Ydelse, e.g. kontanthjælp, sygedagpenge, ledighedsydelse."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True)
    name: str
    active: bool = True


class Citizen(Edited, table=True):
    id: int | None = Field(default=None, primary_key=True)
    cpr: str = Field(unique=True, max_length=11)  # DDMMYY-SSSS
    first_name: str
    last_name: str
    search_name: str = Field(index=True)  # folded for search (core.search)
    address: str = ""
    postcode: str = ""
    city: str = ""
    email: str | None = None
    phone: str | None = None
    preferred_channel: str = "digital_post"  # digital_post | email | sms | letter
    target_group_id: int | None = Field(default=None, foreign_key="targetgroup.id", index=True)
    benefit_id: int | None = Field(default=None, foreign_key="benefit.id")
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    case_opened_on: date | None = None
    active: bool = True
    assessment: str = long_text()  # the caseworker's assessment, kept apart from the citizen's words
    version: int | None
    version, __mapper_args__ = versioned()


class CaseworkerAssignment(Table, table=True):
    """Who was the citizen's caseworker, from when to when (R-FILE-5)."""

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    caseworker_id: int = Field(foreign_key="caseworker.id", index=True)
    started_at: datetime = when()
    ended_at: datetime | None = when(nullable=True)
    reason: str = ""


class Representative(Table, table=True):
    """Bisidder (companion) or partsrepræsentant (representative) (R-FILE-6)."""

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    kind: str = "companion"  # companion | representative
    name: str
    relation: str = ""  # e.g. "mor", "LO-faglig konsulent", "advokat"
    phone: str | None = None
    email: str | None = None
    active: bool = True
    since: date | None = None


class Accommodation(Table, table=True):
    """Needs agreed with the citizen: breaks, no lifting, reduced hours (R-FILE-3)."""

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    description: str = long_text()
    agreed_on: date | None = None
    agreed_by_id: int | None = Field(default=None, foreign_key="caseworker.id")
    active: bool = True


class CitizenGoal(Table, table=True):
    """The citizen's goals, wishes and resources in their own words (R-FILE-2)."""

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    kind: str = "goal"  # goal | wish | resource
    text: str = long_text()
    recorded_at: datetime = when()
    recorded_by_id: int | None = Field(default=None, foreign_key="caseworker.id")
    active: bool = True


# --- History ------------------------------------------------------------------------


class BenefitPeriod(Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    benefit_id: int = Field(foreign_key="benefit.id")
    target_group_id: int | None = Field(default=None, foreign_key="targetgroup.id")
    started_on: date
    ended_on: date | None = None


class Activity(Table, table=True):
    """Virksomhedspraktik, løntilskud, mentor, courses, treatment... with their outcome."""

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    kind: str  # placement | wage_subsidy | mentor | course | treatment | other
    title: str
    provider: str = ""
    started_on: date
    ended_on: date | None = None
    hours_per_week: float | None = None
    status: str = "planned"  # planned | running | completed | stopped
    outcome: str = long_text()


class JournalEntry(Edited, table=True):
    """A journal note of any contact or event (R-FILE-4, R-NOTE-4)."""

    __table_args__ = (Index("ix_journalentry_citizen_time", "citizen_id", "occurred_at"),)
    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id")
    author_id: int | None = Field(default=None, foreign_key="caseworker.id")
    kind: str  # meeting | phone | email | sms | letter | note | decision | complaint
    direction: str = ""  # in | out | "" (not a message)
    occurred_at: datetime = when()
    title: str
    body: str = long_text()
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id")
    version: int | None
    version, __mapper_args__ = versioned()


class Decision(Table, table=True):
    """A municipal decision (afgørelse) on the citizen's case."""

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    decided_at: datetime = when()
    decided_by_id: int | None = Field(default=None, foreign_key="caseworker.id")
    subject: str
    outcome: str  # granted | refused | partly_granted | stopped
    law: str = ""
    section: str = ""
    reasoning: str = long_text()


class Complaint(Table, table=True):
    """A complaint or an appeal; an appeal ends with a ruling from Ankestyrelsen."""

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    decision_id: int | None = Field(default=None, foreign_key="decision.id")
    kind: str = "complaint"  # complaint | appeal
    received_at: datetime = when()
    summary: str = long_text()
    status: str = "open"  # open | forwarded | decided | withdrawn
    outcome: str | None = None  # upheld | confirmed | changed | sent_back | rejected
    decided_at: datetime | None = when(nullable=True)
    ruling_id: int | None = Field(default=None, foreign_key="ruling.id")


class Statement(Table, table=True):
    """A specialist statement, kept whole (R-STMT-1)."""

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    kind: str  # medical | specialist | psychologist | other
    author_name: str
    author_profession: str
    written_on: date
    received_at: datetime = when(index=True)
    title: str
    body: str = long_text()
    work_capacity: str = long_text()  # the statement's own conclusion
    hours_per_week: float | None = None
    restrictions: str = long_text()


class StatementRead(Table, table=True):
    """Who read which statement, and when (R-STMT-2)."""

    statement_id: int = Field(foreign_key="statement.id", primary_key=True)
    caseworker_id: int = Field(foreign_key="caseworker.id", primary_key=True)
    read_at: datetime = when()


# --- Rulings and practice ------------------------------------------------------------


class Ruling(Table, table=True):
    """An appeals ruling from Ankestyrelsen (R-RULE-1); the number is the import key."""

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(unique=True)  # "12-21", "D-15-07"
    is_principle: bool = True
    title: str = long_text()
    decided_on: date = Field(index=True)
    law: str = Field(default="", index=True)
    section: str = ""
    target_group: str = ""
    keywords: list[str] = Field(default_factory=list, sa_type=JSON)
    summary: str = long_text()
    outcome: str = Field(default="", index=True)  # confirmed | changed | sent_back | rejected
    facts: str = long_text()  # sagsfremstilling
    decision_text: str = long_text()  # afgørelse
    reasoning: str = long_text()  # begrundelse
    replaces: list[str] = Field(default_factory=list, sa_type=JSON)
    content_hash: str = ""  # re-import of an unchanged ruling changes nothing
    imported_at: datetime | None = when(nullable=True, index=True)  # changed since attached


class RulingChange(Table, table=True):
    """What an import changed in a ruling it already had (issue 15, item 5; migration
    0010): the fields whose content differs, by their column names, so that a
    preparation the ruling is attached to can say what to read again."""

    id: int | None = Field(default=None, primary_key=True)
    ruling_id: int = Field(foreign_key="ruling.id", index=True)
    changed_at: datetime = when()  # the import's moment, the ruling's new imported_at
    fields: list[str] = Field(default_factory=list, sa_type=JSON)  # 'title', 'summary'


class PracticeChange(Edited, table=True):
    """A change of the job centre's practice after a ruling (R-RULE-4)."""

    id: int | None = Field(default=None, primary_key=True)
    ruling_id: int = Field(foreign_key="ruling.id", index=True)
    team_id: int | None = Field(default=None, foreign_key="team.id")  # None: whole job centre
    title: str
    description: str = long_text()
    published_by_id: int = Field(foreign_key="caseworker.id")
    published_at: datetime = when()
    version: int | None
    version, __mapper_args__ = versioned()


class PracticeChangeAck(Table, table=True):
    practice_change_id: int = Field(foreign_key="practicechange.id", primary_key=True)
    caseworker_id: int = Field(foreign_key="caseworker.id", primary_key=True)
    acknowledged_at: datetime = when()


# --- Meetings -----------------------------------------------------------------------


class Room(Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    location: str = ""
    private: bool = True  # the conversation cannot be overheard (R-PREP-1)


class Meeting(Edited, table=True):
    __table_args__ = (Index("ix_meeting_caseworker_start", "caseworker_id", "starts_at"),)
    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    caseworker_id: int = Field(foreign_key="caseworker.id")
    kind: str  # first | follow_up | round_table | handover | phone
    starts_at: datetime = when()
    minutes: int = 45
    room_id: int | None = Field(default=None, foreign_key="room.id")
    place: str = ""  # when not a room: "Telefon", "Hjemme hos borgeren"
    purpose: str = long_text()
    job_goal: str = long_text()
    status: str = "planned"  # planned | held | cancelled
    prepared_at: datetime | None = when(nullable=True)
    held_at: datetime | None = when(nullable=True)
    # Raised by every change of the agenda's items: two people adding at once are
    # serialised on it, and an edit of a stale agenda is refused (core/agenda.py).
    agenda_version: int = 0
    version: int | None
    version, __mapper_args__ = versioned()


class MeetingParticipant(Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    role: str  # citizen | caseworker | representative | companion | employer_consultant | other
    name: str
    organisation: str = ""
    caseworker_id: int | None = Field(default=None, foreign_key="caseworker.id")
    representative_id: int | None = Field(default=None, foreign_key="representative.id")
    invited_at: datetime | None = when(nullable=True)


class MeetingRuling(Table, table=True):
    """A ruling attached to a meeting's preparation, and perhaps its agenda (R-RULE-3)."""

    meeting_id: int = Field(foreign_key="meeting.id", primary_key=True)
    ruling_id: int = Field(foreign_key="ruling.id", primary_key=True)
    attached_by_id: int = Field(foreign_key="caseworker.id")
    attached_at: datetime = when()
    on_agenda: bool = False
    note: str = long_text()


class AgendaItem(Edited, table=True):
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    position: int
    title: str
    owner: str = "caseworker"  # caseworker | citizen | both | other
    minutes: int = 5
    # Where the proposal came from (R-PREP-3, R-PREP-5).
    source: str = "manual"  # manual | agreement | carried | statement | ruling | wish | citizen_points
    source_id: int | None = None
    reached: bool | None = None  # set when the notes are written
    version: int | None
    version, __mapper_args__ = versioned()


class Agreement(Edited, table=True):
    """What, who, by when (R-NOTE-1); open ones carry forward (R-PREP-5)."""

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id")
    what: str = long_text()
    who: str = "citizen"  # citizen | caseworker | both | other
    due_on: date | None = None
    status: str = Field(default="open", index=True)  # open | done | cancelled
    closed_at: datetime | None = when(nullable=True)
    version: int | None
    version, __mapper_args__ = versioned()


class StatementDiscussion(Table, table=True):
    """A statement discussed in a meeting, and why the notes deviate from it (R-STMT-3)."""

    # Was this statement discussed at all (the team review, migration 0008).
    __table_args__ = (Index("ix_statementdiscussion_statement_id", "statement_id"),)
    meeting_id: int = Field(foreign_key="meeting.id", primary_key=True)
    statement_id: int = Field(foreign_key="statement.id", primary_key=True)
    deviates: bool = False
    deviation_reason: str = long_text()


# --- Notes, approval and corrections -----------------------------------------------


class Note(Edited, table=True):
    """The notes of one meeting; the text lives in NoteVersion rows."""

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", unique=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    author_id: int = Field(foreign_key="caseworker.id", index=True)  # my day: my notes
    current_version: int = 1
    status: str = "final"  # final | sent | approved | corrected
    version: int | None
    version, __mapper_args__ = versioned()


class NoteVersion(Table, table=True):
    __table_args__ = (UniqueConstraint("note_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    note_id: int = Field(foreign_key="note.id", index=True)
    number: int
    created_at: datetime = when()
    created_by_id: int | None = Field(default=None, foreign_key="caseworker.id")
    # Structured: participants, sections per agenda item, citizen's view, facts,
    # next steps, next meeting (R-NOTE-1).
    content: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    change_summary: str = long_text()  # e.g. "Rettelse fra borgeren accepteret: ..."


class NoteDraft(Edited, table=True):
    """The draft saved continuously while typing (R-NOTE-3)."""

    __table_args__ = (UniqueConstraint("meeting_id", "author_id"),)
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id")
    author_id: int = Field(foreign_key="caseworker.id")
    content: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    saved_at: datetime = when()
    version: int | None
    version, __mapper_args__ = versioned()


class ApprovalRequest(Table, table=True):
    """Notes sent to the citizen for approval (R-APPR-1, R-APPR-4).

    The link carries only an opaque id; `nonce` is consumed once when the citizen answers.
    """

    id: int | None = Field(default=None, primary_key=True)
    note_id: int = Field(foreign_key="note.id", index=True)
    note_version: int
    public_id: str = Field(unique=True)
    nonce: str = Field(unique=True)
    sent_at: datetime = when()
    expires_at: datetime = when()
    status: str = Field(default="pending", index=True)  # pending | approved | corrected | expired
    answered_at: datetime | None = when(nullable=True)
    nonce_used_at: datetime | None = when(nullable=True)
    failed_checks: int = 0  # wrong dates of birth; five lock the link
    locked_at: datetime | None = when(nullable=True)
    # How the notes reached the citizen: by e-mail with the link, or given without one
    # (handed over at the meeting, by post, by Digital Post); then the caseworker records
    # the answer the citizen gave them (core/notes_given.py).
    channel: str = Field(default="email", sa_column_kwargs={"server_default": "email"})
    # email | handed | post | digital_post
    answer_recorded_by_id: int | None = Field(default=None, foreign_key="caseworker.id")
    version: int | None
    version, __mapper_args__ = versioned()


class Correction(Edited, table=True):
    """A citizen's correction of one section of the notes (R-APPR-2, R-APPR-3)."""

    id: int | None = Field(default=None, primary_key=True)
    approval_request_id: int = Field(foreign_key="approvalrequest.id", index=True)
    note_id: int = Field(foreign_key="note.id", index=True)
    section: str  # key of the section in NoteVersion.content
    original_text: str = long_text()
    proposed_text: str = long_text()
    comment: str = long_text()
    received_at: datetime = when()
    status: str = Field(default="pending", index=True)  # pending | accepted | rejected
    decided_by_id: int | None = Field(default=None, foreign_key="caseworker.id")
    decided_at: datetime | None = when(nullable=True)
    rejection_reason: str = long_text()
    resulting_version: int | None = None
    version: int | None
    version, __mapper_args__ = versioned()


# --- Letters and delivery -----------------------------------------------------------


class Letter(Edited, table=True):
    """A letter to a citizen; its text lives in LetterVersion rows."""

    # A caseworker's letters sent (the team review's LIX, migration 0008).
    __table_args__ = (Index("ix_letter_author_status", "author_id", "status"),)
    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", index=True)
    kind: str  # invitation | notes | approval | handover | reply | other
    author_id: int = Field(foreign_key="caseworker.id")
    created_at: datetime = when()
    current_version: int = 1
    status: str = "draft"  # draft | queued | sent | outdated (its meeting moved)
    version: int | None
    version, __mapper_args__ = versioned()


class LetterVersion(Table, table=True):
    __table_args__ = (UniqueConstraint("letter_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    letter_id: int = Field(foreign_key="letter.id", index=True)
    number: int
    created_at: datetime = when()
    subject: str
    body: str = long_text()
    lix: float | None = None  # readability when saved (R-LTR-1, R-LEAD-1)


class OutboxMessage(Table, table=True):
    """Stored before anything is sent, so nothing is lost; sent at most once."""

    id: int | None = Field(default=None, primary_key=True)
    message_id: str = Field(unique=True)  # stable RFC 5322 Message-ID
    letter_id: int | None = Field(default=None, foreign_key="letter.id", index=True)
    approval_request_id: int | None = Field(default=None, foreign_key="approvalrequest.id")
    citizen_id: int | None = Field(default=None, foreign_key="citizen.id", index=True)
    to_address: str
    subject: str
    body: str = long_text()
    created_at: datetime = when()
    not_before: datetime = when(index=True)  # the send window (R-LTR-4)
    status: str = Field(default="queued", index=True)  # queued | sending | sent | failed | withdrawn
    # email | digital_post | remote_print: decided at queueing (migration 0011, issue 16)
    channel: str = Field(default="email", sa_column_kwargs={"server_default": "email"})
    attempts: int = 0
    next_attempt_at: datetime | None = when(nullable=True)
    last_error: str = long_text()
    sent_at: datetime | None = when(nullable=True)
    version: int | None
    version, __mapper_args__ = versioned()


# --- Service, handover, review, privacy ----------------------------------------------


class Inquiry(Edited, table=True):
    """A citizen's inquiry, answered or acknowledged within 24 working hours (R-SERV-1)."""

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    caseworker_id: int | None = Field(default=None, foreign_key="caseworker.id", index=True)
    channel: str  # phone | email | sms | letter | digital_post
    received_at: datetime = when()
    due_at: datetime = when(index=True)
    summary: str = long_text()
    acknowledged_at: datetime | None = when(nullable=True)
    answered_at: datetime | None = when(nullable=True)
    journal_entry_id: int | None = Field(default=None, foreign_key="journalentry.id")
    version: int | None
    version, __mapper_args__ = versioned()


class Handover(Edited, table=True):
    """A change of caseworker with a dossier (R-HAND-1, R-HAND-2)."""

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    from_caseworker_id: int = Field(foreign_key="caseworker.id")
    to_caseworker_id: int = Field(foreign_key="caseworker.id")
    created_at: datetime = when()
    personal_note: str = long_text()
    dossier: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    completed_at: datetime | None = when(nullable=True)
    letter_id: int | None = Field(default=None, foreign_key="letter.id")
    joint_meeting_id: int | None = Field(default=None, foreign_key="meeting.id")
    # Migration 0007 (core/handover.py): the state, why, from when, who started and approved
    # it, the outgoing caseworker's part, and the moves made on the effective day.
    status: str = Field(default="open", index=True)
    # awaiting_approval (to another team: its team lead approves) | open | complete | declined
    reason: str = ""  # leaves | specialisation | citizen_wish | workload
    effective_on: date | None = None  # the assignment moves on this day
    started_by_id: int | None = Field(default=None, foreign_key="caseworker.id")
    approved_by_id: int | None = Field(default=None, foreign_key="caseworker.id")
    approved_at: datetime | None = when(nullable=True)
    declined_reason: str = long_text()
    note_done_at: datetime | None = when(nullable=True)  # the note written or skipped: sent on
    note_skipped: bool = False
    section_notes: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)  # section -> note
    dossier_at: datetime | None = when(nullable=True)  # generated (at start) or refreshed
    move_meetings: bool = False  # the outgoing's upcoming meetings move too (asked)
    move_agreements: bool = False  # the outgoing's open agreements move too (asked)
    moved_at: datetime | None = when(nullable=True)  # the assignment moved
    version: int | None
    version, __mapper_args__ = versioned()


class HandoverAck(Table, table=True):
    handover_id: int = Field(foreign_key="handover.id", primary_key=True)
    section: str = Field(primary_key=True)
    acknowledged_at: datetime = when()


class HandoverRequest(Edited, table=True):
    """A caseworker asks their team lead to hand a citizen over (migration 0007); the team
    lead starts a handover from it or declines it."""

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    requested_by_id: int = Field(foreign_key="caseworker.id")
    requested_at: datetime = when()
    reason: str  # leaves | specialisation | citizen_wish | workload
    why: str = long_text()
    status: str = Field(default="open", index=True)  # open | started | declined
    decided_by_id: int | None = Field(default=None, foreign_key="caseworker.id")
    decided_at: datetime | None = when(nullable=True)
    declined_reason: str = long_text()
    handover_id: int | None = Field(default=None, foreign_key="handover.id")
    version: int | None
    version, __mapper_args__ = versioned()


class ReviewFeedback(Table, table=True):
    """A team lead's feedback on a meeting's preparation (R-LEAD-2)."""

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    author_id: int = Field(foreign_key="caseworker.id")
    created_at: datetime = when()
    text: str = long_text()
    seen_at: datetime | None = when(nullable=True)


class AccessLog(Table, table=True):
    """Every opening of a citizen's file, CPR reveal and export (R-SEC-1, R-SEC-2)."""

    __table_args__ = (Index("ix_accesslog_citizen_time", "citizen_id", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = when()
    caseworker_id: int = Field(foreign_key="caseworker.id")
    citizen_id: int = Field(foreign_key="citizen.id")
    action: str  # open_file | reveal_cpr | export | open_statement
    detail: str = ""


class CitizenChange(Table, table=True):
    """A citizen whose searchable fields or assignments changed, written by triggers
    (migration 0009) whatever program made the change: the citizen index's change log
    (core/citizen_search.py). `prepdesk maintenance` keeps the newest rows."""

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int  # no foreign key: a deleted citizen is a change too


class AccessRequest(Table, table=True):
    """Aktindsigt: a citizen's request for their own file, due in 7 working days (R-SEC-4)."""

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    received_at: datetime = when()
    due_on: date
    answered_at: datetime | None = when(nullable=True)
    handled_by_id: int | None = Field(default=None, foreign_key="caseworker.id")  # who answered
    # Migration 0004: who registered it, what the citizen asked for, how the answer went.
    registered_by_id: int | None = Field(default=None, foreign_key="caseworker.id")
    what_asked: str = Field(default="", sa_type=Text, sa_column_kwargs={"server_default": ""})
    answered_how: str = Field(default="", sa_column_kwargs={"server_default": ""})
    # "" (open) | digital_post | email | post | handed


class DemoInfo(Table, table=True):
    """Marks a database as demo data, with the seed and scale it was built from."""

    id: int | None = Field(default=None, primary_key=True)
    seed: int
    scale: str
    built_at: datetime = when()
