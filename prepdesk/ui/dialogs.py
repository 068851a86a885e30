"""Small dialogs over a screen: one question, one line or a few lines to write, or one
choice. A dialog whose Escape would throw away written text asks first (`DiscardDialog`)."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from prepdesk.i18n import _
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.fields import TextEditor, TextInput
from prepdesk.ui.footer import Footer
from prepdesk.ui.run import run_core
from prepdesk.ui.safe import plain, safe
from prepdesk.ui.screen import PrepDeskScreen

DIALOG_CSS = """
    align: center middle;
    & > Vertical {
        width: 80; max-width: 100%; height: auto; padding: 1 2;
        background: $surface; border: thick $primary;
    }
    & .dialog-title { text-style: bold; }
    & .dialog-text { margin: 1 0; }
    & .dialog-problem { color: $text-error; text-style: bold; }
"""


class QuestionDialog(PrepDeskScreen, ModalScreen[bool]):
    """A yes-or-no question; Escape is no."""

    USER_COMMANDS = (
        Command("question.yes", "enter,j,y", "answer(True)", _("Yes"), _("Answer yes."),
                priority=True),
        Command("question.no", "escape,n", "answer(False)", _("No"), _("Answer no.")),
    )
    BINDINGS = bindings(USER_COMMANDS)
    DEFAULT_CSS = "QuestionDialog {" + DIALOG_CSS + "}"

    def __init__(self, question: str, *, yes: str) -> None:
        super().__init__()
        self.question, self.yes = question, yes

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(safe(self.question), classes="dialog-text")
            yield Static(safe(_("Enter: {yes} · Escape: No").format(yes=self.yes)))
        yield Footer()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class DiscardDialog(PrepDeskScreen, ModalScreen[bool]):
    """"Discard the text?", asked when Escape would throw away text the user wrote: Enter
    (or Escape again) keeps writing, k discards. Gives True to discard. A dialog with text
    asks this way (`TextDialog.action_cancel`): Escape on unchanged text closes at once."""

    USER_COMMANDS = (
        Command("discard.keep", "enter,escape", "answer(False)", _("Keep writing"),
                _("Go back to the text."), priority=True),
        Command("discard.discard", "k", "answer(True)", _("Discard"),
                _("Throw the text away and close."), priority=True),
    )
    BINDINGS = bindings(USER_COMMANDS)
    DEFAULT_CSS = "DiscardDialog {" + DIALOG_CSS + "& > Vertical { width: 50; } }"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Discard the text?"), id="discard-question", classes="dialog-title",
                         markup=False)
            yield Static(_("What you wrote is not saved."), classes="dialog-text", markup=False)
            yield Static(_("Enter: Keep writing · k: Discard"), markup=False)
        yield Footer()

    def action_answer(self, discard: bool) -> None:
        self.dismiss(discard)


class InputDialog(PrepDeskScreen, ModalScreen[str | None]):
    """One line of text; Enter gives it, Escape gives nothing. With `check` (a parser that
    raises ValueError with a sentence, such as dates.parse_date), Enter on text it refuses
    says why under the line and keeps the dialog open, with the text."""

    USER_COMMANDS = (
        Command("input.cancel", "escape", "cancel", _("Cancel"), _("Close without saving.")),
    )
    BINDINGS = bindings(USER_COMMANDS)
    DEFAULT_CSS = ("InputDialog {" + DIALOG_CSS
                   + "& #dialog-problem { display: none; } & #dialog-problem.-said { display: block; } }")

    def __init__(self, title: str, explanation: str, *, placeholder: str = "",
                 value: str = "", check: Callable[[str], object] | None = None) -> None:
        super().__init__()
        self.title_text, self.explanation = title, explanation
        self.placeholder, self.value, self.check = placeholder, value, check

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(safe(self.title_text), classes="dialog-title")
            yield Static(safe(self.explanation), classes="dialog-text")
            yield TextInput(plain(self.value), placeholder=self.placeholder, id="dialog-input")
            yield Static(id="dialog-problem", classes="dialog-problem")
            yield Static(_("Enter saves · Escape cancels"), markup=False)
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        typed = event.value.strip()
        if not typed:
            return
        if self.check is not None:
            try:
                self.check(typed)
            except ValueError as problem:
                said = self.query_one("#dialog-problem", Static)
                said.update(safe(str(problem)))
                said.add_class("-said")
                return
        self.dismiss(typed)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceDialog(PrepDeskScreen, ModalScreen[str | None]):
    """One of a few choices, each a key and its words; Enter gives the chosen key,
    Escape gives nothing. The words, title and explanation are shown as text (`safe`):
    never as markup, without escapes, so they may name data (a user, a team)."""

    USER_COMMANDS = (
        Command("choice.cancel", "escape", "cancel", _("Cancel"), _("Close without choosing.")),
    )
    BINDINGS = bindings(USER_COMMANDS)
    DEFAULT_CSS = "ChoiceDialog {" + DIALOG_CSS + "& OptionList { height: auto; } }"

    def __init__(self, title: str, explanation: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text, self.explanation, self.choices = title, explanation, choices

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(safe(self.title_text), classes="dialog-title")
            yield Static(safe(self.explanation), classes="dialog-text")
            yield OptionList(*(Option(safe(words), id=key) for key, words in self.choices),
                             id="dialog-choices")
            yield Static(_("Enter chooses · Escape cancels"), markup=False)
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def reason_dialog() -> InputDialog:
    """An administrator's reason for opening a citizen's file (R-SEC-3: core/access.py
    `open_with_reason`): written to the access log; Escape opens nothing."""
    return InputDialog(
        _("Why do you open this file?"),
        _("As an administrator you open a citizen's file only with a reason. It is written to "
          "the access log with your name, and lets you open this citizen's file for the rest "
          "of the day."),
        placeholder=_("For example: support case 4711, the agenda is not shown"))


class TextDialog(PrepDeskScreen, ModalScreen[object | None]):
    """Some lines to write (a TextEditor), saved by `save`: a call into core, run with
    `run_core`. Ctrl+S saves and closes with what `save` returned; a refusal is shown in
    the dialog's problem bar and the text stays. Escape closes without saving: at once
    while nothing is written, else after asking (`DiscardDialog`)."""

    # Not a priority key: the field runs it in the order typed (ui/fields.py), after the
    # text typed before it. As a priority key the app ran it first, and saved the text
    # without the last words typed just before Ctrl+S (or refused it as empty).
    USER_COMMANDS = (
        Command("text_dialog.save", "ctrl+s", "save", _("Save"), _("Save the text.")),
        Command("text_dialog.cancel", "escape", "cancel", _("Cancel"),
                _("Close without saving; if you have written something, you are asked "
                  "first.")),
    )
    BINDINGS = bindings(USER_COMMANDS)
    DEFAULT_CSS = "TextDialog {" + DIALOG_CSS + "& #dialog-text-field { height: 10; } }"

    def __init__(self, title: str, explanation: str, save: Callable[[str], object]) -> None:
        super().__init__()
        self.title_text, self.explanation, self.save = title, explanation, save

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(safe(self.title_text), classes="dialog-title")
            yield Static(safe(self.explanation), classes="dialog-text")
            yield TextEditor(id="dialog-text-field", soft_wrap=True)
            yield Static(_("Ctrl+S saves · Escape cancels"), markup=False)
        yield Footer()

    def action_save(self) -> None:
        text, save = self.query_one(TextEditor).text, self.save
        run_core(self, lambda: save(text), self.dismiss, group="text-dialog", exclusive=True)

    def action_cancel(self) -> None:
        if not self.query_one(TextEditor).text.strip():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(DiscardDialog(), answered)
