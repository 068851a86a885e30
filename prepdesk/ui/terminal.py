"""What the terminal sends, made safe for Textual's driver: two small adaptations.

Bytes from the terminal that are not UTF-8 become U+FFFD, never an end of the app.
Textual's driver decodes the keyboard with a strict UTF-8 decoder, so a terminal set to
Latin-1 typing "kær" (6b e6 72) raised UnicodeDecodeError in the input thread and the app
died (issue 10). The driver looks `getincrementaldecoder` up in its module when its input
thread starts; `lenient_driver` points that name at a decoder that replaces what it cannot
decode, and returns the driver class unchanged otherwise.

A bracketed paste (ESC[200~ text ESC[201~) arrives as one Paste event, whatever the text
holds. Textual's parser (8.2.8, and its main branch of 30 June 2026; no upstream issue found)
reads an ESC inside a paste as the start of an escape sequence and sends what follows it
as key presses: a pasted "note\\x1b\\rmore" pressed Enter in a dialog and saved it, "\\x1b\\x1b"
pressed Escape. The driver also looks its parser, `XTermParser`, up in its module;
`whole_paste_driver` puts there a parser that hands Textual's the text of a paste without
its ESCs. The app's paste cleaning (app.py) removes ESC anyway, and what followed it stays
as text there.
"""

from __future__ import annotations

import codecs
import sys
from collections.abc import Generator
from functools import partial

from textual._parser import ParseError, Peek1, Read1, TokenCallback
from textual._xterm_parser import XTermParser
from textual.driver import Driver
from textual.message import Message

ESC = "\x1b"
PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"


def _replacing_decoder(encoding: str) -> partial[codecs.IncrementalDecoder]:
    return partial(codecs.getincrementaldecoder(encoding), errors="replace")


def lenient_driver(driver: type[Driver]) -> type[Driver]:
    module = sys.modules[driver.__module__]
    if getattr(module, "getincrementaldecoder", None) is codecs.getincrementaldecoder:
        module.getincrementaldecoder = _replacing_decoder
    return driver


class _WholePasteParser(XTermParser):
    """Textual's parser, given every character but the ESCs inside a bracketed paste.

    The characters reach Textual's parsing generator one at a time through this one. A
    paste begins where Textual sees it begin: ESC[200~ in a row, no timeout between. Inside
    a paste an ESC is held back until what follows shows whether it begins ESC[201~: that
    end goes on to Textual whole, waited for without a timeout (a slow line may bring it in
    two reads); any other ESC is dropped.
    """

    def parse(self, token_callback: TokenCallback[Message]) -> Generator[Read1 | Peek1, str, None]:
        textual = super().parse(token_callback)
        wanted = next(textual)  # what Textual's parser asks for next (a timeout, or none)
        recent = ""  # the last characters Textual's parser read outside a paste
        pasting = False
        held = ""  # in a paste: an ESC and what followed it, while it may begin ESC[201~
        while True:
            try:
                character = yield (self.read1() if held else wanted)
            except ParseError as error:  # a timeout or the end of input: Textual's to handle
                recent = ""
                try:
                    wanted = textual.throw(error)
                except StopIteration:
                    return
                continue
            if not pasting:
                wanted = textual.send(character)
                recent = (recent + character)[-len(PASTE_START):]
                pasting = recent == PASTE_START
            elif not held and character != ESC:
                wanted = textual.send(character)
            elif PASTE_END.startswith(held + character):
                held += character
                if held == PASTE_END:
                    for ending in held:
                        wanted = textual.send(ending)
                    held, recent, pasting = "", "", False
            else:
                # The ESC held back was pasted text: it is dropped, what followed it is text.
                for text in held[1:] + ("" if character == ESC else character):
                    wanted = textual.send(text)
                held = character if character == ESC else ""


def whole_paste_driver(driver: type[Driver]) -> type[Driver]:
    module = sys.modules[driver.__module__]
    if getattr(module, "XTermParser", None) is XTermParser:
        module.XTermParser = _WholePasteParser
    return driver
