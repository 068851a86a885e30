"""The translations are complete, compiled and consistent with the code.

If one of these fails, run `python scripts/messages.py` and translate what it lists.
"""

from __future__ import annotations

import importlib.util
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo

ROOT = Path(__file__).resolve().parents[1]


def _load_script():
    spec = importlib.util.spec_from_file_location("messages", ROOT / "scripts" / "messages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


messages = _load_script()


@pytest.fixture(scope="module")
def code_messages() -> Catalog:
    return messages.extract()


def _translations(catalog: Catalog) -> dict[object, object]:
    """What gettext will use: translated messages. Compiling leaves out the others, except
    untranslated plurals, which it fills with their English ids: the same as leaving out."""
    return {
        _hashable(message.id): _hashable(message.string)
        for message in catalog
        if message.id and messages.is_translated(message)
        and _hashable(message.string) != _hashable(message.id)
    }


def _hashable(text: str | list[str] | tuple[str, ...]) -> str | tuple[str, ...]:
    # Plural forms: .po files give tuples, .mo files lists.
    return text if isinstance(text, str) else tuple(text)


def test_every_message_in_the_code_has_a_danish_translation(code_messages: Catalog) -> None:
    danish = messages.read_catalogue("da")
    missing = []
    for message in code_messages:
        if not message.id:
            continue
        translated = danish.get(message.id, context=message.context)
        if translated is None or not messages.is_translated(translated):
            missing.append(message.id)
    assert missing == [], "untranslated Danish messages"


def test_the_code_has_messages(code_messages: Catalog) -> None:
    # Guards the test above against an extraction that silently finds nothing.
    assert "Quit" in {message.id for message in code_messages}


@pytest.mark.parametrize("language", messages.LANGUAGES)
def test_the_compiled_catalogue_matches_the_po_file(language: str) -> None:
    mo_path = messages.po_path(language).with_suffix(".mo")
    with mo_path.open("rb") as file:
        compiled = read_mo(file)
    assert _translations(compiled) == _translations(messages.read_catalogue(language))


@pytest.mark.parametrize("language", messages.LANGUAGES)
def test_translations_keep_the_placeholders(language: str) -> None:
    wrong = []
    for message in messages.read_catalogue(language):
        if not message.id or not message.string:
            continue
        if message.pluralizable:
            # A singular form may say "one citizen" instead of "{count} citizen".
            allowed = set().union(*map(_placeholders, message.id))
            wrong += [text for text in message.string if not _placeholders(text) <= allowed]
        elif _placeholders(message.string) != _placeholders(message.id):
            wrong.append(message.string)
    assert wrong == []


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
