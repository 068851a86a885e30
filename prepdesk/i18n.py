"""Translations. Message ids are English; Danish is the default language.

Catalogues live in prepdesk/locale/<lang>/LC_MESSAGES/prepdesk.{po,mo}. A test checks
that every message in the code has a Danish translation and that the .mo files are
compiled from the current .po files.
"""

import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "prepdesk"
LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"

_translation: gettext.NullTranslations = gettext.translation(
    "prepdesk", LOCALE_DIR, languages=[DEFAULT_LANGUAGE], fallback=True
)
_language = DEFAULT_LANGUAGE


def set_language(language: str) -> None:
    """Switch every later `_()` call to `language` ("da" or "en")."""
    global _translation, _language
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    _translation = gettext.translation("prepdesk", LOCALE_DIR, languages=[language], fallback=True)
    _language = language


def current_language() -> str:
    return _language


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


@contextmanager
def translated_libraries() -> Iterator[None]:
    """Inside, libraries that translate with gettext's process-wide domain read PrepDesk's
    catalogue in the current language: argparse's "usage:", "options" and "error: ...",
    whose message ids are in prepdesk/cli_messages.py. gettext picks the language from the
    LANGUAGE variable, so it is set for the duration and restored after."""
    domain = gettext.textdomain()
    language = os.environ.get("LANGUAGE")
    gettext.bindtextdomain(DOMAIN, LOCALE_DIR)
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = _language
    try:
        yield
    finally:
        gettext.textdomain(domain)
        if language is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = language
