from hypothesis import given
from hypothesis import strategies as st

from prepdesk.core.search import fold


def test_danish_letters_fold_to_their_two_letter_spellings():
    assert fold("Søren Ærø-Åberg") == "soeren aeroe-aaberg"
    assert fold("MØLLER") == fold("møller") == "moeller"


def test_accents_and_spacing_are_ignored():
    assert fold("  José   Müller\t") == "jose muller"


@given(st.text())
def test_folding_is_stable(text):
    once = fold(text)
    assert fold(once) == once
    assert not {"æ", "ø", "å"} & set(once)
