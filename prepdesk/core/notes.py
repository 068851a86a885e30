"""Structured meeting notes: drafts, versions and the citizen's corrections.

R-NOTE-1: the content is structured (participants, a section per agenda item, the
citizen's view in their own words, facts, agreements, next steps, next meeting,
statements discussed). R-NOTE-3: drafts are saved as the caseworker types. R-APPR-3: an
accepted correction makes a new version; a rejected one stays attached with its reason.

The content is a plain dict (stored as JSON) so that a draft, a version and the citizen's
page share one shape:

    {"participants": ["Søren Møller", ...],
     "sections": [{"key": "item-12", "title": "...", "text": "...", "reached": true}, ...],
     "citizen_view": "...", "facts": "...",
     "agreements": [{"what": "...", "who": "citizen", "due_on": "2026-12-01"}, ...],
     "next_steps": "...", "next_meeting": "...",
     "statements": [{"statement_id": 3, "deviates": false, "reason": ""}, ...]}
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from prepdesk.core.agenda import _items as agenda_items
from prepdesk.core.context import CurrentUser
from prepdesk.data.models import (
    Agreement,
    Caseworker,
    Correction,
    JournalEntry,
    Meeting,
    Note,
    NoteDraft,
    NoteVersion,
    StatementDiscussion,
)
from prepdesk.errors import UserError
from prepdesk.i18n import _

TEXT_FIELDS = ("citizen_view", "facts", "next_steps", "next_meeting")


def empty_content(session: Session, meeting: Meeting, participant_names: list[str]) -> dict[str, Any]:
    """A blank note for `meeting`: one section per agenda item."""
    return {
        "participants": participant_names,
        "sections": [
            {"key": f"item-{item.id}", "title": item.title, "text": "", "reached": True}
            for item in agenda_items(session, meeting.id)
        ],
        "citizen_view": "", "facts": "", "agreements": [], "next_steps": "", "next_meeting": "",
        "statements": [],
    }


# --- drafts (R-NOTE-3) -----------------------------------------------------------


def save_draft(session: Session, user: CurrentUser, meeting_id: int, content: dict[str, Any],
               now: datetime) -> None:
    """Keep what has been typed so far; called every second or two while typing."""
    draft = session.exec(
        select(NoteDraft).where(NoteDraft.meeting_id == meeting_id, NoteDraft.author_id == user.id)
    ).first()
    if draft is None:
        draft = NoteDraft(meeting_id=meeting_id, author_id=user.id, content=copy.deepcopy(content),
                          saved_at=now)
    else:
        draft.content, draft.saved_at = copy.deepcopy(content), now
    session.add(draft)
    session.commit()


def load_draft(session: Session, user: CurrentUser, meeting_id: int) -> NoteDraft | None:
    """The draft left behind, for instance by a crash, to offer back."""
    return session.exec(
        select(NoteDraft).where(NoteDraft.meeting_id == meeting_id, NoteDraft.author_id == user.id)
    ).first()


# --- finishing the notes ---------------------------------------------------------


def finish(session: Session, user: CurrentUser, meeting: Meeting, content: dict[str, Any],
           now: datetime) -> Note:
    """Turn the notes into version 1: agreements become rows, reached items are marked,
    discussed statements recorded (with the reason where the notes deviate, R-STMT-3), the
    meeting is held, a journal entry records it (notatpligt), and the draft goes."""
    for statement in content.get("statements", []):
        if statement.get("deviates") and not statement.get("reason", "").strip():
            raise UserError(_("The notes deviate from a statement's conclusion: write why."))
    if session.exec(select(Note).where(Note.meeting_id == meeting.id)).first() is not None:
        raise UserError(_("The notes of this meeting are already finished."))
    note = Note(meeting_id=meeting.id, citizen_id=meeting.citizen_id, author_id=user.id)
    session.add(note)
    session.flush()
    session.add(NoteVersion(note_id=note.id, number=1, created_at=now, created_by_id=user.id,
                            content=content, change_summary=_("First version")))
    for agreement in content.get("agreements", []):
        due = agreement.get("due_on")
        session.add(Agreement(citizen_id=meeting.citizen_id, meeting_id=meeting.id, what=agreement["what"],
                              who=agreement.get("who", "citizen"),
                              due_on=date.fromisoformat(due) if due else None))
    reached = {s["key"]: s.get("reached", True) for s in content.get("sections", [])}
    for item in agenda_items(session, meeting.id):
        item.reached = reached.get(f"item-{item.id}", False)
        session.add(item)
    for statement in content.get("statements", []):
        session.add(StatementDiscussion(meeting_id=meeting.id, statement_id=statement["statement_id"],
                                        deviates=bool(statement.get("deviates")),
                                        deviation_reason=statement.get("reason", "").strip()))
    meeting.status, meeting.held_at = "held", now
    session.add(meeting)
    session.add(JournalEntry(citizen_id=meeting.citizen_id, author_id=user.id, kind="meeting",
                             occurred_at=meeting.starts_at, title=_("Notes of the meeting"),
                             body=plain_text(content), meeting_id=meeting.id))
    draft = load_draft(session, user, meeting.id)
    if draft is not None:
        session.delete(draft)
    session.commit()
    return note


# --- reading ------------------------------------------------------------------------


@dataclass(frozen=True)
class VersionInfo:
    number: int
    created_at: datetime
    author: str  # the caseworker, or "" for the first
    change_summary: str


@dataclass(frozen=True)
class NoteView:
    note: Note
    content: dict[str, Any]
    history: list[VersionInfo]  # oldest first
    rejected: list[Correction]  # shown at the top to every later reader (R-APPR-3)
    pending: list[Correction]


def view(session: Session, note_id: int) -> NoteView:
    note = session.get(Note, note_id)
    versions = session.exec(
        select(NoteVersion, Caseworker.name).outerjoin(Caseworker, Caseworker.id == NoteVersion.created_by_id)
        .where(NoteVersion.note_id == note_id).order_by(NoteVersion.number)
    ).all()
    current = next(v for v, _name in versions if v.number == note.current_version)
    corrections = session.exec(
        select(Correction).where(Correction.note_id == note_id).order_by(Correction.received_at)
    ).all()
    return NoteView(
        note=note, content=current.content,
        history=[VersionInfo(v.number, v.created_at, name or "", v.change_summary) for v, name in versions],
        rejected=[c for c in corrections if c.status == "rejected"],
        pending=[c for c in corrections if c.status == "pending"],
    )


def section_text(content: dict[str, Any], key: str) -> str:
    """The text of one section by its key: a field name or an agenda item's key."""
    if key in TEXT_FIELDS:
        return content.get(key, "")
    for section in content.get("sections", []):
        if section["key"] == key:
            return section["text"]
    raise KeyError(key)


