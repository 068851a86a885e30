"""`prepdesk demo --scale large` opens the app at once on a large demo written today; the
terminal's progress bar is for building it (issue 17, item 1)."""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime

import pytest

from prepdesk import cli
from prepdesk.paths import data_dir


def test_only_a_large_demo_written_today_skips_the_terminal_build(
        monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[str] = []
    opened: list[str] = []
    monkeypatch.setattr("prepdesk.demo.build.build_demo_from_cli",
                        lambda *, scale, fresh: built.append(scale))
    monkeypatch.setattr(cli, "_open_app", lambda **options: opened.append(options["demo"]) or 0)
    assert cli.main(["demo", "--scale", "large"]) == 0  # no demo yet: built in the terminal
    assert built == ["large"]
    path = data_dir() / "demo-large.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    assert cli.main(["demo", "--scale", "large"]) == 0
    assert built == ["large"]  # written today: the app checks it
    yesterday = time.time() - 24 * 3600
    os.utime(path, (yesterday, yesterday))
    assert cli.main(["demo", "--scale", "large"]) == 0
    assert built == ["large", "large"]
    assert opened == ["large"] * 3


def test_written_today_is_the_danish_day() -> None:
    """Built at 23.30 UTC, a demo is from the next day in Copenhagen, as its data says: a
    look at the file by the machine's UTC day found it old and took the slow way to the app
    (the build's own check, about 0.6 s before the first paint) all that day."""
    path = data_dir() / "demo-large.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    late = datetime(2026, 12, 6, 23, 30, tzinfo=UTC).timestamp()
    os.utime(path, (late, late))
    assert cli._written_today("large", today=date(2026, 12, 7))
    assert not cli._written_today("large", today=date(2026, 12, 6))


@pytest.mark.parametrize("argv", [["demo", "--user", "JBA"], ["--user", "JBA", "demo"]])
def test_the_demo_opens_as_the_user_named_before_or_after_demo(
        monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> None:
    """`prepdesk --user JBA demo` opened as the demo caseworker without a word, and
    `prepdesk demo --user JBA` was refused."""
    opened: list[dict] = []
    monkeypatch.setattr(cli, "_open_app", lambda **options: opened.append(options) or 0)
    assert cli.main(argv) == 0
    assert opened == [{"demo": "small", "login": "JBA", "role": None}]


def test_the_demo_opens_by_role_without_a_user(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[dict] = []
    monkeypatch.setattr(cli, "_open_app", lambda **options: opened.append(options) or 0)
    assert cli.main(["demo", "--as", "teamlead"]) == 0
    assert opened == [{"demo": "small", "login": None, "role": "team_lead"}]


def test_fresh_builds_anew_a_demo_file_that_is_no_database(monkeypatch: pytest.MonkeyPatch) -> None:
    """--fresh said "builds anew", yet refused the demo's own damaged file with advice to
    point database_url elsewhere or move the file away."""
    from prepdesk.data import db
    from prepdesk.demo import build
    from prepdesk.errors import UserError

    own = data_dir() / "demo-small.sqlite"
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_bytes(b"no database" * 100)
    own.with_name(own.name + "-wal").write_bytes(b"x")
    real, there = db.open_engine, []

    def open_engine(url: str):  # the real check, seen from outside
        there.append(own.exists())
        return real(url)

    monkeypatch.setattr(db, "open_engine", open_engine)
    monkeypatch.setattr(build, "_needs_build", lambda *args, **kwargs: False)
    monkeypatch.setattr(build, "_print_meeting_day", lambda today: None)
    with pytest.raises(UserError):
        build.build_demo_from_cli(scale="small", fresh=False)
    build.build_demo_from_cli(scale="small", fresh=True)
    assert there == [True, True, False]
    assert not own.with_name(own.name + "-wal").exists()
