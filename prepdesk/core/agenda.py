"""The agenda: proposals from the case, ordering, and the time budget (R-PREP-3, R-PREP-5).

What was not finished carries forward: items not reached at the last meeting and open
agreements are proposed for the next one.

Several people may edit one agenda at once (R-TEAM-1). Every change raises the meeting's
`agenda_version` with a compare-and-set in the change's own transaction, before anything
else is written: that serialises the writers of one agenda on PostgreSQL and SQLite alike,
so positions stay 1..n. A change, move or removal names the agenda version the screen
showed and is refused with a sentence if the agenda changed since. An addition takes the
version it finds (it overwrites nothing, so a screen a moment old may add), but a proposal
a colleague has just put on the agenda is refused rather than added twice.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from sqlalchemy import func
from sqlmodel import Session, select, update

from prepdesk.core import access, queries
from prepdesk.core.context import Context
from prepdesk.core.labels import agreement_owner
from prepdesk.core.meetings import MeetingView, _meeting_view
from prepdesk.core.transaction import stale_sentence, writing
from prepdesk.data.models import (
    AgendaItem,
    Caseworker,
    Citizen,
    CitizenGoal,
    Meeting,
    MeetingRuling,
    Ruling,
    Statement,
)
from prepdesk.dates import medium_datetime
from prepdesk.errors import Conflict, UserError
from prepdesk.i18n import _

CITIZEN_POINTS = "citizen_points"


@dataclass(frozen=True)
class Proposal:
    title: str
    owner: str
    minutes: int
    source: str
    source_id: int | None = None


@dataclass(frozen=True)
class Budget:
    planned: int  # minutes of the items
    available: int  # minutes of the meeting

    @property
    def difference(self) -> int:
        return self.planned - self.available

    def summary(self) -> str:
        return _("The items take {planned} of the meeting's {available} minutes.").format(
            planned=self.planned, available=self.available)

    def warning(self) -> str | None:
        if self.difference > 0:
            return _("The items take {minutes} minutes more than the meeting has. Shorten or "
                     "remove items, or make the meeting longer.").format(minutes=self.difference)
        if self.difference < 0:
            return _("{minutes} minutes of the meeting have no item.").format(minutes=-self.difference)
        return None


@cache
def _templates() -> dict[str, dict[str, list[dict]]]:
    text = resources.files("prepdesk.templates").joinpath("agendas.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _template(kind: str, part: str, source: str) -> list[Proposal]:
    return [Proposal(i["title"], i["owner"], i["minutes"], source) for i in _templates()[kind][part]]


@dataclass(frozen=True)
class ItemView:
    id: int
    position: int
    title: str
    owner: str
    minutes: int
    source: str
    source_id: int | None
    reached: bool | None
    version: int


@dataclass(frozen=True)
class AgendaView:
    """What the agenda screen shows of a meeting. An edit names `meeting.agenda_version`,
    the version of the agenda shown."""

    meeting: MeetingView
    citizen_name: str
    items: tuple[ItemView, ...]
    budget: Budget
    proposals: tuple[Proposal, ...]

    @property
    def agenda_version(self) -> int:
        return self.meeting.agenda_version


def _proposals(session: Session, meeting: Meeting) -> list[Proposal]:
    """What the agenda could hold, in a sensible order, minus what it holds already."""
    previous = queries.held_before(session, meeting.citizen_id, meeting.starts_at)
    since = previous.starts_at if previous else None
    from_case: list[Proposal] = []
    if previous is not None:
        from_case += [
            Proposal(_("Not reached last time: {title}").format(title=item.title), item.owner,
                     item.minutes, "carried", item.id)
            for item in items(session, previous.id) if item.reached is False
        ]
    from_case += [
        # Who does it stays with the agreement, here and in the invitation (issue 11, item 3).
        Proposal(_("Follow-up on the agreement: {what} ({owner})").format(
            what=a.what, owner=agreement_owner(a.who)), "both", 5, "agreement", a.id)
        # (the day only decides `overdue`, which a proposal does not use)
        for a in queries.open_agreements(session, meeting.citizen_id, meeting.starts_at.date())
    ]
    new_statements = select(Statement).where(Statement.citizen_id == meeting.citizen_id)
    if since is not None:
        new_statements = new_statements.where(Statement.received_at > since)
    from_case += [
        Proposal(_("The new statement from {author}: {title}").format(author=s.author_name, title=s.title),
                 "both", 10, "statement", s.id)
        for s in session.exec(new_statements.order_by(Statement.received_at))
    ]
    from_case += [
        ruling_proposal(r)
        for _link, r in session.exec(
            select(MeetingRuling, Ruling).join(Ruling, Ruling.id == MeetingRuling.ruling_id)
            .where(MeetingRuling.meeting_id == meeting.id, MeetingRuling.on_agenda)
        )
    ]
    from_case += [
        Proposal(_("Your wish: {text}").format(text=g.text), "citizen", 5, "wish", g.id)
        for g in session.exec(
            select(CitizenGoal).where(CitizenGoal.citizen_id == meeting.citizen_id, CitizenGoal.active,
                                      CitizenGoal.kind == "wish")
        )
    ]
    citizen_points = Proposal(_("Your own points"), "citizen", 5, CITIZEN_POINTS)
    everything = [
        *_template(meeting.kind, "opening", "template"), *from_case, citizen_points,
        *_template(meeting.kind, "closing", "template"),
    ]
    current = items(session, meeting.id)
    return [p for p in everything if _holding(current, p) is None]


def ruling_proposal(ruling: Ruling) -> Proposal:
    """The agenda item of an attached ruling."""
    return Proposal(_("Ruling {number}: {title}").format(number=ruling.number, title=ruling.title),
                    "caseworker", 5, "ruling", ruling.id)


def closing_titles(kind: str) -> set[str]:
    """The titles of the items that close a meeting of `kind` ("Aftaler og næste møde")."""
    return {p.title for p in _template(kind, "closing", "template")} if kind in _templates() else set()


def _holding(current: Sequence[AgendaItem], proposal: Proposal) -> AgendaItem | None:
    """The item of `current` that already holds `proposal`, if any. An item of one's own
    ("own", "manual") is never one: two may have the same title."""
    if proposal.source in ("own", "manual"):
        return None
    for item in current:
        if item.source != proposal.source:
            continue
        if proposal.source == CITIZEN_POINTS or (
                item.source_id == proposal.source_id if proposal.source_id is not None
                else item.title == proposal.title):
            return item
    return None


# --- operations -----------------------------------------------------------------------------


def view(ctx: Context, meeting_id: int, *, again: bool = False) -> AgendaView:
    """The agenda of the meeting, its time budget and the proposals from the case. Opening
    it is a look written to the access log (R-SEC-1); `again` (the open screen reloading)
    is not a new look. Access is checked either way."""
    with writing(ctx) as session:
        meeting = access.require_meeting(session, ctx, meeting_id,
                                         look=None if again else "agenda")
        return _view(session, meeting)


def add(ctx: Context, meeting_id: int, proposal: Proposal,
        position: int | None = None) -> AgendaView:
    """Add an item at `position` (1-based; at the end by default). A proposal already on
    the agenda (a colleague's addition a moment ago) is refused with who added it."""
    _check(proposal.title, proposal.minutes)
    with writing(ctx) as session:
        meeting = access.require_meeting(session, ctx, meeting_id)
        _take(session, ctx, meeting, None)
        current = items(session, meeting.id)
        _add(session, ctx, current, meeting, proposal, position)
        return _view(session, meeting)


def add_all(ctx: Context, meeting_id: int, chosen: Sequence[Proposal]) -> AgendaView:
    """Add the proposals at the end, in their order; those on the agenda already are
    left out."""
    for proposal in chosen:
        _check(proposal.title, proposal.minutes)
    with writing(ctx) as session:
        meeting = access.require_meeting(session, ctx, meeting_id)
        _take(session, ctx, meeting, None)
        current = items(session, meeting.id)
        for proposal in chosen:
            if _holding(current, proposal) is None:
                _add(session, ctx, current, meeting, proposal, None)
        return _view(session, meeting)


def change(ctx: Context, meeting_id: int, item_id: int, *, seen_agenda_version: int,
           title: str | None = None, minutes: int | None = None,
           owner: str | None = None) -> AgendaView:
    """Change an item's title, minutes or owner, on the agenda as the screen showed it."""
    if title is not None or minutes is not None:
        _check(title if title is not None else "-", minutes if minutes is not None else 1)
    with writing(ctx) as session:
        meeting = access.require_meeting(session, ctx, meeting_id)
        _take(session, ctx, meeting, seen_agenda_version, item_id)
        item = _item(session, meeting, item_id)
        if title is not None:
            item.title = title.strip()
        if minutes is not None:
            item.minutes = minutes
        if owner is not None:
            item.owner = owner
        session.add(item)
        session.flush()
        return _view(session, meeting)


def move(ctx: Context, meeting_id: int, item_id: int, steps: int, *,
         seen_agenda_version: int) -> AgendaView:
    """Move an item up (negative steps) or down, on the agenda as the screen showed it."""
    with writing(ctx) as session:
        meeting = access.require_meeting(session, ctx, meeting_id)
        _take(session, ctx, meeting, seen_agenda_version, item_id)
        item = _item(session, meeting, item_id)
        current = items(session, meeting.id)
        index = current.index(item)
        current.pop(index)
        current.insert(max(0, min(index + steps, len(current))), item)
        _renumber(session, current)
        return _view(session, meeting)


def remove(ctx: Context, meeting_id: int, item_id: int, *,
           seen_agenda_version: int) -> AgendaView:
    """Take an item off the agenda, as the screen showed it; the others close up."""
    with writing(ctx) as session:
        meeting = access.require_meeting(session, ctx, meeting_id)
        _take(session, ctx, meeting, seen_agenda_version, item_id)
        item = _item(session, meeting, item_id)
        session.delete(item)
        session.flush()
        _renumber(session, items(session, meeting.id))
        return _view(session, meeting)


# --- helpers for core (they take the caller's session) -------------------------------------


def items(session: Session, meeting_id: int) -> list[AgendaItem]:
    """The agenda's rows in their order: for core modules that build on the agenda (the
    invitation, the notes)."""
    return list(session.exec(
        select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)
        .order_by(AgendaItem.position, AgendaItem.id)
    ))


