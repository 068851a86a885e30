"""Rulings at work: attached to meetings (R-RULE-3), and practice changes (R-RULE-4).

Every operation takes the context first and opens its own transaction. Attaching and
acknowledging are idempotent writes (an insert that does nothing, or updates, when the
row is there), so two people, or two windows, doing the same at the same moment both
succeed and leave one row. Publishing and changing a practice change are refused on a
stale view with a sentence naming who acted first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, select

from prepdesk.core import access
from prepdesk.core.context import Context
from prepdesk.core.transaction import check_version, reading, writing
from prepdesk.data.models import (
    Caseworker,
    Complaint,
    MeetingRuling,
    PracticeChange,
    PracticeChangeAck,
    Ruling,
)
from prepdesk.dates import medium_datetime
from prepdesk.errors import Conflict, UserError
from prepdesk.i18n import _

# A ruling that changed or sent back one of our decisions means our practice was wrong.
PRACTICE_OUTCOMES = ("changed", "sent_back")
LEADS = ("team_lead", "admin")


# --- rulings attached to a meeting -------------------------------------------------------


@dataclass(frozen=True)
class AttachedRuling:
    meeting_id: int
    ruling_id: int
    number: str
    title: str
    on_agenda: bool
    note: str
    attached_at: datetime


def attach_ruling(
    ctx: Context, meeting_id: int, ruling_id: int, *, on_agenda: bool = False, note: str = "",
) -> AttachedRuling:
    """Attach a ruling to a meeting's preparation; attaching it again updates it. Two
    people attaching the same ruling at the same moment leave one attachment."""
    with writing(ctx) as session:
        access.require_meeting(session, ctx, meeting_id, look="attach_ruling")
        ruling = session.get(Ruling, ruling_id)
        if ruling is None:
            raise UserError(_("The ruling no longer exists. Search for it again."))
        _upsert(session, MeetingRuling, {
            "meeting_id": meeting_id, "ruling_id": ruling_id, "attached_by_id": ctx.user.id,
            "attached_at": ctx.clock(), "on_agenda": on_agenda, "note": note,
        }, keys=("meeting_id", "ruling_id"), update=("on_agenda", "note"))
        link = session.exec(select(MeetingRuling).where(
            MeetingRuling.meeting_id == meeting_id, MeetingRuling.ruling_id == ruling_id)
        ).one()
        return _attached(link, ruling)


def detach_ruling(ctx: Context, meeting_id: int, ruling_id: int) -> None:
    """Take the ruling off the meeting; a ruling not attached (any more) is no error."""
    with writing(ctx) as session:
        access.require_meeting(session, ctx, meeting_id)
        session.execute(delete(MeetingRuling).where(MeetingRuling.meeting_id == meeting_id,
                                                    MeetingRuling.ruling_id == ruling_id))


def attached_rulings(ctx: Context, meeting_id: int) -> list[AttachedRuling]:
    """The rulings attached to the meeting, in the order they were attached."""
    with reading(ctx) as session:
        access.require_meeting(session, ctx, meeting_id)
        rows = session.exec(
            select(MeetingRuling, Ruling).join(Ruling, Ruling.id == MeetingRuling.ruling_id)
            .where(MeetingRuling.meeting_id == meeting_id)
            .order_by(MeetingRuling.attached_at, MeetingRuling.ruling_id)
        ).all()
        return [_attached(link, ruling) for link, ruling in rows]


def _attached(link: MeetingRuling, ruling: Ruling) -> AttachedRuling:
    return AttachedRuling(link.meeting_id, link.ruling_id, ruling.number, ruling.title,
                          link.on_agenda, link.note, link.attached_at)


def _upsert(session: Session, table: Any, values: dict[str, Any], *, keys: tuple[str, ...],
            update: tuple[str, ...] = ()) -> int:
    """Insert the row, or (with `update`) set those columns of the row that is there, or
    (without) leave it: one statement, so a colleague's insert at the same moment is no
    IntegrityError. Both SQLite and PostgreSQL say INSERT ... ON CONFLICT."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(table).values(**values)
    if update:
        statement = statement.on_conflict_do_update(
            index_elements=list(keys), set_={name: values[name] for name in update})
    else:
        statement = statement.on_conflict_do_nothing(index_elements=list(keys))
    return session.execute(statement).rowcount


