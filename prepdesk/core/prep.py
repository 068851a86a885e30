"""The preparation checklist, computed from the data, never ticked by hand (R-PREP-2).

A meeting is prepared when every line that applies to it is done; `prepared_at` records
when that became true, and is cleared when it stops being true (a statement arrives, the
agenda changes after the invitation went out), so the state is always honest.

Looking at a preparation never writes a row another viewer could conflict on (R-TEAM-1):
`prepared_at` is recorded with a conditional UPDATE that leaves the meeting's version
alone and writes only when the state changes, and only for the meeting's own caseworker
(the checklist is theirs: a colleague who has not read the statements must not clear it).

A held meeting's checklist is the one it had when it began (`as_of` its start), for its own
caseworker, whoever looks: the team lead's feedback and the review's "prepared" are about
that, not about what arrived or was done after the meeting. It is computed from when
things happened (read, opened, received, sent, invited, attached, closed) and records
nothing: `prepared_at` stays as recorded before the start.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import func, union_all
from sqlmodel import Session, select, update

from prepdesk.core import access
from prepdesk.core.agenda import Budget, ItemView, _budget, _item_views
from prepdesk.core.context import LOCAL_TIMEZONE, Context, CurrentUser
from prepdesk.core.meetings import (
    INVITING_LETTERS,
    MeetingView,
    ParticipantView,
    RepresentativeView,
    _meeting_view,
    _participants,
    _uninvited,
)
from prepdesk.core.note_page import NotesView, _latest_notes
from prepdesk.core.queries import by_another_index
from prepdesk.core.ruling_changes import ChangedRuling, changed_since_attached_to
from prepdesk.core.transaction import reading, writing
from prepdesk.data.models import (
    AccessLog,
    Accommodation,
    Activity,
    AgendaItem,
    Agreement,
    BenefitPeriod,
    Caseworker,
    Citizen,
    Complaint,
    Correction,
    Decision,
    JournalEntry,
    Letter,
    LetterVersion,
    Meeting,
    MeetingParticipant,
    MeetingRuling,
    Note,
    Representative,
    Statement,
    StatementRead,
)
from prepdesk.errors import UserError
from prepdesk.i18n import _, ngettext

# Kinds of meeting where earlier rulings must be looked at even without a complaint.
RULINGS_EXPECTED = ("first", "round_table", "handover")


@dataclass(frozen=True)
class CheckItem:
    key: str  # statements | agreements | new_entries | corrections | rulings | invitation | representative | accommodations
    label: str
    done: bool
    detail: str
    applies: bool = True
    target_id: int | None = None  # what the line opens, where it is one thing (a note)


@dataclass(frozen=True)
class Checklist:
    meeting_id: int
    items: tuple[CheckItem, ...]

    @property
    def complete(self) -> bool:
        return all(item.done for item in self.items if item.applies)

    @property
    def missing(self) -> list[CheckItem]:
        return [item for item in self.items if item.applies and not item.done]


@dataclass(frozen=True)
class Preparation:
    """Everything the preparation screen shows about one meeting."""

    meeting: MeetingView  # with prepared_at as recorded
    citizen_name: str
    place: str
    participants: tuple[ParticipantView, ...]
    checklist: Checklist
    agenda: tuple[ItemView, ...]
    budget: Budget
    uninvited: tuple[RepresentativeView, ...]  # representatives and companions not yet invited
    # The notes of the meeting before this one, as every reader sees them (R-APPR-3).
    earlier_notes: NotesView | None = None
    # None: the checklist as it is now; a held meeting's: as it stood at its start, for
    # its own caseworker (the module's text).
    as_of: datetime | None = None


@dataclass(frozen=True)
class AccommodationView:
    id: int
    citizen_id: int
    description: str
    agreed_on: date | None
    agreed_by_id: int | None


def preparation(ctx: Context, meeting_id: int, *, again: bool = False) -> Preparation:
    """The meeting with its checklist, recorded as prepared or not (see the module's text).
    Opening it is a look at the citizen's data, written to the access log (R-SEC-1);
    `again` (the open screen computing the list again, after r or back from a thing to
    do) is not a new look. Access is checked either way."""
    with writing(ctx) as session:
        meeting = access.require_meeting(session, ctx, meeting_id,
                                         look=None if again else "preparation")
        citizen = session.get(Citizen, meeting.citizen_id)
        result, as_of = _shown_checklist(session, ctx, meeting)
        # Only before it starts: a held meeting's preparation (opened from the team lead's
        # feedback) must not rewrite what was recorded then.
        if (meeting.caseworker_id == ctx.user.id and meeting.status == "planned"
                and meeting.starts_at > ctx.clock()):
            _record_prepared(session, meeting, result.complete, ctx.clock())
        shown = _meeting_view(session, meeting)
        return Preparation(
            meeting=shown, citizen_name=f"{citizen.first_name} {citizen.last_name}",
            place=shown.where,
            participants=_participants(session, meeting.id), checklist=result,
            agenda=_item_views(session, meeting.id), budget=_budget(session, meeting),
            uninvited=tuple(_uninvited(session, meeting)),
            earlier_notes=_latest_notes(session, meeting.citizen_id, before=meeting.starts_at),
            as_of=as_of,
        )


def checklist(ctx: Context, meeting_id: int) -> Checklist:
    """The checklist of the meeting as the preparation shows it (for the current user, or
    a held meeting's as it began), computed; nothing is written."""
    with reading(ctx) as session:
        meeting = access.require_meeting(session, ctx, meeting_id)
        return _shown_checklist(session, ctx, meeting)[0]


def _shown_checklist(session: Session, ctx: Context,
                     meeting: Meeting) -> tuple[Checklist, datetime | None]:
    """The checklist the preparation shows, and the moment it is computed for when that is
    not now: for a held meeting, its start and its own caseworker (the module's text). A
    team lead or an administrator looking at a caseworker's meeting sees the caseworker's
    checklist: what is new or unread to them, as their my day shows it."""
    if meeting.status != "held":
        viewer_prepares = meeting.caseworker_id == ctx.user.id or ctx.user.role == "caseworker"
        user = ctx.user if viewer_prepares else _caseworker(session, meeting)
        return _checklist(session, user, meeting, ctx.clock()), None
    return (_checklists(session, _caseworker(session, meeting), [meeting], meeting.starts_at,
                        as_of=meeting.starts_at)[meeting.id], meeting.starts_at)


def _caseworker(session: Session, meeting: Meeting) -> CurrentUser:
    worker = session.get(Caseworker, meeting.caseworker_id)
    return CurrentUser(worker.id, worker.name, worker.role, worker.team_id, None,
                       worker.email, worker.phone)


def note_accommodation(ctx: Context, citizen_id: int, description: str) -> AccommodationView:
    """Note a need agreed with the citizen, or that they need none (R-FILE-3)."""
    if not description.strip():
        raise UserError(_("Write the accommodation, or that the citizen needs none."))
    with writing(ctx) as session:
        access.require(session, ctx, citizen_id)
        accommodation = Accommodation(citizen_id=citizen_id, description=description.strip(),
                                      agreed_on=ctx.clock().astimezone(LOCAL_TIMEZONE).date(),
                                      agreed_by_id=ctx.user.id)
        session.add(accommodation)
        session.flush()
        return AccommodationView(accommodation.id, citizen_id, accommodation.description,
                                 accommodation.agreed_on, accommodation.agreed_by_id)


def _checklist(session: Session, user: CurrentUser, meeting: Meeting, now: datetime) -> Checklist:
    """The meeting's checklist for `user`: what the preparation shows and my day counts."""
    return _checklists(session, user, [meeting], now)[meeting.id]


def _checklists(session: Session, user: CurrentUser, meetings: Sequence[Meeting],
                now: datetime, *, details: bool = True,
                as_of: datetime | None = None) -> dict[int, Checklist]:
    """The checklists of several meetings (my day's week: issue 11, item 7): exactly the
    lines of one meeting's checklist, read in a fixed number of statements whatever the
    number of meetings (issue 17, item 1). Without `details` (my day, which shows what is
    missing, not the lines' words), the rulings line does not name the rulings an import
    changed since they were attached: on the large demo, a scan of every ruling. With
    `as_of` (a held meeting's start, also `now`), as things stood then: only what had
    happened by then counts, in the order it happened."""
    if not meetings:
        return {}
    known = _Known.read(session, user, meetings, now, as_of=as_of)
    rulings = _Rulings.read(session, meetings, details=details, as_of=as_of)
    return {meeting.id: Checklist(meeting.id, (
        _statements(known, meeting),
        _agreements(known, meeting),
        _new_entries(known, meeting),
        _corrections(known, meeting),
        _rulings(rulings, meeting),
        _invitation(known, meeting),
        _representative(known, meeting),
        _accommodations(known, meeting),
    )) for meeting in meetings}


@dataclass
class _Known:
    """What the checklists of some meetings are computed from, each kind read once for all
    of them (for their citizens, or for the meetings themselves)."""

    previous: dict[int, datetime | None]  # meeting: start of the citizen's held meeting before it
    unread: dict[int, list[datetime]]  # citizen: when each statement the user has not read came
    open_agreements: dict[int, set[int]]  # citizen: open agreements
    on_agenda: dict[int, set[int]]  # meeting: the agreements on its agenda
    news: dict[int, list[datetime]]  # citizen: when each entry not by the user happened
    opened: dict[int, datetime]  # citizen: when the user last opened the file
    corrections: dict[int, list[int]]  # citizen: the notes of pending corrections, oldest first
    titles: dict[int, list[str]]  # meeting: the agenda's titles
    invitation: dict[int, str]  # meeting: the text of its newest queued or sent invitation
    outdated: set[int]  # meetings with an invitation made out of date by a move
    representatives: dict[int, list[tuple[int, str]]]  # citizen: active ones (id, name), by id
    invited: dict[int, set[int]]  # meeting: the representatives invited to it
    accommodations: dict[int, int]  # citizen: accommodations noted

    @classmethod
    def read(cls, session: Session, user: CurrentUser, meetings: Sequence[Meeting],
             now: datetime, *, as_of: datetime | None = None) -> _Known:
        """`as_of`: as things stood then (`_checklists`); the checks it adds are left out
        otherwise, so my day's statements stay as they are."""

        def by(column: Any) -> list[Any]:  # happened by `as_of`
            return [] if as_of is None else [column <= as_of]

        citizens = sorted({m.citizen_id for m in meetings})
        meeting_ids = [m.id for m in meetings]
        held: dict[int, list[datetime]] = defaultdict(list)
        for citizen_id, at in session.execute(
            select(Meeting.citizen_id, Meeting.starts_at)
            .where(Meeting.citizen_id.in_(citizens), Meeting.status == "held")
        ):
            held[citizen_id].append(at)
        previous = {m.id: max((at for at in held[m.citizen_id] if at < m.starts_at), default=None)
                    for m in meetings}
        unread: dict[int, list[datetime]] = defaultdict(list)
        for citizen_id, at in session.execute(
            select(Statement.citizen_id, Statement.received_at)
            .outerjoin(StatementRead, (StatementRead.statement_id == Statement.id)
                       & (StatementRead.caseworker_id == user.id)
                       & (StatementRead.read_at <= as_of if as_of is not None else True))
            .where(Statement.citizen_id.in_(citizens), StatementRead.read_at.is_(None),
                   *by(Statement.received_at))
        ):
            unread[citizen_id].append(at)
        agreements: dict[int, set[int]] = defaultdict(set)
        for citizen_id, agreement_id in session.execute(
            select(Agreement.citizen_id, Agreement.id)
            .where(Agreement.citizen_id.in_(citizens), by_another_index(Agreement.status) == "open")
            if as_of is None else
            # Open then: not closed by then, and not made in a meeting from then on.
            select(Agreement.citizen_id, Agreement.id)
            .where(Agreement.citizen_id.in_(citizens),
                   (Agreement.status == "open") | (Agreement.closed_at > as_of),
                   Agreement.meeting_id.is_(None) | Agreement.meeting_id.in_(
                       select(Meeting.id).where(Meeting.starts_at < as_of)))
        ):
            agreements[citizen_id].add(agreement_id)
        on_agenda: dict[int, set[int]] = defaultdict(set)
        titles: dict[int, list[str]] = defaultdict(list)
        for meeting_id, title, source, source_id in session.execute(
            select(AgendaItem.meeting_id, AgendaItem.title, AgendaItem.source, AgendaItem.source_id)
            .where(AgendaItem.meeting_id.in_(meeting_ids))
            .order_by(AgendaItem.position, AgendaItem.id)
        ):
            titles[meeting_id].append(title)
            if source == "agreement":
                on_agenda[meeting_id].add(source_id)
        since = [previous[m] for m in meeting_ids]
        earliest = None if None in since else min(since, default=None)
        corrections: dict[int, list[int]] = defaultdict(list)
        for citizen_id, note_id in session.execute(
            select(Note.citizen_id, Correction.note_id).join(Note, Note.id == Correction.note_id)
            .where(Note.citizen_id.in_(citizens), by_another_index(Correction.status) == "pending")
            .order_by(Correction.id)
            if as_of is None else
            select(Note.citizen_id, Correction.note_id).join(Note, Note.id == Correction.note_id)
            .where(Note.citizen_id.in_(citizens), Correction.received_at <= as_of,
                   (Correction.status == "pending") | (Correction.decided_at > as_of))
            .order_by(Correction.id)
        ):
            corrections[citizen_id].append(note_id)
        invitation: dict[int, str] = {}
        outdated: set[int] = set()
        for meeting_id, status, body in session.execute(
            select(Letter.meeting_id, Letter.status, LetterVersion.body)
            .join(LetterVersion, (LetterVersion.letter_id == Letter.id)
                  & (LetterVersion.number == Letter.current_version))
            # A meeting's letters are its citizen's: the index on citizen_id finds them
            # (the large demo's 640,000 letters are not scanned).
            .where(Letter.citizen_id.in_(citizens), Letter.meeting_id.in_(meeting_ids),
                   Letter.kind.in_(INVITING_LETTERS),
                   Letter.status.in_(("queued", "sent", "outdated")), *by(Letter.created_at))
            .order_by(Letter.created_at.desc(), Letter.id.desc())
        ):
            if status == "outdated":
                outdated.add(meeting_id)
            else:
                invitation.setdefault(meeting_id, body)
        representatives: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for citizen_id, representative_id, name in session.execute(
            select(Representative.citizen_id, Representative.id, Representative.name)
            .where(Representative.citizen_id.in_(citizens), Representative.active,
                   *([] if as_of is None else [Representative.since.is_(None)
                                               | (Representative.since <= _day(as_of))]))
            .order_by(Representative.id)
        ):
            representatives[citizen_id].append((representative_id, name))
        invited: dict[int, set[int]] = defaultdict(set)
        for meeting_id, representative_id in session.execute(
            select(MeetingParticipant.meeting_id, MeetingParticipant.representative_id)
            .where(MeetingParticipant.meeting_id.in_(meeting_ids),
                   MeetingParticipant.invited_at.is_not(None), *by(MeetingParticipant.invited_at))
        ):
            invited[meeting_id].add(representative_id)
        return cls(
            previous=previous, unread=unread, open_agreements=agreements, on_agenda=on_agenda,
            news=_news_since(session, user, citizens, earliest, now),
            opened=dict(session.execute(
                select(AccessLog.citizen_id, func.max(AccessLog.at))
                .where(AccessLog.citizen_id.in_(citizens), AccessLog.caseworker_id == user.id,
                       AccessLog.action == "open_file", *by(AccessLog.at))
                .group_by(AccessLog.citizen_id)).all()),
            corrections=corrections, titles=titles, invitation=invitation, outdated=outdated,
            representatives=representatives, invited=invited,
            accommodations=dict(session.execute(
                select(Accommodation.citizen_id, func.count())
                .where(Accommodation.citizen_id.in_(citizens), Accommodation.active,
                       *([] if as_of is None else [Accommodation.agreed_on.is_(None)
                                                   | (Accommodation.agreed_on <= _day(as_of))]))
                .group_by(Accommodation.citizen_id)).all()),
        )


def _day(moment: datetime) -> date:
    return moment.astimezone(LOCAL_TIMEZONE).date()


def _record_prepared(session: Session, meeting: Meeting, complete: bool, now: datetime) -> None:
    """Record since when the meeting is prepared, or that it is not, only if that changed:
    a conditional UPDATE that leaves the meeting's version alone, so a colleague's edit
    of the meeting is never refused because someone looked at it, and two people looking
    at once never conflict (the second finds nothing to change)."""
    query = update(Meeting).where(Meeting.id == meeting.id)
    if complete:
        query = query.where(Meeting.prepared_at.is_(None)).values(prepared_at=now)
    else:
        query = query.where(Meeting.prepared_at.is_not(None)).values(prepared_at=None)
    if complete == (meeting.prepared_at is None):  # it changes, as far as this session knows
        session.exec(query.execution_options(synchronize_session=False))
        session.refresh(meeting)


def _statements(known: _Known, meeting: Meeting) -> CheckItem:
    """The statements received since the citizen's meeting before this one that I have not
    read (as queries.unread_statement_counts counts them)."""
    since = known.previous[meeting.id]
    unread = sum(1 for at in known.unread[meeting.citizen_id] if since is None or at > since)
    detail = (ngettext("{n} new statement not read", "{n} new statements not read", unread).format(n=unread)
              if unread else _("All new statements are read"))
    return CheckItem("statements", _("Read the new statements"), unread == 0, detail)


def _agreements(known: _Known, meeting: Meeting) -> CheckItem:
    open_ids = known.open_agreements[meeting.citizen_id]
    missing = len(open_ids - known.on_agenda[meeting.id])
    detail = (ngettext("{n} open agreement is not on the agenda", "{n} open agreements are not on the agenda",
                       missing).format(n=missing)
              if missing else _("Every open agreement is on the agenda"))
    return CheckItem("agreements", _("Follow up on open agreements"), missing == 0, detail, bool(open_ids))


def _new_entries(known: _Known, meeting: Meeting) -> CheckItem:
    """Done when I have opened the file after the newest entry since the last meeting.

    What I did myself (my letters, my journal entries, my decisions, my meetings) is not
    news to me (issue 11, item 8): sending the invitation does not undo the preparation."""
    since = known.previous[meeting.id]
    moments = [at for at in known.news[meeting.citizen_id] if since is None or at > since]
    if not moments:
        return CheckItem("new_entries", _("Look through what is new since the last meeting"), True,
                         _("Nothing new since the last meeting"), applies=False)
    opened = known.opened.get(meeting.citizen_id)
    done = opened is not None and opened >= max(moments)
    detail = ngettext("{n} entry is new since the last meeting", "{n} entries are new since the last meeting",
                      len(moments)).format(n=len(moments))
    return CheckItem("new_entries", _("Look through what is new since the last meeting"), done, detail)


def _news_since(session: Session, user: CurrentUser, citizens: Sequence[int],
                since: datetime | None, now: datetime) -> dict[int, list[datetime]]:
    """Per citizen, when each entry of their timeline after `since` (up to `now`) happened,
    leaving out what `user` did: one UNION ALL over the timeline's sources (the rows
    core/timeline.py lists; a meeting's notes are read through its meeting), and one for
    the dated ones (activities and benefit periods, placed at the start of their day)."""
    def timed(citizen: Any, column: Any, *where: Any) -> Any:
        window = [column <= now] + ([column > since] if since is not None else [])
        return select(citizen.label("citizen_id"), column.label("at")).where(
            citizen.in_(citizens), *where, *window)

    def not_mine(column: Any) -> Any:
        return column.is_distinct_from(user.id)

    news: dict[int, list[datetime]] = defaultdict(list)
    for citizen_id, at in session.execute(union_all(
        timed(JournalEntry.citizen_id, JournalEntry.occurred_at, JournalEntry.meeting_id.is_(None),
              not_mine(JournalEntry.author_id)),
        timed(Meeting.citizen_id, Meeting.starts_at, not_mine(Meeting.caseworker_id)),
        timed(Statement.citizen_id, Statement.received_at),
        timed(Letter.citizen_id, Letter.created_at, not_mine(Letter.author_id)),
        timed(Decision.citizen_id, Decision.decided_at, not_mine(Decision.decided_by_id)),
        timed(Complaint.citizen_id, Complaint.received_at),
    )):
        news[citizen_id].append(at)
    first_day = since.astimezone(LOCAL_TIMEZONE).date() if since is not None else None
    last_day = now.astimezone(LOCAL_TIMEZONE).date()
    days = union_all(*(
        select(citizen.label("citizen_id"), column.label("day")).where(
            citizen.in_(citizens), column <= last_day, *([column >= first_day] if first_day else []))
        for column, citizen in ((Activity.started_on, Activity.citizen_id),
                                (BenefitPeriod.started_on, BenefitPeriod.citizen_id))))
    for citizen_id, day in session.execute(days):
        at = datetime.combine(day, time.min, tzinfo=LOCAL_TIMEZONE)
        if (since is None or at > since) and at <= now:
            news[citizen_id].append(at)
    return news


def _corrections(known: _Known, meeting: Meeting) -> CheckItem:
    notes = known.corrections[meeting.citizen_id]
    pending = len(notes)
    detail = (ngettext("{n} correction from the citizen awaits your answer",
                       "{n} corrections from the citizen await your answer", pending).format(n=pending)
              if pending else _("No corrections wait"))
    return CheckItem("corrections", _("Answer the citizen's corrections"), pending == 0, detail,
                     target_id=notes[0] if notes else None)


@dataclass
class _Rulings:
    """What the rulings line of some meetings is computed from, read once for all of them."""

    attached: dict[int, int]  # meeting: rulings attached
    complaints: set[int]  # citizens with a complaint
    changed: dict[int, list[ChangedRuling]]  # meeting: attached rulings an import changed since

    @classmethod
    def read(cls, session: Session, meetings: Sequence[Meeting], *, details: bool,
             as_of: datetime | None = None) -> _Rulings:
        meeting_ids = [m.id for m in meetings]
        then = (lambda column: []) if as_of is None else (lambda column: [column <= as_of])
        attached = dict(session.execute(
            select(MeetingRuling.meeting_id, func.count())
            .where(MeetingRuling.meeting_id.in_(meeting_ids), *then(MeetingRuling.attached_at))
            .group_by(MeetingRuling.meeting_id)).all())
        complaints = set(session.exec(
            select(Complaint.citizen_id).distinct()
            .where(Complaint.citizen_id.in_({m.citizen_id for m in meetings}),
                   *then(Complaint.received_at))).all())
        changed = changed_since_attached_to(session, list(attached)) if attached and details else {}
        return cls(attached, complaints, changed)


def _rulings(known: _Rulings, meeting: Meeting) -> CheckItem:
    attached = known.attached.get(meeting.id, 0)
    has_complaint = meeting.citizen_id in known.complaints
    # Attached rulings count wherever they are: the caseworker looked at them.
    applies = meeting.kind in RULINGS_EXPECTED or has_complaint or attached > 0
    detail = (ngettext("{n} ruling attached", "{n} rulings attached", attached).format(n=attached)
              if attached else _("No ruling attached yet"))
    # Issue 15, item 5: an attached ruling that an import changed or replaced since.
    changed = known.changed.get(meeting.id, [])
    if changed:
        detail = " ".join([f"{detail}.", *(ruling.sentence() for ruling in changed)])
    return CheckItem("rulings", _("Look at rulings in similar cases"), attached > 0, detail, applies)


def _invitation(known: _Known, meeting: Meeting) -> CheckItem:
    """Done when an invitation went out (or waits in the outbox) with every agenda item in it."""
    label = _("Send the agenda with the invitation")
    titles = known.titles[meeting.id]
    if not titles:
        return CheckItem("invitation", label, False, _("The agenda is empty"))
    body = known.invitation.get(meeting.id)
    if body is None:
        return CheckItem("invitation", label, False,
                         _("The meeting was moved after the invitation: send a new one")
                         if meeting.id in known.outdated else _("No invitation has been sent"))
    missing = [title for title in titles if title not in body]
    if missing:
        return CheckItem("invitation", label, False,
                         _("The agenda changed after the invitation was sent: send it again"))
    return CheckItem("invitation", label, True, _("The invitation with the agenda has been sent"))


def _representative(known: _Known, meeting: Meeting) -> CheckItem:
    """Every active representative or companion of the citizen is invited to the meeting
    (as meetings._uninvited says)."""
    label = _("Invite the representative or companion")
    everyone = known.representatives[meeting.citizen_id]
    if not everyone:
        return CheckItem("representative", label, True, _("The citizen has no representative"), applies=False)
    missing = [name for representative_id, name in everyone
               if representative_id not in known.invited[meeting.id]]
    if missing:
        return CheckItem("representative", label, False,
                         _("Not invited yet: {names}").format(names=", ".join(missing)))
    return CheckItem("representative", label, True, _("Invited"))


def _accommodations(known: _Known, meeting: Meeting) -> CheckItem:
    noted = known.accommodations.get(meeting.citizen_id, 0)
    detail = (ngettext("{n} accommodation noted", "{n} accommodations noted", noted).format(n=noted)
              if noted else _("None noted: ask the citizen, and note them (or that none are needed)"))
    return CheckItem("accommodations", _("Note the citizen's accommodations"), noted > 0, detail)
