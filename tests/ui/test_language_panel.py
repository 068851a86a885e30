"""The language panel's LIX line (R-LTR-1; issue 11, item 12: a decimal comma)."""

from hypothesis import given
from hypothesis import strategies as st

from prepdesk.core.language import Lix, lix_band
from prepdesk.i18n import set_language
from prepdesk.widgets.language_panel import lix_line, lix_score


def _lix(score: float) -> Lix:
    return Lix(words=10, sentences=1, long_words=0, score=score, band=lix_band(score))


def test_the_score_has_a_decimal_comma():
    assert "LIX 34,5: let at læse" in lix_line(_lix(34.5)).plain
    assert "LIX 40: middel" in lix_line(_lix(40.0)).plain


@given(st.integers(min_value=0, max_value=2000))
def test_every_score_reads_as_danish_with_one_decimal_at_most(tenths):
    score = tenths / 10
    shown = lix_score(score)
    assert "." not in shown
    assert float(shown.replace(",", ".")) == score


def test_english_keeps_its_decimal_point():
    set_language("en")
    try:
        assert "LIX 34.5" in lix_line(_lix(34.5)).plain
    finally:
        set_language("da")
