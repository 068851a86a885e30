"""Keys remapped in the config: a [keys] table of binding ids and keys (shared/DESIGN.md,
"Bindings with ids").

    [keys]
    "app.find_citizen" = "ctrl+s"
    "app.quit" = "q,ctrl+w"

Every `Command` has an id (ui/commands.py); the app applies the table with Textual's
`App.set_keymap` once the settings are read. An id that names nothing, or a key that is
no key, is left out with a sentence that says what to correct; the app starts anyway.
"""

from __future__ import annotations

import difflib
import pkgutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import import_module

from textual.binding import Binding
from textual.keys import Keys, _character_to_key

from prepdesk.i18n import _

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
# Textual's names of keys (f1-f24, pageup, tab ...) and of the ASCII characters (question_mark,
# slash, space). Any character may be written as itself ("ø", "§"), never by another name:
# "banana" would be 🍌.
_NAMED_KEYS = frozenset(
    {key.value for key in Keys if "+" not in key.value and "<" not in key.value}
    | {_character_to_key(chr(code)) for code in range(ord(" "), ord("~") + 1)})
_MODULES = ("prepdesk.app", "prepdesk.ui.screen", "prepdesk.ui.dialogs")
_PACKAGES = ("prepdesk.screens", "prepdesk.widgets")


@dataclass(frozen=True)
class Keymap:
    keys: dict[str, str]  # binding id -> keys, what Textual's set_keymap takes
    problems: tuple[str, ...]  # a sentence for each entry left out


@cache
def binding_ids() -> frozenset[str]:
    """The id of every binding in PrepDesk: the app's, the base screen's, and those of each
    screen and widget (imported here: call it in a worker, not before the first paint)."""
    modules = [import_module(name) for name in _MODULES]
    for package_name in _PACKAGES:
        package = import_module(package_name)
        modules += [import_module(f"{package_name}.{info.name}")
                    for info in pkgutil.iter_modules(package.__path__)]
    return frozenset(_ids(value for module in modules for value in vars(module).values()))


def _ids(values: Iterable[object]) -> Iterable[str]:
    for value in values:
        if isinstance(value, type) and value.__module__.startswith("prepdesk."):
            for binding in getattr(value, "BINDINGS", ()):
                if isinstance(binding, Binding) and binding.id:
                    yield binding.id


def is_key(key: str) -> bool:
    """Whether Textual can report `key`: "f2", "ctrl+s", "question_mark", "ø", "shift+tab" ...
    Its modifiers come once each and in Textual's order, which is the alphabet's
    ("alt+ctrl+x"): Textual never reports "ctrl+alt+x", so such a binding would never run."""
    *modifiers, name = key.split("+")
    if not set(modifiers) <= MODIFIERS or modifiers != sorted(set(modifiers)):
        return False
    if len(name) == 1:
        return name.isprintable() and not name.isspace()
    return name in _NAMED_KEYS


def _meant(key: str) -> str | None:
    """`key` with its modifiers once each and in order, when that is a key."""
    *modifiers, name = key.split("+")
    meant = "+".join([*sorted(set(modifiers)), name])
    return meant if is_key(meant) else None


def read_keymap(table: Mapping[str, str], known: Iterable[str] | None = None) -> Keymap:
    """The usable entries of the config's [keys] table, and a sentence for each of the
    others. `known`: the binding ids (default: all of PrepDesk's)."""
    known = sorted(binding_ids() if known is None else known)
    keys, problems = {}, []
    for binding_id, value in table.items():
        if binding_id not in known:
            close = difflib.get_close_matches(binding_id, known, n=1)
            problems.append(
                _("The key setting “{id}” in [keys] is not the id of anything PrepDesk does. "
                  "Did you mean “{close}”? Correct it in the config file.").format(
                    id=binding_id, close=close[0])
                if close else
                _("The key setting “{id}” in [keys] is not the id of anything PrepDesk does. "
                  "The ids are listed in the README. Correct it in the config file.").format(
                    id=binding_id))
            continue
        wanted = [key.strip() for key in str(value).split(",")]
        bad = [key for key in wanted if not is_key(key)]
        meant = [_meant(key) for key in bad]
        if bad and all(meant):
            problems.append(
                _("The key setting “{id}” = “{keys}” in [keys] has a key PrepDesk does not "
                  "know: “{bad}”. Did you mean “{meant}”? Correct it in the config file.").format(
                    id=binding_id, keys=value, bad=", ".join(bad), meant=", ".join(meant)))
            continue
        if bad:
            problems.append(
                _("The key setting “{id}” = “{keys}” in [keys] has a key PrepDesk does not "
                  "know: “{bad}”. Write keys as f2, ctrl+s or shift+tab, several separated "
                  "by commas. Correct it in the config file.").format(
                    id=binding_id, keys=value, bad=", ".join(bad)))
            continue
        keys[binding_id] = ",".join(wanted)
    return Keymap(keys, tuple(problems))
