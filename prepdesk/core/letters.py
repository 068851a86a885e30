"""Letters to citizens: the invitation drafted from a template, versions, preview and
queueing in the outbox (R-PREP-4, R-LTR-1..5).

- The letter text is Danish and lives in prepdesk/templates/*.j2: one template per kind
  of meeting, each extending invitation.txt.j2. Plain text, so no HTML escaping (it would
  put `&amp;` in a letter); instead every value put into a template loses its control
  characters, so data cannot carry terminal escapes or form feeds into a letter.
- The invitation says first what the meeting is for, then when, where and how long, the
  agenda, who may come along, what to do if the citizen cannot come (stated factually),
  how to reach the caseworker directly, and the law last.
- A letter is never overwritten: each save adds a LetterVersion, and `current_version`
  points at the newest. Once queued, a letter no longer changes; a new one is written.
- Queueing stores the messages in the outbox with the send window (R-LTR-4) and marks
  who was invited:
  * the citizen, always, by Digital Post, or by a paper letter (remote print) when exempt
    from Digital Post: a letter may hold health details, so never by e-mail, and no e-mail
    address is needed (core/channels.py decides and says why; R-LTR-6);
  * a representative (partsrepræsentant) with an e-mail address gets a notice by e-mail
    without the letter's content (the meeting's time, and where to get the letter): the
    file has no CPR number or postal address for them, so Digital Post cannot reach them,
    and a copy by e-mail would carry the health details e-mail must not. One without an
    e-mail address is not marked invited, and the preparation checklist keeps asking for
    them;
  * a companion (bisidder) gets no copy, because the letter may hold health details and a
    companion has no right to the case; the citizen brings them, so they count as
    invited when the letter names them.

Every operation takes the context and ids (shared/DESIGN.md, "One use-case boundary") and
returns frozen views; no row leaves this module.

Two windows or two caseworkers on one draft (R-TEAM-1):
- The view carries the letter's `version`; a save or a queueing made on an older view is
  refused with a sentence naming who changed the letter and when.
- A refused save loses nothing: the typed text is stored as a LetterVersion that is not
  the current one ("kept"), the sentence gives its number, and the view lists the kept
  texts newer than the current one, so the screen can put it back. The same holds when
  two saves meet at the same moment: the one the database refuses is kept the same way.
- Queueing is one transaction that moves the letter from draft to queued with the
  version check, so two queueings at the same moment store the messages once; the
  other is told who put the letter in the outbox.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

import jinja2
from sqlalchemy import func
from sqlmodel import Session, select

from prepdesk.core.access import require, require_meeting
from prepdesk.core.agenda import items as agenda_items
from prepdesk.core.calendar import add_working_days, describe_send_time, send_time, send_time_phrase
from prepdesk.core.channels import DIGITAL_POST, EMAIL, LETTER, NOTICE, REMOTE_PRINT, Route, route
from prepdesk.core.context import LOCAL_TIMEZONE, Context
from prepdesk.core.language import check_text
from prepdesk.core.meetings import include_representatives, participants
from prepdesk.core.outbox import enqueue, header_safe, valid_address
from prepdesk.core.transaction import check_version, reading, writing
from prepdesk.data.models import (
    Caseworker,
    Citizen,
    Letter,
    LetterVersion,
    Meeting,
    Representative,
    Room,
    Team,
)
from prepdesk.dates import long_date, medium_datetime
from prepdesk.errors import Conflict, UserError
from prepdesk.i18n import _

# C0 controls except tab and newline, DEL and C1: what a terminal or printer acts on.
_CONTROLS = dict.fromkeys(
    [code for code in range(0x20) if chr(code) not in "\t\n"] + [0x7F] + list(range(0x80, 0xA0))
)


def _plain(value: object) -> object:
    return value.translate(_CONTROLS) if isinstance(value, str) else value


@cache
def _templates() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("prepdesk", "templates"),
        autoescape=False, undefined=jinja2.StrictUndefined, finalize=_plain,
        trim_blocks=True, lstrip_blocks=True,
    )


def _tidy(text: str) -> str:
    """No trailing spaces, at most one blank line in a row, one final newline."""
    text = "\n".join(line.rstrip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


# --- Views --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingSummary:
    """The meeting a letter invites to, for the heading: what and when."""

    id: int
    kind: str
    starts_at: datetime
    status: str


@dataclass(frozen=True)
class KeptText:
    """A text saved on a stale view and kept beside the current one (module doc)."""

    number: int
    subject: str
    body: str
    created_at: datetime


@dataclass(frozen=True)
class InvitationView:
    """What the letter screen shows: the draft's current text, the letter's `version` (to
    hand back with an edit), the texts kept from refused saves, and for the heading the
    meeting and the citizen's name, and the way the letter will go (`route`: the channel
    and why, core/channels.py)."""

    letter_id: int
    version: int  # the letter row's version: hand it back with save_text, redraft and queue
    number: int  # the number of the current text
    subject: str
    body: str
    status: str
    meeting: MeetingSummary
    citizen_name: str
    route: Route
    kept: tuple[KeptText, ...] = ()  # newest last


@dataclass(frozen=True)
class VersionView:
    number: int
    subject: str
    body: str
    lix: float | None
    created_at: datetime
    current: bool


@dataclass(frozen=True)
class Preview:
    """The letter as the citizen will read it, the way it goes and why, and when."""

    text: str  # the title, then the text; a paper letter first names whom it goes to
    sends_at: datetime
    when: str  # "The letter goes out on Monday at 09:00."
    channel: str  # digital_post | remote_print (core/channels.py)
    channel_label: str  # "Digital Post", "Paper letter"
    reason: str  # "The letter goes by Digital Post: it may contain health details."


@dataclass(frozen=True)
class Queued:
    """A letter put in the outbox: the citizen's message and when it goes."""

    letter_id: int
    message_id: int
    channel: str  # how the citizen's message goes: digital_post | remote_print
    not_before: datetime
    messages: int  # the citizen's, and the representatives' notices
    sentence: str  # "The invitation is in the outbox. It goes by Digital Post ..."


