"""A large index kept in a file on disk and mapped, not in the heap (issue 17).

A search index is mostly a few dozen large arrays (postings, columns by record id) and
packed strings; a search reads a small part of them. `dump(index, stream, file)` pickles
the index to `stream` as usual but for its arrays and byte strings of `AT_LEAST` bytes
or more, which go into `file` (8-byte aligned) with only their place in the pickle.
`load(pickled, file)` maps the file read-only and unpickles the index with a memoryview
of the file for each of those (cast to the array's type): indexing, slicing, `len`,
iteration and `bisect` work as on the array; nothing may change them (the indexes copy a
column before they change it: `owned`).

Only the pages a search touches are then in the app's memory, and the kernel may drop
them again when memory is short, since they are on disk. For that, the file is written
out and dropped from the page cache once it is complete (`finish`), and mapped for
random access: from the page cache just written, a first touch mapped whole large folios
(a megabyte touched in 64 places mapped all 64 MiB on this machine's ext4), and
read-ahead does the same.

The file has no name (`unnamed_file`): it goes with the last map of it, and a crash
leaves nothing behind to be found stale. A file that does not hold what the pickle says
(cut short, another file) raises `ValueError` at `load`: the caller builds the index in
its own process instead (core/apart.py).
"""

from __future__ import annotations

import io
import mmap
import os
import pickle
import tempfile
from array import array
from typing import IO, Any

from prepdesk.paths import cache_dir

AT_LEAST = 1 << 12  # bytes (a page): an array or byte string smaller than this stays in the pickle
_ALIGN = 8
_MAGIC = b"prepdesk mapped index 1\n"


def unnamed_file() -> IO[bytes] | None:
    """A file with no name in PrepDesk's cache directory, on disk (the temporary
    directory may be in memory: tmpfs), for the arrays of one index; None when the cache
    directory cannot hold one."""
    try:
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        return tempfile.TemporaryFile(dir=folder)
    except OSError:
        return None


class _Writer(pickle.Pickler):
    def __init__(self, stream: IO[bytes], file: IO[bytes]) -> None:
        super().__init__(stream, protocol=pickle.HIGHEST_PROTOCOL)
        self._file = file
        self._at = len(_MAGIC)
        file.write(_MAGIC)

    def persistent_id(self, obj: Any) -> tuple[str, str, int, int] | None:
        kind = type(obj)
        if kind is array:
            size = obj.itemsize * len(obj)
            if size >= AT_LEAST:
                return ("array", obj.typecode, self._put(obj), len(obj))
        elif kind is bytes and len(obj) >= AT_LEAST:
            return ("bytes", "B", self._put(obj), len(obj))
        return None

    def _put(self, data: Any) -> int:
        at = self._at
        self._file.write(data)
        self._at += memoryview(data).nbytes
        padding = -self._at % _ALIGN
        self._file.write(bytes(padding))
        self._at += padding
        return at


class _Reader(pickle.Unpickler):
    def __init__(self, stream: IO[bytes], view: memoryview) -> None:
        super().__init__(stream)
        self._view = view

    def persistent_load(self, pid: Any) -> memoryview:
        kind, typecode, at, count = pid
        itemsize = array(typecode).itemsize
        end = at + itemsize * count
        if kind not in ("array", "bytes") or at < len(_MAGIC) or at % _ALIGN \
                or end > len(self._view):
            raise ValueError(f"the index's file does not hold {pid!r}")
        part = self._view[at:end]
        return part if kind == "bytes" else part.cast(typecode)


def dump(obj: Any, stream: IO[bytes], file: IO[bytes]) -> None:
    """Pickle `obj` to `stream`, its large arrays and byte strings to `file`."""
    _Writer(stream, file).dump(obj)
    finish(file)


def finish(file: IO[bytes]) -> None:
    """Write `file` out and drop it from the page cache, so that a map of it reads each
    page when it is touched (see the module's docstring). Where the system cannot
    (no `posix_fadvise`), the map still works; more of it may be resident."""
    file.flush()
    fadvise = getattr(os, "posix_fadvise", None)
    if fadvise is None:
        return
    os.fdatasync(file.fileno())  # only pages written out can be dropped
    fadvise(file.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)


def load(pickled: bytes | bytearray, file: IO[bytes]) -> Any:
    """The object `dump` wrote, its large arrays and byte strings mapped from `file`.
    ValueError when the file is not what the pickle says."""
    size = os.fstat(file.fileno()).st_size
    if size < len(_MAGIC):
        raise ValueError("the index's file is empty")
    mapping = mmap.mmap(file.fileno(), size, access=mmap.ACCESS_READ)
    if hasattr(mapping, "madvise") and hasattr(mmap, "MADV_RANDOM"):
        mapping.madvise(mmap.MADV_RANDOM)  # no read-ahead: only the pages touched
    view = memoryview(mapping)
    if view[: len(_MAGIC)] != _MAGIC:
        raise ValueError("the index's file is not one of PrepDesk's")
    return _Reader(io.BytesIO(pickled), view).load()


def owned(column: Any) -> array:
    """An array with `column`'s values that may be changed: a copy of an array, or of a
    mapped one (a read-only memoryview)."""
    if type(column) is array:
        return column[:]
    copy = array(column.format)
    copy.frombytes(column.cast("B"))
    return copy
