"""Plain-language checks for letters and notes (R-LTR-1, R-LTR-5, R-NOTE-2, R-APPR-1).

The letter and note editors call `check_text` on every keystroke, so everything here is a
few regular-expression passes over the text (benchmarks/language_check.py).

Tokenisation, shared by LIX and the long-sentence check:

- A word is a run of letters (any Unicode letter, so æ, ø and å are letters). Hyphens,
  apostrophes and periods between letters join a word: "CPR-nummer", "it-system" and
  "bl.a." are one word each. Digits are not words: "kl. 10.30" is one word ("kl").
  A word is long when it has 7 letters or more, joining marks not counted.
- A sentence ends at . ! ? or : followed by whitespace or the end of the text (closing
  quotes or brackets may come between), so "12.30", "1.000" and "jobnet.dk" end nothing.
  A period does not end a sentence after an abbreviation that never ends one ("bl.a.",
  "f.eks.", "kl.", "nr.", "jf." ...), after an abbreviation that can ("osv.", "kr.") unless
  a capital letter or the end of the line follows, after a number when a lower-case
  letter follows (the ordinal in "den 12. marts"), or after an initial ("Mette K. Jensen").
- A line break ends a sentence when the line is a line of its own: a heading, a greeting,
  a signature line or a list item, which have no full stop. Prose wrapped by hand (text
  pasted from a mail program wraps at 72 columns) is read as if its lines were joined by a
  space, so it scores as the same text unwrapped: a line of WRAPPED_LINE characters or
  more is wrapped prose when the paragraph goes on in lower case (or after a comma), not
  with a list item. A wrap just before a capitalised name, or before a number that
  looks like a numbered item ("1. marts"), still ends a sentence there.
- A paragraph is a run of lines between blank lines.
- Text is not normalised: a letter written as a base letter plus a combining accent
  (Unicode NFD) splits the word. Typed text is composed (NFC).

Word lists (jargon, subjective words, threats) match whole words, ignoring case. Here a
word is a run of `\\w` (Unicode-aware, as Python's `\\b`), so "virker" does not match inside
"virkeligt", while a hyphen separates words: "fleksjob-ordningen" contains "fleksjob".
Only the forms listed in the data files match; a genitive -s may follow any of them.
"""

from __future__ import annotations

import bisect
import re
import textwrap
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Literal

from prepdesk.i18n import _

Band = Literal["very_easy", "easy", "medium", "hard", "very_hard"]
FindingKind = Literal[
    "jargon", "subjective", "long_sentence", "long_paragraph", "threat", "legal_reference_early"
]
WordListName = Literal["jargon", "subjective"]

LONG_SENTENCE_WORDS = 25
LONG_PARAGRAPH_LINES = 6
LINE_WIDTH = 80
LONG_WORD_LETTERS = 7


@dataclass(frozen=True, slots=True)
class Lix:
    """LIX = words / sentences + 100 × long words / words, rounded to one decimal; the
    band is that of the rounded score, so that it agrees with the number shown. 0 for
    text without words."""

    words: int
    sentences: int
    long_words: int
    score: float
    band: Band


@dataclass(frozen=True, slots=True)
class Finding:
    """Something to improve in text[start:end], which is `text`; `hint` says what to do."""

    kind: FindingKind
    start: int
    end: int
    text: str
    hint: str
    plain: str | None = None  # jargon only: a plain alternative to write instead


@dataclass(frozen=True, slots=True)
class LanguageReport:
    lix: Lix
    findings: tuple[Finding, ...]  # in the order they occur in the text


@dataclass(frozen=True, slots=True)
class WordListEntry:
    """One entry of a word list in prepdesk/data/wordlists/ (the files say what each means)."""

    word: str
    forms: tuple[str, ...]  # every form that matches, `word` first
    plain: str | None = None
    explain: str | None = None
    hint: str | None = None