# --- Operations -----------------------------------------------------------------------------


def open_invitation(ctx: Context, meeting_id: int, *, again: bool = False) -> InvitationView:
    """The meeting's invitation draft, drafted from the template if there is none; the
    opening is written to the access log (look "letter"); `again` (the open screen
    reloading) is not a new look. Access is checked either way."""
    with writing(ctx) as session:
        meeting = require_meeting(session, ctx, meeting_id, look=None if again else "letter")
        letter = _invitation_draft(session, ctx, meeting)
        session.flush()
        return _view(session, letter, meeting)


def save_text(ctx: Context, letter_id: int, seen_version: int, subject: str,
              body: str) -> InvitationView:
    """Save the caseworker's text as the letter's new current version; unchanged text
    adds none. On a stale view (`seen_version` is not the letter's version, or the letter
    went to the outbox meanwhile) the text is kept as a version that is not current and
    Conflict says who changed the letter and where the text is."""
    if not subject.strip():
        raise UserError(_("The letter needs a subject."))
    try:
        with writing(ctx) as session:
            letter = _letter(session, ctx, letter_id)
            current = _current(session, letter)
            if (subject, body) != (current.subject, current.body):
                if letter.version != seen_version or letter.status != "draft":
                    raise _Stale()
                _add_current(session, ctx, letter, subject, body)
            return _view(session, letter)
    except (_Stale, Conflict):
        pass  # out of the rolled-back transaction: keep the text in a new one
    raise _keep(ctx, letter_id, subject, body)


def redraft(ctx: Context, letter_id: int, seen_version: int) -> InvitationView:
    """The template's text again, with the agenda as it is now, as the new current
    version (the text before it stays a version)."""
    with writing(ctx) as session:
        letter = _letter(session, ctx, letter_id)
        _draft_only(letter)
        check_version(session, ctx, letter, seen_version, _("The letter"))
        meeting = session.get(Meeting, letter.meeting_id)
        include_representatives(session, meeting)
        subject, body = _invitation_text(session, ctx, meeting)
        current = _current(session, letter)
        if (subject, body) != (current.subject, current.body):
            _add_current(session, ctx, letter, subject, body)
        return _view(session, letter, meeting)


