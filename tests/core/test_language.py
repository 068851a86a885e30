"""Plain-language checks (R-LTR-1, R-LTR-5, R-NOTE-2): prepdesk/core/language.py."""

import re
import subprocess
import sys
import textwrap

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from prepdesk.core.language import (
    LanguageReport,
    Lix,
    check_text,
    find_early_legal_references,
    find_jargon,
    find_long_paragraphs,
    find_long_sentences,
    find_subjective,
    find_threats,
    lix,
    lix_band,
    word_list,
)

# --- LIX, computed by hand -----------------------------------------------------------------

HAND_COMPUTED = [
    pytest.param(
        "Du skal komme til et møde. Vi taler om din plan.",
        # 1: Du skal komme til et møde                           6 words, 0 long
        # 2: Vi taler om din plan                                5 words, 0 long
        # 11 / 2 + 100 * 0 / 11 = 5.5
        Lix(words=11, sentences=2, long_words=0, score=5.5, band="very_easy"),
        id="short-sentences",
    ),
    pytest.param(
        "Mødet er den 12. marts kl. 10.30 i Jobcenter Fjordby. Tag bl.a. din lønseddel med, "
        "f.eks. fra marts. Det varer ca. 1 time.",
        # 1: Mødet er den marts kl i Jobcenter Fjordby            8 words; long: Jobcenter (9),
        #    Fjordby (7). "12." is an ordinal, "10.30" is no word and ends nothing.
        # 2: Tag bl.a din lønseddel med f.eks fra marts           8 words; long: lønseddel (9).
        #    "bl.a." and "f.eks." are one word each, of 3 and 4 letters.
        # 3: Det varer ca time                                    4 words, 0 long ("1" is no word)
        # 20 / 3 + 100 * 3 / 20 = 6.667 + 15 = 21.667
        Lix(words=20, sentences=3, long_words=3, score=21.7, band="very_easy"),
        id="abbreviations-and-numbers",
    ),
    pytest.param(
        "Indkaldelse til samtale\n\nKære Anna\n\nVi vil gerne tale med dig om dine ønsker: job, "
        "uddannelse eller praktik. Har du spørgsmål? Ring til mig!",
        # 1: Indkaldelse til samtale (ended by the line break)    3 words; long: Indkaldelse (11),
        #                                                          samtale (7)
        # 2: Kære Anna (line break)                               2 words
        # 3: Vi vil gerne tale med dig om dine ønsker (colon)     9 words; ønsker has 6 letters
        # 4: job uddannelse eller praktik                         4 words; long: uddannelse (10),
        #                                                          praktik (7)
        # 5: Har du spørgsmål                                     3 words; long: spørgsmål (9)
        # 6: Ring til mig                                         3 words
        # 24 / 6 + 100 * 5 / 24 = 4 + 20.833 = 24.833
        Lix(words=24, sentences=6, long_words=5, score=24.8, band="very_easy"),
        id="heading-greeting-colon-question-exclamation",
    ),
    pytest.param(
        "Jobcenteret har modtaget din lægeerklæring. På baggrund af oplysningerne i din sag "
        "vurderer vi, at du fortsat er berettiget til sygedagpenge, jf. sygedagpengelovens § 7. "
        "Vi indkalder dig derfor til en opfølgningssamtale den 3. december kl. 9.00, hvor vi "
        "skal drøfte din arbejdsevne og dine muligheder for at vende tilbage til "
        "arbejdsmarkedet.",
        # 1: Jobcenteret har modtaget din lægeerklæring           5 words; long: Jobcenteret (11),
        #    modtaget (8), lægeerklæring (13)                     -> 3
        # 2: På baggrund af oplysningerne i din sag vurderer vi at du fortsat er berettiget til
        #    sygedagpenge jf sygedagpengelovens                   18 words ("§ 7" is none);
        #    long: baggrund (8), oplysningerne (13), vurderer (8), fortsat (7), berettiget (10),
        #    sygedagpenge (12), sygedagpengelovens (18)           -> 7
        # 3: Vi indkalder dig derfor til en opfølgningssamtale den december kl hvor vi skal
        #    drøfte din arbejdsevne og dine muligheder for at vende tilbage til arbejdsmarkedet
        #                                                          25 words ("3." is an ordinal);
        #    long: indkalder (9), opfølgningssamtale (18), december (8), arbejdsevne (11),
        #    muligheder (10), tilbage (7), arbejdsmarkedet (15)    -> 7
        # 48 / 3 + 100 * 17 / 48 = 16 + 35.417 = 51.417
        Lix(words=48, sentences=3, long_words=17, score=51.4, band="hard"),
        id="job-centre-letter",
    ),
    pytest.param(
        "Vi har fået din lægeerklæring. Du kan stadig få sygedagpenge. Nu vil vi gerne holde "
        "et møde med dig. Mødet er den 3. december kl. 9.00. Vi skal tale om, hvad du kan "
        "arbejde med. Og om, hvordan du kan komme tilbage til et job.",
        # 1: Vi har fået din lægeerklæring                        5 words; long: lægeerklæring
        # 2: Du kan stadig få sygedagpenge                        5 words; long: sygedagpenge
        # 3: Nu vil vi gerne holde et møde med dig                9 words; 0 long
        # 4: Mødet er den december kl                             5 words; long: december (8)
        # 5: Vi skal tale om hvad du kan arbejde med              9 words; long: arbejde (7)
        # 6: Og om hvordan du kan komme tilbage til et job        10 words; long: hvordan (7),
        #                                                          tilbage (7)
        # 43 / 6 + 100 * 6 / 43 = 7.167 + 13.953 = 21.120
        Lix(words=43, sentences=6, long_words=6, score=21.1, band="very_easy"),
        id="the-same-letter-in-plain-danish",
    ),
]