# --- practice changes ------------------------------------------------------------------------


def _practice_changes_after(session: Session, ctx: Context, ruling_id: int) -> list[PracticeChange]:
    """The practice changes published after the ruling that concern the user (their team's
    and the whole job centre's), oldest first."""
    return list(session.exec(
        select(PracticeChange)
        .where(PracticeChange.ruling_id == ruling_id, _concerns(ctx))
        .order_by(PracticeChange.published_at, PracticeChange.id)
    ))


def _concerns(ctx: Context) -> Any:
    return PracticeChange.team_id.is_(None) | (PracticeChange.team_id == ctx.user.team_id)


def publish_practice_change(
    ctx: Context, ruling_id: int, title: str, description: str, *,
    whole_job_centre: bool = False, seen_changes: int | None = None,
) -> int:
    """A team lead tells the team (or the whole job centre) how practice changes; returns
    the new practice change's id.

    `seen_changes` is how many practice changes after this ruling the lead's screen
    showed (`RulingAgainstUs.practice_changes`): when a colleague has published one
    since, nothing is published and the sentence names them."""
    if ctx.user.role not in LEADS:
        raise UserError(_("Only a team lead can publish a practice change."))
    if not title.strip() or not description.strip():
        raise UserError(_("Write a title and what changes in practice."))
    with writing(ctx) as session:
        # On PostgreSQL, two leads publishing after one ruling take turns here.
        ruling = session.get(Ruling, ruling_id, with_for_update=True)
        if ruling is None:
            raise UserError(_("The ruling no longer exists. Search for it again."))
        if ruling.outcome not in PRACTICE_OUTCOMES:
            raise UserError(_("A practice change follows a ruling that changed or sent back a "
                              "decision; ruling {number} confirmed it.").format(
                                  number=ruling.number))
        change = PracticeChange(
            ruling_id=ruling_id, team_id=None if whole_job_centre else ctx.user.team_id,
            title=title.strip(), description=description.strip(), published_by_id=ctx.user.id,
            published_at=ctx.clock(),
        )
        session.add(change)
        session.flush()
        # Counted once this transaction writes: on SQLite no one else can commit any more.
        published = [c for c in _practice_changes_after(session, ctx, ruling_id)
                     if c.id != change.id]
        if seen_changes is not None and len(published) > seen_changes:
            raise Conflict(_published_meanwhile(session, ctx, published[-1], ruling.number))
        _acknowledged_by_author(session, ctx, change.id)
        return change.id


def _acknowledged_by_author(session: Session, ctx: Context, practice_change_id: int) -> None:
    """Who publishes (or corrects) a practice change has read it: it is acknowledged by
    them, never asked of them again (issue 11, item 18)."""
    _upsert(session, PracticeChangeAck, {
        "practice_change_id": practice_change_id, "caseworker_id": ctx.user.id,
        "acknowledged_at": ctx.clock(),
    }, keys=("practice_change_id", "caseworker_id"))


def _published_meanwhile(session: Session, ctx: Context, change: PracticeChange,
                         number: str) -> str:
    when = medium_datetime(change.published_at)
    if change.published_by_id == ctx.user.id:
        return _("You published a practice change after ruling {number} in another window "
                 "({when}), so this one was not published. Reload (Ctrl+R) to see it, then publish "
                 "again if it is still needed.").format(number=number, when=when)
    author = session.get(Caseworker, change.published_by_id)
    return _("{name} published a practice change after ruling {number} ({when}), so yours was "
             "not published. Reload (Ctrl+R) to see it, then publish again if it is still "
             "needed.").format(name=author.name if author else _("A colleague"),
                               number=number, when=when)