def _item_views(session: Session, meeting_id: int) -> tuple[ItemView, ...]:
    return tuple(ItemView(i.id, i.position, i.title, i.owner, i.minutes, i.source, i.source_id,
                          i.reached, i.version) for i in items(session, meeting_id))


def _budget(session: Session, meeting: Meeting) -> Budget:
    planned = session.exec(
        select(func.coalesce(func.sum(AgendaItem.minutes), 0)).where(AgendaItem.meeting_id == meeting.id)
    ).one()
    return Budget(planned=planned, available=meeting.minutes)


def _view(session: Session, meeting: Meeting) -> AgendaView:
    session.flush()
    citizen = session.get(Citizen, meeting.citizen_id)
    return AgendaView(_meeting_view(session, meeting), f"{citizen.first_name} {citizen.last_name}",
                      _item_views(session, meeting.id), _budget(session, meeting),
                      tuple(_proposals(session, meeting)))


def _check(title: str, minutes: int) -> None:
    if not title.strip():
        raise UserError(_("An agenda item needs a title."))
    if not 1 <= minutes <= 240:
        raise UserError(_("An agenda item takes from 1 to 240 minutes."))


def _take(session: Session, ctx: Context, meeting: Meeting, seen: int | None,
          item_id: int | None = None) -> None:
    """Raise the agenda's version for this transaction's change: with `seen`, only if it is
    still the version the screen showed (compare-and-set), else a sentence saying who
    changed the agenda. The row this writes is what serialises two writers of one agenda:
    the second waits here until the first has committed, then reads its items."""
    query = update(Meeting).where(Meeting.id == meeting.id)
    if seen is not None:
        query = query.where(Meeting.agenda_version == seen)
    result = session.exec(
        query.values(agenda_version=Meeting.agenda_version + 1, changed_by_id=ctx.user.id,
                     changed_at=ctx.clock())
        .execution_options(synchronize_session=False))
    session.refresh(meeting)  # as it is now, under the lock
    if result.rowcount == 1:
        return
    gone = item_id is not None and session.get(AgendaItem, item_id) is None
    if not gone:
        raise Conflict(stale_sentence(session, ctx, meeting, _("The agenda")))
    when = medium_datetime(meeting.changed_at) if meeting.changed_at else _("a moment ago")
    if meeting.changed_by_id == ctx.user.id:
        raise Conflict(_("You removed the item from the agenda in another window ({when}). "
                         "Reload (Ctrl+R) to see the agenda as it is now.").format(when=when))
    name = _name(session, meeting.changed_by_id)
    if seen is not None and meeting.agenda_version == seen + 1:  # the one change since
        raise Conflict(_("The item was removed from the agenda by {name} ({when}). Reload (Ctrl+R) "
                         "to see the agenda as it is now.").format(name=name, when=when))
    raise Conflict(_("The item is no longer on the agenda: {name} changed the agenda last "
                     "({when}). Reload (Ctrl+R) to see the agenda as it is now.").format(
        name=name, when=when))


