"""The compact columns and the heap settings of the search indexes (issue 17)."""

import platform
import subprocess
import sys

import pytest

from prepdesk.core.packed import CompressedStrings, PackedStrings

# Raises glibc's thresholds as the app's first index build did (a large block freed), then
# makes and lets go of 30 MB of score dicts, as a dozen keystrokes of a ruling search do,
# and prints how much larger the process stayed.
_SEARCHES = """
import sys
from prepdesk.core.packed import return_large_blocks
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
big = bytearray(8 * 2**20); del big
if sys.argv[1] == "yes":
    return_large_blocks()
before = rss()
held = [dict.fromkeys(range(n * 10_000, (n + 1) * 10_000), 0.5) for n in range(100)]
small = [str(n) for n in range(1000)]  # something kept, made after
del held
print(rss() - before)
"""


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc" or not sys.platform.startswith("linux"),
                    reason="glibc's malloc on Linux")
def test_what_a_search_lets_go_is_given_back():
    grown = {setting: int(subprocess.run([sys.executable, "-c", _SEARCHES, setting],
                                         check=True, capture_output=True, text=True).stdout)
             for setting in ("no", "yes")}
    assert grown["no"] > 10 * 2**20  # glibc keeps it: the test can tell
    assert grown["yes"] < 6 * 2**20, grown


def test_packed_strings_give_each_id_its_text_and_changes_leave_the_original():
    strings = PackedStrings()
    for record_id, text in [(3, "Søren Møller"), (1, ""), (7, "[b]§ 27 – “sag”\n")]:
        strings.put(record_id, text)
    packed = strings.packed(8)
    assert [packed[i] for i in (3, 1, 7)] == ["Søren Møller", "", "[b]§ 27 – “sag”\n"]
    changed = packed.with_changes({3: "Søren Bøgh", 9: "ny"})
    assert (changed[3], changed[9], changed[7]) == ("Søren Bøgh", "ny", "[b]§ 27 – “sag”\n")
    assert packed[3] == "Søren Møller"


def test_compressed_strings_read_back_across_blocks_and_changes():
    strings = CompressedStrings()
    texts = {record_id: f"Afgørelse {record_id} om § {record_id % 90} – “sygedagpenge”"
             for record_id in range(1, 3 * CompressedStrings.BLOCK + 5)}
    texts[40] = ""
    texts[41] = "x" * 100_000
    for record_id, text in texts.items():
        strings.put(record_id, text)
    packed = strings.packed(max(texts) + 1)
    assert len(packed.ends) == 4  # blocks
    assert all(packed[record_id] == text for record_id, text in texts.items())
    changed = packed.with_changes({5: "ny titel"})
    assert changed[5] == "ny titel" and packed[5] == texts[5] and changed[6] == texts[6]
