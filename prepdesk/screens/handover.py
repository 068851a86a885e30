"""A handover of a citizen from one caseworker to another (issue 13 items 2-6, R-HAND-1,
R-HAND-2): the dossier section by section, each with its acknowledgement, the outgoing
caseworker's note, and the letter to the citizen.

The same screen for the team lead, the outgoing and the incoming caseworker, and for the
handover session, where both caseworkers sit at one desk (the incoming one logged in):
the sections are a list on the left, the chosen one's text and the outgoing caseworker's
note on it on the right. The incoming caseworker acknowledges the chosen section with `k`
or Enter and moves on to the next one not yet acknowledged; when every section with
content is, the handover is complete (core/handover.py). The outgoing caseworker writes
the note (`w`: the note for the whole and for the chosen section) or skips it (`x`);
until then the incoming caseworker cannot acknowledge. `b` tells the citizen: a time for
the joint meeting free in both calendars, the letter's preview, then it is put in the
outbox, once (core/handover_tell.py; the handover's start does not send it). A team lead
approves a handover to their team with `g` and declines or withdraws one with `d`.

The dossier is the stored one (`HandoverView.dossier`); it is shown as text through
`safe`, never as markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from functools import partial

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from prepdesk.core import handover as core
from prepdesk.core.context import LOCAL_TIMEZONE, Context
from prepdesk.core.handover import HandoverView
from prepdesk.core.handover_dossier import HandoverDossier
from prepdesk.core.handover_letter import (
    HandoverLetter,
    HandoverLetterPreview,
    JointMeetingSlots,
    NoJointTime,
    joint_meeting_slots,
    preview_handover_letter,
)
from prepdesk.core.handover_tell import tell_about_handover
from prepdesk.core.labels import label
from prepdesk.dates import long_datetime, medium_datetime, short_date
from prepdesk.i18n import _
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.dialogs import DIALOG_CSS, ChoiceDialog, DiscardDialog, InputDialog, QuestionDialog
from prepdesk.ui.fields import TextEditor
from prepdesk.ui.footer import Footer
from prepdesk.ui.run import run_core
from prepdesk.ui.safe import plain, safe
from prepdesk.ui.screen import PrepDeskScreen

NO_MEETING = "none"  # the letter's choice "without a joint meeting"
SLOTS_SHOWN = 8


# --- the dossier in words ----------------------------------------------------------------

def _when(moment: datetime | date | None) -> str:
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        return medium_datetime(moment)
    return short_date(moment)


def _joined(*parts: str) -> str:
    return " · ".join(part for part in parts if part)


def section_lines(dossier: HandoverDossier, key: str) -> list[str]:
    """The section's content as lines of plain text (shown through `safe`), in the order
    the dossier keeps them; [] when it is empty."""
    if key == "summary":
        return [dossier.summary] if dossier.summary else []
    items: Iterable = getattr(dossier, key)
    lines: list[str] = []
    for item in items:
        if key == "goals":
            lines.append(_joined(label("goal_kind", item.kind), item.text, _when(item.recorded_at)))
        elif key == "already_told":
            lines.append(_joined(_when(item.meeting_at), item.text))
        elif key == "accommodations":
            lines.append(item)
        elif key == "representatives":
            lines.append(_joined(item.name, label("representative_kind", item.kind),
                                 item.relation, item.phone, item.email))
        elif key == "open_agreements":
            by = _("by {date}").format(date=short_date(item.due_on)) if item.due_on else ""
            lines.append(_joined(item.what, item.who, by))
        elif key == "pending":
            kinds = {"rejected": _("Correction not accepted"),
                     "correction": _("Correction not answered"),
                     "approval": _("Waiting for the citizen's approval")}
            lines.append(_joined(kinds.get(item.kind, item.kind), _when(item.meeting_at),
                                 item.text, item.reason))
        elif key == "statements":
            discussed = _("discussed in a meeting") if item.discussed else _("not discussed yet")
            lines.append(_joined(item.title, item.author, _when(item.received_at),
                                 item.conclusion, discussed, item.deviation))
        elif key == "rulings":
            lines.append(_joined(item.number, item.title, _when(item.meeting_at)))
        elif key == "upcoming_meetings":
            lines.append(_joined(long_datetime(item.starts_at), item.kind, item.place,
                                 item.caseworker))
        elif key == "open_matters":
            kinds = {"inquiry": _("Inquiry"), "access_request": _("Request for access")}
            due = _when(item.due_at) or _when(item.due_on)
            lines.append(_joined(kinds.get(item.kind, item.kind), _when(item.received_at),
                                 item.text, _("answer by {date}").format(date=due) if due else ""))
        elif key == "caseworkers":
            period = f"{short_date(item.started_at)} – {_when(item.ended_at)}"
            lines.append(_joined(item.name, period, item.reason))
        elif key == "notes":
            lines.append(_joined(_when(item.meeting_at),
                                 _("version {n}").format(n=item.current_version)))
            lines.append(item.text)
            lines += [_joined(_("Correction not accepted"), r.section, r.proposed, r.reason)
                      for r in item.rejected]
        else:  # a section this screen does not know yet: its parts as they are
            lines.append(str(item))
    return lines


def section_state(view: HandoverView, key: str) -> tuple[str, str]:
    """The section's acknowledgement in words, with a style: never told by colour alone."""
    state = next(s for s in view.sections if s.key == key)
    if state.empty:
        return "– " + _("empty"), "$text-muted"
    if state.acknowledged_at is not None:
        return "✓ " + _("acknowledged"), "$text-success"
    return "✗ " + _("not acknowledged"), "$text-warning bold"


