"""Who is working, what they may see, and the access log (R-SEC-1, R-SEC-2, R-SEC-3)."""

import getpass
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, true
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from prepdesk.core.context import LOCAL_TIMEZONE, Context, CurrentUser
from prepdesk.core.transaction import writing
from prepdesk.data.models import (
    AccessLog,
    Caseworker,
    CaseworkerAssignment,
    Citizen,
    Handover,
    Meeting,
    Team,
)
from prepdesk.errors import UserError
from prepdesk.i18n import _

ROLES = ("caseworker", "team_lead", "admin")

# What a look at a citizen was (AccessLog.action, the `look` of `require`): one code per
# kind of look, so the access log and the citizen's extract read as a short list. Each has
# its words on the access-log screen (screens/access_log.describe_action); a test checks that
# every `look=` in core is one of these. One row per opening of a screen: an operation that
# the open screen calls again (reload, a change of filter, autosave) takes `again=True` or
# does not log, and writes no new row.
LOOKS = (
    "open_file",        # the citizen's file (citizen_file.open_file)
    "open_entry",       # an entry of the file's timeline opened (timeline.open_entry)
    "open_statement",   # a statement opened (timeline.open_entry)
    "statements",       # the list of statements (statements.statements)
    "preparation",      # a meeting's preparation (prep.preparation)
    "agenda",           # a meeting's agenda (agenda.view)
    "letter",           # a letter opened: the invitation (letters.open_invitation, versions)
    "letter_preview",   # a letter as the citizen will receive it (letters.preview)
    "notes",            # notes read: the note page, meeting mode (note_page, meeting_mode.start)
    "corrections",      # the citizen's corrections, to answer them (note_page.corrections_page)
    "answer",           # the notes as given, to record the citizen's answer (notes_given.answer_form)
    "quick_note",       # the quick-note dialog: name and open inquiries (quick_note.citizen_contact)
    "similar_rulings",  # rulings like the citizen's case (similar_rulings.similar_rulings)
    "rulings",          # the rulings screen opened for a meeting (rulings.meeting_context)
    "ruling",           # a ruling read for a meeting (rulings.read_ruling)
    "attach_ruling",    # a ruling attached to a meeting (rulings, practice)
    "reveal_cpr",       # the whole CPR number shown (reveal_cpr, R-SEC-2)
    "search_cpr",       # found by a search for the whole CPR number (citizen_search)
    "export",           # the file exported (aktindsigt, R-SEC-4)
    "access_log",       # the access log itself (access_log)
)


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
    """A user made straight in `session`, without a login: tests, scripts and demos.

    The team is found by name and created if it is new. The command line and the app
    manage users through core/users.py, which checks the administrator.
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


# The role decision (R-SEC-3). It reads the user's row, not the CurrentUser of the login:
# a user deactivated or moved to another team meanwhile is refused at once, in every app.
#
# - caseworker and team lead: the citizens of their team and those assigned to them now;
#   a team lead of another team, a user without a team (but with no assignment), or a
#   citizen with neither their team nor an assignment of theirs: refused.
# - at a handover (core/handover.py) whose assignment has not moved yet: the incoming
#   caseworker, from the moment it starts (approved, when it goes to another team); and,
#   while one to another team waits for approval, that team's team lead, who decides.
# - administrator: manages users and teams (core/users.py); opens a citizen only after
#   giving a reason (`open_with_reason`), which is logged and lets them in for the rest of
#   that day (Danish time): the looks that follow are logged as anyone's are.
# - a deactivated user, an unknown role: refused everything.
STAFF_ROLES = ("caseworker", "team_lead")
REASON_ACTION = "admin_reason"  # AccessLog.action of a reason; AccessLog.detail holds it
REASON_MIN, REASON_MAX = 10, 500


class ReasonNeeded(UserError):
    """An administrator may open this citizen's file after giving a reason
    (`open_with_reason`); the screen asks for it and tries again."""


def _active_user(session: Session, user: CurrentUser) -> Caseworker:
    """The user's own row, as it is now; refused if it is gone or deactivated."""
    worker = session.get(Caseworker, user.id)
    if worker is None or not worker.active:
        raise UserError(_("Your user is no longer active, so PrepDesk shows no citizen. Ask an "
                          "administrator if this is a mistake."))
    return worker


def _start_of_day(now: datetime) -> datetime:
    return now.astimezone(LOCAL_TIMEZONE).replace(hour=0, minute=0, second=0, microsecond=0)


