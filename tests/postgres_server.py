"""A throwaway PostgreSQL server for the test session.

The suite starts its own cluster in a temporary directory so that data tests run on a
real PostgreSQL without any set-up by the developer and without touching a server they
may already run. PostgreSQL refuses to run as root, so as root the cluster belongs to the
unprivileged `postgres` user.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg

SUPERUSER = "postgres"
HOST = "127.0.0.1"

# Durability is worthless for a throwaway cluster: skip every flush to disk.
_FAST_SETTINGS = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"


def find_bin_dir() -> Path | None:
    """The directory holding pg_ctl and initdb: PATH first, else the newest Debian install."""
    on_path = shutil.which("pg_ctl")
    if on_path and (Path(on_path).resolve().parent / "initdb").exists():
        return Path(on_path).resolve().parent
    installed = [
        path for path in map(Path, glob.glob("/usr/lib/postgresql/*/bin"))
        if (path / "pg_ctl").exists() and (path / "initdb").exists()
    ]
    return max(installed, key=lambda path: _version_key(path.parent.name), default=None)


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def _memory_dir() -> str | None:
    """A RAM-backed folder for the cluster when there is one, else the default temp folder.

    Measured here: CREATE DATABASE takes ~220 ms on the ext4 disk even with fsync off, and
    ~12 ms on tmpfs.
    """
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK) else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _port_taken(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind((HOST, port))
        except OSError:
            return True
        return False


class PostgresServer:
    """One cluster: `start()` it, `create_database()` per test, `stop()` at the end."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="prepdesk-pg-", dir=_memory_dir()))
        self.data_dir = self.root / "data"
        self.socket_dir = self.root / "socket"
        self.log_file = self.root / "server.log"
        self.port = _free_port()
        self._admin: psycopg.Connection | None = None
        self._names = itertools.count(1)
        self.template: str | None = None  # a migrated database to copy (migrated_template.py)
        self._as_user: list[str] = []
        self._options = ""  # the server's options, to start it again after `pause()`
        if os.geteuid() == 0:
            self._as_user = ["runuser", "-u", SUPERUSER, "--"]

    def start(self) -> None:
        self.socket_dir.mkdir()
        if self._as_user:
            # mkdtemp makes the directory 0700 for root; the server's user must own it all.
            shutil.chown(self.root, SUPERUSER)
            shutil.chown(self.socket_dir, SUPERUSER)
        self._run("initdb", "-D", str(self.data_dir), "-U", SUPERUSER, "--auth=trust",
                  "--encoding=UTF8", "--locale=C", "--no-sync")
        # Each pytest-xdist worker starts its own cluster (its own directory and socket).
        # A free port may be taken by another worker's server between the probe and the
        # start: then try another one.
        for attempt in range(5):
            options = f"-h {HOST} -p {self.port} -k {self.socket_dir} {_FAST_SETTINGS}"
            try:
                # -w waits until the server accepts connections (or the timeout passes).
                self._run("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data_dir),
                          "-l", str(self.log_file), "-o", options)
                self._options = options
                break
            except RuntimeError:
                if attempt == 4 or not _port_taken(self.port):
                    raise
                self.port = _free_port()
        self._admin = psycopg.connect(
            host=HOST, port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True
        )

    def stop(self) -> None:
        """Stop the server and remove its directory; safe to call after a failed start."""
        if self._admin is not None:
            self._admin.close()
            self._admin = None
        if (self.data_dir / "postmaster.pid").exists():
            with contextlib.suppress(RuntimeError):
                self._run("pg_ctl", "stop", "-m", "immediate", "-D", str(self.data_dir))
        shutil.rmtree(self.root, ignore_errors=True)

    def pause(self) -> None:
        """Stop the server, keeping its data: a database outage (tests/e2e/test_crash_recovery.py).
        Every client is disconnected; `resume()` starts it again on the same port."""
        if self._admin is not None:
            self._admin.close()
            self._admin = None
        self._run("pg_ctl", "stop", "-w", "-m", "fast", "-D", str(self.data_dir))

    def resume(self) -> None:
        self._run("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data_dir),
                  "-l", str(self.log_file), "-o", self._options)
        self._admin = psycopg.connect(
            host=HOST, port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True
        )

    def create_database(self) -> str:
        """Create an empty database and return its name."""
        assert self._admin is not None, "start() the server first"
        name = f"test_{os.getpid()}_{next(self._names)}"
        self._admin.execute(f'CREATE DATABASE "{name}"')
        return name

    def recreate_database(self, name: str, *, template: str) -> None:
        """Make the database `name` anew as a copy of `template` (which nobody may be
        connected to)."""
        assert self._admin is not None
        self.drop_database(name)
        self._admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')

    def drop_database(self, name: str) -> None:
        assert self._admin is not None
        # FORCE: a test that failed may have left connections open.
        self._admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@{HOST}:{self.port}/{database}"

    def _run(self, program: str, *args: str) -> None:
        command = [*self._as_user, str(self.bin_dir / program), *args]
        # Variables like PGDATA or PGPORT from the developer's shell must not steer the tools.
        env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
        result = subprocess.run(command, env=env, cwd=self.root, capture_output=True, text=True)
        if result.returncode != 0:
            log = self.log_file.read_text(errors="replace") if self.log_file.exists() else ""
            raise RuntimeError(
                f"{program} failed ({result.returncode}): {result.stdout}{result.stderr}{log}"
            )