def versions(ctx: Context, letter_id: int) -> tuple[VersionView, ...]:
    """Every version of the letter, the first first; a look at the letter, logged."""
    with writing(ctx) as session:
        letter = _letter(session, ctx, letter_id, look="letter")
        return tuple(
            VersionView(v.number, v.subject, v.body, v.lix, v.created_at,
                        v.number == letter.current_version)
            for v in session.exec(select(LetterVersion).where(LetterVersion.letter_id == letter.id)
                                  .order_by(LetterVersion.number))
        )


def preview(ctx: Context, letter_id: int, *, again: bool = False) -> Preview:
    """What the citizen will receive if the letter is queued now, the way it goes and why
    (core/channels.py), and when: the letter's title and text as the citizen reads them in
    Digital Post, or on paper, where the letter first names the citizen and their address.
    Raises UserError for a subject that cannot be sent.

    Opening the preview is a look, written to the access log (look "letter_preview");
    `again` (the same preview shown anew) is not a new look.
    """
    now = ctx.clock()
    with writing(ctx) as session:
        letter = _letter(session, ctx, letter_id, look=None if again else "letter_preview")
        version = _current(session, letter)
        citizen = session.get(Citizen, letter.citizen_id)
        way = letter_route(citizen)
        subject = header_safe(version.subject.strip(), _("The subject"))
        sends_at = send_time(now)
        meeting = session.get(Meeting, letter.meeting_id) if letter.meeting_id else None
        starts_at = meeting.starts_at if meeting is not None else None
        other_time = (_gives_another_time(meeting, version)
                      if meeting is not None and letter.kind == "invitation" else None)
    text = subject + "\n\n" + version.body
    when = describe_send_time(sends_at, now)
    if way.channel == REMOTE_PRINT:
        text = "\n".join(_postal_lines(citizen)) + "\n\n" + text
        when = _paper_too_late(ctx, starts_at, sends_at, now) or when + " " + _(
            "On paper it reaches the citizen by {day} at the latest.").format(
                day=long_date(_paper_arrives(ctx, sends_at)))
    return Preview(text, sends_at, other_time or when, way.channel, way.label, way.reason)


def _paper_arrives(ctx: Context, sends_at: datetime) -> date:
    """The last day a paper letter handed to remote print at `sends_at` may arrive."""
    return add_working_days(sends_at.astimezone(LOCAL_TIMEZONE).date(),
                            ctx.settings.paper_post_days)


def _paper_too_late(ctx: Context, starts_at: datetime | None, sends_at: datetime,
                    now: datetime) -> str | None:
    """Why a paper invitation sent at `sends_at` may reach the citizen only after its
    meeting (starting `starts_at`), as a sentence; None when it arrives in time (or there
    is no meeting)."""
    if starts_at is None:
        return None
    arrives = _paper_arrives(ctx, sends_at)
    if arrives < starts_at.astimezone(LOCAL_TIMEZONE).date():
        return None
    return _("A paper letter sent {when} can take {days} working days and may reach the "
             "citizen only on {day}, after the meeting. Call the citizen instead, or move the "
             "meeting.").format(when=send_time_phrase(sends_at, now),
                                days=ctx.settings.paper_post_days, day=long_date(arrives))


def letter_route(citizen: Citizen) -> Route:
    """How a letter to `citizen` goes (a building block: the letters of core may carry
    health details)."""
    return route(LETTER, citizen.preferred_channel)


def _postal_lines(citizen: Citizen) -> list[str]:
    """The name and address a paper letter is printed with (the lines that are known)."""
    town = " ".join(part for part in (citizen.postcode, citizen.city) if part)
    return [line for line in (f"{citizen.first_name} {citizen.last_name}", citizen.address,
                              town) if line.strip()]


