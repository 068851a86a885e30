"""A quick journal note, an inquiry, or the answer to one, from anywhere (R-NOTE-4, R-SERV-1).

The dialog is made for the moment the phone is put down: the function keys choose the
channel (F2-F5) and the direction (F6) while the text is being typed, and Enter saves.
F7 makes the text a new inquiry from the citizen, due 24 working hours later (shown
before it is saved); F8 and F9 answer or acknowledge the chosen open inquiry (up and
down choose). Without a citizen, the dialog first finds one with the citizen search.

Closing an inquiry refers to the version shown: if a colleague answered it meanwhile,
the answer is refused with their name, the list of open inquiries is loaded again and the
typed text is kept (ctrl+r loads it again by hand).
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from prepdesk.core import journal
from prepdesk.core.calendar import deadline_after
from prepdesk.core.citizen_search import CitizenHit, CitizenIndexCache
from prepdesk.core.context import Context
from prepdesk.core.labels import label
from prepdesk.core.quick_note import CitizenContact, OpenInquiry, citizen_contact
from prepdesk.dates import deadline, short_date
from prepdesk.errors import Conflict, UserError
from prepdesk.i18n import _
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.dialogs import DiscardDialog
from prepdesk.ui.fields import TextInput
from prepdesk.ui.footer import Footer
from prepdesk.ui.run import run_core
from prepdesk.ui.safe import safe
from prepdesk.ui.screen import PrepDeskScreen
from prepdesk.widgets.citizen_hit import hit_prompt

CHANNELS = ("phone", "email", "sms", "letter")
SEARCH_DEBOUNCE_SECONDS = 0.08


def deadline_words(due: datetime, now: datetime) -> str:
    """"mandag kl. 14.00" within the week, else the whole date; a deadline at midnight as
    the day it ends (prepdesk.dates.deadline)."""
    return deadline(due, now)


def inquiry_prompt(inquiry: OpenInquiry, now: datetime) -> Content:
    state: tuple[str, str] | str
    if inquiry.acknowledged_at is not None:
        state = _("acknowledged, answer due")
    elif inquiry.due_at < now:
        state = ("⚠ " + _("past its deadline"), "$text-error bold")
    else:
        state = _("due {when}").format(when=deadline_words(inquiry.due_at, now))
    return Content.assemble(
        short_date(inquiry.received_at), " · ", label("channel", inquiry.channel), " · ",
        state, "\n  ", safe(" ".join(inquiry.summary.split())),
    )


def _saved(ctx: Context, citizen_id: int, mode: str, channel: str, direction: str, text: str,
           inquiry: OpenInquiry | None) -> str:
    """Save through core, and return the sentence that says what was saved."""
    if mode == "inquiry":
        logged = journal.log_inquiry(ctx, citizen_id, channel=channel, summary=text)
        return _("The inquiry is logged. It must be answered by {when}.").format(
            when=deadline_words(logged.due_at, logged.received_at))
    if mode in ("answer", "acknowledge") and inquiry is not None:
        journal.close_inquiry(ctx, inquiry.id, seen_version=inquiry.version, answer=text,
                              acknowledgement_only=mode == "acknowledge")
        return (_("The answer is saved in the journal.") if mode == "answer"
                else _("The acknowledgement is saved in the journal."))
    journal.quick_note(ctx, citizen_id, channel=channel, direction=direction, text=text)
    return _("The note is saved in the journal.")


class QuickNoteScreen(PrepDeskScreen, ModalScreen[None]):
    USER_COMMANDS = (
        Command("quick_note.save", "enter", "save", _("Save"),
                _("Save the note, the inquiry or the answer."), priority=True),
        Command("quick_note.phone", "f2", "channel('phone')", _("Phone"),
                _("The contact was by phone."), priority=True),
        Command("quick_note.email", "f3", "channel('email')", _("E-mail"),
                _("The contact was by e-mail."), priority=True),
        Command("quick_note.sms", "f4", "channel('sms')", _("SMS"),
                _("The contact was by SMS."), priority=True),
        Command("quick_note.letter", "f5", "channel('letter')", _("Letter"),
                _("The contact was by letter."), priority=True),
        Command("quick_note.direction", "f6", "direction", _("From/to the citizen"),
                _("Switch between a contact from the citizen and one to the citizen."),
                priority=True),
        Command("quick_note.inquiry", "f7", "mode('inquiry')", _("Log inquiry"),
                _("The text is an inquiry from the citizen, to be answered within 24 working "
                  "hours."), priority=True),
        Command("quick_note.answer", "f8", "mode('answer')", _("Answer inquiry"),
                _("The text answers the chosen inquiry."), priority=True),
        Command("quick_note.acknowledge", "f9", "mode('acknowledge')", _("Acknowledge inquiry"),
                _("The text acknowledges the chosen inquiry; the answer follows later."),
                priority=True),
        Command("quick_note.next", "down", "move(1)", _("Next"),
                _("Move to the next citizen or inquiry in the list."), show=False,
                in_palette=False),
        Command("quick_note.previous", "up", "move(-1)", _("Previous"),
                _("Move to the previous citizen or inquiry in the list."), show=False,
                in_palette=False),
        Command("quick_note.reload", "ctrl+r", "reload", _("Reload"),
                _("Load the citizen's open inquiries again; what you typed is kept."),
                show=False, priority=True),
        Command("quick_note.close", "escape", "close", _("Close"),
                _("Close without saving; asks first when a note is written.")),
    )
    BINDINGS = bindings(USER_COMMANDS)

    DEFAULT_CSS = """
    QuickNoteScreen { align: center top; }
    #quick-note {
        width: 90; max-width: 100%; height: auto; max-height: 90%; margin-top: 2;
        padding: 1 2; background: $surface; border: thick $primary;
    }
    #quick-title { text-style: bold; }
    #citizen { text-style: bold; margin: 1 0 0 0; }
    #choices, #mode-line { height: auto; }
    #mode-line { margin-bottom: 1; }
    #citizen-hits, #inquiries { height: auto; max-height: 10; }
    #citizen-hits > .option-list--option-highlighted,
    #inquiries > .option-list--option-highlighted {
        color: $block-cursor-foreground; background: $block-cursor-background;
    }
    #status { margin-top: 1; height: auto; }
    #status.-problem { color: $text-error; text-style: bold; }
    """

    def __init__(self, ctx: Context, citizen_id: int | None = None, *,
                 citizens: CitizenIndexCache | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.citizen_id = citizen_id
        self._citizens = citizens or CitizenIndexCache(ctx)
        self.contact: CitizenContact | None = None
        self.channel = "phone"
        self.direction = "in"
        self.mode = "note"  # note | inquiry | answer | acknowledge
        self._debounce: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="quick-note"):
            yield Static(_("Quick note"), id="quick-title", markup=False)
            yield TextInput(id="citizen-query", select_on_focus=False, placeholder=_("Find the citizen: name or CPR number"))
            hits = OptionList(id="citizen-hits")
            hits.can_focus = False  # typing stays in the field; up and down move here
            yield hits
            yield Static(id="citizen")
            yield Static(id="choices")
            yield Static(id="mode-line")
            inquiries = OptionList(id="inquiries")
            inquiries.can_focus = False
            yield inquiries
            yield TextInput(id="text", select_on_focus=False)
            yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        picking = self.citizen_id is None
        self.query_one("#citizen-query").display = picking
        self.query_one("#citizen-hits").display = picking
        for widget in ("#citizen", "#choices", "#mode-line", "#inquiries", "#text"):
            self.query_one(widget).display = False
        if picking:
            self.query_one("#citizen-query").focus()
        else:
            self._load_contact(self.citizen_id)

    # --- choosing the citizen ------------------------------------------------------------

    @on(Input.Changed, "#citizen-query")
    def _query_changed(self, event: Input.Changed) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(SEARCH_DEBOUNCE_SECONDS, lambda: self._search(event.value))

    def _search(self, query: str) -> None:
        run_core(self, partial(self._find, query), self._answered, group="search",
                 exclusive=True)

    def _find(self, query: str) -> tuple[str, list[CitizenHit]]:
        return query, self._citizens.search(query, limit=20)

    def _answered(self, answer: tuple[str, list[CitizenHit]]) -> None:
        query, hits = answer
        if self.is_attached and query == self.query_one("#citizen-query", Input).value:
            self._show_hits(hits)

    def _load_contact(self, citizen_id: int, *, again: bool = False) -> None:
        run_core(self, partial(citizen_contact, self.ctx, citizen_id, again=again),
                 self._show_contact,
                 group="contact", exclusive=True, failed=self._show_problem)

    def action_reload(self) -> None:
        if self.contact is not None:
            self._load_contact(self.contact.citizen_id, again=True)

    def _show_contact(self, contact: CitizenContact) -> None:
        if not self.is_attached:
            return
        chosen = self._chosen_inquiry()
        self.contact = contact
        self.query_one("#citizen-query").display = False
        self.query_one("#citizen-hits").display = False
        for widget in ("#citizen", "#choices", "#mode-line", "#text"):
            self.query_one(widget).display = True
        self.query_one("#citizen", Static).update(
            Content.assemble(_("Citizen: "), safe(contact.name)))
        inquiries = self.query_one("#inquiries", OptionList)
        now = self.ctx.clock()
        inquiries.set_options(Option(inquiry_prompt(i, now)) for i in contact.open_inquiries)
        if contact.open_inquiries:
            ids = [i.id for i in contact.open_inquiries]
            inquiries.highlighted = ids.index(chosen.id) if chosen and chosen.id in ids else 0
        elif self.mode in ("answer", "acknowledge"):
            self.mode = "note"  # nothing left to answer
            self.refresh_bindings()
        self._refresh()
        self.query_one("#text").focus()

    # --- the choices -------------------------------------------------------------------------

    def _refresh(self) -> None:
        """Show the channel, the direction and what Enter will save, in words."""
        marks = [("● " if code == self.channel else "○ ") + label("channel", code)
                 for code in CHANNELS]
        direction = self._direction()
        self.query_one("#choices", Static).update(Content(
            _("Channel: {channels}  ·  {direction}").format(
                channels="  ".join(marks), direction=direction)))
        inquiry = self._chosen_inquiry()
        now = self.ctx.clock()
        if self.mode == "inquiry":
            line = _("New inquiry from the citizen. It must be answered by {when}.").format(
                when=deadline_words(deadline_after(now), now))
            placeholder = _("What the citizen asks about")
        elif self.mode in ("answer", "acknowledge") and inquiry is not None:
            line = (_("Answer to the inquiry: {summary}") if self.mode == "answer"
                    else _("Acknowledgement of the inquiry: {summary}")).format(
                summary=" ".join(inquiry.summary.split()))
            placeholder = (_("Your answer") if self.mode == "answer"
                           else _("What you told the citizen, and when the answer comes"))
        else:
            line = _("Note in the journal.")
            placeholder = _("What the contact was about")
        self.query_one("#mode-line", Static).update(safe(line))
        self.query_one("#inquiries").display = bool(self.contact and self.contact.open_inquiries)
        self.query_one("#text", Input).placeholder = placeholder

    def _direction(self) -> str:
        if self.mode == "inquiry":
            return _("from the citizen")
        if self.mode in ("answer", "acknowledge"):
            return _("to the citizen")
        return _("from the citizen") if self.direction == "in" else _("to the citizen")

    def _chosen_inquiry(self) -> OpenInquiry | None:
        highlighted = self.query_one("#inquiries", OptionList).highlighted
        if self.contact is None or highlighted is None:
            return None
        return self.contact.open_inquiries[highlighted]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.contact is None:
            return action in ("save", "move", "close")
        if action == "mode" and parameters and parameters[0] in ("answer", "acknowledge"):
            return bool(self.contact.open_inquiries)
        if action == "direction":
            return self.mode == "note"
        return True

    def action_channel(self, channel: str) -> None:
        self.channel = channel
        self._refresh()

    def action_direction(self) -> None:
        self.direction = "out" if self.direction == "in" else "in"
        self._refresh()

    def action_mode(self, mode: str) -> None:
        """Choose what Enter saves; the same key again goes back to a journal note."""
        self.mode = "note" if self.mode == mode else mode
        self._refresh()
        self.refresh_bindings()

    def action_move(self, step: int) -> None:
        listing = self.query_one("#inquiries" if self.contact else "#citizen-hits", OptionList)
        if listing.option_count:
            current = listing.highlighted if listing.highlighted is not None else -step
            listing.highlighted = max(0, min(listing.option_count - 1, current + step))
            if self.contact:
                self._refresh()

    # --- saving -------------------------------------------------------------------------------

    def action_save(self) -> None:
        if self.contact is None:
            hits = self.query_one("#citizen-hits", OptionList)
            if hits.highlighted is not None:
                self._load_contact(int(hits.get_option_at_index(hits.highlighted).id))
            return
        self._save(self.mode, self.channel, self.direction, self.query_one("#text", Input).value,
                   self._chosen_inquiry())

    def _save(self, mode: str, channel: str, direction: str, text: str,
              inquiry: OpenInquiry | None) -> None:
        run_core(self, partial(_saved, self.ctx, self.contact.citizen_id, mode, channel,
                               direction, text, inquiry),
                 self._done, group="save", exclusive=True, failed=self._refused)

    def _done(self, sentence: str) -> None:
        app = self.app
        if self.is_attached:
            self.dismiss()
        app.notify(sentence, markup=False)

    def _refused(self, problem: UserError) -> None:
        self._show_problem(problem)
        if isinstance(problem, Conflict) and self.contact is not None:
            # A colleague answered or changed the inquiry: show the list as it is now.
            self._load_contact(self.contact.citizen_id, again=True)

    def _show_problem(self, problem: UserError) -> None:
        if not self.is_attached:
            return
        status = self.query_one("#status", Static)
        status.update(safe(problem.message))
        status.add_class("-problem")

    def _show_hits(self, hits: list[CitizenHit]) -> None:
        listing = self.query_one("#citizen-hits", OptionList)
        listing.set_options(Option(hit_prompt(hit), id=str(hit.citizen_id)) for hit in hits)
        listing.highlighted = 0 if hits else None
        self.query_one("#status", Static).update(
            Content("" if hits else _("No citizens found. Check the spelling, or search by the "
                                      "CPR number.")))

    def action_close(self) -> None:
        if not self.query_one("#text", Input).value.strip():
            self.dismiss()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss()

        self.app.push_screen(DiscardDialog(), answered)  # written text is not thrown away unasked
