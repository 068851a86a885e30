"""Plain-language checks per keystroke, as a ratio to one regex pass over the same text.

    python benchmarks/language_check.py [--pages 2] [--rounds 9] [--calls 100]

The letter and note editors run `check_text` on every keystroke (R-LTR-1, R-NOTE-2). The
text is a letter of about `--pages` pages (~400 words a page) made of job-centre
paragraphs. As in an editor, every call gets a text never checked before, differing from
the letter in one word typed into its middle paragraph: the checks' per-text caches never
help, the per-paragraph wrapping cache helps only for the paragraphs not edited.

The baseline, measured in the same run on the same texts, is `re.findall(r"\\w+", text)`:
one pass of one simple regex over the text. Printed: for each check, the median over the
rounds of its time per call as a ratio to the baseline's median. Absolute times depend on
the machine and its load and are printed only as a noisy aside.
"""

from __future__ import annotations

import argparse
import itertools
import re
import statistics
import string
import time
from collections.abc import Callable, Iterator

from prepdesk.core import language

PARAGRAPHS = [
    "Indkaldelse til opfølgningssamtale",
    "Kære Anna Jensen",
    "Jobcenteret har modtaget din lægeerklæring. På baggrund af oplysningerne i din sag "
    "vurderer vi, at du fortsat er berettiget til sygedagpenge. Vi indkalder dig derfor til "
    "en opfølgningssamtale den 3. december kl. 9.00, hvor vi skal drøfte din arbejdsevne og "
    "dine muligheder for at vende tilbage til arbejdsmarkedet.",
    "Vi vil gerne tale med dig om, hvordan det går, og hvad du selv ønsker. Du må gerne tage "
    "en bisidder med, fx et familiemedlem eller en ven. Har du brug for tolk, så ring til mig "
    "senest to dage før mødet.",
    "På mødet taler vi bl.a. om din virksomhedspraktik, dine skånehensyn og om et muligt "
    "ressourceforløb. Medbring gerne dokumentation for dine udgifter, f.eks. lønsedler og "
    "kontoudtog fra de sidste tre måneder, samt din jobplan.",
    "Hvis du er syg på dagen, skal du ringe til mig inden kl. 8.30. Hvis du udebliver uden "
    "rimelig grund, kan det få konsekvenser for din ydelse, og vi kan foretage et "
    "fraværsfradrag efter reglerne.",
    "Afgørelsen er truffet efter § 13 i lov om aktiv socialpolitik, jf. lovbekendtgørelse "
    "nr. 241 af 2023. Du kan klage over afgørelsen inden fire uger. Klagevejledningen står "
    "sidst i brevet.",
    "Med venlig hilsen\nMette K. Jensen\nJobkonsulent, Jobcenter Fjordby\nTlf. 72 10 20 30",
]
WORDS_PER_PAGE = 400


def letter(pages: float) -> str:
    chosen: list[str] = []
    while sum(len(p.split()) for p in chosen) < pages * WORDS_PER_PAGE:
        chosen += PARAGRAPHS[2:-1]
    return "\n\n".join([*PARAGRAPHS[:2], *chosen, PARAGRAPHS[-1]])


def edits(text: str) -> Iterator[str]:
    """Endless distinct texts: `text` with one more word, different each time, typed at
    the end of its middle paragraph (the same length each time, so no text grows)."""
    breaks = [match.start() for match in re.finditer("\n\n", text)]
    at = breaks[len(breaks) // 2]
    for number in itertools.count():
        word = "".join(string.ascii_lowercase[number // 26**i % 26] for i in range(4))
        yield f"{text[:at]} ord{word}{text[at:]}"


CHECKS: dict[str, Callable[[str], object]] = {
    "baseline: re.findall(r'\\w+')": lambda text: re.findall(r"\w+", text),
    "lix": language.lix,
    "find_jargon": language.find_jargon,
    "find_subjective": language.find_subjective,
    "find_long_sentences": language.find_long_sentences,
    "find_long_paragraphs": language.find_long_paragraphs,
    "find_threats": language.find_threats,
    "find_early_legal_references": language.find_early_legal_references,
    "check_text(kind='letter')": lambda text: language.check_text(text, kind="letter"),
    "check_text(kind='note')": lambda text: language.check_text(text, kind="note"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=float, default=2)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--calls", type=int, default=100)
    options = parser.parse_args()

    text = letter(options.pages)
    fresh = edits(text)
    language.check_text(text, kind="letter")  # load the word lists: once per program run
    times: dict[str, list[float]] = {name: [] for name in CHECKS}
    for _ in range(options.rounds):
        # Interleaved, so that a slow moment of the machine hits every check alike.
        for name, check in CHECKS.items():
            texts = list(itertools.islice(fresh, options.calls))
            start = time.perf_counter()
            for each in texts:
                check(each)
            times[name].append((time.perf_counter() - start) / len(texts))

    medians = {name: statistics.median(values) for name, values in times.items()}
    baseline = medians[next(iter(CHECKS))]
    print(f"{len(text.split())} words, {len(text)} characters, {text.count(chr(10) * 2) + 1} "
          f"paragraphs; median of {options.rounds} rounds of {options.calls} calls")
    print(f"{'check':<32} {'ratio to baseline':>18}   (aside: ms per call)")
    for name, median in medians.items():
        print(f"{name:<32} {median / baseline:>18.1f}   ({median * 1000:.3f})")


if __name__ == "__main__":
    main()
