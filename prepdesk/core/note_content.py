"""The shape of a meeting's notes: one typed model (R-NOTE-1), in one module.

The meeting-mode screen edits a `NoteContent`, autosave stores it as JSON
(NoteDraft.content), finishing stores it as version 1 (NoteVersion.content), and the
citizen's version, the approval page and the corrections read it. Stored JSON is
validated on the way in (`to_stored`) and out (`from_stored`; both from
core/stored_json.py); dicts stored before this model existed (the demo's, older
databases) load as they are: missing parts are empty, `due_on` may be null or "",
unknown keys are ignored.

A section belongs to an agenda item through its key, `item-<agenda item id>`; the
keys of the free-text parts are their field names (`citizen_view`, `facts`,
`next_steps`, `next_meeting`). `section_key` and `agenda_item_id` are the one place
that link is made; a Correction's `section` is such a key.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from prepdesk.core.labels import agreement_owner
from prepdesk.core.stored_json import StoredJson
from prepdesk.i18n import _

TEXT_FIELDS = ("citizen_view", "facts", "next_steps", "next_meeting")
_ITEM_PREFIX = "item-"
_AGREEMENT_PREFIX = "agreement-"

Who = Literal["citizen", "caseworker", "both", "other"]


def section_key(agenda_item_id: int) -> str:
    """The key of the notes' section about agenda item `agenda_item_id`."""
    return f"{_ITEM_PREFIX}{agenda_item_id}"


def agreement_key(position: int) -> str:
    """The key of the notes' `position`th agreement (from 1): what a Correction of an
    agreement (what, who, by when) names as its section (R-APPR-2)."""
    return f"{_AGREEMENT_PREFIX}{position}"


def agreement_position(key: str) -> int | None:
    """The agreement (from 1) a key names, or None when it names no agreement."""
    rest = key[len(_AGREEMENT_PREFIX):] if key.startswith(_AGREEMENT_PREFIX) else ""
    return int(rest) if rest.isdigit() and int(rest) > 0 else None


def agenda_item_id(key: str) -> int | None:
    """The agenda item a section key belongs to, or None for a free-text part."""
    if key.startswith(_ITEM_PREFIX) and key[len(_ITEM_PREFIX):].isdigit():
        return int(key[len(_ITEM_PREFIX):])
    return None


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", defer_build=True)


class Section(_Part):
    """What was said about one agenda item, and whether the meeting reached it."""

    key: str
    title: str
    text: str = ""
    reached: bool = True


class AgreedAction(_Part):
    """An agreement in the notes: what, who, by when (R-NOTE-1). `who_name` names the
    person when `who` is "other"."""

    what: str
    who: Who = "citizen"
    who_name: str = ""
    due_on: date | None = None

    @field_validator("due_on", mode="before")
    @classmethod
    def _no_date(cls, value: Any) -> Any:
        return None if value == "" else value

    def owner(self, *, to_citizen: bool = False) -> str:
        """Who does it, as readers see it (labels.agreement_owner)."""
        return agreement_owner(self.who, self.who_name, to_citizen=to_citizen)

    @property
    def stored_who(self) -> str:
        """`who` as the Agreement row keeps it: the code, and the name after a colon when
        the agreement names a person ("other:Birthe Møller"), so the owner stays with
        the agreement without a column of its own. labels.agreement_owner reads both."""
        name = " ".join(self.who_name.split())
        return f"{self.who}:{name}" if name else self.who


    def as_correction_text(self) -> str:
        """The agreement as a Correction keeps it (original and proposed text): JSON of
        what, who and by when, read back by `from_correction_text`."""
        return self.model_dump_json(include={"what", "who", "who_name", "due_on"})

    @classmethod
    def from_correction_text(cls, text: str) -> AgreedAction:
        """ValueError when `text` is no agreement."""
        try:
            return cls.model_validate_json(text)
        except ValidationError as error:
            raise ValueError(str(error)) from None

    def readable(self) -> str:
        """"Kører Søren til lægen · Birthe Møller · senest 01.12.2026": what a reader sees."""
        due = " · " + _("by {date}").format(date=f"{self.due_on:%d.%m.%Y}") if self.due_on else ""
        return f"{self.what} · {self.owner()}{due}"


def split_who(stored: str) -> tuple[Who, str]:
    """(code, name) of a stored `who` (AgreedAction.stored_who); an unknown code is "other"."""
    code, _sep, name = (stored or "").partition(":")
    return (code if code in ("citizen", "caseworker", "both", "other") else "other"), name.strip()