@pytest.mark.parametrize(("text", "expected"), HAND_COMPUTED)
def test_lix_of_hand_computed_texts(text, expected):
    assert lix(text) == expected


@pytest.mark.parametrize("abbreviation", [
    "bl.a.", "f.eks.", "ca.", "kl.", "nr.", "jf.", "evt.", "mht.", "dvs.", "Tlf.", "stk.", "pga.",
    "pr.", "d.", "iflg.", "vha.", "kap.", "bek.", "eks.", "inkl.", "ekskl.", "Iflg.", "ifm.",
    "vedr.", "s.", "jvf.", "p.t.", "t.o.m.", "f.o.m.",
])
def test_abbreviations_do_not_end_sentences_even_before_a_capital(abbreviation):
    assert lix(f"Vi taler {abbreviation} Hansen om det i morgen.").sentences == 1


@pytest.mark.parametrize("abbreviation", ["kr.", "osv.", "m.fl.", "mv.", "m.m.", "o.l.", "pct.",
                                          "mio.", "etc.", "el."])
def test_abbreviations_that_may_end_a_sentence_end_it_before_a_capital_only(abbreviation):
    assert lix(f"Vi taler om {abbreviation} og om det i morgen.").sentences == 1
    assert lix(f"Vi taler om {abbreviation} Det gør vi i morgen.").sentences == 2


def test_the_sum_the_date_and_the_abbreviations_make_one_sentence():
    # Issue 11, item 12: this counted three sentences (after "pr." and "d.").
    result = lix("Du får 12.000 kr. pr. måned fra d. 1. marts.")
    assert (result.sentences, result.words) == (1, 8)


_WORDS = st.sampled_from(
    "at i og en du vi har skal møde job plan hjælp ydelse ledighed arbejdsmarkedet "
    "uddannelse virksomhed praktikforløb sygedagpenge lønseddel jobcentret samtale "
    "kommer måned beløbet derfor ønsker".split())
_SENTENCE = st.builds(
    lambda first, rest, number, mark: " ".join(
        [first.capitalize(), *rest[:2], number, *rest[2:]]) + mark,
    _WORDS, st.lists(_WORDS, min_size=2, max_size=30),
    st.sampled_from(["12.000", "1.", "kr.", "pr.", "d.", "bl.a.", "iflg.", "ca.", "kl. 10.30",
                     "m.fl.", "f.eks."]),
    st.sampled_from([".", "!", "?"]),
)


