"""A crash-safe copy, on this computer, of a draft being typed (issue 10, R-NOTE-3).

The database keeps the draft (core/notes.py saves it every second), but a database can be
away: a colleague's long write holding SQLite's lock, a team's PostgreSQL restarting. While
it is, what the caseworker types would live only in the app's memory, and a crash would
lose it. So every change is also written here, within a second, whatever the database does:

- one file per draft, named after the database, the user and the thing typed about (the
  meeting), in the user's private state directory (paths.drafts_dir(), mode 0700);
- written atomically: a temporary file in the same directory, fsync, os.replace, fsync of
  the directory, so that after a crash or a power cut the file holds the old copy or the new
  one, never half of one; mode 0600;
- removed once the database holds the same content (`saved`), so a copy on disk always
  means "typed here and not (yet) in the database";
- read back when the draft is opened again (core/local_drafts.py decides whether it is newer
  than the database's); a file that cannot be read is a sentence (`CopyUnreadable`), never a
  crash, and is set aside rather than deleted.

Plain Python: no Textual, no database (the contract in pyproject.toml). The payload is the
draft as JSON (a dict); what it means is the caller's business.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from prepdesk.errors import UserError
from prepdesk.i18n import _

FORMAT = 1
DIRECTORY_MODE = 0o700
FILE_MODE = 0o600


class CopyUnreadable(UserError):
    """The copy on disk cannot be read (truncated, changed by hand, another format)."""


class CopyNotWritten(UserError):
    """The copy could not be written (disk full, a directory someone else owns)."""


@dataclass(frozen=True)
class KeptCopy:
    """What a copy on disk holds."""

    payload: dict[str, Any]  # the draft, as JSON
    typed_at: datetime  # when it was typed (the app's clock)
    base_version: int | None  # the database draft's version the typing window knew last


def copy_name(kind: str, database: str, user_id: int, item_id: int) -> str:
    """The file name of one draft's copy: which database (hashed: the name says nothing of
    the address), which user, which meeting (or other item)."""
    digest = hashlib.sha256(database.encode("utf-8")).hexdigest()[:16]
    return f"{kind}-{digest}-u{user_id}-{item_id}.json"


def private_directory(directory: Path) -> Path:
    """`directory`, made if missing, readable by this user only (0700). One that another
    user owns is refused: a copy of a citizen's notes must not be left where others read."""
    try:
        directory.mkdir(mode=DIRECTORY_MODE, parents=True, exist_ok=True)
        info = directory.stat()
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            raise CopyNotWritten(_(
                "The folder {folder} belongs to another user, so the notes are not copied to "
                "this computer. Tell IT.").format(folder=directory))
        if stat.S_IMODE(info.st_mode) != DIRECTORY_MODE:
            directory.chmod(DIRECTORY_MODE)
    except OSError as error:
        raise CopyNotWritten(_not_written(directory, error)) from None
    return directory


