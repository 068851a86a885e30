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
