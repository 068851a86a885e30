"""Who is working, what they may see, and the access log (R-SEC-1, R-SEC-2, R-SEC-3)."""

import getpass
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, or_, true
from sqlmodel import Session, select

from prepdesk.core.context import Context, CurrentUser
from prepdesk.core.transaction import writing
from prepdesk.data.models import (
    AccessLog,
    Caseworker,
    CaseworkerAssignment,
    Citizen,
    Meeting,
    Team,
)
from prepdesk.errors import UserError
from prepdesk.i18n import _

ROLES = ("caseworker", "team_lead", "admin")


def find_user(session: Session, *, login: str | None = None, role: str | None = None) -> CurrentUser:
    """The caseworker to work as.

    With `role` (demo data): the first active user with that role. Otherwise `login`
    (initials or e-mail, any case), defaulting to the operating-system user name.
    """
    query = select(Caseworker).where(Caseworker.active).order_by(Caseworker.id)
    if role is not None:
        # limit(1): the ORM would load every user before handing out the first.
        caseworker = session.exec(query.where(Caseworker.role == role).limit(1)).first()
        if caseworker is None:
            raise UserError(_("The database has no user with the role {role}.").format(role=role))
        return _current_user(session, caseworker)
    wanted = (login or getpass.getuser()).casefold()
    for caseworker in session.exec(query):
        if wanted in (caseworker.initials.casefold(), caseworker.email.casefold()):
            return _current_user(session, caseworker)
    raise UserError(
        _("There is no active user '{login}' in the database. Start with --user and your "
          "initials or e-mail, or ask an administrator to create your user.").format(login=wanted)
    )


def _current_user(session: Session, caseworker: Caseworker) -> CurrentUser:
    team = session.get(Team, caseworker.team_id) if caseworker.team_id else None
    return CurrentUser(
        id=caseworker.id, name=caseworker.name, role=caseworker.role,
        team_id=caseworker.team_id, team_name=team.name if team else None,
        email=caseworker.email, phone=caseworker.phone,
    )


def add_caseworker(
    session: Session, *, initials: str, name: str, email: str, phone: str,
    role: str = "caseworker", team: str | None = None,
) -> Caseworker:
    """Create a user (the first one of a new database, or a new colleague).

    The team is found by name and created if it is new.
    """
    if role not in ROLES:
        raise UserError(_("The role must be one of: {roles}.").format(roles=", ".join(ROLES)))
    if not (initials.strip() and name.strip() and "@" in email and phone.strip()):
        raise UserError(_("A user needs initials, a name, an e-mail address and a direct phone number."))
    if session.exec(select(Caseworker).where(Caseworker.initials == initials)).first():
        raise UserError(_("The initials {initials} are taken. Choose others.").format(initials=initials))
    team_id = None
    if team:
        found = session.exec(select(Team).where(Team.name == team)).first() or Team(name=team)
        session.add(found)
        session.flush()
        team_id = found.id
    caseworker = Caseworker(initials=initials, name=name, email=email, phone=phone, role=role,
                            team_id=team_id)
    session.add(caseworker)
    session.commit()
    return caseworker


def list_caseworkers(session: Session) -> list[tuple[Caseworker, str | None]]:
    """Every user with their team's name, by initials."""
    rows = session.exec(
        select(Caseworker, Team.name).join(Team, isouter=True).order_by(Caseworker.initials)
    )
    return list(rows)


def may_see(session: Session, user: CurrentUser, citizen_id: int) -> bool:
    """A caseworker and a team lead see their team's citizens and those assigned to them;
    an administrator sees everyone (R-SEC-3)."""
    if user.role == "admin":
        return True
    query = (
        select(Citizen.id)
        .outerjoin(CaseworkerAssignment, (CaseworkerAssignment.citizen_id == Citizen.id)
                   & CaseworkerAssignment.ended_at.is_(None))
        .where(Citizen.id == citizen_id)
        .where(or_(Citizen.team_id == user.team_id, CaseworkerAssignment.caseworker_id == user.id))
    )
    return session.exec(query).first() is not None


def visible_citizens(user: CurrentUser) -> ColumnElement[bool]:
    """`may_see` as a condition on `Citizen` for queries that list many citizens (my day):
    true for the rows `user` may see (R-SEC-3)."""
    if user.role == "admin":
        return true()
    assigned = (
        select(CaseworkerAssignment.id)
        .where(CaseworkerAssignment.citizen_id == Citizen.id,
               CaseworkerAssignment.ended_at.is_(None),
               CaseworkerAssignment.caseworker_id == user.id)
        .exists()
    )
    return or_(Citizen.team_id == user.team_id, assigned)


def require(session: Session, ctx: Context, citizen_id: int, *, look: str | None = None,
            detail: str = "") -> Citizen:
    """The one access check of every core operation on a citizen's data (R-SEC-3).

    Refuses a user who may not see the citizen with a sentence. With `look` (what was
    looked at: "open_file", "preparation", "agenda" ...) the look is written to the access
    log in the operation's own transaction (R-SEC-1)."""
    citizen = session.get(Citizen, citizen_id)
    if citizen is None or not may_see(session, ctx.user, citizen_id):
        raise UserError(_("You do not have access to this citizen's file."))
    if look is not None:
        session.add(AccessLog(at=ctx.clock(), caseworker_id=ctx.user.id, citizen_id=citizen_id,
                              action=look, detail=detail))
    return citizen


def require_meeting(session: Session, ctx: Context, meeting_id: int, *,
                    look: str | None = None) -> Meeting:
    """The meeting, if it still exists and the user may see its citizen (see `require`)."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise UserError(_("The meeting no longer exists. Go back and choose it again."))
    require(session, ctx, meeting.citizen_id, look=look)
    return meeting


@dataclass(frozen=True)
class AccessLogLine:
    at: datetime
    who: str
    action: str  # open_file | reveal_cpr | open_statement | open_entry | statements | access_log ...
    detail: str


def reveal_cpr(ctx: Context, citizen_id: int) -> str:
    """The full CPR number, revealed on purpose and logged (R-SEC-2)."""
    with writing(ctx) as session:
        return require(session, ctx, citizen_id, look="reveal_cpr").cpr


def access_log(ctx: Context, citizen_id: int, limit: int = 500) -> list[AccessLogLine]:
    """Who looked at the file, newest first, with their names. Looking at the log is a
    look too, and is logged (its own line comes first)."""
    with writing(ctx) as session:
        require(session, ctx, citizen_id, look="access_log")
        session.flush()
        query = (
            select(AccessLog.at, Caseworker.name, AccessLog.action, AccessLog.detail)
            .join(Caseworker, Caseworker.id == AccessLog.caseworker_id)
            .where(AccessLog.citizen_id == citizen_id)
            .order_by(AccessLog.at.desc(), AccessLog.id.desc())
            .limit(limit)
        )
        return [AccessLogLine(*row) for row in session.exec(query)]


def mask_cpr(cpr: str) -> str:
    """DDMMYY-XXXX: the birth date stays readable, the serial number is hidden."""
    return f"{cpr[:6]}-XXXX"
