"""Compact columns for the search indexes kept in memory (issue 17).

A Python object per record costs 50-100 bytes before its data: at 100,000 rulings and
50,000 citizens the indexes' dicts of small objects were most of the app's memory. These
columns keep one value per record id in an array, strings in one UTF-8 buffer.
"""

from __future__ import annotations

import ctypes
import gc
import zlib
from array import array
from itertools import accumulate


def grown(column: array, size: int) -> None:
    """`column` made at least `size` long (zeros added), doubling, as a list grows."""
    if len(column) < size:
        column.frombytes(bytes(column.itemsize * max(size - len(column), len(column))))


class PackedStrings:
    """A string per id, packed in one UTF-8 buffer with each id's start and size: a str
    object per record cost 50 bytes besides its text. Strings set after `packed` (a
    changed record) are kept aside, in `changed`; `None` there means no string."""

    __slots__ = ("blob", "starts", "sizes", "changed")

    def __init__(self) -> None:
        self.blob: bytes | bytearray = bytearray()
        self.starts, self.sizes = array("I"), array("I")
        self.changed: dict[int, str] = {}

    def put(self, record_id: int, text: str) -> None:
        """While building: `text` for `record_id`."""
        data = text.encode()
        grown(self.starts, record_id + 1)
        grown(self.sizes, record_id + 1)
        self.starts[record_id], self.sizes[record_id] = len(self.blob), len(data)
        self.blob += data

    def packed(self, size: int) -> PackedStrings:
        """Done building: ids below `size`."""
        self.blob = bytes(self.blob)
        del self.starts[size:], self.sizes[size:]
        return self

    def with_changes(self, changes: dict[int, str]) -> PackedStrings:
        """A copy with these strings changed; the buffer is shared."""
        new = PackedStrings.__new__(PackedStrings)
        new.blob, new.starts, new.sizes = self.blob, self.starts, self.sizes
        new.changed = {**self.changed, **changes}
        return new

    def __getitem__(self, record_id: int) -> str:
        text = self.changed.get(record_id)
        if text is None:
            start = self.starts[record_id]
            text = str(self.blob[start : start + self.sizes[record_id]], "utf-8")
        return text



class CompressedStrings:
    """Strings per id as `PackedStrings`, compressed (zlib) in blocks of `BLOCK` strings
    in the order they were put: rulings' titles repeat their words, and a block is a
    fraction of their size. Reading one decompresses its block (microseconds): right for
    the few dozen a search shows, not for a scan of all. Once packed, the blocks follow
    each other in one buffer (`blob`, block k ending at `ends[k]`): a bytes object per
    block cost 33 bytes and stayed in the heap where the index's file maps the rest
    (core/mapped.py)."""

    BLOCK = 32
    __slots__ = ("blocks", "blob", "ends", "block_of", "starts", "sizes", "changed",
                 "_pending", "_in_block")

    def __init__(self) -> None:
        self.blocks: list[bytes] = []  # while building
        self.blob: bytes | memoryview = b""
        self.ends = array("I")
        self.block_of, self.starts, self.sizes = array("I"), array("I"), array("I")
        self.changed: dict[int, str] = {}
        self._pending, self._in_block = bytearray(), 0

    def put(self, record_id: int, text: str) -> None:
        """While building: `text` for `record_id`."""
        data = text.encode()
        for column in (self.block_of, self.starts, self.sizes):
            grown(column, record_id + 1)
        self.block_of[record_id] = len(self.blocks)
        self.starts[record_id], self.sizes[record_id] = len(self._pending), len(data)
        self._pending += data
        self._in_block += 1
        if self._in_block == self.BLOCK:
            self._close_block()

    def _close_block(self) -> None:
        self.blocks.append(zlib.compress(bytes(self._pending)))
        self._pending, self._in_block = bytearray(), 0

    def packed(self, size: int) -> CompressedStrings:
        """Done building: ids below `size`."""
        if self._in_block:
            self._close_block()
        for column in (self.block_of, self.starts, self.sizes):
            del column[size:]
        self.blob, self.ends = b"".join(self.blocks), array("I", accumulate(map(len, self.blocks)))
        self.blocks = []
        return self

    def with_changes(self, changes: dict[int, str]) -> CompressedStrings:
        """A copy with these strings changed; the blocks are shared."""
        new = CompressedStrings.__new__(CompressedStrings)
        new.blocks, new.blob, new.ends, new.block_of = [], self.blob, self.ends, self.block_of
        new.starts, new.sizes = self.starts, self.sizes
        new.changed = {**self.changed, **changes}
        new._pending, new._in_block = bytearray(), 0
        return new

    def __getitem__(self, record_id: int) -> str:
        text = self.changed.get(record_id)
        if text is None:
            number = self.block_of[record_id]
            block = zlib.decompress(
                self.blob[self.ends[number - 1] if number else 0 : self.ends[number]])
            start = self.starts[record_id]
            text = block[start : start + self.sizes[record_id]].decode()
        return text


def give_back_memory() -> None:
    """Hand the memory freed after building an index back to the operating system.

    A build reads every text once and lets it go; glibc keeps what was freed for later
    (the long texts are not Python's small objects), so the process stayed the size of
    the build's peak. `malloc_trim` returns it; elsewhere than glibc, nothing happens.

    First, a full collection: it empties Python's free lists, which keep up to 2,000
    tuples of each length (and floats, dicts, lists) of the last ones a build let go,
    spread over the arenas of 1 MiB its temporaries filled, each arena kept while one
    of them is in it (issue 17: 5 MiB after the citizen index of 50,000 citizens).
    Tens of milliseconds, once per build, in the build's thread."""
    gc.collect()
    try:
        libc = ctypes.CDLL(None)
        trim = libc.malloc_trim
    except (OSError, AttributeError, TypeError):  # not glibc (macOS, musl, Windows)
        return
    trim(0)


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # mallopt's parameters (glibc's malloc.h)
LARGE_BLOCK = 128 * 1024
_returning = False


def return_large_blocks() -> None:
    """Have glibc hand blocks of `LARGE_BLOCK` and more back to the operating system as
    soon as they are freed, for the rest of the process.

    Each keystroke of a search makes dicts of tens of thousands of scores and lets them
    go. glibc raises its thresholds as such blocks come and go and then keeps them: after
    a dozen searches the app was 25 MB larger (issue 17). Fixed thresholds keep it at its
    size, for a few page faults per search. Called by the search indexes' owners (the
    workspace's ruling library and citizen index); elsewhere than glibc, nothing happens."""
    global _returning
    if _returning:
        return
    _returning = True
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, TypeError):  # not glibc (macOS, musl, Windows)
        return
    mallopt(_M_MMAP_THRESHOLD, LARGE_BLOCK)
    mallopt(_M_TRIM_THRESHOLD, LARGE_BLOCK)