def _name(session: Session, caseworker_id: int | None) -> str:
    caseworker = session.get(Caseworker, caseworker_id) if caseworker_id else None
    return caseworker.name if caseworker else _("a colleague")


def _item(session: Session, meeting: Meeting, item_id: int) -> AgendaItem:
    item = session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        raise UserError(_("The item is no longer on the agenda. Reload (Ctrl+R) to see the agenda "
                          "as it is now."))
    return item


def _add(session: Session, ctx: Context, current: list[AgendaItem], meeting: Meeting,
         proposal: Proposal, position: int | None) -> None:
    holder = _holding(current, proposal)
    if holder is not None:
        when = medium_datetime(holder.changed_at) if holder.changed_at else _("a moment ago")
        if holder.changed_by_id == ctx.user.id:
            raise Conflict(_("“{title}” is on the agenda already: you put it there ({when}), "
                             "perhaps in another window. Reload (Ctrl+R) to see the agenda as it is "
                             "now.").format(title=holder.title, when=when))
        raise Conflict(_("“{title}” is on the agenda already: {name} put it there ({when}). "
                         "Reload (Ctrl+R) to see the agenda as it is now.").format(
            title=holder.title, name=_name(session, holder.changed_by_id), when=when))
    item = AgendaItem(meeting_id=meeting.id, position=0, title=proposal.title.strip(),
                      owner=proposal.owner, minutes=proposal.minutes, source=proposal.source,
                      source_id=proposal.source_id)
    index = len(current) if position is None else max(0, min(position - 1, len(current)))
    current.insert(index, item)
    _renumber(session, current)


def _renumber(session: Session, ordered: list[AgendaItem]) -> None:
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            item.position = position
            session.add(item)
    session.flush()