def queue(ctx: Context, letter_id: int, seen_version: int) -> Queued:
    """Put the letter in the outbox for the citizen, by Digital Post or on paper
    (core/channels.py), held for the send window (R-LTR-4), with notices to
    representatives, and mark who is invited.

    Everything is checked before anything is stored, and the letter's status, the
    messages and the invitations are committed together. The letter must still be the
    one the caseworker saw (`seen_version`); queued twice at the same moment, it is
    stored once and the other is told who sent it.
    """
    now = ctx.clock()
    try:
        with writing(ctx) as session:
            letter = _letter(session, ctx, letter_id)
            if letter.status != "draft":
                raise _Stale()
            check_version(session, ctx, letter, seen_version, _("The letter"))
            queued = _queue(session, ctx, letter, now)
    except (_Stale, Conflict) as refused:
        with reading(ctx) as session:
            letter = _letter(session, ctx, letter_id)
            if letter.status == "draft":
                if isinstance(refused, Conflict) and letter.version == seen_version:
                    raise
                raise Conflict(_stale_letter(session, ctx, letter) + " " + _(
                    "It was not sent: go back to the letter (Escape) and press Ctrl+R to see it as it "
                    "is now.")) from None
            raise _already_sent(session, ctx, letter) from None
    return queued


# --- Inside a transaction -------------------------------------------------------------------


class _Stale(Exception):
    """The edit meets a letter changed since the view: handled by the operation."""


def _letter(session: Session, ctx: Context, letter_id: int, *, look: str | None = None) -> Letter:
    letter = session.get(Letter, letter_id)
    if letter is None:
        raise UserError(_("The letter no longer exists. Go back and open it again."))
    require(session, ctx, letter.citizen_id, look=look,
            detail=f"letter {letter_id}" if look else "")
    return letter


def _draft_only(letter: Letter) -> None:
    if letter.status != "draft":
        raise UserError(_("This letter is already on its way and cannot change. Write a new "
                          "letter instead."))


def _invitation_draft(session: Session, ctx: Context, meeting: Meeting) -> Letter:
    """The invitation being written to `meeting`: its newest draft, or a new one.

    Two windows opening a meeting without a draft at the same moment must find one
    draft, not write two: before drafting, the meeting's row is locked (PostgreSQL; on
    SQLite the access-log row already holds the database's one write lock) and the
    draft looked for again."""
    query = (
        select(Letter).where(Letter.meeting_id == meeting.id, Letter.kind == "invitation",
                             Letter.status == "draft")
        .order_by(Letter.created_at.desc(), Letter.id.desc())
    )
    draft = session.exec(query).first()
    if draft is None:
        session.exec(select(Meeting.id).where(Meeting.id == meeting.id).with_for_update())
        draft = session.exec(query).first()
    return draft or _draft_invitation(session, ctx, meeting)


def _draft_invitation(session: Session, ctx: Context, meeting: Meeting) -> Letter:
    """A new invitation letter for `meeting`, drafted from its template (version 1)."""
    now = ctx.clock()
    if meeting.status != "planned" or meeting.starts_at <= now:
        raise UserError(_("Only a meeting that is planned and has not started can have an "
                          "invitation."))
    include_representatives(session, meeting)
    subject, body = _invitation_text(session, ctx, meeting)
    letter = Letter(citizen_id=meeting.citizen_id, meeting_id=meeting.id, kind="invitation",
                    author_id=ctx.user.id, created_at=now)
    session.add(letter)
    session.flush()
    session.add(_version(letter.id, 1, subject, body, now))
    return letter


def _current(session: Session, letter: Letter) -> LetterVersion:
    return session.exec(
        select(LetterVersion).where(LetterVersion.letter_id == letter.id,
                                    LetterVersion.number == letter.current_version)
    ).one()


def _next_number(session: Session, letter_id: int) -> int:
    return session.exec(
        select(func.max(LetterVersion.number)).where(LetterVersion.letter_id == letter_id)
    ).one() + 1


def _add_current(session: Session, ctx: Context, letter: Letter, subject: str,
                 body: str) -> LetterVersion:
    number = _next_number(session, letter.id)
    version = _version(letter.id, number, subject, body, ctx.clock())
    letter.current_version = number
    session.add_all([version, letter])
    session.flush()
    return version


def _version(letter_id: int, number: int, subject: str, body: str, now: datetime) -> LetterVersion:
    return LetterVersion(letter_id=letter_id, number=number, created_at=now, subject=subject,
                         body=body, lix=check_text(body, kind="letter").lix.score)


