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
  * the citizen, always;
  * a representative (partsrepræsentant) with an e-mail address gets a copy of their
    own: they act for the citizen, so they must receive what the citizen receives. One
    without an e-mail address is not marked invited, and the preparation checklist keeps
    asking for them;
  * a companion (bisidder) gets no copy, because the letter may hold health details and a
    companion has no right to the case; the citizen brings them, so they count as
    invited when the letter names them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache

import jinja2
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from prepdesk.core.access import open_citizen_record
from prepdesk.core.agenda import _items as agenda_items
from prepdesk.core.calendar import send_time
from prepdesk.core.context import LOCAL_TIMEZONE, CurrentUser
from prepdesk.core.language import check_text
from prepdesk.core.meetings import _include_representatives as include_representatives
from prepdesk.core.meetings import _open_meeting as open_meeting
from prepdesk.core.meetings import _participant_rows as participants
from prepdesk.data.models import (
    Caseworker,
    Citizen,
    Letter,
    LetterVersion,
    Meeting,
    OutboxMessage,
    Representative,
    Room,
    Team,
)
from prepdesk.delivery.outbox import (
    build_message,
    enqueue,
    header_safe,
    readable,
    sender_address,
    valid_address,
)
from prepdesk.errors import UserError
from prepdesk.i18n import _, current_language

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


# --- Drafting -------------------------------------------------------------------------------


def draft_invitation(session: Session, user: CurrentUser, meeting: Meeting, now: datetime) -> Letter:
    """A new invitation letter for `meeting`, drafted from its template (version 1)."""
    open_citizen_record(session, user, meeting.citizen_id)
    if meeting.status != "planned" or meeting.starts_at <= now:
        raise UserError(_("Only a meeting that is planned and has not started can have an "
                          "invitation."))
    include_representatives(session, meeting)
    subject, body = invitation_text(session, user, meeting)
    letter = Letter(citizen_id=meeting.citizen_id, meeting_id=meeting.id, kind="invitation",
                    author_id=user.id, created_at=now)
    session.add(letter)
    session.flush()
    session.add(_version(letter.id, 1, subject, body, now))
    session.commit()
    return letter


def invitation_draft(session: Session, user: CurrentUser, meeting: Meeting, now: datetime) -> Letter:
    """The invitation being written to `meeting`: its newest draft, or a new one."""
    draft = session.exec(
        select(Letter).where(Letter.meeting_id == meeting.id, Letter.kind == "invitation",
                             Letter.status == "draft")
        .order_by(Letter.created_at.desc(), Letter.id.desc())
    ).first()
    return draft or draft_invitation(session, user, meeting, now)


@dataclass(frozen=True)
class InvitationView:
    """What the letter screen shows: the draft's newest version, and for the heading and
    the send preview the meeting and the citizen's name, address and channel."""

    letter_id: int
    version: int
    subject: str
    body: str
    meeting: Meeting
    citizen_name: str
    citizen_email: str
    citizen_channel: str


def invitation_view(session: Session, user: CurrentUser, meeting_id: int, now: datetime, *,
                    again: bool = False, text: tuple[str, str] | None = None) -> InvitationView:
    """The meeting's invitation draft; with `text` (subject, body), saved first; with
    `again`, the template's text with the agenda as it is now, as a new version."""
    meeting = open_meeting(session, user, meeting_id)
    letter = invitation_draft(session, user, meeting, now)
    if text is not None:
        save_letter_text(session, letter, *text, now)
    if again:
        redraft(session, user, letter, now)
    version = current_text(session, letter)
    citizen = session.get(Citizen, meeting.citizen_id)
    return InvitationView(letter.id, version.number, version.subject, version.body, meeting,
                          f"{citizen.first_name} {citizen.last_name}", citizen.email or "",
                          citizen.preferred_channel)


def redraft(session: Session, user: CurrentUser, letter: Letter, now: datetime) -> LetterVersion:
    """The template's text again, with the agenda as it is now, as a new version."""
    meeting = session.get(Meeting, letter.meeting_id)
    include_representatives(session, meeting)
    subject, body = invitation_text(session, user, meeting)
    return save_letter_text(session, letter, subject, body, now)


