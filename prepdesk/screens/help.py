"""Help (F1 or ?): the keys of the screen you are on, grouped, in Danish.

Every line comes from the same `Command` (or binding) as the footer and the palette, so
help never drifts from what the keys do. A key the user has remapped in the keymap is
shown as remapped. Imported before the first paint for `key_display`: Textual only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.keys import format_key
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from prepdesk.i18n import _
from prepdesk.ui.commands import Command, bindings
from prepdesk.ui.footer import Footer
from prepdesk.ui.screen import PrepDeskScreen

_MODIFIERS = {"ctrl": "Ctrl", "shift": "Shift", "alt": "Alt", "super": "Super"}


def key_display(key: str) -> str:
    """A key as it is printed on the keyboard: "Ctrl+F", "F1", "Enter", "?", "r"."""
    *modifiers, name = key.split("+")
    named = {"enter": "Enter", "escape": "Esc", "tab": "Tab", "pageup": "PgUp",
             "pagedown": "PgDn", "delete": "Del", "space": _("Space")}
    shown = named.get(name) or format_key(name)
    if len(shown) > 1 or modifiers:
        shown = shown[0].upper() + shown[1:]
    return "+".join([*(_MODIFIERS.get(m, m) for m in modifiers), shown])


class HelpLine:
    def __init__(self, keys: list[str], title: str, help: str) -> None:
        self.keys, self.title, self.help = keys, title, help


def help_lines(entries: Iterable[Binding], active: dict[str, list[str]]) -> list[HelpLine]:
    """One line per action, with all its keys; remapped keys as the user remapped them."""
    lines: dict[str, HelpLine] = {}
    for binding in entries:
        keys = active.get(binding.id or "") or binding.key.split(",")
        line = lines.get(binding.action)
        if line is None:
            lines[binding.action] = HelpLine(list(keys), binding.description,
                                             binding.tooltip or "")
        else:
            line.keys += [key for key in keys if key not in line.keys]
    return list(lines.values())


def help_groups(screen: Screen, app_commands: Sequence[Command]) -> list[tuple[str, list[HelpLine]]]:
    """The groups of keys for `screen`: its own, PrepDesk's everywhere, and for fields.

    A dialog takes every key but the app's priority keys, so only those are listed there.
    Call it while `screen` is the active screen: the app's key rules depend on it.
    """
    active: dict[str, list[str]] = defaultdict(list)
    for key, binding in screen.active_bindings.items():
        if binding.binding.id:
            active[binding.binding.id].append(key)
    app = screen.app
    everywhere = [command.binding() for command in app_commands
                  if (command.priority or not screen.is_modal)
                  and app.check_action(command.action, ()) is not False]
    groups = [
        (_("On this screen"), help_lines(bindings(getattr(screen, "USER_COMMANDS", ())), active)),
        (_("Everywhere in PrepDesk"), help_lines(everywhere, active)),
        (_("In fields and lists"), help_lines(PrepDeskScreen.BINDINGS, active)),
    ]
    return [(title, lines) for title, lines in groups if lines]


class HelpScreen(PrepDeskScreen, ModalScreen[None]):
    USER_COMMANDS = (
        Command("help.close", "escape", "close", _("Close"), _("Close the help.")),
    )
    BINDINGS = bindings(USER_COMMANDS)

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    #help {
        width: 100;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        padding: 1 2;
        background: $surface;
        border: thick $primary;
    }
    #help-title, .help-group {
        text-style: bold;
    }
    .help-group {
        margin-top: 1;
        color: $text-primary;
    }
    #help-lines {
        height: auto;
    }
    .help-line {
        height: auto;
    }
    .help-keys {
        width: 17;
        text-style: bold;
    }
    .help-command {
        width: 28;
    }
    .help-text {
        width: 1fr;
    }
    """

    def __init__(self, screen: Screen, app_commands: Sequence[Command]) -> None:
        super().__init__()
        self._groups = help_groups(screen, app_commands)

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            yield Static(_("Keys"), id="help-title", markup=False)
            with VerticalScroll(id="help-lines"):
                for title, lines in self._groups:
                    yield Static(title, classes="help-group", markup=False)
                    for line in lines:
                        with Horizontal(classes="help-line"):
                            keys = ", ".join(key_display(key) for key in line.keys)
                            yield Static(keys, classes="help-keys", markup=False)
                            yield Static(line.title, classes="help-command", markup=False)
                            yield Static(line.help, classes="help-text", markup=False)
        yield Footer()

    def action_close(self) -> None:
        self.dismiss()