class StatementDiscussed(_Part):
    """A statement discussed in the meeting; a deviation from its conclusion needs a
    reason (R-STMT-3)."""

    statement_id: int
    deviates: bool = False
    reason: str = ""


class NoteContent(StoredJson):
    participants: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    citizen_view: str = ""
    facts: str = ""
    agreements: tuple[AgreedAction, ...] = ()
    next_steps: str = ""
    next_meeting: str = ""
    statements: tuple[StatementDiscussed, ...] = ()
    # A draft only: an agreement line typed but not yet added (meeting mode keeps it).
    unsaved_agreement: str = ""
    # A draft only: the field typed in last (meeting mode's widget id), where a restored
    # draft puts the cursor back.
    last_edited: str = ""

    # --- stored JSON (StoredJson: `from_stored`, `to_stored`)

    @classmethod
    def unreadable(cls) -> str:
        return _("These notes are stored in a form PrepDesk cannot read. Nothing "
                 "was changed; tell IT.")

    def finished(self) -> NoteContent:
        """Without what only a draft keeps."""
        return self.model_copy(update={"unsaved_agreement": "", "last_edited": ""})

    # --- the parts, by key

    def keys(self) -> list[str]:
        return ([section.key for section in self.sections] + list(TEXT_FIELDS)
                + [agreement_key(n) for n in range(1, len(self.agreements) + 1)])

    def _agreement_at(self, key: str) -> AgreedAction | None:
        """The agreement `key` names; KeyError when it names one these notes lack."""
        position = agreement_position(key)
        if position is None:
            return None
        if position > len(self.agreements):
            raise KeyError(key)
        return self.agreements[position - 1]

    def text_of(self, key: str) -> str:
        """The text of a section or a free-text part, or an agreement as a correction
        keeps it (AgreedAction.as_correction_text); KeyError for an unknown key."""
        if key in TEXT_FIELDS:
            return getattr(self, key)
        if (agreement := self._agreement_at(key)) is not None:
            return agreement.as_correction_text()
        for section in self.sections:
            if section.key == key:
                return section.text
        raise KeyError(key)

    def title_of(self, key: str) -> str:
        titles = part_titles()
        if key in titles:
            return titles[key]
        if (position := agreement_position(key)) is not None:
            what = (self.agreements[position - 1].what if position <= len(self.agreements)
                    else "")
            return _("Agreement {number}: {what}").format(number=position, what=what).strip()
        return next((s.title for s in self.sections if s.key == key), key)

    @staticmethod
    def readable(key: str, text: str) -> str:
        """A correction's text (original or proposed) as a reader sees it: an agreement's
        what, who and by when on one line; any other part as it is."""
        if agreement_position(key) is None:
            return text
        try:
            return AgreedAction.from_correction_text(text).readable()
        except ValueError:
            return text

    def with_text(self, key: str, text: str) -> NoteContent:
        """The same notes with the text of `key` replaced (for an agreement, `text` is
        AgreedAction.as_correction_text); KeyError for an unknown key, ValueError for an
        agreement that is no agreement."""
        if key in TEXT_FIELDS:
            return self.model_copy(update={key: text})
        if self._agreement_at(key) is not None:
            position = agreement_position(key)
            new = AgreedAction.from_correction_text(text)
            return self.model_copy(update={"agreements": tuple(
                new if number == position else each
                for number, each in enumerate(self.agreements, start=1))})
        if not any(section.key == key for section in self.sections):
            raise KeyError(key)
        return self.model_copy(update={"sections": tuple(
            section.model_copy(update={"text": text}) if section.key == key else section
            for section in self.sections)})

    def reached(self) -> dict[int, bool]:
        """Agenda item id -> reached, for the sections that belong to an item."""
        return {item_id: section.reached for section in self.sections
                if (item_id := agenda_item_id(section.key)) is not None}

    def problem(self) -> str | None:
        """Why these notes cannot be finished, or None."""
        if any(s.deviates and not s.reason.strip() for s in self.statements):
            return _("The notes deviate from a statement's conclusion: write why.")
        return None

    # --- the notes as text

    def plain_text(self) -> str:
        """The notes as one text: the journal entry and the caseworker's reading copy."""
        parts = [_("Participants: {names}").format(names=", ".join(self.participants))]
        parts += [f"{s.title}\n{s.text}".strip() for s in self.sections]
        parts += [f"{self.title_of(key)}\n{getattr(self, key)}"
                  for key in ("citizen_view", "facts") if getattr(self, key)]
        parts += self._agreements_and_next()
        return "\n\n".join(parts)

    def citizen_text(self) -> str:
        """The citizen's version (R-APPR-1): agreements and next steps first, then the rest."""
        parts = self._agreements_and_next(to_citizen=True)
        if self.citizen_view:
            parts.append(f"{self.title_of('citizen_view')}\n{self.citizen_view}")
        parts += [f"{s.title}\n{s.text}".strip() for s in self.sections if s.text]
        if self.facts:
            parts.append(f"{self.title_of('facts')}\n{self.facts}")
        return "\n\n".join(parts)

    def citizen_parts(self) -> list[tuple[str, str, str]]:
        """(key, title, text) of every part the citizen can correct, in the order of
        `citizen_text`: next steps and next meeting (after the agreements), the citizen's
        own view, the agenda items, the facts. Empty parts are left out."""
        keys = ["next_steps", "next_meeting", "citizen_view",
                *[s.key for s in self.sections], "facts"]
        parts = [(key, self.title_of(key), self.text_of(key)) for key in keys]
        return [(key, title, text) for key, title, text in parts if text.strip()]

    def _agreements_and_next(self, *, to_citizen: bool = False) -> list[str]:
        parts = []
        if self.agreements:
            lines = [f"- {a.what} ({a.owner(to_citizen=to_citizen)}" + (", " + _("by {date}").format(
                         date=f"{a.due_on:%d.%m.%Y}") if a.due_on else "") + ")"
                     for a in self.agreements]
            parts.append(_("What we agreed") + "\n" + "\n".join(lines))
        parts += [f"{self.title_of(key)}\n{getattr(self, key)}"
                  for key in ("next_steps", "next_meeting") if getattr(self, key)]
        return parts


