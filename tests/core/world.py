"""A small job centre whose every row the core tests know by name (fixture `world`)."""

from dataclasses import dataclass
from datetime import datetime

from prepdesk.config import Settings
from prepdesk.core.context import LOCAL_TIMEZONE, Context, CurrentUser
from prepdesk.data import models as m

# Monday 23 November 2026, 08:00 in Copenhagen.
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=LOCAL_TIMEZONE)


@dataclass
class World:
    session: object
    me: CurrentUser
    other: CurrentUser
    admin: CurrentUser
    citizen: m.Citizen
    stranger: m.Citizen  # another team's citizen
    last_meeting: m.Meeting
    next_meeting: m.Meeting
    old_statement: m.Statement
    new_statement: m.Statement
    sessions: object = None  # the session factory, for `ctx`

    def ctx(self, user: CurrentUser | None = None, *, now: datetime = NOW) -> Context:
        """What a core operation takes: this world's database, `user` (me by default) and a
        clock standing at `now`."""
        return Context(sessions=self.sessions, user=user or self.me,
                       settings=Settings(sender_address="jobcenter@fjordby.example"),
                       clock=lambda: now)


def _user(worker: m.Caseworker, team: m.Team | None) -> CurrentUser:
    return CurrentUser(worker.id, worker.name, worker.role, worker.team_id,
                       team.name if team else None, worker.email, worker.phone)


