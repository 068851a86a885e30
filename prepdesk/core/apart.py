"""Building a large index in a process of its own, so the app keeps only the index (issue 17).

A build makes millions of small objects (terms, postings growing term by term, stems) and
lets nearly all of them go. Python keeps its small objects in arenas of 1 MiB and gives an
arena back only when every object in it is gone: what the index keeps, allocated among
the build's temporaries, held 27 arenas (24 MiB) for 2.7 MB of objects after a build of
the large demo's 100,000 rulings, for the rest of the app's life, and the app grew by the
build's peak while it ran.

`built_apart(build, material)` runs `build(material)` in a fresh Python (the same
interpreter and the same prepdesk) and reads the result back: the app's heap only ever
holds the finished index, unpickled into objects allocated one after the other. Both
`build` and `material` travel by pickle (a module-level function or a class's method, and
packed rows: `ruling_search._Rows`), as does the result. The child reads everything it is
given before it starts, ends when the app does (Linux: the parent's death signal; anywhere:
a write to a closed pipe), and its failure, whatever it is, falls back to the build in
this process, with a line in the log.

With `mapped=True`, the result's large arrays do not come back through the pipe: the
child writes them to an unnamed file the app made in its cache directory and hands it as a
file descriptor, and the app maps the file (core/mapped.py). A file that cannot be made
(no cache directory) sends them in the pickle; one that cannot be mapped, a build here.

Small material (tests, the small demo) is built here: starting a Python and importing
the index's code costs about half a second of CPU, more than the build saves.
"""

from __future__ import annotations

import ctypes
import io
import logging
import os
import pickle
import signal
import struct
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Sized
from contextlib import nullcontext
from pathlib import Path
from typing import Any, TypeVar

import prepdesk
from prepdesk.core.mapped import dump as dump_mapped
from prepdesk.core.mapped import load as load_mapped
from prepdesk.core.mapped import unnamed_file

log = logging.getLogger(__name__)

Material = TypeVar("Material")
Built = TypeVar("Built")

AT_LEAST = 20_000  # records (len of the material) from which a build goes to a child
_HEADER = struct.Struct("<Q")  # the length of the pickled result, before it
_PR_SET_PDEATHSIG = 1  # prctl's option (linux/prctl.h)
_SOURCE_ROOT = str(Path(prepdesk.__file__).resolve().parent.parent)
_children: set[subprocess.Popen[bytes]] = set()
_stopped: set[subprocess.Popen[bytes]] = set()  # of _children, those stop_children ended
_children_lock = threading.Lock()


class Stopped(Exception):
    """The build was stopped: the app closed meanwhile (`stop_children`)."""


def built_apart(build: Callable[[Material], Built], material: Material, *,
                at_least: int = AT_LEAST, mapped: bool = False) -> Built:
    """`build(material)`, run in a child process when the material has `at_least`
    records (`len`; 0: always), else here; here too when the child fails. `Stopped`
    when `stop_children` ended it. With `mapped`, the result's large arrays come back
    in a file on disk, mapped, not in the heap (core/mapped.py): read-only."""
    if at_least and (not isinstance(material, Sized) or len(material) < at_least):
        return build(material)
    try:
        return _in_child(build, material, mapped=mapped)
    except Stopped:
        raise
    except Exception as error:  # the child's failure is never the caseworker's problem
        log.warning("the index was built in the app's own process (%s)", error)
        return build(material)


def stop_children() -> None:
    """End the builds running in children: the app closes (on Linux they would end
    with the process; a test's app ends, and its process goes on)."""
    with _children_lock:
        running = list(_children)
        _stopped.update(running)
    for child in running:
        if child.poll() is None:
            child.kill()