def part_titles() -> dict[str, str]:
    """The titles of the free-text parts, as the citizen and every reader see them."""
    return {"citizen_view": _("Your view, in your own words"), "facts": _("Facts"),
            "next_steps": _("Next steps"), "next_meeting": _("Next meeting")}


def merged(base: NoteContent | None, theirs: NoteContent, mine: NoteContent) -> NoteContent:
    """`mine` and `theirs` (saved meanwhile, in another window) together, nothing lost.

    `base` is what both started from (None: nothing). A part only one side changed takes
    that side's text, unless that change emptied it (a window that started over): an empty
    part takes no text away. A part both changed keeps both texts, theirs first (or theirs
    with what I added after the common beginning, when both only added to it). Agreements
    and discussed statements are the union."""
    base = base or NoteContent()

    def text(key: str, base_text: str, their_text: str, my_text: str) -> str:
        if my_text == their_text or not my_text.strip():
            return their_text
        if their_text == base_text or not their_text.strip():
            return my_text
        if my_text == base_text:
            return their_text
        if base_text and my_text.startswith(base_text) and their_text.startswith(base_text):
            return their_text + my_text[len(base_text):]
        return f"{their_text}\n\n{my_text}"

    def base_text(key: str) -> str:
        try:
            return base.text_of(key)
        except KeyError:
            return ""

    base_reached = {s.key: s.reached for s in base.sections}
    mine_sections = {s.key: s for s in mine.sections}
    sections = []
    for their in theirs.sections:
        my = mine_sections.get(their.key)
        if my is None:
            sections.append(their)
            continue
        reached = my.reached if my.reached != base_reached.get(their.key, True) else their.reached
        sections.append(their.model_copy(update={
            "text": text(their.key, base_text(their.key), their.text, my.text), "reached": reached}))
    sections += [s for s in mine.sections if s.key not in {t.key for t in theirs.sections}]
    statements = {s.statement_id: s for s in theirs.statements}
    base_statements = {s.statement_id: s for s in base.statements}
    for statement in mine.statements:
        if statement != base_statements.get(statement.statement_id):
            statements[statement.statement_id] = statement
    return theirs.model_copy(update={
        "participants": theirs.participants or mine.participants,
        "sections": tuple(sections),
        **{key: text(key, getattr(base, key), getattr(theirs, key), getattr(mine, key))
           for key in TEXT_FIELDS},
        "agreements": theirs.agreements + tuple(a for a in mine.agreements
                                                if a not in theirs.agreements and a not in base.agreements),
        "statements": tuple(statements.values()),
        "unsaved_agreement": text("", base.unsaved_agreement, theirs.unsaved_agreement,
                                  mine.unsaved_agreement),
        "last_edited": mine.last_edited or theirs.last_edited,  # where this window typed
    })