def _has_reason(session: Session, admin_id: int, citizen_id: int, now: datetime) -> bool:
    """Whether the administrator gave a reason for this citizen today (before `now`)."""
    query = select(AccessLog.id).where(
        AccessLog.citizen_id == citizen_id, AccessLog.caseworker_id == admin_id,
        AccessLog.action == REASON_ACTION, AccessLog.at >= _start_of_day(now), AccessLog.at <= now)
    return session.exec(query.limit(1)).first() is not None


def _in_reach(session: Session, worker: Caseworker, citizen: Citizen) -> bool:
    """A caseworker's or team lead's rule: their team's citizen, or assigned to them now."""
    if worker.role not in STAFF_ROLES:
        return False
    if worker.team_id is not None and citizen.team_id == worker.team_id:
        return True
    assigned = select(CaseworkerAssignment.id).where(
        CaseworkerAssignment.citizen_id == citizen.id, CaseworkerAssignment.caseworker_id == worker.id,
        CaseworkerAssignment.ended_at.is_(None))
    if session.exec(assigned.limit(1)).first() is not None:
        return True
    handed = select(Handover.id).where(
        Handover.citizen_id == citizen.id,
        _handed_over_to(Handover, worker.id, worker.role, worker.team_id))
    return session.exec(handed.limit(1)).first() is not None


# A handover that lets its incoming side at the citizen (see the rule above).
HANDOVER_STARTED = ("open", "complete")


def _handed_over_to(handover: Any, worker_id: int | ColumnElement[int],
                    role: str | ColumnElement[str],
                    team_id: int | None | ColumnElement[int]) -> ColumnElement[bool]:
    """A condition on `handover` (Handover or an alias of it, in a query of its own): it
    lets the worker at its citizen (see the rule above)."""
    incoming = _incoming_caseworker()
    incoming_team = (select(incoming.team_id).where(incoming.id == handover.to_caseworker_id)
                     .scalar_subquery())
    if isinstance(role, str):
        a_lead: ColumnElement[bool] = true() if role == "team_lead" else false()
    else:
        a_lead = role == "team_lead"
    deciding = (false() if team_id is None else
                and_(handover.status == "awaiting_approval", a_lead, incoming_team == team_id))
    return and_(
        handover.moved_at.is_(None),
        or_(and_(handover.to_caseworker_id == worker_id,
                 handover.status.in_(HANDOVER_STARTED)), deciding))


def _decide(session: Session, user: CurrentUser, citizen: Citizen, now: datetime | None) -> None:
    """Let `user` at `citizen`, or raise: UserError (no access), ReasonNeeded (an
    administrator who has given no reason today)."""
    worker = _active_user(session, user)
    if worker.role == "admin":
        if now is None or not _has_reason(session, worker.id, citizen.id, now):
            raise ReasonNeeded(_("As an administrator you open a citizen's file only with a "
                                 "reason, which is logged. Open the file from the search "
                                 "(Ctrl+F) and give the reason."))
        return
    if not _in_reach(session, worker, citizen):
        raise UserError(_("You do not have access to this citizen's file."))


def may_see(session: Session, user: CurrentUser, citizen_id: int, *,
            now: datetime | None = None) -> bool:
    """Whether `user` may see the citizen now (see the rule above). An administrator may
    only with a reason given today, before `now`; without `now`, not at all."""
    citizen = session.get(Citizen, citizen_id)
    if citizen is None:
        return False
    try:
        _decide(session, user, citizen, now)
    except UserError:
        return False
    return True


def visible_citizens(user: CurrentUser) -> ColumnElement[bool]:
    """`may_see` as a condition on `Citizen` for queries that list many citizens (my day):
    true for the rows `user` may see (R-SEC-3), by the user's row as it is now. An
    administrator's lists show no citizen: they open one at a time, with a reason."""
    if user.role not in STAFF_ROLES:
        return false()
    me = (Caseworker.id == user.id) & Caseworker.active & Caseworker.role.in_(STAFF_ROLES)
    my_team = select(Caseworker.team_id).where(me).scalar_subquery()
    still_active = select(Caseworker.id).where(me).exists()
    assigned = (
        select(CaseworkerAssignment.id)
        .where(CaseworkerAssignment.citizen_id == Citizen.id,
               CaseworkerAssignment.ended_at.is_(None),
               CaseworkerAssignment.caseworker_id == user.id)
        .exists()
    )
    my_role = select(Caseworker.role).where(me).scalar_subquery()
    # An alias: a query listing handovers (core/handover.py) must not correlate this one's.
    # One for every call (and one for the incoming caseworker): a new alias adapts its
    # columns again at each use, a quarter of my day's time in Python (issue 17).
    handover = _visible_handover()
    handed = (select(handover.id)
              .where(handover.citizen_id == Citizen.id,
                     _handed_over_to(handover, user.id, my_role, my_team))
              .exists())
    return and_(still_active, or_(Citizen.team_id == my_team, assigned, handed))