def state_line(view: HandoverView) -> str:
    """Where the handover stands and what it waits for, in one sentence."""
    parts = [label("handover_status", view.status), view.reason_label]
    if view.effective_on is not None:
        parts.append(_("the new caseworker takes over {date}").format(
            date=short_date(view.effective_on)))
    if view.status == "open":
        if not view.sent_on:
            parts.append(_("waits for the outgoing caseworker's note (w, or x to skip it)"))
        elif view.missing:
            parts.append(_("{n} sections to acknowledge (k)").format(n=len(view.missing)))
    if view.status == "declined" and view.declined_reason:
        parts.append(view.declined_reason)
    told = {"sent": _("the citizen has the letter about the new caseworker"),
            "outdated": _("the letter to the citizen was withdrawn")}
    if view.letter_status:
        parts.append(told.get(view.letter_status,
                              _("the letter to the citizen waits in the outbox")))
    return _joined(*parts)


def moves_choices() -> list[tuple[str, str]]:
    return [("both", _("Meetings and agreements move along")),
            ("meetings", _("Only the meetings move along")),
            ("agreements", _("Only the agreements move along")),
            ("none", _("Nothing moves along"))]


def moves_code(view: HandoverView) -> str:
    if view.move_meetings and view.move_agreements:
        return "both"
    return "meetings" if view.move_meetings else "agreements" if view.move_agreements else "none"


def moves_line(view: HandoverView) -> str:
    """What moves with the citizen, in words: asked, never silent (issue 13 item 4)."""
    if view.status == "declined":
        return ""
    meetings = (_("upcoming meetings move along") if view.move_meetings
                else _("upcoming meetings stay with {name}").format(name=view.from_name))
    agreements = (_("open agreements move along") if view.move_agreements
                  else _("open agreements stay with {name}").format(name=view.from_name))
    if view.moved_at is not None:
        return _("The citizen moved {date}: {meetings}; {agreements}.").format(
            date=short_date(view.moved_at), meetings=meetings, agreements=agreements)
    return _("At the move: {meetings}; {agreements}.").format(meetings=meetings,
                                                              agreements=agreements)


def refreshed_sentence(before: HandoverView, after: HandoverView, titles: dict[str, str]) -> str:
    """Which sections the refresh changed, and which of them must be acknowledged again."""
    changed = [key for key in (s.key for s in after.sections)
               if before.dossier.part(key) != after.dossier.part(key)]
    if not changed:
        return _("The dossier is up to date: nothing changed.")
    names = ", ".join(titles.get(key, key) for key in changed)
    was_acknowledged = {s.key for s in before.sections if s.acknowledged_at is not None}
    again = [key for key in changed if key in was_acknowledged]
    if again:
        return _("The dossier is updated. Changed: {names}. Acknowledge again: {again}.").format(
            names=names, again=", ".join(titles.get(key, key) for key in again))
    return _("The dossier is updated. Changed: {names}.").format(names=names)


# --- the note ---------------------------------------------------------------------------