def change_practice_change(
    ctx: Context, practice_change_id: int, seen_version: int, title: str, description: str,
) -> int:
    """A team lead corrects a published practice change; everyone it concerns is asked to
    acknowledge it again. Refused when it changed since the lead's screen showed
    `seen_version`. Returns the new version."""
    if ctx.user.role not in LEADS:
        raise UserError(_("Only a team lead can change a practice change."))
    if not title.strip() or not description.strip():
        raise UserError(_("Write a title and what changes in practice."))
    with writing(ctx) as session:
        change = _concerning(session, ctx, practice_change_id)
        check_version(session, ctx, change, seen_version, _("The practice change"))
        if (change.title, change.description) == (title.strip(), description.strip()):
            return change.version
        change.title, change.description = title.strip(), description.strip()
        session.add(change)
        session.execute(delete(PracticeChangeAck).where(
            PracticeChangeAck.practice_change_id == practice_change_id))
        session.flush()
        _acknowledged_by_author(session, ctx, practice_change_id)
        return change.version


def _concerning(session: Session, ctx: Context, practice_change_id: int) -> PracticeChange:
    change = session.get(PracticeChange, practice_change_id)
    if change is None:
        raise UserError(_("The practice change no longer exists. Reload (Ctrl+R)."))
    if ctx.user.role != "admin" and change.team_id not in (None, ctx.user.team_id):
        raise UserError(_("This practice change is for another team."))
    return change


def acknowledge(ctx: Context, practice_change_id: int, seen_version: int | None = None) -> None:
    """I have read the practice change and work by it. Acknowledging twice, also at the
    same moment in two windows, is harmless and leaves one acknowledgement. Refused when
    the text changed since the screen showed `seen_version`: read it again first."""
    with writing(ctx) as session:
        change = _concerning(session, ctx, practice_change_id)
        check_version(session, ctx, change, seen_version, _("The practice change"))
        _upsert(session, PracticeChangeAck, {
            "practice_change_id": practice_change_id, "caseworker_id": ctx.user.id,
            "acknowledged_at": ctx.clock(),
        }, keys=("practice_change_id", "caseworker_id"))
        # A correction committed since the check would leave this acknowledgement on a text
        # not read. Look again now that this transaction writes: on SQLite no one else can
        # commit any more; on PostgreSQL the shared lock makes a correction wait for this
        # commit (and then remove the acknowledgement with the others).
        session.refresh(change, with_for_update={"read": True})
        check_version(session, ctx, change, seen_version, _("The practice change"))


@dataclass(frozen=True)
class Acknowledgement:
    caseworker_id: int
    name: str
    acknowledged_at: datetime | None


def acknowledgements(ctx: Context, practice_change_id: int) -> list[Acknowledgement]:
    """For a team lead: everyone the change concerns, and whether and when they
    acknowledged: missing first."""
    if ctx.user.role not in LEADS:
        raise UserError(_("Only a team lead can see who has acknowledged a practice change."))
    with reading(ctx) as session:
        change = _concerning(session, ctx, practice_change_id)
        return _acknowledgements(session, change)


def _acknowledgements(session: Session, change: PracticeChange) -> list[Acknowledgement]:
    concerned = select(Caseworker).where(Caseworker.active, Caseworker.role != "admin")
    if change.team_id is not None:
        concerned = concerned.where(Caseworker.team_id == change.team_id)
    acks = dict(session.exec(
        select(PracticeChangeAck.caseworker_id, PracticeChangeAck.acknowledged_at)
        .where(PracticeChangeAck.practice_change_id == change.id)
    ).all())
    if change.published_by_id not in acks and _unchanged_by_others(change):
        acks[change.published_by_id] = change.published_at  # their own: read when published
    rows = [Acknowledgement(c.id, c.name, acks.get(c.id)) for c in session.exec(concerned)]
    return sorted(rows, key=lambda a: (a.acknowledged_at is not None, a.name))


def _unchanged_by_others(change: PracticeChange) -> bool:
    return change.changed_by_id in (None, change.published_by_id)


def _not_my_own(user_id: int) -> Any:
    """A practice change I have still to acknowledge is not one I published and nobody else
    changed since (also one published before publishing wrote the author's acknowledgement)."""
    return ~((PracticeChange.published_by_id == user_id)
             & (PracticeChange.changed_by_id.is_(None) | (PracticeChange.changed_by_id == user_id)))


