"""The builders every test world shares: one moment, two teams, the caseworkers everybody
knows by name, citizens, and the user and Context of one of them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from prepdesk.core.context import LOCAL_TIMEZONE, Context, CurrentUser
from prepdesk.core.search import fold
from prepdesk.data import models as m

# Monday 23 November 2026, 08:00 in Copenhagen.
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=LOCAL_TIMEZONE)
SIZE = (120, 36)  # the terminal of a screen test

TEAM_NAMES = {"vest": "Team Vest", "oest": "Team Øst"}
STAFF = {
    "mette": dict(initials="MKJ", name="Mette Kjær", email="mkj@fjordby.example",
                  phone="72 10 20 30", team="vest"),
    "jens": dict(initials="JH", name="Jens Holm", email="jh@fjordby.example",
                 phone="72 10 20 31", team="vest"),
    "sara": dict(initials="SØ", name="Sara Ørsted", email="so@fjordby.example",
                 phone="72 10 20 32", team="oest"),
    "lone": dict(initials="LB", name="Lone Berg", role="team_lead", email="lb@fjordby.example",
                 phone="72 10 20 33", team="vest"),
    "admin": dict(initials="ADM", name="Admin", role="admin", email="adm@fjordby.example",
                  phone="1", team=None),
}


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def teams(session) -> dict[str, m.Team]:
    """Team Vest and Team Øst, flushed (they have ids)."""
    made = {key: m.Team(name=name) for key, name in TEAM_NAMES.items()}
    session.add_all(made.values())
    session.flush()
    return made


def staff(session, made_teams: dict[str, m.Team], *keys: str) -> dict[str, m.Caseworker]:
    """The caseworkers of STAFF named by `keys`, in that order, flushed."""
    workers = {}
    for key in keys:
        fields = dict(STAFF[key])
        team = fields.pop("team")
        workers[key] = m.Caseworker(**fields, team_id=made_teams[team].id if team else None)
    session.add_all(workers.values())
    session.flush()
    return workers


def citizen(session, first: str, last: str, cpr: str, team: m.Team, **more) -> m.Citizen:
    """A citizen of `team`, found by search as the app finds it (folded name), flushed."""
    row = m.Citizen(cpr=cpr, first_name=first, last_name=last, search_name=fold(f"{first} {last}"),
                    team_id=team.id, **more)
    session.add(row)
    session.flush()
    return row


def user_of(worker: m.Caseworker, team: m.Team | None = None) -> CurrentUser:
    """The CurrentUser a caseworker logs in as."""
    return CurrentUser(worker.id, worker.name, worker.role, worker.team_id,
                       team.name if team else None, worker.email, worker.phone)


def context(sessions, user: CurrentUser, settings, *, now: datetime = NOW,
            demo: str | None = None) -> Context:
    """What core and the screens take: the database, `user`, settings and a clock at `now`."""
    clock: Callable[[], datetime] = lambda: now  # noqa: E731
    return Context(sessions=sessions, user=user, settings=settings, clock=clock, demo=demo)
