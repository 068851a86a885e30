"""The agenda: proposals from the case, ordering, and the time budget (R-PREP-3, R-PREP-5).

What was not finished carries forward: items not reached at the last meeting and open
agreements are proposed for the next one.
"""

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from sqlalchemy import func
from sqlmodel import Session, select

from prepdesk.core.context import CurrentUser
from prepdesk.core.meetings import open_meeting
from prepdesk.data.models import (
    AgendaItem,
    Agreement,
    Citizen,
    CitizenGoal,
    Meeting,
    MeetingRuling,
    Ruling,
    Statement,
)
from prepdesk.errors import UserError
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
class AgendaView:
    """What the agenda screen shows of a meeting."""

    meeting: Meeting
    citizen_name: str
    items: list[AgendaItem]
    budget: Budget
    proposals: list[Proposal]


def view(session: Session, user: CurrentUser, meeting_id: int,
         change: Callable[[Session, Meeting], object] | None = None) -> AgendaView:
    """The agenda of the meeting, after making `change` (add, move, remove ...) if any:
    one call, so a change and what is then shown come from one session."""
    meeting = open_meeting(session, user, meeting_id)
    if change is not None:
        change(session, meeting)
    citizen = session.get(Citizen, meeting.citizen_id)
    return AgendaView(meeting, f"{citizen.first_name} {citizen.last_name}",
                      items(session, meeting.id), budget(session, meeting),
                      proposals(session, meeting))


def items(session: Session, meeting_id: int) -> list[AgendaItem]:
    return list(session.exec(
        select(AgendaItem).where(AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.position)
    ))


def budget(session: Session, meeting: Meeting) -> Budget:
    planned = session.exec(
        select(func.coalesce(func.sum(AgendaItem.minutes), 0)).where(AgendaItem.meeting_id == meeting.id)
    ).one()
    return Budget(planned=planned, available=meeting.minutes)


def _previous_meeting(session: Session, meeting: Meeting) -> Meeting | None:
    return session.exec(
        select(Meeting).where(Meeting.citizen_id == meeting.citizen_id, Meeting.status == "held",
                              Meeting.starts_at < meeting.starts_at)
        .order_by(Meeting.starts_at.desc())
    ).first()


def proposals(session: Session, meeting: Meeting) -> list[Proposal]:
    """What the agenda could hold, in a sensible order, minus what it holds already."""
    previous = _previous_meeting(session, meeting)
    since = previous.starts_at if previous else None
    from_case: list[Proposal] = []
    if previous is not None:
        from_case += [
            Proposal(_("Not reached last time: {title}").format(title=item.title), item.owner,
                     item.minutes, "carried", item.id)
            for item in items(session, previous.id) if item.reached is False
        ]
    from_case += [
        Proposal(_("Follow-up on the agreement: {what}").format(what=a.what), "both", 5, "agreement", a.id)
        for a in session.exec(
            select(Agreement).where(Agreement.citizen_id == meeting.citizen_id, Agreement.status == "open")
            .order_by(Agreement.due_on, Agreement.id)
        )
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
        Proposal(_("Ruling {number}: {title}").format(number=r.number, title=r.title), "caseworker", 5,
                 "ruling", r.id)
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
    taken = {(i.source, i.source_id, i.title) for i in items(session, meeting.id)}
    taken_sources = {(source, source_id) for source, source_id, _title in taken if source_id is not None}
    return [
        p for p in everything
        if (p.source, p.source_id, p.title) not in taken
        and (p.source_id is None or (p.source, p.source_id) not in taken_sources)
        and not (p.source == CITIZEN_POINTS and any(s == CITIZEN_POINTS for s, _i, _t in taken))
    ]


def add(session: Session, meeting: Meeting, proposal: Proposal, position: int | None = None) -> AgendaItem:
    """Add an item at `position` (1-based; at the end by default)."""
    current = items(session, meeting.id)
    if not proposal.title.strip():
        raise UserError(_("An agenda item needs a title."))
    if not 1 <= proposal.minutes <= 240:
        raise UserError(_("An agenda item takes from 1 to 240 minutes."))
    item = AgendaItem(meeting_id=meeting.id, position=0, title=proposal.title.strip(),
                      owner=proposal.owner, minutes=proposal.minutes, source=proposal.source,
                      source_id=proposal.source_id)
    index = len(current) if position is None else max(0, min(position - 1, len(current)))
    current.insert(index, item)
    _renumber(session, current)
    return item


def add_all(session: Session, meeting: Meeting, chosen: list[Proposal]) -> None:
    for proposal in chosen:
        add(session, meeting, proposal)


def remove(session: Session, meeting: Meeting, item_id: int) -> None:
    current = items(session, meeting.id)
    for item in current:
        if item.id == item_id:
            session.delete(item)
    _renumber(session, [i for i in current if i.id != item_id])


def move(session: Session, meeting: Meeting, item_id: int, steps: int) -> None:
    """Move an item up (negative steps) or down."""
    current = items(session, meeting.id)
    index = next(i for i, item in enumerate(current) if item.id == item_id)
    item = current.pop(index)
    current.insert(max(0, min(index + steps, len(current))), item)
    _renumber(session, current)


def change(session: Session, item_id: int, *, title: str | None = None, minutes: int | None = None,
           owner: str | None = None) -> AgendaItem:
    item = session.get(AgendaItem, item_id)
    if title is not None:
        if not title.strip():
            raise UserError(_("An agenda item needs a title."))
        item.title = title.strip()
    if minutes is not None:
        if not 1 <= minutes <= 240:
            raise UserError(_("An agenda item takes from 1 to 240 minutes."))
        item.minutes = minutes
    if owner is not None:
        item.owner = owner
    session.add(item)
    session.commit()
    return item


def _renumber(session: Session, ordered: list[AgendaItem]) -> None:
    for position, item in enumerate(ordered, start=1):
        item.position = position
        session.add(item)
    session.commit()