def _keep(ctx: Context, letter_id: int, subject: str, body: str) -> UserError:
    """Store a refused save's text as a version that is not current; the sentence to
    raise. Another text kept at the same moment can take the number: then the next."""
    for _attempt in range(5):
        try:
            with writing(ctx) as session:
                letter = _letter(session, ctx, letter_id)
                number = _next_number(session, letter.id)
                session.add(_version(letter.id, number, subject, body, ctx.clock()))
                session.flush()
                if letter.status != "draft":
                    return Conflict(_already_sent(session, ctx, letter).message + " " + _(
                        "Your text is kept as version {number}.").format(number=number))
                return Conflict(_stale_letter(session, ctx, letter) + " " + _kept_sentence(number))
        except Conflict:
            continue
    return Conflict(_("A colleague changed the letter at the same moment, and your text could "
                      "not be kept. Copy it before you reload (Ctrl+R)."))


def _kept_sentence(number: int) -> str:
    return _("Your text did not replace that change and is kept as version {number}. Press Ctrl+R "
             "to see the letter as it is now; then Ctrl+G puts your text back in.").format(
        number=number)


def _stale_letter(session: Session, ctx: Context, letter: Letter) -> str:
    when = medium_datetime(letter.changed_at) if letter.changed_at else _("a moment ago")
    if letter.changed_by_id == ctx.user.id:
        return _("You changed the letter in another window ({when}) after this one was "
                 "opened.").format(when=when)
    author = session.get(Caseworker, letter.changed_by_id) if letter.changed_by_id else None
    return _("{name} changed the letter ({when}) after you opened it.").format(
        name=author.name if author else _("A colleague"), when=when)


def _already_sent(session: Session, ctx: Context, letter: Letter) -> UserError:
    when = medium_datetime(letter.changed_at) if letter.changed_at else _("a moment ago")
    if letter.status == "outdated":
        return UserError(_("The meeting was moved after this letter was written, so it is not "
                           "sent. Open the invitation again to write a new one."))
    if letter.changed_by_id == ctx.user.id:
        return Conflict(_("You put this letter in the outbox in another window ({when}). It is "
                          "sent once.").format(when=when))
    author = session.get(Caseworker, letter.changed_by_id) if letter.changed_by_id else None
    return Conflict(_("{name} put this letter in the outbox ({when}). It is sent once; write "
                      "a new letter to send another.").format(
        name=author.name if author else _("A colleague"), when=when))


def _view(session: Session, letter: Letter, meeting: Meeting | None = None) -> InvitationView:
    meeting = meeting or session.get(Meeting, letter.meeting_id)
    current = _current(session, letter)
    citizen = session.get(Citizen, letter.citizen_id)
    kept = session.exec(
        select(LetterVersion).where(LetterVersion.letter_id == letter.id,
                                    LetterVersion.number > letter.current_version)
        .order_by(LetterVersion.number)
    )
    return InvitationView(
        letter.id, letter.version, current.number, current.subject, current.body, letter.status,
        MeetingSummary(meeting.id, meeting.kind, meeting.starts_at, meeting.status),
        f"{citizen.first_name} {citizen.last_name}", letter_route(citizen),
        tuple(KeptText(v.number, v.subject, v.body, v.created_at) for v in kept),
    )


