"""Keys that arrive together are applied in the order they were typed (prepdesk.ui.fields).

The keys are posted to the app at once, as the terminal driver does when one read brings
several (a fast typist, a remote link, a loaded machine), with no pause between them.
"""

from __future__ import annotations

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input, TextArea

from prepdesk.ui.fields import KeysInOrder, TextEditor, TextInput


class Fields(App[None]):
    def __init__(self, field: Input | TextArea, keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.field = field
        if keymap:
            self.set_keymap(keymap)

    def compose(self) -> ComposeResult:
        yield self.field


def key(name: str) -> events.Key:
    character = name if len(name) == 1 else {
        "ctrl+u": "\x15", "backspace": "\x7f", "enter": "\r", "ctrl+s": "\x13", "ctrl+p": "\x10",
    }.get(name)
    return events.Key(name, character)


async def typed_at_once(field: Input | TextArea, keys: list[str],
                        keymap: dict[str, str] | None = None) -> str:
    app = Fields(field, keymap)
    async with app.run_test() as pilot:
        field.focus()
        await pilot.pause()
        for name in keys:
            app.post_message(key(name))
        await pilot.pause()
        await pilot.pause()
        return field.value if isinstance(field, Input) else field.text


EDITS = [
    (["b", "a", "backspace", "c"], "bc"),
    (["x", "y", "ctrl+u", "b", "o"], "bo"),
    (["a", "b", "left", "c"], "acb"),
]


@pytest.mark.parametrize(("keys", "expected"), EDITS)
async def test_a_text_input_applies_keys_in_the_order_they_came(keys, expected) -> None:
    assert await typed_at_once(TextInput(), keys) == expected


@pytest.mark.parametrize(("keys", "expected"), EDITS)
async def test_a_text_editor_applies_keys_in_the_order_they_came(keys, expected) -> None:
    if "ctrl+u" in keys:  # a text area deletes to the line's start with Ctrl+U too
        expected = "bo"
    assert await typed_at_once(TextEditor(), keys) == expected


async def test_textuals_own_input_does_not_which_is_why_these_exist() -> None:
    """If this fails, Textual has fixed issue 6605 and prepdesk.ui.fields can go."""
    assert await typed_at_once(Input(), ["b", "a", "backspace", "c"]) != "bc"


class Stamped(TextInput):
    BINDINGS = [Binding("ctrl+t", "stamp", id="test.stamp")]

    def action_stamp(self) -> None:
        self.insert_text_at_cursor("T")


async def test_a_remapped_binding_of_a_field_runs_in_order_on_its_new_key() -> None:
    # The config's [keys] table remaps binding ids (prepdesk.keymap).
    assert await typed_at_once(Stamped(), ["a", "ctrl+y", "b"], {"test.stamp": "ctrl+y"}) == "aTb"


async def test_enter_in_a_text_editor_is_text_and_in_an_input_submits() -> None:
    field = TextInput()
    submitted: list[str] = []
    field.action_submit = lambda: submitted.append(field.value)  # type: ignore[method-assign]
    assert await typed_at_once(field, ["o", "k", "enter"]) == "ok"
    assert submitted == ["ok"]



class Form(KeysInOrder):
    """Two fields on a screen that binds Ctrl+Down to the next field and Ctrl+S to a save, and
    a submit (Enter) that empties the first field, as meeting mode's agreement field does.
    Ctrl+P saves too, as a priority binding (meeting mode's Ctrl+S finishing the notes)."""

    BINDINGS = [Binding("ctrl+down", "focus_next"), Binding("ctrl+s", "save"),
                Binding("ctrl+p", "save", priority=True)]

    def __init__(self) -> None:
        super().__init__()
        self.saved: list[tuple[str, str]] = []
        self.submitted: list[str] = []

    def compose(self) -> ComposeResult:
        yield TextInput(id="first", clear_on_submit=True)
        yield TextEditor(id="second")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.submitted.append(event.value)

    def action_save(self) -> None:
        self.saved.append((self.query_one("#first", Input).value,
                           self.query_one("#second", TextArea).text))


async def form_after(keys: list[str]) -> tuple[Form, str, str]:
    """The form after `keys`, and what its two fields hold then."""
    app = Form()
    async with app.run_test() as pilot:
        app.query_one("#first").focus()
        await pilot.pause()
        for name in keys:
            app.post_message(key(name))
        for _ in range(3):
            await pilot.pause()
        return app, app.query_one("#first", Input).value, app.query_one("#second", TextArea).text


async def test_what_is_typed_after_a_key_that_moves_on_goes_to_the_next_field() -> None:
    app, first, second = await form_after(["x", "ctrl+down", "y", "z"])
    assert (app.saved, first, second) == ([], "x", "yz")


async def test_enter_submits_each_line_typed_before_it_even_when_keys_come_together() -> None:
    app, first, _second = await form_after(["a", "enter", "b", "enter", "c"])
    assert (app.submitted, first) == (["a", "b"], "c")


async def test_a_refused_line_is_given_back_before_what_was_typed_since() -> None:
    field = TextInput(clear_on_submit=True)
    async with Fields(field).run_test() as pilot:
        field.focus()
        await pilot.pause()
        field.value = "x"
        field.give_back("a refused line ")
        assert (field.value, field.cursor_position) == ("a refused line x", 15)


async def test_a_shortcut_after_typing_sees_every_character_typed_before_it() -> None:
    app, _first, second = await form_after(["a", "b", "ctrl+down", "c", "d", "ctrl+s", "e"])
    assert (app.saved, second) == ([("ab", "cd")], "cde")

async def test_a_priority_key_after_typing_sees_every_character_typed_before_it() -> None:
    app, first, second = await form_after(["a", "b", "ctrl+down", "c", "d", "ctrl+p", "e"])
    assert (app.saved, second) == ([("ab", "cd")], "cde")


def test_every_text_field_of_the_app_is_one_of_these() -> None:
    """A screen that makes Textual's own Input or TextArea brings the disorder back."""
    import ast
    from pathlib import Path

    import prepdesk

    root = Path(prepdesk.__file__).parent
    found = []
    for path in root.rglob("*.py"):
        if path.name == "fields.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            named = (node.func if isinstance(node, ast.Call) else None)
            bases = node.bases if isinstance(node, ast.ClassDef) else []
            for name in [named, *bases]:
                if isinstance(name, ast.Name) and name.id in ("Input", "TextArea"):
                    found.append(f"{path.relative_to(root)}:{node.lineno}")
    assert not found, f"use prepdesk.ui.fields' TextInput/TextEditor: {found}"