class DraftJournal:
    """The copy of one draft. Thread-safe: the screen writes from a worker thread while
    another thread saves to the database and reports back with `saved`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._written: dict[str, Any] | None = None  # what this process last wrote
        self._written_as: tuple[datetime, int | None] | None = None
        self._written_change: int | None = None  # the change number of what was written
        self._in_database: dict[str, Any] | None = None  # what the database holds
        self._in_database_change: int | None = None  # and its change number

    # --- writing -------------------------------------------------------------------------

    def write(self, payload: dict[str, Any], *, typed_at: datetime,
              base_version: int | None, change: int | None = None) -> bool:
        """Keep `payload` on disk (atomically). Nothing is written when it is what the
        database holds (an older copy is removed then) or what was written last. True when
        a file was written.

        `change` numbers the caller's snapshots in the order they were taken (1, 2, 3 ...
        as the text changed): a save of a later snapshot makes this copy redundant even
        when the two were written in the other order (see `saved`)."""
        with self._lock:
            if change is not None:
                if self._written_change is not None and change < self._written_change:
                    return False  # late: a later snapshot is on disk already
                if self._in_database_change is not None and change <= self._in_database_change:
                    return False  # the database holds this snapshot or a later one
            if payload == self._in_database:
                self._remove()
                return False
            if payload == self._written and self._written_as is not None \
                    and self._written_as[1] == base_version:
                return False
            self._write(payload, typed_at, base_version)
            self._written_change = change
            return True

    def saved(self, payload: dict[str, Any], *, version: int | None,
              change: int | None = None) -> None:
        """The database holds `payload` now, as the draft's `version` (the snapshot numbered
        `change`): the copy goes when it holds the same or an earlier snapshot; when it
        holds a later one (typed since), it stays and says it builds on `version` now."""
        with self._lock:
            self._in_database, self._in_database_change = payload, change
            earlier = (change is not None and self._written_change is not None
                       and self._written_change <= change)
            if self._written is None or self._written == payload or earlier:
                self._remove()
                return
            typed_at, base_version = self._written_as
            if base_version != version:
                self._write(self._written, typed_at, version)

    def discard(self) -> None:
        """The copy is not wanted any more (the notes were finished, or started over)."""
        with self._lock:
            self._remove()

    # --- reading -------------------------------------------------------------------------

    def read(self) -> KeptCopy | None:
        """The copy on disk, None when there is none; CopyUnreadable when it cannot be read."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise CopyUnreadable(_unreadable(self.path)) from error
        try:
            stored = json.loads(raw.decode("utf-8"))
            payload = stored["draft"]
            if (stored["format"] != FORMAT or not isinstance(payload, dict)
                    or stored["checksum"] != _checksum(payload)):
                raise ValueError("not a copy of this format, or changed")
            base_version = stored["base_version"]
            if base_version is not None and not isinstance(base_version, int):
                raise ValueError("base_version")
            typed_at = datetime.fromisoformat(stored["typed_at"])
        except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError):
            raise CopyUnreadable(_unreadable(self.path)) from None
        return KeptCopy(payload, typed_at, base_version)

    def set_aside(self) -> Path | None:
        """Rename an unreadable copy out of the way (kept for IT, never read again);
        where it went, or None when it could not be moved."""
        aside = self.path.with_name(self.path.name + ".unreadable")
        with self._lock:
            try:
                os.replace(self.path, aside)
            except OSError:
                return None
        return aside

    # --- internals -----------------------------------------------------------------------

    def _write(self, payload: dict[str, Any], typed_at: datetime,
               base_version: int | None) -> None:
        directory = private_directory(self.path.parent)
        data = json.dumps({"format": FORMAT, "typed_at": typed_at.isoformat(),
                           "base_version": base_version,
                           "checksum": _checksum(payload), "draft": payload},
                          ensure_ascii=True).encode("ascii")  # a lone surrogate too, escaped
        temporary = None
        try:
            handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{self.path.name}.",
                                                 suffix=".tmp")
            with os.fdopen(handle, "wb") as file:
                os.fchmod(file.fileno(), FILE_MODE)
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.path)
            temporary = None
            _sync_directory(directory)
        except OSError as error:
            raise CopyNotWritten(_not_written(directory, error)) from None
        finally:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
        self._written, self._written_as = payload, (typed_at, base_version)

    def _remove(self) -> None:
        self._written = self._written_as = self._written_change = None
        try:
            self.path.unlink()
        except FileNotFoundError:
            return
        except OSError as error:
            raise CopyNotWritten(_not_written(self.path.parent, error)) from None
        _sync_directory(self.path.parent)


def _checksum(payload: dict[str, Any]) -> str:
    canonical = json.dumps(payload, ensure_ascii=True, sort_keys=True)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def _sync_directory(directory: Path) -> None:
    """Make a rename or removal in `directory` survive a power cut (POSIX; a no-op where a
    directory cannot be opened)."""
    try:
        handle = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _unreadable(path: Path) -> str:
    return _("The copy of your typing kept on this computer ({file}) cannot be read, so the "
             "draft from the database is shown. The file is kept for IT.").format(file=path)


def _not_written(directory: Path, error: OSError) -> str:
    return _("Your typing could not be copied to this computer ({problem} in {folder}). The "
             "notes are still saved in the database while it answers; free some space or tell "
             "IT.").format(problem=error.strerror or error, folder=directory)