def _queue(session: Session, ctx: Context, letter: Letter, now: datetime) -> Queued:
    """Queue the letter to its citizen the way core/channels.py decides (never e-mail: a
    letter may carry health details), and the representatives' notices; shared with the
    handover's letter (core/handover_letter.py)."""
    sender = ctx.settings.sender_address
    citizen = session.get(Citizen, letter.citizen_id)
    version = _current(session, letter)
    not_before = send_time(now)
    meeting = session.get(Meeting, letter.meeting_id) if letter.meeting_id else None
    if meeting is not None and not_before >= meeting.starts_at:
        raise UserError(
            _("The letter would go out {when}, when the meeting has begun. Call the citizen "
              "instead, or move the meeting.").format(when=send_time_phrase(not_before, now))
        )
    if meeting is not None and letter.kind == "invitation" and (
            other_time := _gives_another_time(meeting, version)):
        raise UserError(other_time)
    author = session.get(Caseworker, letter.author_id)
    header_safe(author.name, _("The name"))
    valid_address(author.email)
    way = letter_route(citizen)
    if way.channel == REMOTE_PRINT and not (citizen.address.strip() and citizen.postcode.strip()):
        raise UserError(_("The citizen is exempt from Digital Post, so the letter goes on paper, "
                          "but the file has no postal address. Add the address in the case "
                          "system, then send the letter again."))
    if way.channel == REMOTE_PRINT and meeting is not None and (
            late := _paper_too_late(ctx, meeting.starts_at, not_before, now)):
        raise UserError(late)
    assert way.channel in (DIGITAL_POST, REMOTE_PRINT)  # a letter never goes by e-mail
    message = enqueue(session, to_address="", subject=version.subject,
                      body=version.body, not_before=not_before, now=now, sender=sender,
                      letter_id=letter.id, citizen_id=citizen.id, channel=way.channel)
    copies = _invite(session, meeting, letter, version, citizen, not_before, now,
                     sender) if meeting is not None else 0
    letter.status = "queued"
    session.add(letter)
    session.flush()
    if way.channel == REMOTE_PRINT:
        sentence = _("The invitation is in the outbox and goes as a paper letter by post. {when}")
    else:
        sentence = _("The invitation is in the outbox and goes by Digital Post. {when}")
    return Queued(letter.id, message.id, way.channel, not_before, 1 + copies,
                  sentence.format(when=describe_send_time(not_before, now)))


def _gives_another_time(meeting: Meeting, version: LetterVersion) -> str | None:
    """Why the invitation cannot go, as a sentence, unless it names its meeting's day and
    time as they are now; None when it does.

    A draft is written with the meeting's time; when the meeting is moved (f) before the
    draft goes, its text still gives the old time, and a citizen invited to the wrong day
    does not come. Moving a meeting outdates only invitations that were sent, so the draft
    is checked here: its text must name the day ("2. december") and the time ("10.00")."""
    starts = meeting.starts_at.astimezone(LOCAL_TIMEZONE)
    day, time = _danish_date(starts, "d. MMMM"), f"{starts:%H.%M}"
    text = (version.subject + "\n" + version.body).casefold()
    # "8.30", "08.30" and "8:30" alike; "2. december", not "12. december".
    patterns = (re.escape(day.casefold()), rf"0?{starts.hour}[.:]{starts:%M}")
    if all(re.search(r"(?<![\d.:])" + pattern + r"(?![\d])", text) for pattern in patterns):
        return None
    return _("The letter does not give the meeting's time, {day} at {time}: was the meeting "
             "moved after it was written? Press Ctrl+R (Text from template) for the letter with "
             "the meeting as it is now, or correct the time in the text.").format(
                 day=_danish_date(starts, "EEEE 'den' d. MMMM"), time=time)


def _invitation_text(session: Session, ctx: Context, meeting: Meeting) -> tuple[str, str]:
    """The subject and text of the invitation to `meeting`, signed by the current user."""
    citizen = session.get(Citizen, meeting.citizen_id)
    context = {**_meeting_context(session, meeting), **_letter_context(session, citizen, ctx.user.id)}
    return render_letter([f"invitation_{meeting.kind}.txt.j2", "invitation.txt.j2"],
                         "invitation_subject.txt.j2", context)


def render_letter(templates: list[str], subject_template: str, context: dict) -> tuple[str, str]:
    """The subject (one line) and the tidied text of a letter: the first of `templates`
    that exists, rendered with `context` (shared by the letters of core: the invitation
    here, the handover's letter in core/handover_letter.py)."""
    environment = _templates()
    body = environment.select_template(templates).render(context)
    subject = environment.get_template(subject_template).render(context)
    return " ".join(subject.split()), _tidy(body)


