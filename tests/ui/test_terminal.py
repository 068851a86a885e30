"""What the terminal sends, through the parser the app's driver makes (ui/terminal.py).

A bracketed paste is one Paste event whatever it holds: an ESC in pasted text pressed
Enter in the quick note dialog and saved it, or Escape (hostile-input findings, 2).
"""

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st
from textual import constants
from textual._xterm_parser import XTermParser
from textual.drivers import linux_driver
from textual.drivers.linux_driver import LinuxDriver
from textual.events import Paste

from prepdesk.ui.terminal import whole_paste_driver

START, END = "\x1b[200~", "\x1b[201~"


def _posted(parser: XTermParser, reads: list[str]) -> list[str]:
    """The events the driver posts for `reads`, each read followed by the driver's tick,
    as though the escape delay had passed before the next read came."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(constants, "ESCAPE_DELAY", 0)
        posted = []
        for read in reads:
            posted += parser.feed(read)
            posted += parser.tick()
    return [repr(event) for event in posted]


def _drivers_parser() -> XTermParser:
    """The parser Textual's driver makes once the app has adapted it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(linux_driver, "XTermParser", XTermParser)  # as Textual has it
        whole_paste_driver(LinuxDriver)
        return linux_driver.XTermParser()


@pytest.mark.parametrize(("reads", "text"), [
    ([f"{START}Holger\x1b more{END}"], "Holger more"),
    ([f"{START}Holger\x1b{END}"], "Holger"),
    ([f"{START}Holger\x1b\x1bmore{END}"], "Holgermore"),
    ([f"{START}AAA \x1b[31mBBB CCC{END}"], "AAA [31mBBB CCC"),
    ([f"{START}Borgeren ringede om sygemelding\x1b\rtil sidst{END}"],
     "Borgeren ringede om sygemelding\rtil sidst"),
    ([f"{START}før \x1b[201 efter\x1b[2015{END}"], "før [201 efter[2015"),
    ([f"{START}Holger{END[:4]}", END[4:]], "Holger"),
    ([f"{START}Hol\x1b", "ger\x1b[20", "1~"], "Holger"),
], ids=["esc", "esc-at-the-end", "esc-esc", "colour", "esc-enter", "almost-the-end",
        "end-in-two-reads", "esc-at-a-read-end"])
def test_a_bracketed_paste_is_one_paste_event_without_its_escs(reads, text):
    assert _posted(_drivers_parser(), reads) == [repr(Paste(text))]


def test_keys_typed_after_a_paste_are_keys():
    typed = ["q\x1b[A", "\x1b"]  # q, Up and Escape
    posted = _posted(_drivers_parser(), [f"{START}a\x1bb{END}{typed[0]}", typed[1]])
    assert posted == [repr(Paste("ab")), *_posted(XTermParser(), typed)]


_FRAGMENTS = st.sampled_from(["\x1b", "[", "2", "0", "1", "~", "A", "a", "m", ";", "3", "\r", "æ"])


@given(st.lists(st.text(_FRAGMENTS, min_size=1, max_size=12), max_size=6))
@example(["Holger\x1b\x1bmore"])  # pasted by a terminal without bracketed paste: typed
@example(["\x1b", "[200~a\x1bb"])  # ESC[200~ with the escape delay inside: not a paste
def test_outside_a_paste_the_parser_is_textuals_own(reads):
    # A paste starts within one read here: each read ends in a tick past the escape delay.
    assume(not any(START in read for read in reads))
    assert _posted(_drivers_parser(), reads) == _posted(XTermParser(), reads)