def _with_section(content: dict[str, Any], key: str, text: str) -> dict[str, Any]:
    changed = copy.deepcopy(content)
    if key in TEXT_FIELDS:
        changed[key] = text
        return changed
    for section in changed.get("sections", []):
        if section["key"] == key:
            section["text"] = text
            return changed
    raise KeyError(key)


def section_title(content: dict[str, Any], key: str) -> str:
    titles = {"citizen_view": _("Your view, in your own words"), "facts": _("Facts"),
              "next_steps": _("Next steps"), "next_meeting": _("Next meeting")}
    if key in titles:
        return titles[key]
    return next((s["title"] for s in content.get("sections", []) if s["key"] == key), key)


# --- corrections (R-APPR-3) ---------------------------------------------------------


def accept_correction(session: Session, user: CurrentUser, correction_id: int, now: datetime) -> NoteVersion:
    """The citizen is right: the notes change, as a new version that says what changed."""
    correction = _pending(session, correction_id)
    note = session.get(Note, correction.note_id)
    current = _current_version(session, note)
    number = note.current_version + 1
    version = NoteVersion(
        note_id=note.id, number=number, created_at=now, created_by_id=user.id,
        content=_with_section(current.content, correction.section, correction.proposed_text),
        change_summary=_("The citizen's correction of \"{section}\" accepted").format(
            section=section_title(current.content, correction.section)),
    )
    note.current_version = number
    note.status = "corrected"
    correction.status, correction.decided_by_id, correction.decided_at = "accepted", user.id, now
    correction.resulting_version = number
    session.add_all([version, note, correction])
    session.commit()
    return version


def reject_correction(session: Session, user: CurrentUser, correction_id: int, reason: str,
                      now: datetime) -> Correction:
    """The notes stay; the correction stays attached with the reason, at the top."""
    if not reason.strip():
        raise UserError(_("Write why you do not accept the correction: the citizen and every later "
                          "reader will see it."))
    correction = _pending(session, correction_id)
    correction.status, correction.rejection_reason = "rejected", reason.strip()
    correction.decided_by_id, correction.decided_at = user.id, now
    session.add(correction)
    session.commit()
    return correction


def _pending(session: Session, correction_id: int) -> Correction:
    correction = session.get(Correction, correction_id)
    if correction is None or correction.status != "pending":
        raise UserError(_("This correction has already been answered."))
    return correction


def _current_version(session: Session, note: Note) -> NoteVersion:
    return session.exec(
        select(NoteVersion).where(NoteVersion.note_id == note.id, NoteVersion.number == note.current_version)
    ).one()


# --- text versions ---------------------------------------------------------------------


def plain_text(content: dict[str, Any]) -> str:
    """The notes as one text: the journal entry and the caseworker's reading copy."""
    parts = [_("Participants: {names}").format(names=", ".join(content.get("participants", [])))]
    for section in content.get("sections", []):
        parts.append(f"{section['title']}\n{section['text']}".strip())
    for key in ("citizen_view", "facts"):
        if content.get(key):
            parts.append(f"{section_title(content, key)}\n{content[key]}")
    parts += _agreements_and_next(content)
    return "\n\n".join(parts)


def citizen_text(content: dict[str, Any]) -> str:
    """The citizen's version (R-APPR-1): agreements and next steps first, then the rest."""
    parts = _agreements_and_next(content)
    if content.get("citizen_view"):
        parts.append(f"{section_title(content, 'citizen_view')}\n{content['citizen_view']}")
    parts += [f"{s['title']}\n{s['text']}".strip() for s in content.get("sections", []) if s["text"]]
    if content.get("facts"):
        parts.append(f"{section_title(content, 'facts')}\n{content['facts']}")
    return "\n\n".join(parts)


def _agreements_and_next(content: dict[str, Any]) -> list[str]:
    parts = []
    agreements = content.get("agreements", [])
    if agreements:
        lines = [f"- {a['what']}" for a in agreements]
        lines = [
            line + (" " + _("(by {date})").format(date=f"{date.fromisoformat(a['due_on']):%d.%m.%Y}")
                    if a.get("due_on") else "")
            for line, a in zip(lines, agreements, strict=True)
        ]
        parts.append(_("What we agreed") + "\n" + "\n".join(lines))
    for key in ("next_steps", "next_meeting"):
        if content.get(key):
            parts.append(f"{section_title(content, key)}\n{content[key]}")
    return parts