def invitation_text(session: Session, user: CurrentUser, meeting: Meeting) -> tuple[str, str]:
    """The subject and text of the invitation to `meeting`, signed by `user`."""
    agenda = agenda_items(session, meeting.id)
    if not agenda:
        raise UserError(_("The agenda is empty. Add its items first: the invitation carries "
                          "the agenda."))
    citizen = session.get(Citizen, meeting.citizen_id)
    author = session.get(Caseworker, user.id)
    team = session.get(Team, author.team_id) if author.team_id else None
    room = session.get(Room, meeting.room_id) if meeting.room_id else None
    people = participants(session, meeting.id)
    representatives = {
        r.id: r for r in session.exec(select(Representative).where(
            Representative.id.in_([p.representative_id for p in people if p.representative_id])))
    }
    starts = meeting.starts_at.astimezone(LOCAL_TIMEZONE)
    context = {
        "kind": meeting.kind,
        "first_name": citizen.first_name,
        "purpose": meeting.purpose.strip(),
        "job_goal": meeting.job_goal.strip(),
        "date": _danish_date(starts, "EEEE 'den' d. MMMM y"),
        "date_without_year": _danish_date(starts, "EEEE 'den' d. MMMM"),
        "time": f"{starts:%H.%M}",
        "minutes": meeting.minutes,
        "place": ", ".join(part for part in (room.name, room.location) if part) if room else meeting.place,
        "citizen_phone": citizen.phone,
        "agenda": agenda,
        "companions": [p.name for p in people if p.role == "companion"],
        "representatives": [
            {"name": p.name, "gets_copy": bool(p.representative_id
                                          and representatives[p.representative_id].email)}
            for p in people if p.role == "representative"
        ],
        "others": [p for p in people
                   if p.role not in ("citizen", "caseworker", "companion", "representative")],
        "has_benefit": citizen.benefit_id is not None,
        "caseworker": {"name": user.name, "title": author.title, "phone": user.phone,
                       "email": user.email, "job_centre": team.job_centre if team else ""},
    }
    environment = _templates()
    body = environment.select_template(
        [f"invitation_{meeting.kind}.txt.j2", "invitation.txt.j2"]).render(context)
    subject = environment.get_template("invitation_subject.txt.j2").render(context)
    return " ".join(subject.split()), _tidy(body)


def _danish_date(moment: datetime, pattern: str) -> str:
    """Letters are Danish whatever the app's language: "mandag den 30. november 2026"."""
    from babel.dates import format_date

    return format_date(moment.date(), pattern, locale="da")


# --- Versions -------------------------------------------------------------------------------


def current_text(session: Session, letter: Letter) -> LetterVersion:
    return session.exec(
        select(LetterVersion).where(LetterVersion.letter_id == letter.id,
                                    LetterVersion.number == letter.current_version)
    ).one()


def versions(session: Session, letter: Letter) -> list[LetterVersion]:
    """Every version, the first first."""
    return list(session.exec(
        select(LetterVersion).where(LetterVersion.letter_id == letter.id).order_by(LetterVersion.number)
    ))


def save_letter_text(session: Session, letter: Letter, subject: str, body: str,
                     now: datetime) -> LetterVersion:
    """Save the caseworker's text as a new version; unchanged text adds none."""
    if letter.status != "draft":
        raise UserError(_("This letter is already on its way and cannot change. Write a new "
                          "letter instead."))
    if not subject.strip():
        raise UserError(_("The letter needs a subject."))
    current = current_text(session, letter)
    if (subject, body) == (current.subject, current.body):
        return current
    number = session.exec(
        select(func.max(LetterVersion.number)).where(LetterVersion.letter_id == letter.id)
    ).one() + 1
    version = _version(letter.id, number, subject, body, now)
    letter.current_version = number
    session.add_all([version, letter])
    _commit(session)
    return version


def _version(letter_id: int, number: int, subject: str, body: str, now: datetime) -> LetterVersion:
    return LetterVersion(letter_id=letter_id, number=number, created_at=now, subject=subject,
                         body=body, lix=check_text(body, kind="letter").lix.score)


def _commit(session: Session) -> None:
    try:
        session.commit()
    except (StaleDataError, IntegrityError):
        session.rollback()
        raise UserError(_("Someone else changed this letter meanwhile. Open it again and make "
                          "your change once more.")) from None


# --- Preview and queueing -------------------------------------------------------------------