def check_text(
    text: str, *, kind: Literal["letter", "note"], width: int = LINE_WIDTH
) -> LanguageReport:
    """All checks for a letter to a citizen or a meeting note.

    Letters (R-LTR-1, R-LTR-5): jargon, long sentences and paragraphs, threatening tone,
    legal references before the end. Notes (R-NOTE-2): subjective words and long
    sentences; LIX for both, as notes go to the citizen in plain language (R-APPR-1).

    A letter must cite the law, last and in the law's own words ("lov om aktiv
    beskæftigelsesindsats § 10"), so the sentences of law at its end (`_legal_part`) are
    not flagged as jargon or long and do not count in its LIX; their paragraphs are still
    kept short. Everything else in the letter is checked as usual.
    """
    if kind == "note":
        findings = find_long_sentences(text) + find_subjective(text)
        findings.sort(key=lambda finding: (finding.start, finding.end))
        return LanguageReport(lix=lix(text), findings=tuple(findings))
    law = _legal_part(text).sentences
    findings = [
        finding for finding in find_long_sentences(text) + find_jargon(text)
        if not _within(finding.start, law)
    ]
    findings += find_long_paragraphs(text, width=width)
    findings += find_threats(text)
    findings += find_early_legal_references(text)
    findings.sort(key=lambda finding: (finding.start, finding.end))
    plain = [sentence for sentence in _sentences(text) if not _within(sentence.start, law)]
    return LanguageReport(lix=_lix(plain), findings=tuple(findings))


# --- LIX and sentences ------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:[-\u2010'’.\u00ad][^\W\d_]+)*")
_JOINERS = dict.fromkeys(map(ord, "-\u2010'’.\u00ad"))
# Closing quotes and brackets may stand between the mark and the whitespace: `»Kom.« Så`
# (Danish quotes either way round, »...« or «...»).
_BOUNDARY = re.compile(r"[.!?:]+(?=[\"'”“’»«)\]]*(?:\s|\Z))|\n")
_NEXT_ON_LINE = re.compile(r"[^\S\n]*(\S?)")
# Lower case, without the final period.
# The common Danish abbreviations (Retskrivningsordbogen's list, as used in letters from a
# job centre): those that stand before what they belong to ("pr. måned", "d. 1. marts",
# "§ 7, stk. 2", "bek. nr. 1234") never end a sentence.
_NEVER_ENDS = frozenset(
    "bl.a f.eks eks fx ca kl nr jf jvf evt mht m.h.t dvs d.v.s pga p.g.a inkl ekskl stk hhv "
    "iht i.h.t vedr tlf mhp m.h.p ift i.f.t pkt s ang att dr hr fr pr d f iflg i.flg vha "
    "v.h.a kap bek ifm i.f.m aht a.h.t alm afd fhv gl pers ref resp sdr sml skt tilsv t.o.m "
    "f.o.m p.t pt obs j.nr jnr ml".split()
)
# Those that may end one ("500 kr.", "job, uddannelse osv."): they end it before a capital
# letter or at the end of the line.
_MAY_END = frozenset(
    "osv m.v mv m.m mm m.fl mfl o.l o.lign lign e.l el etc kr mdr md mio mia pct min sek "
    "d.d st tv th mf jan feb aug sept okt nov dec".split()
)


def lix(text: str) -> Lix:
    """The LIX of all of `text` (`check_text` leaves out a letter's legal part)."""
    return _lix(_sentences(text))


def _lix(sentences: Sequence[_Sentence]) -> Lix:
    words = sum(sentence.words for sentence in sentences)
    long_words = sum(sentence.long_words for sentence in sentences)
    score = round(words / len(sentences) + 100 * long_words / words, 1) if words else 0.0
    return Lix(words, len(sentences), long_words, score, lix_band(score))


def lix_band(score: float) -> Band:
    """The LIX bands of R-LTR-1; below 25 is "very easy"."""
    if score < 25:
        return "very_easy"
    if score < 35:
        return "easy"
    if score < 45:
        return "medium"
    if score < 55:
        return "hard"
    return "very_hard"


def find_long_sentences(text: str, *, limit: int = LONG_SENTENCE_WORDS) -> list[Finding]:
    """Sentences of more than `limit` words, from their first word to their end mark."""
    return [
        Finding(
            "long_sentence", sentence.start, sentence.end, text[sentence.start:sentence.end],
            _("This sentence has {words} words. Split it into sentences of at most {limit} "
              "words.").format(words=sentence.words, limit=limit),
        )
        for sentence in _sentences(text)
        if sentence.words > limit
    ]


@dataclass(frozen=True, slots=True)
class _Sentence:
    start: int  # the first word
    end: int  # after the end mark; or the last non-space character before a line break
    words: int
    long_words: int
    full_stop: bool  # ended by . ! or ?, which headings and greetings are not