@given(st.lists(st.lists(_SENTENCE, min_size=1, max_size=6), min_size=1, max_size=4),
       st.integers(min_value=60, max_value=80))
def test_text_wrapped_by_hand_scores_as_the_text_unwrapped(paragraphs, width):
    # Issue 11, item 12: text pasted with hard line breaks at 72 columns scored 34, not 49.
    plain = "\n\n".join(" ".join(sentences) for sentences in paragraphs)
    wrapped = "\n\n".join(
        textwrap.fill(" ".join(sentences), width, break_long_words=False,
                      break_on_hyphens=False)
        for sentences in paragraphs)
    assert "\n" in wrapped or len(plain) <= width
    # A line starting "1. marts" reads as a numbered item: the module's doc says so.
    assume(not re.search(r"\n\d+[.)] ", wrapped))
    assert lix(wrapped) == lix(plain)
    assert len(find_long_sentences(wrapped)) == len(find_long_sentences(plain))


@given(st.lists(_SENTENCE, min_size=1, max_size=8))
def test_numbers_and_abbreviations_inside_a_sentence_end_nothing(sentences):
    assert lix(" ".join(sentences)).sentences == len(sentences)


def test_wrapped_text_keeps_headings_greetings_lists_and_signatures_apart():
    text = ("Indkaldelse til samtale\nKære Anna\nVi vil gerne tale med dig om dine ønsker til job "
            "og\nuddannelse i det nye år, og om hvad du selv synes\n- lønsedler\n- kontoudtog\n\n"
            "Med venlig hilsen\nMette Kjær\nJobcenter Fjordby")
    # Indkaldelse ... | Kære Anna | Vi vil ... synes (joined over its wrap) | lønsedler |
    # kontoudtog | Med venlig hilsen | Mette Kjær | Jobcenter Fjordby
    assert lix(text).sentences == 8
    # A long heading is a line of its own: the paragraph goes on with a capital.
    assert lix("Velkommen, og hvad mødet skal bruges til i dag\nVi bød velkommen.").sentences == 2


@pytest.mark.parametrize(("text", "sentences"), [
    ("Mødet er kl. 12.30 i lokale 1.000 på vej 7.", 1),
    ("Det koster 500 kr. om måneden.", 1),
    ("Det koster 500 kr. Beløbet kommer i morgen.", 2),
    ("Vi taler om job, uddannelse osv. og om din plan.", 1),
    ("Vi taler om job, uddannelse osv. Derefter holder vi pause.", 2),
    ("Mødet er den 12. marts.", 1),
    ("Det skete den 12. Derefter kom hun.", 2),
    ("Mette K. Jensen kommer også.", 1),
    ("Læs mere på jobnet.dk. Eller ring til os.", 2),
    ("Kom du? Ja! Godt... Vi ses.", 4),
    ("Hun sagde: »Jeg kommer.« Så gik hun.", 3),
    ("Medbring:\n- lønsedler\n- kontoudtog\n- lægeerklæring", 4),
    ("Med venlig hilsen\nMette Kjær\nJobcenter Fjordby", 3),
    ("   \n\n 12 34 § 7 ... !!", 0),
])
def test_where_sentences_end(text, sentences):
    assert lix(text).sentences == sentences


def test_words_are_letters_joined_by_hyphens_apostrophes_and_inner_periods():
    # CPR-nummer (9 letters), it-system (8) and Anna's (5) are one word each; numbers none.
    result = lix("CPR-nummer it-system Anna's 2025 42")
    assert (result.words, result.long_words) == (3, 2)


def test_a_hyphen_does_not_count_as_a_letter():
    # 7 and 8 characters, but 6 letters each.
    assert lix("it-syst e-boks-x").long_words == 0
    assert lix("forløb").long_words == 0 and lix("forløbet").long_words == 1


def test_text_without_words_has_a_zero_score():
    assert lix("") == Lix(0, 0, 0, 0.0, "very_easy")
    assert lix("12.30 — 1.000 §§ 7") == Lix(0, 0, 0, 0.0, "very_easy")