@cache
def _visible_handover() -> Any:
    return aliased(Handover, name="visible_handover")


@cache
def _incoming_caseworker() -> Any:
    return aliased(Caseworker, name="incoming_caseworker")


def require(session: Session, ctx: Context, citizen_id: int, *, look: str | None = None,
            detail: str = "") -> Citizen:
    """The one access check of every core operation on a citizen's data (R-SEC-3).

    Refuses a user who may not see the citizen with a sentence (`ReasonNeeded` for an
    administrator who has given no reason today). With `look` (what was looked at:
    "open_file", "preparation", "agenda" ...) the look is written to the access log in the
    operation's own transaction (R-SEC-1)."""
    citizen = session.get(Citizen, citizen_id)
    if citizen is None:
        raise UserError(_("You do not have access to this citizen's file."))
    _decide(session, ctx.user, citizen, ctx.clock())
    if look is not None:
        session.add(AccessLog(at=ctx.clock(), caseworker_id=ctx.user.id, citizen_id=citizen_id,
                              action=look, detail=detail))
    return citizen


def require_staff(session: Session, ctx: Context) -> Caseworker:
    """The user's own row, as it is now: an active caseworker or team lead (the check of
    an operation about a team rather than one citizen: its workload, its handovers)."""
    worker = _active_user(session, ctx.user)
    if worker.role not in STAFF_ROLES:
        raise UserError(_("Only caseworkers and team leads work with handovers and the team's "
                          "workload."))
    return worker


def require_admin(session: Session, ctx: Context) -> Caseworker:
    """The check of every operation on users and teams: an active administrator, by their
    row as it is now (R-SEC-3)."""
    worker = _active_user(session, ctx.user)
    if worker.role != "admin":
        raise UserError(_("Only an administrator manages users and teams."))
    return worker


def require_team_lead(session: Session, ctx: Context) -> Caseworker:
    """The check of a team lead's reports about the team and the job centre, which name no
    citizen (core/follow_up_reports.py): an active team lead with a team, by their row as it
    is now (R-SEC-3)."""
    worker = _active_user(session, ctx.user)
    if worker.role != "team_lead" or worker.team_id is None:
        raise UserError(_("Only a team lead sees the follow-up reports."))
    return worker


def require_team_lead_of(session: Session, ctx: Context, caseworker_id: int) -> Caseworker:
    """An active team lead of the caseworker's team, by both rows as they are now: who may
    leave review feedback on the caseworker's work (R-LEAD-2, core/review_feedback.py)."""
    worker = _active_user(session, ctx.user)
    caseworker = session.get(Caseworker, caseworker_id)
    if (worker.role != "team_lead" or worker.team_id is None or caseworker is None
            or caseworker.team_id != worker.team_id):
        raise UserError(_("Only the team lead of the caseworker's team can leave feedback on "
                          "a preparation."))
    return worker


def open_with_reason(ctx: Context, citizen_id: int, reason: str) -> None:
    """An administrator gives the reason for opening a citizen's file: it is written to
    the access log (action "admin_reason", the reason as its detail), and lets them open
    that citizen's file for the rest of the day, Danish time (R-SEC-3). Refused for
    anyone but an active administrator: a reason opens nothing for a caseworker."""
    reason = " ".join(reason.split())
    with writing(ctx) as session:
        require_admin(session, ctx)
        if session.get(Citizen, citizen_id) is None:
            raise UserError(_("You do not have access to this citizen's file."))
        if not REASON_MIN <= len(reason) <= REASON_MAX:
            raise UserError(_("Write why you open the file in a sentence of {least} to {most} "
                              "characters, for example the number of the support case.").format(
                least=REASON_MIN, most=REASON_MAX))
        session.add(AccessLog(at=ctx.clock(), caseworker_id=ctx.user.id, citizen_id=citizen_id,
                              action=REASON_ACTION, detail=reason))


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