# The checks of one `check_text` call share the segmentation of the same text.
@lru_cache(maxsize=4)
def _sentences(text: str) -> tuple[_Sentence, ...]:
    # Offsets stay those of `text`: unwrapping replaces one line break by one space.
    text = _unwrapped(text)
    sentences = []
    start = 0
    ends = [mark for mark in _BOUNDARY.finditer(text) if _ends_sentence(text, mark)]
    # Boundaries are followed by whitespace and words join only across marks followed
    # by a letter, so no word spans a boundary.
    for boundary in (*ends, None):
        end = boundary.start() if boundary else len(text)
        # findall runs in C: a per-word loop in Python was most of a check's time.
        words = _WORD.findall(text, start, end)
        if words:
            first = _WORD.search(text, start, end).start()
            candidates = [word for word in words if len(word) >= LONG_WORD_LETTERS]
            long_words = sum(
                len(word.translate(_JOINERS)) >= LONG_WORD_LETTERS for word in candidates
            )
            if boundary is None or boundary.group() == "\n":
                last = start + len(text[start:end].rstrip())
                sentences.append(_Sentence(first, last, len(words), long_words, False))
            else:
                full_stop = any(mark in boundary.group() for mark in ".!?")
                sentences.append(
                    _Sentence(first, boundary.end(), len(words), long_words, full_stop)
                )
        start = boundary.end() if boundary else len(text)
    return tuple(sentences)


WRAPPED_LINE = 40  # characters: a shorter line is a line of its own (see the module's doc)


def _unwrapped(text: str) -> str:
    """`text` with each line break inside hand-wrapped prose replaced by a space."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    joined = [lines[0]]
    for line, following in zip(lines, lines[1:], strict=False):
        next_text = following.lstrip()
        wrapped = (len(line.strip()) >= WRAPPED_LINE and next_text != ""
                   and not _LIST_ITEM.match(following)
                   and (not next_text[0].isupper() or line.rstrip()[-1] in ",;"))
        joined.append((" " if wrapped else "\n") + following)
    return "".join(joined)


def _ends_sentence(text: str, mark: re.Match[str]) -> bool:
    if mark.group() != ".":
        return True
    token_start = mark.start()
    while token_start and (text[token_start - 1].isalnum() or text[token_start - 1] == "."):
        token_start -= 1
    token = text[token_start:mark.start()]
    key = token.lower()
    if key in _NEVER_ENDS:
        return False
    following = _NEXT_ON_LINE.match(text, mark.end()).group(1)
    if key in _MAY_END:
        return not following or following.isupper()
    if token.isdigit():
        return not following.islower()
    if len(token) == 1 and token.isupper():
        return not following.isupper()
    return True


# --- Paragraphs ---------------------------------------------------------------------------

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_LIST_ITEM = re.compile(r"\s*(?:\d+[.)]|[-•*–])\s")


@lru_cache(maxsize=4)
def _paragraphs(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each paragraph, without the whitespace around it."""
    paragraphs = []
    start = 0
    for gap in (*_PARAGRAPH_BREAK.finditer(text), None):
        end = gap.start() if gap else len(text)
        chunk = text[start:end]
        stripped_start = start + len(chunk) - len(chunk.lstrip())
        stripped_end = start + len(chunk.rstrip())
        if stripped_start < stripped_end:
            paragraphs.append((stripped_start, stripped_end))
        start = gap.end() if gap else len(text)
    return tuple(paragraphs)


def find_long_paragraphs(
    text: str, *, width: int = LINE_WIDTH, max_lines: int = LONG_PARAGRAPH_LINES
) -> list[Finding]:
    """Paragraphs longer than `max_lines` lines when wrapped at `width` columns."""
    findings = []
    for start, end in _paragraphs(text):
        paragraph = text[start:end].split("\n")
        if len(paragraph) > 1 and all(_LIST_ITEM.match(line) for line in paragraph):
            # A list, such as the agenda in an invitation: each item is read on its own.
            lines = max(_wrapped_lines(item, width) for item in paragraph)
        else:
            lines = _wrapped_lines(text[start:end], width)
        if lines > max_lines:
            findings.append(Finding(
                "long_paragraph", start, end, text[start:end],
                _("This paragraph is {lines} lines long. Split it into paragraphs of at most "
                  "{limit} lines.").format(lines=lines, limit=max_lines),
            ))
    return findings


# Wrapping is the slowest part of a letter check. A keystroke changes one paragraph, so
# the others are counted once, not on every keystroke.
@lru_cache(maxsize=1024)
def _wrapped_lines(paragraph: str, width: int) -> int:
    """Lines of `paragraph` wrapped at `width`; each line break starts a new line."""
    lines = (line.expandtabs() for line in paragraph.split("\n"))
    return sum(1 if len(line) <= width else len(textwrap.wrap(line, width)) for line in lines)


# --- Word lists ---------------------------------------------------------------------------