@pytest.mark.parametrize(("score", "band"), [
    (0.0, "very_easy"), (24.9, "very_easy"), (25.0, "easy"), (34.9, "easy"), (35.0, "medium"),
    (44.9, "medium"), (45.0, "hard"), (54.9, "hard"), (55.0, "very_hard"), (80.0, "very_hard"),
])
def test_lix_bands(score, band):
    assert lix_band(score) == band


# --- Long sentences and paragraphs ------------------------------------------------------------


def test_a_sentence_of_26_words_is_long_and_one_of_25_is_not():
    short = " ".join(["ord"] * 25) + "."
    long = "Her er " + " ".join(["ord"] * 24) + "."
    text = f"{short} {long} Slut."
    [finding] = find_long_sentences(text)
    assert finding.kind == "long_sentence"
    assert (finding.start, finding.end) == (len(short) + 1, len(short) + 1 + len(long))
    assert finding.text == long
    assert "26" in finding.hint


def test_a_sentence_ended_by_a_line_break_ends_at_its_last_character():
    # A list item begins on the next line, so the line break ends the long line.
    text = "\n" + " ".join(["ord"] * 26) + " ,  \n- Næste linje."
    [finding] = find_long_sentences(text)
    assert text[finding.start:finding.end] == " ".join(["ord"] * 26) + " ,"


def test_the_sentence_limit_can_be_changed():
    assert len(find_long_sentences("En to tre fire.", limit=3)) == 1
    assert find_long_sentences("En to tre.", limit=3) == []


def test_a_paragraph_over_six_wrapped_lines_is_long():
    # Words of 9 letters: 8 of them and 7 spaces fill 79 columns, so 48 words wrap into 6
    # lines at width 80 and 49 words into 7.
    six = " ".join(["abcdefghi"] * 48)
    seven = " ".join(["abcdefghi"] * 49)
    text = f"Overskrift\n\n{six}\n\n{seven}\n"
    [finding] = find_long_paragraphs(text)
    assert finding.kind == "long_paragraph"
    assert finding.text == seven == text[finding.start:finding.end]
    assert "7" in finding.hint
    assert len(find_long_paragraphs(text, width=40)) == 2


def test_line_breaks_inside_a_paragraph_count_as_lines():
    assert find_long_paragraphs("\n".join(["Kort linje."] * 6)) == []
    assert len(find_long_paragraphs("\n".join(["Kort linje."] * 7))) == 1


@pytest.mark.parametrize("marker", ["- ", "• ", "1. ", "2) "])
def test_a_list_is_read_item_by_item(marker):
    assert find_long_paragraphs("\n".join([f"{marker}punkt"] * 12)) == []
    long_item = marker + " ".join(["ord"] * 200)
    assert len(find_long_paragraphs("\n".join([f"{marker}punkt", long_item]))) == 1


def test_a_paragraph_with_one_list_line_is_still_prose():
    assert len(find_long_paragraphs("\n".join(["Kort linje."] * 6 + ["- punkt"]))) == 1


# --- Word lists ---------------------------------------------------------------------------------

JARGON = word_list("jargon")
SUBJECTIVE = word_list("subjective")


def _forms(entries):
    return [pytest.param(entry, form, id=form) for entry in entries for form in entry.forms]


@pytest.mark.parametrize("entries", [JARGON, SUBJECTIVE], ids=["jargon", "subjective"])
def test_word_lists_are_well_formed(entries):
    assert len(entries) >= 40
    forms = [" ".join(form.lower().split()) for entry in entries for form in entry.forms]
    assert len(forms) == len(set(forms)), "a form belongs to two entries"
    for entry in entries:
        assert all(form.strip() and form[0].isalpha() and form[-1].isalpha()
                   for form in entry.forms)


def test_each_jargon_entry_has_a_plain_alternative_or_an_explanation():
    for entry in JARGON:
        assert (entry.plain is None) != (entry.explain is None), entry.word
        assert (entry.plain or entry.explain).strip()