class NoteDialog(PrepDeskScreen, ModalScreen[tuple[str, str] | None]):
    """The outgoing caseworker's note: for the whole, and for the chosen section. Ctrl+S
    gives both, Escape nothing (asking first when something was written)."""

    USER_COMMANDS = (
        Command("handover_note.save", "ctrl+s", "save", _("Save"),
                _("Save the note and send the handover on."), priority=True),
        Command("handover_note.cancel", "escape", "cancel", _("Cancel"),
                _("Close without saving.")),
    )
    BINDINGS = bindings(USER_COMMANDS)
    DEFAULT_CSS = "NoteDialog {" + DIALOG_CSS + "& TextEditor { height: 6; } }"

    def __init__(self, whole: str, section_title: str, section_note: str) -> None:
        super().__init__()
        self.whole, self.section_title, self.section_note = whole, section_title, section_note

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Your note for the new caseworker"), classes="dialog-title",
                         markup=False)
            yield Static(safe(_("What the new caseworker should know that the dossier does "
                                "not say.")), classes="dialog-text")
            yield TextEditor(plain(self.whole), id="note-whole")
            yield Static(safe(_("On the section {title}").format(title=self.section_title)),
                         classes="dialog-text")
            yield TextEditor(plain(self.section_note), id="note-section")
            yield Static(_("Ctrl+S saves · Escape cancels · Tab: the next field"),
                         markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#note-whole", TextEditor).focus()

    def action_save(self) -> None:
        self.dismiss((self.query_one("#note-whole", TextEditor).text,
                      self.query_one("#note-section", TextEditor).text))

    def action_cancel(self) -> None:
        written = (self.query_one("#note-whole", TextEditor).text,
                   self.query_one("#note-section", TextEditor).text)
        if written == (plain(self.whole), plain(self.section_note)):
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:  # returns nothing: Textual would await it
            if discard:
                self.dismiss(None)

        self.app.push_screen(DiscardDialog(), answered)


class LetterDialog(PrepDeskScreen, ModalScreen[bool]):
    """The letter to the citizen as they will receive it; Ctrl+S sends, Escape does not."""

    USER_COMMANDS = (
        Command("handover_letter.send", "ctrl+s", "answer(True)", _("Send"),
                _("Put the letter in the outbox; it goes in the send window."), priority=True),
        Command("handover_letter.cancel", "escape", "answer(False)", _("Cancel"),
                _("Close without sending.")),
    )
    BINDINGS = bindings(USER_COMMANDS)
    DEFAULT_CSS = ("LetterDialog {" + DIALOG_CSS
                   + "& > Vertical { width: 100; } & VerticalScroll { height: 20; } }")

    def __init__(self, preview: HandoverLetterPreview) -> None:
        super().__init__()
        self.preview = preview

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("The letter to the citizen"), classes="dialog-title", markup=False)
            yield Static(safe(self.preview.reason), id="letter-channel", classes="dialog-text")
            with VerticalScroll(id="letter-text"):
                yield Static(safe(self.preview.text))
            yield Static(safe(_joined(_("LIX {lix:.0f}").format(lix=self.preview.lix),
                                      self.preview.when)), classes="dialog-text")
            yield Static(_("Ctrl+S sends · Escape cancels"), markup=False)
        yield Footer()

    def action_answer(self, send: bool) -> None:
        self.dismiss(send)


# --- the screen --------------------------------------------------------------------------

