"""Update the translations: extract every `_()` message from prepdesk/, merge it into the
Danish and English catalogues, and compile them.

    python scripts/messages.py            extract, merge, compile; list untranslated Danish
    python scripts/messages.py --check    only list untranslated Danish (exit 1 if any)

Run it after adding or changing messages, then translate what it lists in
prepdesk/locale/da/LC_MESSAGES/prepdesk.po and run it again. English needs no
translations: the message ids are English. Babel is a development tool only; the app
reads the compiled .mo files with gettext.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from prepdesk import __version__

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "prepdesk"
LOCALE = PACKAGE / "locale"
DOMAIN = "prepdesk"
LANGUAGES = ("da", "en")
HEADER_COMMENTS = {
    "da": "PrepDesk's messages in Danish: translate the empty msgstr lines, then run the "
          "script again.",
    "en": "PrepDesk's messages in English: the ids are English, so msgstr may stay empty.",
}
# Lines that change on every run; ignored when deciding whether a file changed.
_DATE_HEADERS = (b'"POT-Creation-Date:', b'"PO-Revision-Date:')


def extract() -> Catalog:
    """Every message in prepdesk/, with the files it appears in (no line numbers, so that
    moving code does not change the catalogues)."""
    template = Catalog(domain=DOMAIN, charset="utf-8")
    _set_header(template, "PrepDesk's messages, extracted from the code. Do not edit.")
    found = extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords=DEFAULT_KEYWORDS,
        comment_tags=("TRANSLATORS:",),
    )
    for filename, lineno, message, comments, context in found:
        template.add(
            message, None, [(f"prepdesk/{filename}", lineno)],
            auto_comments=comments, context=context,
        )
    return template


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(language: str) -> Catalog:
    with po_path(language).open("rb") as file:
        return read_po(file, locale=language, domain=DOMAIN)


def untranslated(catalog: Catalog) -> list[Message]:
    return [message for message in catalog if message.id and not is_translated(message)]


def is_translated(message: Message) -> bool:
    """Translated in every plural form, and not a guess."""
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return not message.fuzzy and all(strings)


def update(template: Catalog) -> None:
    _write(LOCALE / f"{DOMAIN}.pot", _po_bytes(template))
    for language in LANGUAGES:
        path = po_path(language)
        if path.exists():
            catalog = read_catalogue(language)
        else:
            catalog = Catalog(locale=language, domain=DOMAIN)
        # No fuzzy matching: a guessed translation of a similar message is worse than none.
        catalog.update(template, no_fuzzy_matching=True)
        _set_header(catalog, HEADER_COMMENTS[language])
        _write(path, _po_bytes(catalog))
        # Compiled from the file just written, which is what the test compares against.
        _write(path.with_suffix(".mo"), _mo_bytes(read_catalogue(language)))


def _set_header(catalog: Catalog, comment: str) -> None:
    catalog.header_comment = f"# {comment}\n# Updated by scripts/messages.py."
    catalog.project, catalog.version = "PrepDesk", __version__
    catalog.last_translator = catalog.language_team = "PrepDesk"
    catalog.msgid_bugs_address = "-"
    catalog.fuzzy = False


def _mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def _po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, include_lineno=False, ignore_obsolete=True,
             sort_output=True)
    return buffer.getvalue()


def _write(path: Path, content: bytes) -> None:
    if path.exists() and _without_dates(path.read_bytes()) == _without_dates(content):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    print(f"wrote {path.relative_to(ROOT)}")


def _without_dates(content: bytes) -> list[bytes]:
    return [line for line in content.splitlines() if not line.startswith(_DATE_HEADERS)]


def _report(missing: list[Message]) -> int:
    for message in missing:
        print(f"untranslated (da): {message.id!r}  {message.locations[0][0]}")
    return len(missing)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only list untranslated Danish")
    args = parser.parse_args(argv)
    if not args.check:
        update(extract())
    return 1 if _report(untranslated(read_catalogue("da"))) else 0


if __name__ == "__main__":
    sys.exit(main())