def test_each_subjective_word_has_a_hint_to_describe_instead():
    for entry in SUBJECTIVE:
        assert entry.hint and entry.hint.startswith(("Skriv", "'")), entry.word


@pytest.mark.parametrize(("entry", "form"), _forms(JARGON))
def test_every_jargon_form_is_found(entry, form):
    for written in (form, form.upper(), form + "s"):
        text = f"Vi har talt om {written}, som du ved."
        [finding] = find_jargon(text)
        assert (finding.start, finding.end) == (15, 15 + len(written))
        assert finding.text == written
        assert finding.plain == entry.plain
        assert (entry.plain or entry.explain) in finding.hint


@pytest.mark.parametrize(("entry", "form"), _forms(SUBJECTIVE))
def test_every_subjective_form_is_found(entry, form):
    for written in (form, form.capitalize()):
        text = f"Borgeren var {written} i dag."
        [finding] = find_subjective(text)
        assert (finding.kind, finding.start, finding.text) == ("subjective", 13, written)
        assert finding.hint == entry.hint


@pytest.mark.parametrize("text", [
    "Det er virkeligt godt, og virkelig rart.",  # virker
    "Han gav en surf-lektion og var surmulende.",  # sur
    "Vi har tilbudt dig en plads.",  # tilbud (jargon)
    "Negativitet og passivitet er ord, ikke noter.",  # negativ, passiv
    "Hun sagde ikke noget om samarbejdet.",  # ikke samarbejdsvillig
])
def test_no_match_inside_longer_words(text):
    assert find_subjective(text) == []
    assert find_jargon(text) == []


def test_a_longer_word_has_its_own_entry_or_none():
    [finding] = find_jargon("Vi kan sanktionere dig.")
    assert finding.text == "sanktionere"
    assert "trække penge" in finding.hint
    assert find_jargon("sanktionsmuligheder og afgørelsesbrev") == []


def test_phrases_match_across_any_whitespace_and_win_over_their_first_word():
    text = "Borgeren var ikke\n  samarbejdsvillige, men ikke sur."
    findings = find_subjective(text)
    assert [f.text for f in findings] == ["ikke\n  samarbejdsvillige", "sur"]
    assert find_subjective("ikke samarbejdsvilligt") == []


def test_a_hyphen_separates_words_for_the_word_lists():
    [finding] = find_jargon("Dit fleksjob-forløb starter nu.")
    assert finding.text == "fleksjob"


# --- Tone and structure of letters -------------------------------------------------------------

LETTER = """Indkaldelse til samtale

Kære Anna Jensen

Du skal møde til samtale. Hvis du ikke kommer, kan du få en sanktion.

Vi vil gerne tale om dine ønsker til job og om din praktik.

Hvis du ikke kommer, kan det få konsekvenser for din ydelse, jf. lov om aktiv socialpolitik § 36.

Med venlig hilsen
Mette K. Jensen
Tlf. 72 10 20 30
"""


def test_consequences_before_the_purpose_sound_like_a_threat():
    findings = find_threats(LETTER)
    assert [f.text for f in findings] == ["skal møde", "sanktion"]
    assert all(LETTER[f.start:f.end] == f.text and f.kind == "threat" for f in findings)


def test_consequences_after_the_purpose_are_fine():
    letter = LETTER.replace("Du skal møde til samtale. Hvis du ikke kommer, kan du få en "
                            "sanktion.", "Vi inviterer dig til en samtale.")
    assert find_threats(letter) == []


def test_a_heading_without_a_full_stop_is_part_of_the_opening():
    assert [f.text for f in find_threats("Mødepligt\n\nKære Anna\n\nVi ses i morgen.")] == [
        "Mødepligt"]
    # A draft without any full stop yet is all opening.
    assert len(find_threats("Kære Anna\n\nHusk din pligt")) == 1