@cache
def word_list(name: WordListName) -> tuple[WordListEntry, ...]:
    """The entries of prepdesk/data/wordlists/<name>.toml."""
    source = resources.files("prepdesk.data").joinpath("wordlists", f"{name}.toml")
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    return tuple(
        WordListEntry(
            word=entry["word"], forms=(entry["word"], *entry.get("forms", ())),
            plain=entry.get("plain"), explain=entry.get("explain"), hint=entry.get("hint"),
        )
        for entry in data["entry"]
    )


_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class _Matcher:
    """Finds the forms of a word list as whole words, ignoring case.

    One alternation regex of all forms took ~20 ms on a two-page letter: the regex engine
    tries every alternative at every word. Here each word (a run of `\\w`, so the same
    boundaries as `\\b`) costs one dictionary look-up, and only a word that begins a
    phrase tries that phrase's patterns, longest first.
    """

    words: dict[str, WordListEntry]  # one-word forms, lower case
    phrases: dict[str, tuple[tuple[re.Pattern[str], WordListEntry], ...]]  # by first word

    @classmethod
    def of(cls, entries: Iterable[WordListEntry]) -> _Matcher:
        words: dict[str, WordListEntry] = {}
        phrases: dict[str, list[tuple[re.Pattern[str], WordListEntry]]] = {}
        forms = [(form.lower(), entry) for entry in entries for form in entry.forms]
        # Longest first, so that a longer phrase wins over a shorter one it begins with.
        for form, entry in sorted(forms, key=lambda item: len(item[0]), reverse=True):
            first, *rest = form.split()
            if not rest:
                words[first] = entry
                continue
            # Any whitespace between the words, a line break too; a genitive -s last.
            source = r"\s+".join(map(re.escape, form.split())) + r"s?\b"
            phrases.setdefault(first, []).append((re.compile(source, re.IGNORECASE), entry))
        return cls(words, {first: tuple(found) for first, found in phrases.items()})

    def find(self, text: str, end: int | None = None) -> Iterator[tuple[int, int, WordListEntry]]:
        """(start, end, entry) of each match before `end`, in order, not overlapping."""
        resume = 0
        for token in _TOKEN.finditer(text, 0, len(text) if end is None else end):
            if token.start() < resume:
                continue
            key = token.group().lower()
            for pattern, entry in self.phrases.get(key, ()):
                if phrase := pattern.match(text, token.start()):
                    resume = phrase.end()
                    yield phrase.start(), phrase.end(), entry
                    break
            else:
                entry = self.words.get(key)
                if entry is None and key.endswith("s"):
                    entry = self.words.get(key[:-1])  # genitive: "partshøringens"
                if entry is not None:
                    yield token.start(), token.end(), entry


@cache
def _matcher(name: WordListName) -> _Matcher:
    return _Matcher.of(word_list(name))


def find_jargon(text: str) -> list[Finding]:
    """Jargon (R-LTR-1): replace it with `plain`, or explain a term the citizen needs."""
    findings = []
    for start, end, entry in _matcher("jargon").find(text):
        if entry.plain is not None:
            hint = _("Write it plainly: {plain}").format(plain=entry.plain)
        else:
            hint = _("Explain the word: {explanation}").format(explanation=entry.explain)
        findings.append(Finding("jargon", start, end, text[start:end], hint, entry.plain))
    return findings


def find_subjective(text: str) -> list[Finding]:
    """Subjective and judging words in notes (R-NOTE-2), with the list's hint."""
    return [
        Finding("subjective", start, end, text[start:end], entry.hint)
        for start, end, entry in _matcher("subjective").find(text)
    ]


# --- Tone and structure of letters -----------------------------------------------------------

# Consequences that sound like a threat when they come before the letter's purpose.
THREAT_WORDS = (
    "sanktion", "sanktionen", "sanktioner", "sanktionere", "sanktioneret",
    "konsekvens", "konsekvensen", "konsekvenser", "konsekvenserne",
    "fradrag", "fradraget", "fraværsfradrag", "skal møde", "mødepligt", "mødepligten",
    "pligt", "pligten", "pligter", "stop for din ydelse", "stopper din ydelse",
    "stoppe din ydelse", "miste din ydelse", "mister din ydelse", "trække i din ydelse",
    "trækker i din ydelse", "tilbagebetale", "tilbagebetaling", "politianmeldelse",
    "politianmelde",
)
_THREATS = _Matcher.of(WordListEntry(word, (word,)) for word in THREAT_WORDS)
# A section sign with its number, "lov om", a law's name ("forvaltningsloven") and "jf.".
_LEGAL = re.compile(
    r"§+(?:[^\S\n]*\d+)?"
    r"|\b(?:lov(?:en)?\s+om|[^\W\d_]*lovens?|lbk|bekendtgørelse[^\W\d_]*|jf\.|jvf\.)(?!\w)",
    re.IGNORECASE,
)
# A heading alone on the first line of a paragraph of law: "Lovgrundlag" in the invitation.
_LEGAL_HEADING = re.compile(
    r"(?:lovgrundlag|retsgrundlag|hjemmel|lovhjemmel|regler|reglerne"
    r"|sådan[^\S\n]+klager[^\S\n]+du)[^\S\n]*:?[^\S\n]*(?:\n|\Z)",
    re.IGNORECASE,
)


