"""Bytes from the terminal that are not UTF-8 become U+FFFD, never an end of the app.

Textual's driver decodes the keyboard with a strict UTF-8 decoder, so a terminal set to
Latin-1 typing "kær" (6b e6 72) raised UnicodeDecodeError in the input thread and the app
died (issue 10). The driver looks `getincrementaldecoder` up in its module when its input
thread starts; `lenient_driver` points that name at a decoder that replaces what it cannot
decode, and returns the driver class unchanged otherwise.
"""

from __future__ import annotations

import codecs
import sys
from functools import partial

from textual.driver import Driver


def _replacing_decoder(encoding: str) -> partial[codecs.IncrementalDecoder]:
    return partial(codecs.getincrementaldecoder(encoding), errors="replace")


def lenient_driver(driver: type[Driver]) -> type[Driver]:
    module = sys.modules[driver.__module__]
    if getattr(module, "getincrementaldecoder", None) is codecs.getincrementaldecoder:
        module.getincrementaldecoder = _replacing_decoder
    return driver
