"""Who is working, what they may do, and the access log (R-SEC-1, R-SEC-3)."""

import getpass

from sqlmodel import Session, select

from prepdesk.context import CurrentUser
from prepdesk.data.models import Caseworker, Team
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
        caseworker = session.exec(query.where(Caseworker.role == role)).first()
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