def find_threats(text: str) -> list[Finding]:
    """Consequence words before the letter has said what it is about (R-LTR-5).

    Kept simple: the opening is everything up to the end of the first paragraph with a
    sentence ended by . ! or ? (a heading or "Kære Anna" alone says nothing). Consequence
    words in the opening are flagged; later, stated factually, they are fine.
    """
    opening_end = _opening_end(text)
    hint = _("Say first what the meeting is about. State consequences factually and last.")
    return [
        Finding("threat", start, end, text[start:end], hint)
        for start, end, _entry in _THREATS.find(text, opening_end)
    ]


def _opening_end(text: str) -> int:
    first_full = next((s for s in _sentences(text) if s.full_stop), None)
    if first_full is None:
        return len(text)
    return next(end for start, end in _paragraphs(text) if start <= first_full.start < end)


def find_early_legal_references(text: str) -> list[Finding]:
    """Legal references that are not in the letter's last part (R-LTR-1).

    A reference is early when a later paragraph has plain content (see `_legal_part`):
    several paragraphs of law at the end are fine, and so is a closing greeting and
    signature, which have no sentence ended by . ! or ?.
    """
    hint = _("Put references to the law last.")
    last_part = _legal_part(text).start
    return [
        Finding("legal_reference_early", ref.start(), ref.end(), ref.group(), hint)
        for ref in _LEGAL.finditer(text)
        if ref.start() < last_part
    ]


@dataclass(frozen=True, slots=True)
class _LegalPart:
    start: int  # where the letter's last part begins: the end of its last plain paragraph
    sentences: tuple[tuple[int, int], ...]  # the sentences of law in it, as text spans


@lru_cache(maxsize=4)
def _legal_part(text: str) -> _LegalPart:
    """The law at the end of a letter, which a citizen letter must cite (R-LTR-1).

    A paragraph is plain content when it has a sentence ended by . ! or ?, cites no law
    (no § or "§§", law's name, "lov om", "jf." ...) and does not begin with a legal
    heading ("Lovgrundlag" in the invitation). The letter's last part is what follows its
    last paragraph of plain content; greetings and signatures may be in it. In the last
    part, the sentences of law are those that cite the law, and all of a paragraph under a
    legal heading, the heading too. A letter with no plain content has no legal part: what
    it says is all it says, so it is checked in full.
    """
    sentences = _sentences(text)
    references = [ref.start() for ref in _LEGAL.finditer(text)]
    last_plain = None
    paragraphs = []  # (start, end, headed, [(sentence span, cites the law)])
    index = 0
    for start, end in _paragraphs(text):
        spans = []
        lower = start
        while index < len(sentences) and sentences[index].start < end:
            sentence = sentences[index]
            spans.append(((lower, sentence.end), _any_between(references, lower, sentence.end)))
            lower = sentence.end
            index += 1
        headed = _LEGAL_HEADING.match(text, start) is not None
        full_stop = any(sentence.full_stop for sentence in sentences[index - len(spans):index])
        if full_stop and not headed and not _any_between(references, start, end):
            last_plain = len(paragraphs)
        paragraphs.append((start, end, headed, spans))
    if last_plain is None:
        return _LegalPart(0, ())
    law = tuple(
        span
        for _first, _last, headed, spans in paragraphs[last_plain + 1:]
        for span, cites in spans
        if headed or cites
    )
    return _LegalPart(paragraphs[last_plain][1], law)


def _any_between(positions: list[int], start: int, end: int) -> bool:
    """Whether sorted `positions` has one in [start, end)."""
    index = bisect.bisect_left(positions, start)
    return index < len(positions) and positions[index] < end


def _within(position: int, spans: tuple[tuple[int, int], ...]) -> bool:
    """Whether `position` is in one of the sorted, disjoint `spans`."""
    index = bisect.bisect_right(spans, (position, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]