def _letter_context(session: Session, citizen: Citizen, signer_id: int) -> dict:
    """What every letter to `citizen` names: whom it greets, and who signs it with their
    direct contact (R-LTR-2)."""
    signer = session.get(Caseworker, signer_id)
    team = session.get(Team, signer.team_id) if signer.team_id else None
    return {
        "first_name": citizen.first_name,
        "citizen_phone": citizen.phone,
        "has_benefit": citizen.benefit_id is not None,
        "caseworker": {"name": signer.name, "title": signer.title, "phone": signer.phone,
                       "email": signer.email, "job_centre": team.job_centre if team else ""},
    }


def _meeting_context(session: Session, meeting: Meeting) -> dict:
    """What an invitation says about its meeting: what, when, where, who and the agenda
    (R-PREP-4: the invitation carries the agenda, so it may not be empty)."""
    agenda = agenda_items(session, meeting.id)
    if not agenda:
        raise UserError(_("The agenda is empty. Add its items first: the invitation carries "
                          "the agenda."))
    room = session.get(Room, meeting.room_id) if meeting.room_id else None
    people = participants(session, meeting.id)
    representatives = {
        r.id: r for r in session.exec(select(Representative).where(
            Representative.id.in_([p.representative_id for p in people if p.representative_id])))
    }
    starts = meeting.starts_at.astimezone(LOCAL_TIMEZONE)
    return {
        "kind": meeting.kind,
        "purpose": meeting.purpose.strip(),
        "job_goal": meeting.job_goal.strip(),
        "date": _danish_date(starts, "EEEE 'den' d. MMMM y"),
        "date_without_year": _danish_date(starts, "EEEE 'den' d. MMMM"),
        "time": f"{starts:%H.%M}",
        "minutes": meeting.minutes,
        "place": ", ".join(part for part in (room.name, room.location) if part) if room else meeting.place,
        "agenda": agenda,
        "companions": [p.name for p in people if p.role == "companion"],
        "representatives": [
            # gets_copy: told of the letter by e-mail (a notice, not a copy: _invite)
            {"name": p.name, "gets_copy": bool(p.representative_id
                                          and representatives[p.representative_id].email)}
            for p in people if p.role == "representative"
        ],
        "others": [p for p in people
                   if p.role not in ("citizen", "caseworker", "companion", "representative")],
    }


def _danish_date(moment: datetime, pattern: str) -> str:
    """Letters are Danish whatever the app's language: "mandag den 30. november 2026"."""
    from babel.dates import format_date

    return format_date(moment.date(), pattern, locale="da")


def _invite(session: Session, meeting: Meeting, letter: Letter, version: LetterVersion,
            citizen: Citizen, not_before: datetime, now: datetime, sender: str) -> int:
    """Mark who this letter invites, and queue the representatives' notices (module doc);
    the number of notices."""
    copies = 0
    # The notice's text and, as a macro, its subject: one template for both. Nothing of the
    # letter's text goes in it (core/channels.py: a notice carries no case content).
    starts = meeting.starts_at.astimezone(LOCAL_TIMEZONE)
    notice = _templates().get_template("representative_notice.txt.j2").make_module({
        "citizen_name": f"{citizen.first_name} {citizen.last_name}",
        "citizen_first_name": citizen.first_name,
        "date": _danish_date(starts, "EEEE 'den' d. MMMM y"), "time": f"{starts:%H.%M}",
        "phone_meeting": meeting.kind == "phone",
        "on_paper": letter_route(citizen).channel == REMOTE_PRINT,
        **_letter_context(session, citizen, letter.author_id)})
    way = route(NOTICE, citizen.preferred_channel)
    assert way.channel == EMAIL
    include_representatives(session, meeting)
    for participant in participants(session, meeting.id):
        if participant.role == "citizen":
            invited = True
        elif participant.role == "representative":
            representative = (session.get(Representative, participant.representative_id)
                              if participant.representative_id else None)
            invited = bool(representative and representative.email)
            if invited:
                enqueue(
                    session, to_address=representative.email,
                    subject=" ".join(str(notice.subject()).split()), body=_tidy(str(notice)),
                    not_before=not_before, now=now, sender=sender, letter_id=letter.id,
                    citizen_id=citizen.id, channel=way.channel,
                )
                copies += 1
        elif participant.role == "companion":
            invited = participant.name in version.body
        else:
            invited = False
        if invited:
            participant.invited_at = now
            session.add(participant)
    return copies
