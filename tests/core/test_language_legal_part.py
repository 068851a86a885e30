"""The law at the end of a letter (R-LTR-1): a citizen letter must cite the law, in the law's
words, last. Those sentences are not flagged as jargon or long and do not count in the LIX;
everything the caseworker writes around them still is."""

import re
from datetime import datetime

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from prepdesk.core import agenda, letters
from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.core.language import (
    check_text,
    find_early_legal_references,
    find_jargon,
    find_long_sentences,
    lix,
    word_list,
)
from prepdesk.core.meetings import create_meeting
from prepdesk.data.models import Room

# 36 words in its first sentence; jargon: beskæftigelsesindsats, rimelig grund, sanktion,
# partsrepræsentant, bisidder, forvaltningslovens.
LAW = ("Lovgrundlag\n"
       "Mødet holdes efter § 10 i lov om aktiv beskæftigelsesindsats, og hvis du ikke kommer "
       "uden en rimelig grund, kan jobcentret efter lov om aktiv socialpolitik § 36 foretage et "
       "fradrag i din ydelse eller give dig en sanktion. Retten til at have en partsrepræsentant "
       "eller bisidder med står i forvaltningslovens § 8. Du kan klage til Ankestyrelsen, jf. "
       "retssikkerhedslovens § 67.")
CLOSING = "Venlig hilsen\n\nMette Kjær\nTelefon: 72 10 20 30"
BODY = ("Kære Anna\n\nJeg vil gerne holde et møde med dig. Vi skal tale om, hvordan det går.\n\n"
        "Mødet er mandag den 7. december kl. 10.00.")


def _kinds(report, *kinds):
    return [(f.kind, f.text) for f in report.findings if f.kind in kinds]


def test_the_law_cited_last_is_neither_jargon_nor_a_long_sentence():
    assert find_jargon(LAW) and find_long_sentences(LAW)  # as text, it is both
    letter = f"{BODY}\n\n{CLOSING}\n\n{LAW}\n"
    report = check_text(letter, kind="letter")
    assert report.findings == ()
    assert report.lix == lix(f"{BODY}\n\n{CLOSING}\n")


def test_the_law_before_the_signature_is_the_last_part_too():
    report = check_text(f"{BODY}\n\n{LAW}\n\n{CLOSING}\n", kind="letter")
    assert report.findings == ()


def test_jargon_and_long_sentences_in_the_body_are_still_flagged():
    long = "Vi taler om " + " ".join(["ordet"] * 24) + "."
    body = BODY.replace("hvordan det går.", f"din sanktion og din rådighed. {long}")
    report = check_text(f"{body}\n\n{CLOSING}\n\n{LAW}\n", kind="letter")
    assert _kinds(report, "jargon", "long_sentence") == [
        ("jargon", "sanktion"), ("jargon", "rådighed"), ("long_sentence", long)]


def test_a_sentence_in_a_paragraph_of_law_that_cites_no_law_is_still_checked():
    law = LAW.replace("Du kan klage", "Husk, at din rådighed er vigtig. Du kan klage")
    unmarked = law.removeprefix("Lovgrundlag\n")
    report = check_text(f"{BODY}\n\n{CLOSING}\n\n{unmarked}\n", kind="letter")
    assert _kinds(report, "jargon", "long_sentence") == [("jargon", "rådighed")]
    # Under the heading "Lovgrundlag" it is all law, as the invitation marks it.
    report = check_text(f"{BODY}\n\n{CLOSING}\n\n{law}\n", kind="letter")
    assert _kinds(report, "jargon", "long_sentence") == []
    # Paragraphs of law are still kept short: the citizen reads them too.
    assert _kinds(report, "long_paragraph") == [("long_paragraph", law)]


def test_the_law_before_plain_content_is_checked_and_said_to_go_last():
    paragraph = LAW.removeprefix("Lovgrundlag\n")
    report = check_text(f"{BODY}\n\n{paragraph}\n\nVi ses på mandag.\n\n{CLOSING}\n", kind="letter")
    assert [text for kind, text in _kinds(report, "jargon")] == [
        "beskæftigelsesindsats", "rimelig grund", "sanktion", "partsrepræsentant", "bisidder",
        "forvaltningslovens"]
    assert len(_kinds(report, "long_sentence")) == 1
    assert len(_kinds(report, "legal_reference_early")) == 9


def test_a_letter_with_nothing_but_law_is_checked_in_full():
    text = "Kære Anna\n\nDu får en sanktion, jf. § 36.\n\nVenlig hilsen\nMette"
    report = check_text(text, kind="letter")
    assert _kinds(report, "jargon") == [("jargon", "sanktion")]
    assert report.lix == lix(text)


def test_a_paragraph_under_a_legal_heading_is_law_without_a_section_sign():
    # How to complain names the authority and the decision, but no § or law.
    complaint = ("Sådan klager du\nDu kan klage over afgørelsen til Ankestyrelsen. Klagen skal "
                 "være modtaget inden fire uger efter, at du har fået afgørelsen.")
    letter = f"{BODY}\n\n{CLOSING}\n\n{LAW}\n\n{complaint}\n"
    report = check_text(letter, kind="letter")
    assert report.findings == ()  # the law before it is still last, and "afgørelsen" is needed
    assert report.lix == lix(f"{BODY}\n\n{CLOSING}\n")
    # Without the heading it is plain content: the law before it is early, and it is checked.
    plain = complaint.removeprefix("Sådan klager du\n")
    report = check_text(f"{BODY}\n\n{CLOSING}\n\n{LAW}\n\n{plain}\n", kind="letter")
    assert _kinds(report, "jargon")[-2:] == [("jargon", "afgørelsen"), ("jargon", "afgørelsen")]
    assert len(_kinds(report, "legal_reference_early")) == 9


