"""The Danish of appeals rulings, for the ruling search (issue 15, R-RULE-2).

- `stem`: the Danish Snowball stemmer (the snowballstemmer package) on folded words, so
  "fleksjobbet", "revurderingen" and "sanktioner" are "fleksjob", "revurdering" and
  "sanktion". Words with digits (numbers, sections) are left as they are.
- `split_compound`: "sygedagpengeforlængelse" is "sygedagpenge" + "forlængelse", told by
  the words the index itself knows (a linking s or e between the parts is allowed).
- `Thesaurus`: groups of domain terms that mean the same thing ("lægeerklæring",
  "lægelige oplysninger", "statusattest"), and the names each law goes by ("sdp", "Lov om
  sygedagpenge"), from the data file prepdesk/data/wordlists/ruling_words.toml.
- `law_and_section`: what a query says about the law and the section ("sdp § 7",
  "lov om sygedagpenge § 24, stk. 2") and the rest of it.
"""

from __future__ import annotations

import re
import threading
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import snowballstemmer

from prepdesk.core.search import fold

_STEMMER = snowballstemmer.stemmer("danish")
_STEMMER_LOCK = threading.Lock()  # a Snowball stemmer keeps its word in itself
_DIGIT = re.compile(r"\d")
MIN_PART = 3  # the shortest part of a compound ("job", "sag")
MAX_PARTS = 3
LINKS = ("s", "e")  # "arbejdsevne" = arbejd(s) + evne; "sygedagpengeforlængelse": no link


def stem(word: str) -> str:
    """The Danish stem of a folded word: 'revurderingen' -> 'revurdering'."""
    if _DIGIT.search(word):
        # Not cached: a library's 100,000 ruling numbers filled the cache with entries
        # that save nothing (12 MB kept for the app's life, issue 17).
        return word
    return _stem_word(word)


def forget_stems() -> None:
    """Empty the cache of stems, after an index is built: the words of every ruling
    stay in it otherwise, spread over the heap the build used (issue 17)."""
    _stem_word.cache_clear()


@lru_cache(maxsize=50_000)  # the distinct words of a library (13,000 in the large demo)
def _stem_word(word: str) -> str:
    if "-" in word:  # "e-boks", "mit-dk": each part
        return "-".join(map(stem, word.split("-")))
    with _STEMMER_LOCK:
        found = _STEMMER.stemWord(word)
    return found or word


def query_stemmer() -> Callable[[str], str]:
    """`stem` for one query, with a cache of its own that goes with it: the words and
    prefixes typed (and the parts a compound is tried in) entered `stem`'s cache for the
    app's life, a few small objects per keystroke made among the query's short-lived
    scores, and each kept an arena of 1 MiB (issue 17: 3 MiB after 62 keystrokes)."""
    found: dict[str, str] = {}

    def stem_once(word: str) -> str:
        known = found.get(word)
        if known is None:
            known = found[word] = _stem_uncached(word)
        return known

    return stem_once


def _stem_uncached(word: str) -> str:
    """`stem(word)`, leaving its cache alone."""
    if _DIGIT.search(word):
        return word
    if "-" in word:
        return "-".join(map(_stem_uncached, word.split("-")))
    with _STEMMER_LOCK:
        found = _STEMMER.stemWord(word)
    return found or word


def split_compound(word: str, known: Callable[[str], bool]) -> list[str] | None:
    """The parts of a folded compound word, each a word `known` knows, or None.

    Of the ways to split it, the one whose shortest part is longest: "sygedagpenge" +
    "forlaengelse", not "syge" + "dagpengeforlaengelse" unless only that is known.
    """
    return _split(word, known, MAX_PARTS)


def _split(word: str, known: Callable[[str], bool], parts: int) -> list[str] | None:
    if parts < 2 or len(word) < 2 * MIN_PART or _DIGIT.search(word):
        return None
    best: list[str] | None = None
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        left, right = word[:cut], word[cut:]
        lefts = [left] + [left[:-1] for link in LINKS
                          if left.endswith(link) and len(left) > MIN_PART]
        head = next((candidate for candidate in lefts if known(candidate)), None)
        if head is None:
            continue
        tail = [right] if known(right) else _split(right, known, parts - 1)
        if tail is None:
            continue
        found = [head, *tail]
        if best is None or (len(found), -min(map(len, found))) < (len(best), -min(map(len, best))):
            best = found
    return best


