"""Users and teams, managed by an administrator (R-SEC-3): `prepdesk user ...`, `prepdesk
team ...` and the users screen call these.

Every operation checks `access.require_admin`: an active administrator, by their row as it
is now. A new database has no administrator yet: `add_first_administrator` creates one
without a login (whoever holds the database's credentials sets it up) and refuses once
there is one. Users are never deleted, only deactivated: notes, letters and the access log
keep naming them. A deactivated or moved user is refused (or sees the new team's
citizens) at their next step, in every app open at the time (core/access.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from prepdesk.core import access
from prepdesk.core.context import Context
from prepdesk.core.transaction import check_version, reading, writing
from prepdesk.data.models import Caseworker, Team
from prepdesk.errors import UserError
from prepdesk.i18n import _

ROLES = access.ROLES


@dataclass(frozen=True)
class UserLine:
    id: int
    initials: str
    name: str
    role: str  # caseworker | team_lead | admin
    team: str | None
    email: str
    phone: str
    active: bool
    version: int


@dataclass(frozen=True)
class TeamLine:
    id: int
    name: str
    members: int  # active users


def users(ctx: Context) -> tuple[UserLine, ...]:
    """Every user, active first, by initials."""
    with reading(ctx) as session:
        access.require_admin(session, ctx)
        return _users(session)


def teams(ctx: Context) -> tuple[TeamLine, ...]:
    """Every team, by name, with its number of active users."""
    with reading(ctx) as session:
        access.require_admin(session, ctx)
        members = (select(Caseworker.team_id, func.count(Caseworker.id))
                   .where(Caseworker.active).group_by(Caseworker.team_id))
        counts = dict(session.exec(members).all())
        return tuple(TeamLine(team.id, team.name, counts.get(team.id, 0))
                     for team in session.exec(select(Team).order_by(Team.name)))


def add_user(ctx: Context, initials: str, name: str, email: str, phone: str,
             role: str = "caseworker", team: str | None = None) -> UserLine:
    """A new user; `team` is the name of an existing team (none: a user without a team,
    who sees only the citizens assigned to them)."""
    with writing(ctx) as session:
        access.require_admin(session, ctx)
        team_id = _team(session, team).id if team else None
        worker = _new_user(session, initials, name, email, phone, role, team_id)
        return _line(session, worker)


def add_team(ctx: Context, name: str) -> TeamLine:
    with writing(ctx) as session:
        access.require_admin(session, ctx)
        name = " ".join(name.split())
        if not name:
            raise UserError(_("A team needs a name."))
        if session.exec(select(Team).where(func.lower(Team.name) == name.lower())).first():
            raise UserError(_("There is already a team called {name}.").format(name=name))
        team = Team(name=name)
        session.add(team)
        session.flush()
        return TeamLine(team.id, team.name, 0)


def deactivate(ctx: Context, initials: str, seen_version: int | None = None) -> UserLine:
    """The user can no longer log in or see any citizen; everything they wrote stays.
    The last active administrator, and oneself, are not deactivated."""
    with writing(ctx) as session:
        access.require_admin(session, ctx)
        worker = _user(session, initials)
        check_version(session, ctx, worker, seen_version, _("The user"))
        if not worker.active:
            raise UserError(_("{initials} is already deactivated.").format(initials=worker.initials))
        if worker.role == "admin" and _active_admins(session) <= 1:
            raise UserError(_("{initials} is the last active administrator, so they stay "
                              "active. Create another administrator first.").format(
                initials=worker.initials))
        if worker.id == ctx.user.id:
            raise UserError(_("You cannot deactivate yourself. Ask another administrator."))
        worker.active = False
        session.flush()
        return _line(session, worker)


def move(ctx: Context, initials: str, team: str, seen_version: int | None = None) -> UserLine:
    """The user moves to another team: from their next step they see its citizens, and no
    longer the old team's (those assigned to them personally stay theirs)."""
    with writing(ctx) as session:
        access.require_admin(session, ctx)
        worker = _user(session, initials)
        check_version(session, ctx, worker, seen_version, _("The user"))
        worker.team_id = _team(session, team).id
        session.flush()
        return _line(session, worker)


def add_first_administrator(sessions, initials: str, name: str, email: str,  # type: ignore[no-untyped-def]
                            phone: str) -> UserLine:
    """The first administrator of a new database, made without a login (the command line,
    by whoever holds the database's credentials). Refused once the database has an active
    administrator: from then on, administrators add users (`add_user`)."""
    with sessions() as session:
        if _active_admins(session):
            raise UserError(_("The database has an administrator. Log in as an administrator "
                              "with --user INITIALS to add users."))
        worker = _new_user(session, initials, name, email, phone, "admin", None)
        line = _line(session, worker)
        session.commit()
        return line


def has_administrator(sessions) -> bool:  # type: ignore[no-untyped-def]
    """Whether the database has an active administrator (else: `add_first_administrator`)."""
    with sessions() as session:
        return _active_admins(session) > 0


# --- helpers -------------------------------------------------------------------------


def _new_user(session: Session, initials: str, name: str, email: str, phone: str, role: str,
              team_id: int | None) -> Caseworker:
    initials, name, email, phone = (" ".join(v.split()) for v in (initials, name, email, phone))
    if role not in ROLES:
        raise UserError(_("The role must be one of: {roles}.").format(roles=", ".join(ROLES)))
    if not (initials and name and "@" in email and phone):
        raise UserError(_("A user needs initials, a name, an e-mail address and a direct phone number."))
    if _find(session, initials) is not None:
        raise UserError(_("The initials {initials} are taken. Choose others.").format(initials=initials))
    worker = Caseworker(initials=initials, name=name, email=email, phone=phone, role=role,
                        team_id=team_id)
    session.add(worker)
    session.flush()
    return worker


def _find(session: Session, initials: str) -> Caseworker | None:
    """The user with these initials, in any case (a job centre has hundreds, not more)."""
    wanted = initials.strip().casefold()
    return next((w for w in session.exec(select(Caseworker)) if w.initials.casefold() == wanted),
                None)


def _user(session: Session, initials: str) -> Caseworker:
    worker = _find(session, initials)
    if worker is None:
        raise UserError(_("There is no user with the initials {initials}. See the users with "
                          "prepdesk user list.").format(initials=initials.strip()))
    return worker


def _team(session: Session, name: str) -> Team:
    wanted = " ".join(name.split()).casefold()
    found = next((t for t in session.exec(select(Team)) if t.name.casefold() == wanted), None)
    if found is None:
        raise UserError(_("There is no team called {name}. Create it first with prepdesk team "
                          "add, or choose one of the teams listed by prepdesk team list.").format(
            name=name.strip()))
    return found


def _active_admins(session: Session) -> int:
    return session.exec(select(func.count(Caseworker.id)).where(
        Caseworker.active, Caseworker.role == "admin")).one()


def _line(session: Session, worker: Caseworker) -> UserLine:
    team = session.get(Team, worker.team_id) if worker.team_id else None
    return UserLine(worker.id, worker.initials, worker.name, worker.role,
                    team.name if team else None, worker.email, worker.phone, worker.active,
                    worker.version)


def _users(session: Session) -> tuple[UserLine, ...]:
    rows = session.exec(select(Caseworker, Team.name).join(Team, isouter=True)
                        .order_by(Caseworker.active.desc(), Caseworker.initials))
    return tuple(UserLine(w.id, w.initials, w.name, w.role, team, w.email, w.phone, w.active,
                          w.version) for w, team in rows)
