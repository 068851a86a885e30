"""Search keys for names and texts (R-FILE-1, R-RULE-2).

Caseworkers type on any keyboard: `moller` must find Møller and `aa` must find å, so
both the stored key and the query are folded the same way.
"""

import re
import unicodedata

# Danish letters first, as their conventional two-letter spellings; then accents go.
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case ASCII-ish key: 'Søren Ærø-Åberg' -> 'soeren aeroe-aaberg'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_DANISH))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACE.sub(" ", stripped.casefold()).strip()