def test_the_jargon_heading_klagevejledning_does_not_mark_the_law():
    # The word list says to write "Sådan klager du" instead; under it, the text is law.
    complaint = "Klagevejledning\nDu kan klage over afgørelsen til Ankestyrelsen."
    report = check_text(f"{BODY}\n\n{complaint}\n", kind="letter")
    assert [text for kind, text in _kinds(report, "jargon")] == ["Klagevejledning", "afgørelsen"]


@pytest.mark.parametrize("heading", ["Lovgrundlag", "LOVGRUNDLAG:", "Sådan klager du",
                                     "Reglerne", "Hjemmel"])
def test_legal_headings(heading):
    letter = f"{BODY}\n\n{heading}\nDet vigtige er din rådighed.\n"
    assert check_text(letter, kind="letter").findings == ()
    # Only alone on the paragraph's first line.
    letter = f"{BODY}\n\n{heading} og din rådighed.\n"
    assert _kinds(check_text(letter, kind="letter"), "jargon") == [("jargon", "rådighed")]


def test_notes_are_checked_in_full():
    note = f"Vi talte om planen.\n\n{LAW}"
    report = check_text(note, kind="note")
    assert [f.kind for f in report.findings] == ["long_sentence"]
    assert report.lix == lix(note)


def test_early_references_are_unchanged_for_plain_letters():
    letter = f"{BODY}\n\n{LAW}\n\nDu kan ringe til mig.\n\n{CLOSING}"
    assert [f.text for f in find_early_legal_references(letter)] == [
        "§ 10", "lov om", "lov om", "§ 36", "forvaltningslovens", "§ 8", "jf.",
        "retssikkerhedslovens", "§ 67"]


# --- A real invitation ----------------------------------------------------------------------


def test_an_invitation_citing_the_law_in_full_stays_plain(world):
    room = Room(name="Mødelokale 2", location="Jobcentret, Torvet 1")
    world.session.add(room)
    world.session.commit()
    meeting = create_meeting(world.ctx(), world.citizen.id, kind="follow_up",
                             starts_at=datetime(2026, 12, 2, 10, 0, tzinfo=LOCAL_TIMEZONE),
                             room_id=room.id)
    agenda.add_all(world.ctx(), meeting.id, agenda.view(world.ctx(), meeting.id).proposals)
    letter = letters.open_invitation(world.ctx(), meeting.id)
    assert "\n\nLovgrundlag\n" in letter.body
    body = letter.body[:letter.body.index("Lovgrundlag\n")] + LAW + "\n"
    letters.save_text(world.ctx(), letter.letter_id, letter.version, letter.subject, body)
    first, second = letters.versions(world.ctx(), letter.letter_id)
    report = check_text(second.body, kind="letter")
    assert [f for f in report.findings if f.kind != "long_paragraph"] == []
    # The readability is that of what the caseworker can change, whatever law is cited.
    assert second.lix == first.lix == report.lix.score
    # Jargon the caseworker writes in the letter is still flagged.
    body = body.replace("Du er velkommen til", "Husk din rådighed. Du er velkommen til")
    report = check_text(body, kind="letter")
    assert _kinds(report, "jargon") == [("jargon", "rådighed")]


# --- Any body ---------------------------------------------------------------------------------

WORDS = [form for entry in word_list("jargon") for form in entry.forms] + [
    "Kære Anna", "Vi ses", "bl.a.", "kr.", "12.", "12.30", "Mette K. Jensen", "møde", "dig",
    " ".join(["ord"] * 26),
]
SEPARATORS = [" ", "\n", "\n\n", ". ", "? ", "! ", ": ", ", ", "-", "\t", "»", "«", "\r\n", "..."]
BODIES = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(SEPARATORS),
                       st.text(max_size=3)), max_size=60).map("".join),
)
_LAWLIKE = re.compile(r"§|lov|jf|jvf|lbk|bekendtg|regler|hjemmel|grundlag|klage", re.IGNORECASE)


@given(BODIES)
def test_the_law_at_the_end_changes_nothing_in_the_body(text):
    assume(not _LAWLIKE.search(text))
    body = f"{text}\n\nVi ses på mandag."
    letter = f"{body}\n\n{CLOSING}\n\n{LAW}\n"
    alone, with_law = check_text(body, kind="letter"), check_text(letter, kind="letter")
    checked = ("jargon", "long_sentence", "threat", "legal_reference_early")
    assert [f for f in with_law.findings if f.kind in checked] == [
        f for f in alone.findings if f.kind in checked]
    assert with_law.lix == check_text(f"{body}\n\n{CLOSING}\n", kind="letter").lix


@given(BODIES, BODIES)
def test_only_sentences_of_law_at_the_end_are_let_off(before, after):
    letter = f"{before}\n\n{after}"
    report = check_text(letter, kind="letter")
    everything = [(f.start, f.text) for f in find_jargon(letter) + find_long_sentences(letter)]
    kept = [(f.start, f.text) for f in report.findings if f.kind in ("jargon", "long_sentence")]
    assert set(kept) <= set(everything)
    if set(kept) != set(everything):
        # Something was let off: then the letter has law and plain content before it.
        assert re.search(r"§|lov|jf\.|jvf\.|lbk|bekendtg", letter, re.IGNORECASE) or re.search(
            r"grundlag|hjemmel|regler|klage", letter, re.IGNORECASE)
        assert re.search(r"[.!?]", letter)