def _in_child(build: Callable[[Material], Built], material: Material, *,
              mapped: bool = False) -> Built:
    # The material's large buffers (the rows' text) go as they are, not copied into the
    # pickle: pickle's protocol 5 hands them out of band.
    buffers: list[pickle.PickleBuffer] = []
    request = pickle.dumps((build, *_parts_of(material)), protocol=5,
                           buffer_callback=buffers.append)
    parts = [memoryview(request), *(buffer.raw() for buffer in buffers)]
    # None: they come in the pickle (Windows cannot hand a child a file descriptor).
    arrays = unnamed_file() if mapped and os.name == "posix" else None
    with tempfile.TemporaryFile() as errors, arrays or nullcontext():
        passed = () if arrays is None else (arrays.fileno(),)
        command = [sys.executable, "-c",
                   f"import sys; sys.path.insert(0, {_SOURCE_ROOT!r}); "
                   f"from prepdesk.core.apart import _child_main; "
                   f"_child_main({os.getpid()}, {passed[0] if passed else -1})"]
        child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=errors, close_fds=True, pass_fds=passed)
        with _children_lock:
            _children.add(child)
        try:
            assert child.stdin is not None and child.stdout is not None
            with child.stdin:
                child.stdin.write(_HEADER.pack(len(parts)))
                for part in parts:
                    child.stdin.write(_HEADER.pack(part.nbytes))
                for part in parts:
                    child.stdin.write(part)
            del request, parts, buffers
            with child.stdout:
                result = _read_result(child.stdout)
            child.wait()
        finally:
            with _children_lock:
                _children.discard(child)
                stopped = child in _stopped
                _stopped.discard(child)
            if child.poll() is None:
                child.kill()
                child.wait()
        if stopped:
            raise Stopped
        if child.returncode != 0 or result is None:
            errors.seek(0)
            said = errors.read()[-2000:].decode(errors="replace").strip()
            raise RuntimeError(f"the build's process ended with {child.returncode}: {said}")
        return pickle.loads(result) if arrays is None else load_mapped(result, arrays)


def _parts_of(material: Any) -> tuple[type | None, Any]:
    """(its class, its attributes) for an object with attributes, its large bytearrays
    (the rows' text: `ruling_search._Rows`) as buffers pickle hands out of band, not copied
    into the pickle; (None, material) for anything else."""
    if not hasattr(material, "__dict__"):
        return None, material
    return type(material), {
        name: pickle.PickleBuffer(value) if type(value) is bytearray and len(value) >= 1 << 16
        else value for name, value in vars(material).items()}


def _made_of(kind: type | None, parts: Any) -> Any:
    if kind is None:
        return parts
    made = kind.__new__(kind)
    made.__dict__.update(parts)
    return made


def _read_number(stream: Any) -> int | None:
    header = stream.read(_HEADER.size)
    return _HEADER.unpack(header)[0] if len(header) == _HEADER.size else None


def _read_result(stream: Any) -> bytearray | None:
    """The pickled result, read into one buffer of its size (no chunks to join)."""
    size = _read_number(stream)
    return None if size is None else _read_exactly(stream, size)


def _read_exactly(stream: Any, size: int) -> bytearray | None:
    result = bytearray(size)
    view, at = memoryview(result), 0
    while at < size:
        got = stream.readinto(view[at:])
        if not got:
            return None
        at += got
    view.release()
    return result


def _child_main(parent: int, arrays: int = -1) -> None:
    """The child: read (build, material), build, write the result, exit. With `arrays`
    (a file descriptor), the result's large arrays go there (core/mapped.py)."""
    _die_with_parent()
    if os.getppid() != parent:  # the app ended before the signal was asked for
        os._exit(1)
    stream = sys.stdin.buffer
    count = _read_number(stream) or 0
    sizes = [_read_number(stream) or 0 for _ in range(count)]
    parts = [_read_exactly(stream, size) for size in sizes]
    if any(part is None for part in parts):
        os._exit(1)  # the app ended while it sent
    build, kind, state = pickle.loads(parts[0], buffers=parts[1:])
    material = _made_of(kind, state)
    del parts, state
    built = build(material)
    if arrays < 0:
        result = pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL)
    else:
        pickled = io.BytesIO()
        with os.fdopen(arrays, "wb") as file:
            dump_mapped(built, pickled, file)
        result = pickled.getvalue()
    out = sys.stdout.buffer
    out.write(_HEADER.pack(len(result)))
    out.write(result)
    out.flush()
    os._exit(0)  # nothing to tidy: skip freeing a heap that is about to go


def _die_with_parent() -> None:
    try:
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError, TypeError):  # not Linux: the closed pipe ends it
        pass