def preview(session: Session, letter: Letter, to_address: str, now: datetime, *,
            sender: str) -> str:
    """What the citizen will receive if the letter is queued `now`: the headers From,
    Reply-To, To, Subject and Date, then the text, built as the outbox builds it.

    The Message-ID is left out: it is made when the letter is queued. Without an address
    the To line is left out, so the caseworker can read the letter before finding one.
    Raises UserError for an address or subject that cannot be sent.
    """
    version = current_text(session, letter)
    author = session.get(Caseworker, letter.author_id)
    address = to_address.strip()
    message = OutboxMessage(message_id="", to_address=address or author.email,
                            subject=version.subject, body=version.body, created_at=now,
                            not_before=send_time(now))
    email = build_message(message, sender=sender_address(sender), sender_name=author.name,
                          reply_to=author.email)
    if not address:
        del email["To"]
    return readable(email)


def queue_letter(session: Session, user: CurrentUser, letter: Letter, to_address: str,
                 now: datetime, *, sender: str) -> OutboxMessage:
    """Put the letter in the outbox for the citizen at `to_address`, held for the send
    window (R-LTR-4), with copies to representatives; returns the citizen's message.

    Everything is checked before anything is stored, and the letter's status, the
    messages and the invitations are committed together.
    """
    citizen = open_citizen_record(session, user, letter.citizen_id)
    if not to_address.strip():
        raise UserError(_("Write the citizen's e-mail address first, or send the letter by "
                          "Digital Post from the case system."))
    if letter.status != "draft":
        raise UserError(_("This letter is already on its way. Write a new letter to send it "
                          "again."))
    version = current_text(session, letter)
    not_before = send_time(now)
    meeting = session.get(Meeting, letter.meeting_id) if letter.meeting_id else None
    if meeting is not None and not_before >= meeting.starts_at:
        raise UserError(
            _("The letter would go out {when}, when the meeting has begun. Call the citizen "
              "instead, or move the meeting.").format(when=send_time_phrase(not_before, now))
        )
    author = session.get(Caseworker, letter.author_id)
    header_safe(author.name, _("The name"))
    valid_address(author.email)
    try:
        message = enqueue(session, to_address=to_address, subject=version.subject,
                          body=version.body, not_before=not_before, now=now, sender=sender,
                          letter_id=letter.id, citizen_id=citizen.id)
        if meeting is not None:
            _invite(session, meeting, letter, version, citizen, not_before, now, sender)
    except UserError:
        session.rollback()
        raise
    letter.status = "queued"
    session.add(letter)
    _commit(session)
    return message


def _invite(session: Session, meeting: Meeting, letter: Letter, version: LetterVersion,
            citizen: Citizen, not_before: datetime, now: datetime, sender: str) -> None:
    """Mark who this letter invites, and queue the representatives' copies (module doc)."""
    # The copy's text and, as a macro, its subject: one template for both.
    copy = _templates().get_template("representative_copy.txt.j2").make_module(
        {"citizen_name": f"{citizen.first_name} {citizen.last_name}", "body": version.body})
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
                    subject=str(copy.subject(version.subject)), body=_tidy(str(copy)),
                    not_before=not_before, now=now, sender=sender, letter_id=letter.id,
                    citizen_id=citizen.id,
                )
        elif participant.role == "companion":
            invited = participant.name in version.body
        else:
            invited = False
        if invited:
            participant.invited_at = now
            session.add(participant)


def describe_send_time(moment: datetime, now: datetime) -> str:
    """"The letter goes out on Monday at 09:00." for the screen that queues it (R-LTR-4)."""
    return _("The letter goes out {when}.").format(when=send_time_phrase(moment, now))


def send_time_phrase(moment: datetime, now: datetime) -> str:
    """"now", "today at 09:00", "tomorrow at 09:00", "on Friday at 09:00", or with the
    date when it is a week or more away: "on Monday 30 November at 09:00"."""
    from babel.dates import format_date, format_time

    if moment <= now:
        return _("now")
    local = moment.astimezone(LOCAL_TIMEZONE)
    language = current_language()
    # TRANSLATORS: a CLDR time pattern; keep the letters.
    clock = format_time(local.time(), _("HH:mm"), locale=language)
    days = (local.date() - now.astimezone(LOCAL_TIMEZONE).date()).days
    if days == 0:
        return _("today at {time}").format(time=clock)
    if days == 1:
        return _("tomorrow at {time}").format(time=clock)
    # TRANSLATORS: CLDR date patterns; keep the letters, translate the words in quotes.
    pattern = "EEEE" if days < 7 else _("EEEE d MMMM")
    return _("on {day} at {time}").format(day=format_date(local.date(), pattern, locale=language),
                                          time=clock)