def _count_after(session: Session, ctx: Context, ruling_ids: list[int]) -> dict[int, int]:
    """How many practice changes concerning the user follow each ruling."""
    if not ruling_ids:
        return {}
    return dict(session.exec(
        select(PracticeChange.ruling_id, func.count())
        .where(PracticeChange.ruling_id.in_(ruling_ids), _concerns(ctx))
        .group_by(PracticeChange.ruling_id)
    ).all())


# --- what each person sees -----------------------------------------------------------------

PUBLISHED_SHOWN = 200  # practice changes a team lead sees, newest first


@dataclass(frozen=True)
class PracticeChangeText:
    id: int
    version: int  # what `acknowledge` and `change_practice_change` are given back
    title: str
    description: str
    ruling_id: int
    ruling_number: str
    ruling_title: str
    published_at: datetime
    published_by: str
    whole_job_centre: bool


@dataclass(frozen=True)
class PublishedChange:
    change: PracticeChangeText
    missing: tuple[str, ...]  # who has not acknowledged, by name
    concerned: int  # everyone the change concerns


@dataclass(frozen=True)
class RulingAgainstUs:
    id: int
    number: str
    title: str
    decided_on: date
    outcome: str
    practice_changes: int  # published after it, for the user; `publish_practice_change`'s seen_changes

    @property
    def published(self) -> bool:
        return self.practice_changes > 0


@dataclass(frozen=True)
class PracticeLists:
    mine: tuple[PracticeChangeText, ...]  # still to acknowledge, newest first
    against_us: tuple[RulingAgainstUs, ...]  # empty unless a team lead looks
    published: tuple[PublishedChange, ...]  # likewise


def practice_lists(ctx: Context) -> PracticeLists:
    """The practice changes I have still to acknowledge; for a team lead also the rulings
    against us and the changes published for the team (or the whole job centre), each
    with who has not acknowledged it."""
    with reading(ctx) as session:
        mine = session.exec(
            _changes()
            .outerjoin(PracticeChangeAck,
                       (PracticeChangeAck.practice_change_id == PracticeChange.id)
                       & (PracticeChangeAck.caseworker_id == ctx.user.id))
            .where(PracticeChangeAck.acknowledged_at.is_(None), _concerns(ctx),
                   _not_my_own(ctx.user.id))
            .order_by(PracticeChange.published_at.desc(), PracticeChange.id.desc())
        ).all()
        if ctx.user.role not in LEADS:
            return PracticeLists(tuple(_text(*row) for row in mine), (), ())
        rows = session.exec(
            _changes().where(_concerns(ctx))
            .order_by(PracticeChange.published_at.desc(), PracticeChange.id.desc())
            .limit(PUBLISHED_SHOWN)
        ).all()
        published = []
        for row in rows:
            everyone = _acknowledgements(session, row[0])
            missing = tuple(a.name for a in everyone if a.acknowledged_at is None)
            published.append(PublishedChange(_text(*row), missing, len(everyone)))
        against = _rulings_against_us(session)
        counts = _count_after(session, ctx, [r.id for r in against])
        return PracticeLists(
            tuple(_text(*row) for row in mine),
            tuple(RulingAgainstUs(r.id, r.number, r.title, r.decided_on, r.outcome,
                                  counts.get(r.id, 0)) for r in against),
            tuple(published))


def _changes() -> Any:
    return (select(PracticeChange, Ruling.number, Ruling.title, Caseworker.name)
            .join(Ruling, Ruling.id == PracticeChange.ruling_id)
            .join(Caseworker, Caseworker.id == PracticeChange.published_by_id))


def _text(change: PracticeChange, number: str, title: str, by: str) -> PracticeChangeText:
    return PracticeChangeText(change.id, change.version, change.title, change.description,
                              change.ruling_id, number, title, change.published_at, by,
                              change.team_id is None)


def _rulings_against_us(session: Session) -> list[Ruling]:
    """Rulings that changed or sent back one of the job centre's own decisions, newest first."""
    return list(session.exec(
        select(Ruling)
        .where(Ruling.outcome.in_(PRACTICE_OUTCOMES), Ruling.id.in_(select(Complaint.ruling_id)))
        .order_by(Ruling.decided_on.desc(), Ruling.id.desc())
    ))
