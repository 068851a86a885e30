"""The Danish stemmer is the Snowball package's, read alone (core/danish_stemmer.py, issue
17): the same stems, without the package's 38 other languages (tests/test_startup_imports.py)."""

from __future__ import annotations

import snowballstemmer

from prepdesk.core.danish_stemmer import _alone, danish_stemmer
from prepdesk.core.search import fold

WORDS = ("revurderingen fleksjobbet sygedagpengene arbejdsevnen lægeerklæringerne "
         "ressourceforløbet kommunens afgørelsen jobafklaringsforløb ledighedsydelsen "
         "beskæftigelsesindsatsen tilbagebetaling børnene undervisningen ankestyrelsens "
         "hjælpemidler merudgifter boligstøtten førtidspensionen sanktionerne").split()


def test_the_stemmer_read_alone_stems_as_the_packages() -> None:
    ours, theirs = _alone(), snowballstemmer.stemmer("danish")
    words = [*WORDS, *(fold(word) for word in WORDS)]
    assert type(ours).__module__ == "_prepdesk_snowball.danish_stemmer"
    assert [ours.stemWord(word) for word in words] == [theirs.stemWord(word) for word in words]
    assert danish_stemmer().stemWord("fleksjobbet") == "fleksjob"