@dataclass(frozen=True)
class Law:
    key: str
    name: str  # the full name
    names: tuple[str, ...]  # folded


@dataclass(frozen=True)
class Thesaurus:
    """Synonym groups (each a tuple of phrases, each phrase a tuple of folded stems) and
    the laws by their names."""

    groups: tuple[tuple[tuple[str, ...], ...], ...]
    laws: tuple[Law, ...]

    def synonyms(self, stems: list[str]) -> list[tuple[int, int, tuple[tuple[str, ...], ...]]]:
        """The phrases of `stems` that are in a group, as (start, end, the group's other
        phrases), longest first where they overlap, left to right."""
        found = []
        at = 0
        while at < len(stems):
            best = None
            for group in self.groups:
                for phrase in group:
                    end = at + len(phrase)
                    if tuple(stems[at:end]) == phrase and (best is None or end > best[1]):
                        best = (at, end, tuple(p for p in group if p != phrase))
            if best is None:
                at += 1
            else:
                found.append(best)
                at = best[1]
        return found

    def law_of(self, stored: str) -> str | None:
        """The key of the law a ruling's law field names, or None."""
        folded = fold(stored).strip(" .")
        for law in self.laws:
            if folded in law.names:
                return law.key
        return None


@cache
def thesaurus() -> Thesaurus:
    """The thesaurus of prepdesk/data/wordlists/ruling_words.toml (read once)."""
    source = resources.files("prepdesk.data").joinpath("wordlists", "ruling_words.toml")
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    groups = tuple(
        tuple(dict.fromkeys(tuple(stem(w) for w in _plain_words(fold(phrase)))
                            for phrase in group))
        for group in data["synonyms"]["groups"])
    laws = tuple(Law(key, names[0], tuple(fold(name).strip(" .") for name in names))
                 for key, names in data["laws"].items())
    return Thesaurus(groups, laws)


_PLAIN_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


def _plain_words(folded: str) -> list[str]:
    return _PLAIN_WORD.findall(folded)  # as the index splits: "mit.dk" is mit, dk


# "§ 27", "§27", "§§ 24 og 25", "§ 70 b", "paragraf 27", "par. 24"; then "stk. 2", "nr. 3".
_SECTION = re.compile(r"(?:§+|\bparagraf\b|\bpar\.)\s*(\d{1,4})(?:\s*([a-z]))?\b")
_SECTION_TAIL = re.compile(r"(?:,?\s*(?:stk|nr|litra)\.?\s*\d+\w?)+")


def sections_of(text: str) -> tuple[str, ...]:
    """The section numbers a ruling's section field names: '§ 27, stk. 1, nr. 2' ->
    ('27',); '§ 70 b' -> ('70b',); '§§ 24 og 25' -> ('24', '25')."""
    folded = fold(text)
    found = []
    for part in re.split(r"§+", folded)[1:]:
        part = _SECTION_TAIL.sub(" ", part)
        found += [number + letter for number, letter in
                  re.findall(r"\b(\d{1,4})(?:\s*([a-z]))?\b", part)]
    return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class LawAndSection:
    laws: tuple[str, ...]  # law keys
    sections: tuple[str, ...]  # '27', '70b'
    rest: str  # the folded query without them


def law_and_section(folded_query: str, laws: tuple[Law, ...]) -> LawAndSection:
    """What a folded query says about law and section, and the rest of it."""
    sections = []

    def section(match: re.Match[str]) -> str:
        sections.append(match.group(1) + (match.group(2) or ""))
        return " "

    rest = _SECTION.sub(section, folded_query)
    if sections:
        rest = _SECTION_TAIL.sub(" ", rest)
    found = []
    pattern = _law_pattern(laws)
    if pattern is not None:
        def law(match: re.Match[str]) -> str:
            found.append(_law_by_name(laws)[match.group(0).strip(" .")])
            return " "

        rest = pattern.sub(law, rest)
    return LawAndSection(tuple(dict.fromkeys(found)), tuple(dict.fromkeys(sections)),
                         " ".join(rest.split()))


@cache
def _law_by_name(laws: tuple[Law, ...]) -> dict[str, str]:
    return {name: law.key for law in laws for name in law.names}


@cache
def _law_pattern(laws: tuple[Law, ...]) -> re.Pattern[str] | None:
    names = sorted(_law_by_name(laws), key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")