class HandoverScreen(PrepDeskScreen):
    USER_COMMANDS = (
        Command("handover.acknowledge", "k", "acknowledge", _("Acknowledge"),
                _("You have read the chosen section: acknowledge it and go to the next.")),
        Command("handover.note", "w", "write_note", _("Write note"),
                _("Write your note for the new caseworker: for the whole and the chosen "
                  "section. It sends the handover on.")),
        Command("handover.skip_note", "x", "skip_note", _("Skip note"),
                _("Send the handover on without a note.")),
        Command("handover.letter", "b", "letter", _("Letter"),
                _("Tell the citizen who the new caseworker is: a joint meeting, the letter's "
                  "preview, then the outbox.")),
        Command("handover.approve", "g", "approve", _("Approve"),
                _("Approve the handover to a caseworker of your team (a team lead).")),
        Command("handover.decline", "d", "decline", _("Decline"),
                _("Decline or withdraw the handover, saying why (a team lead)."), show=False),
        Command("handover.refresh_dossier", "u", "refresh_dossier", _("Update the dossier"),
                _("Generate the dossier again from the case as it is now; a section that "
                  "changed must be acknowledged again.")),
        Command("handover.moves", "f", "moves", _("Meetings and agreements"),
                _("Choose whether the outgoing caseworker's upcoming meetings and open "
                  "agreements move with the citizen (a team lead, until the move).")),
        Command("handover.refresh", "ctrl+r", "refresh", _("Reload"),
                _("Load the handover again, with what colleagues did meanwhile."), show=False),
    )
    BINDINGS = bindings(USER_COMMANDS)
    SHOWN_WHEN_LOADED = True
    DEFAULT_CSS = """
    HandoverScreen {
        #handover-title { padding: 0 1; text-style: bold; color: $text-primary; }
        #handover-state { padding: 0 1; }
        #handover-body { height: 1fr; }
        #handover-sections { width: 42%; max-width: 52; height: 100%; }
        #section-pane { width: 1fr; height: 100%; padding: 0 1; }
        #section-title { text-style: bold; }
        #section-note { margin-top: 1; color: $text-accent; }
        #handover-note { padding: 0 1; max-height: 5; }
        #handover-moves { padding: 0 1; color: $text-muted; }
    }
    """

    def __init__(self, ctx: Context, handover_id: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.handover_id = handover_id
        self.view: HandoverView | None = None
        self._titles = core.section_titles()
        # The note as last written, until it is saved: a refused save (a colleague changed
        # the handover meanwhile) keeps it for the next `w` (the whole, the section, its note).
        self._unsaved_note: tuple[str, str, str] | None = None
        self._unsaved_why = ""  # a decline's reason not yet saved

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Opening the handover …"), id="handover-title", markup=False)
        yield Static(id="handover-state")
        with Horizontal(id="handover-body"):
            yield OptionList(id="handover-sections")
            with VerticalScroll(id="section-pane"):
                yield Static(id="section-title")
                yield Static(id="section-text")
                yield Static(id="section-note")
        yield Static(id="handover-note")
        yield Static(id="handover-moves")
        yield Footer()

    def on_mount(self) -> None:
        self._load(again=False)

    def action_refresh(self) -> None:
        self._load(again=True)

    def _load(self, *, again: bool) -> None:
        run_core(self, partial(core.handover, self.ctx, self.handover_id, again=again),
                 self._show, group="handover", exclusive=True)

    # --- showing --------------------------------------------------------------------

    def _show(self, view: HandoverView, *, next_missing: bool = False) -> None:
        if not self.is_attached:
            return
        self.show_itself()
        self.view = view
        self.query_one("#handover-title", Static).update(safe(
            _("Handover of {citizen}: {outgoing} → {incoming}").format(
                citizen=view.citizen_name, outgoing=view.from_name, incoming=view.to_name)))
        self.query_one("#handover-state", Static).update(safe(state_line(view)))
        if view.note_skipped:
            note = _("The note was skipped.")  # by the outgoing caseworker or the team lead
        elif view.note:
            note = _("Note from {name}: {note}").format(name=view.from_name, note=view.note)
        else:
            note = ""
        self.query_one("#handover-note", Static).update(safe(note))
        self.query_one("#handover-moves", Static).update(safe(moves_line(view)))
        sections = self.query_one("#handover-sections", OptionList)
        was = sections.highlighted_option.id if sections.highlighted_option else None
        sections.set_options(
            Option(Content.assemble(self._titles.get(s.key, s.key), "\n  ",
                                    section_state(view, s.key)), id=s.key)
            for s in view.sections)
        if next_missing and view.missing:
            keys = [s.key for s in view.sections]
            after = keys[keys.index(was) + 1:] if was in keys else keys
            was = next((key for key in after if key in view.missing), view.missing[0])
        if was is None and view.sections:
            was = view.missing[0] if view.missing else view.sections[0].key
        if was is not None:
            sections.highlighted = sections.get_option_index(was)
        sections.focus()
        self._show_section()
        self.refresh_bindings()

    def _chosen(self) -> str | None:
        option = self.query_one("#handover-sections", OptionList).highlighted_option
        return option.id if option is not None else None

    def _show_section(self) -> None:
        key = self._chosen()
        if self.view is None or key is None:
            return
        state = next(s for s in self.view.sections if s.key == key)
        self.query_one("#section-title", Static).update(safe(self._titles.get(key, key)))
        lines = section_lines(self.view.dossier, key)
        self.query_one("#section-text", Static).update(
            safe("\n".join(lines)) if lines else safe(_("Nothing in this section.")))
        self.query_one("#section-note", Static).update(safe(
            _("Note from {name}: {note}").format(name=self.view.from_name, note=state.note)
            if state.note else ""))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_section()
        self.refresh_bindings()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # Enter in the handover session: acknowledge and go on, as k does.
        if self.check_action("acknowledge", ()):
            self.action_acknowledge()

    # --- who may do what ------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view, me = self.view, self.ctx.user.id
        if action == "refresh":
            return True
        if view is None:
            return False
        going = view.status == "open" or view.status == "awaiting_approval"
        if action == "acknowledge":
            key = self._chosen()
            return (view.to_caseworker_id == me and view.status == "open" and view.sent_on
                    and key in view.missing)
        if action == "write_note":
            return view.from_caseworker_id == me and going
        if action == "skip_note":
            return (going and not view.sent_on
                    and (view.from_caseworker_id == me or self.ctx.user.role == "team_lead"))
        if action in ("approve", "decline"):
            lead = self.ctx.user.role == "team_lead"
            return lead and (view.status == "awaiting_approval" if action == "approve"
                             else going and view.moved_at is None)
        if action == "letter":
            return view.status != "declined" and view.letter_id is None
        if action == "refresh_dossier":
            return going
        if action == "moves":
            return (self.ctx.user.role == "team_lead" and view.moved_at is None
                    and view.status != "declined")
        return True

    # --- acknowledging ----------------------------------------------------------------

    def action_acknowledge(self) -> None:
        key = self._chosen()
        if self.view is None or key is None:
            return
        run_core(self, partial(core.acknowledge, self.ctx, self.handover_id, key,
                               seen_version=self.view.version),
                 self._acknowledged, group="handover-ack")

    def _acknowledged(self, view: HandoverView) -> None:
        self._show(view, next_missing=True)
        if view.status == "complete":
            self.app.notify(_("Every section is acknowledged: the handover is complete."))

    # --- the note ---------------------------------------------------------------------

    def action_write_note(self) -> None:
        key = self._chosen()
        if self.view is None or key is None:
            return
        view = self.view
        state = next(s for s in view.sections if s.key == key)
        whole, on_section = view.note, state.note
        if self._unsaved_note is not None:
            whole = self._unsaved_note[0]
            on_section = self._unsaved_note[2] if self._unsaved_note[1] == key else on_section
        self.app.push_screen(NoteDialog(whole, self._titles.get(key, key), on_section),
                             partial(self._save_note, view, key))

    def _save_note(self, view: HandoverView, key: str, written: tuple[str, str] | None) -> None:
        if written is None:
            self._unsaved_note = None
            return
        whole, on_section = written
        self._unsaved_note = (whole, key, on_section)
        notes = {s.key: s.note for s in view.sections if s.note}
        notes[key] = on_section
        run_core(self, partial(core.write_note, self.ctx, self.handover_id, whole, notes,
                               seen_version=view.version),
                 self._note_saved, group="handover-note")

    def _note_saved(self, view: HandoverView) -> None:
        self._unsaved_note = None
        self._show(view)
        self.app.notify(_("The note is saved; the new caseworker can acknowledge the dossier."))

    def action_skip_note(self) -> None:
        if self.view is None:
            return
        view = self.view
        self.app.push_screen(
            QuestionDialog(_("Send the handover on without a note?"), yes=_("Skip the note")),
            lambda yes: run_core(self, partial(core.skip_note, self.ctx, self.handover_id,
                                               seen_version=view.version),
                                 self._show, group="handover-note") if yes else None)

    # --- the team lead's decision -----------------------------------------------------

    def action_approve(self) -> None:
        if self.view is not None:
            run_core(self, partial(core.approve_handover, self.ctx, self.handover_id,
                                   seen_version=self.view.version),
                     self._show, group="handover-decision")

    def action_decline(self) -> None:
        if self.view is None:
            return
        view = self.view
        self.app.push_screen(
            InputDialog(_("Decline the handover"),
                        _("Write why: both caseworkers see it. Nothing moves, and the citizen "
                          "stays with {name}.").format(name=view.from_name),
                        value=self._unsaved_why),
            partial(self._decline, view))

    def _decline(self, view: HandoverView, why: str | None) -> None:
        # Kept until it is saved: a refusal (a colleague changed the handover) loses nothing.
        self._unsaved_why = why or ""
        if why:
            run_core(self, partial(core.decline_handover, self.ctx, self.handover_id, why,
                                   seen_version=view.version),
                     self._declined, group="handover-decision")

    def _declined(self, view: HandoverView) -> None:
        self._unsaved_why = ""
        self._show(view)

    # --- the dossier again, and what moves along ---------------------------------------

    def action_refresh_dossier(self) -> None:
        if self.view is None:
            return
        before = self.view
        run_core(self, partial(core.refresh_dossier, self.ctx, self.handover_id,
                               seen_version=before.version),
                 partial(self._dossier_refreshed, before), group="handover-dossier")

    def _dossier_refreshed(self, before: HandoverView, view: HandoverView) -> None:
        self._show(view)
        self.app.notify(plain(refreshed_sentence(before, view, self._titles)))

    def action_moves(self) -> None:
        if self.view is None:
            return
        view = self.view
        choices = [(code, words + (" ✓" if code == moves_code(view) else ""))
                   for code, words in moves_choices()]
        self.app.push_screen(
            ChoiceDialog(_("What moves with the citizen to {name}?").format(name=view.to_name),
                         _("{outgoing}'s upcoming meetings with the citizen and open agreements "
                           "move on the day the new caseworker takes over, if you say so here; "
                           "what stays is kept by {outgoing}.").format(outgoing=view.from_name),
                         choices),
            partial(self._set_moves, view))

    def _set_moves(self, view: HandoverView, chosen: str | None) -> None:
        if chosen is None:
            return
        meetings, agreements = chosen in ("both", "meetings"), chosen in ("both", "agreements")
        run_core(self, partial(core.set_moves, self.ctx, self.handover_id, meetings, agreements,
                               seen_version=view.version),
                 self._moves_set, group="handover-moves")

    def _moves_set(self, view: HandoverView) -> None:
        self._show(view)
        self.app.notify(plain(moves_line(view)))

    # --- the letter -------------------------------------------------------------------

    def action_letter(self) -> None:
        if self.view is None:
            return
        view = self.view
        today = self.ctx.clock().astimezone(LOCAL_TIMEZONE).date()
        earliest = max(view.effective_on or today, today)
        run_core(self, partial(_slots, self.ctx, view, earliest), self._choose_slot,
                 group="handover-letter")

    def _choose_slot(self, found: JointMeetingSlots | str) -> None:
        choices = [(NO_MEETING, _("Without a joint meeting"))]
        explanation = _("Choose the time of the joint meeting with both caseworkers; the "
                        "letter invites the citizen to it.")
        if isinstance(found, str):  # no time free in both calendars: the sentence says why
            explanation = found
        else:
            choices = [(f"{number}", _joined(long_datetime(slot.starts_at), slot.where))
                       for number, slot in enumerate(found.slots[:SLOTS_SHOWN])] + choices
        self.app.push_screen(
            ChoiceDialog(_("The letter to the citizen"), explanation, choices),
            partial(self._preview, found))

    def _preview(self, found: JointMeetingSlots | str, chosen: str | None) -> None:
        if chosen is None or self.view is None:
            return
        at, room = None, None
        if chosen != NO_MEETING and not isinstance(found, str):
            slot = found.slots[int(chosen)]
            at, room = slot.starts_at, slot.room_id
        view = self.view
        run_core(self, partial(preview_handover_letter, self.ctx, view.citizen_id,
                               view.from_caseworker_id, view.to_caseworker_id, at,
                               room_id=room, effective_on=view.effective_on),
                 lambda preview: self.app.push_screen(
                     LetterDialog(preview), partial(self._send, at, room)),
                 group="handover-letter")

    def _send(self, at: datetime | None, room: int | None, send: bool | None) -> None:
        if not send or self.view is None:
            return
        view = self.view
        run_core(self, partial(tell_about_handover, self.ctx, self.handover_id, at,
                               room_id=room, seen_version=view.version),
                 self._sent, group="handover-letter")

    def _sent(self, letter: HandoverLetter) -> None:
        self.app.notify(letter.sentence)
        self._load(again=True)  # the handover keeps the letter: b is gone


def _slots(ctx: Context, view: HandoverView, earliest: date) -> JointMeetingSlots | str:
    """The free times of both caseworkers, or the sentence saying there is none."""
    try:
        return joint_meeting_slots(ctx, view.citizen_id,
                                   [view.to_caseworker_id, view.from_caseworker_id], earliest)
    except NoJointTime as none:
        return none.message