def test_legal_references_go_last():
    letter = ("Kære Anna\n\nEfter § 13 i lov om aktiv socialpolitik, jf. forvaltningsloven, skal "
              "vi tale med dig.\n\nVi ses den 3. marts.\n\nDu kan læse loven på retsinformation.dk."
              " Reglerne står i §§ 13-14.\n\nMed venlig hilsen\nMette")
    findings = find_early_legal_references(letter)
    assert [f.text for f in findings] == ["§ 13", "lov om", "jf.", "forvaltningsloven"]
    assert all(f.kind == "legal_reference_early" for f in findings)


def test_several_paragraphs_of_law_at_the_end_are_fine():
    letter = ("Vi ses den 3. marts.\n\nReglerne står i § 13 i lov om aktiv socialpolitik.\n\n"
              "Se også forvaltningslovens § 19.\n\nMed venlig hilsen\nMette Kjær")
    assert find_early_legal_references(letter) == []


# --- check_text ---------------------------------------------------------------------------------


def test_a_letter_gets_the_letter_checks():
    letter = LETTER.replace("til samtale.", "til samtale efter § 2.")
    report = check_text(letter, kind="letter")
    assert isinstance(report, LanguageReport)
    # LIX reads what the caseworker writes: the sentence citing the law at the end is left out.
    law = "Hvis du ikke kommer, kan det få konsekvenser for din ydelse, jf. lov om aktiv socialpolitik § 36."
    assert law in letter
    assert report.lix == lix(letter.replace(law, "")) != lix(letter)
    assert {f.kind for f in report.findings} == {"jargon", "threat", "legal_reference_early"}
    # The references in the last paragraph are where they belong.
    assert [f.text for f in report.findings if f.kind == "legal_reference_early"] == ["§ 2"]
    starts = [f.start for f in report.findings]
    assert starts == sorted(starts)


def test_a_note_gets_subjective_words_and_long_sentences_but_not_jargon():
    note = ("Borgeren virker træt og påstår, at hun har en lægeerklæring om sin arbejdsevne. "
            + " ".join(["ord"] * 26) + ".")
    report = check_text(note, kind="note")
    assert [f.kind for f in report.findings] == ["subjective", "subjective", "long_sentence"]
    assert [f.text for f in report.findings][:2] == ["virker", "påstår"]
    assert report.lix.sentences == 2


def test_markup_and_escape_sequences_are_just_characters():
    text = "[bold]sanktion[/] \x1b[2J[@click=app.quit]afgørelse[/"
    findings = check_text(text, kind="letter").findings
    assert [(f.text, f.start) for f in findings if f.kind == "jargon"] == [
        ("sanktion", 6), ("afgørelse", text.index("afgørelse"))]


# --- Any text -------------------------------------------------------------------------------

VOCABULARY = [form for entries in (JARGON, SUBJECTIVE) for entry in entries
              for form in entry.forms] + [
    "bl.a.", "osv.", "kr.", "K.", "12.", "12.30", "§ 7", "jf.", "lov om", "Kære Anna",
    "skal møde", "İkke", "ſanktion", "ß", "e\u0301", "\u00ad",
]
SEPARATORS = [" ", "  ", "\n", "\n\n", " \n \n", ". ", "? ", "! ", ": ", ", ", "-", "'", "’",
              "\t", "»", "«", "(", ")", "[b]", "[/]", "\x1b[2J", "\r\n", "...", "."]
TEXTS = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(VOCABULARY), st.sampled_from(SEPARATORS),
                       st.text(max_size=4)), max_size=80).map("".join),
)


@given(TEXTS, st.sampled_from(["letter", "note"]), st.integers(min_value=1, max_value=120))
def test_any_text_gives_findings_inside_the_text(text, kind, width):
    report = check_text(text, kind=kind, width=width)
    for finding in report.findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start:finding.end] == finding.text
        assert finding.hint
    result = report.lix
    assert result.long_words <= result.words
    assert (result.sentences == 0) == (result.words == 0)
    assert result.sentences <= result.words


def test_the_checks_use_neither_textual_nor_sql():
    probe = ("import sys, prepdesk.core.language as l; l.check_text('Hej.', kind='letter'); "
             "print(sorted(m for m in ('textual', 'sqlalchemy', 'sqlmodel') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
