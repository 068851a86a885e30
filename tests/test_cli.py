"""The `prepdesk` command line: Danish, described, quiet in a pipe, and on the demo
(issue 11, items 10 and 17)."""

from __future__ import annotations

import argparse
import ast
import inspect
import os
import re
import subprocess
import sys
from dataclasses import replace
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from prepdesk import __version__, cli_messages
from prepdesk.cli import EXIT_BROKEN_PIPE, main
from prepdesk.demo import build as demo_build
from prepdesk.paths import data_dir

REPO = Path(__file__).resolve().parents[1]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """main(argv) as the shell runs it: the exit code, stdout and stderr."""
    try:
        code = main(list(argv))
    except SystemExit as exit:
        code = exit.code
    out, err = capsys.readouterr()
    return code, out, err


# --- Danish, argparse's words too ------------------------------------------------------------


def test_help_is_danish(capsys) -> None:
    code, out, _err = run(capsys, "--help")
    assert code == 0
    assert out.startswith("brug: prepdesk")
    for danish in ("argumenter:", "tilvalg:", "vis denne hjælp og afslut", "kommando"):
        assert danish in out
    for english in ("usage:", "positional arguments", "options:", "show this help"):
        assert english not in out


@pytest.mark.parametrize(("argv", "sentence"), [
    (["outbox", "frob"], "prepdesk outbox: fejl: argumentet handling: ugyldigt valg: 'frob' "
                         "(vælg mellem 'list', 'retry', 'send')"),
    (["frob"], "prepdesk: fejl: argumentet kommando: ugyldigt valg: 'frob'"),
    (["secret"], "prepdesk secret: fejl: disse argumenter mangler: handling"),
    (["outbox", "retry", "x"], "fejl: argumentet ID: 'x' er ikke et helt tal fra 1 til "),
    (["outbox", "retry", "9" * 30], "fejl: argumentet ID: '999999999999999999999999999999' er "
                                     "ikke et helt tal fra 1 til 9223372036854775807."),
    (["portal", "--port", "99999"], "fejl: argumentet --port: '99999' er ikke et helt tal fra 1 "
                                    "til 65535."),
    (["portal", "--workers", "0"], "fejl: argumentet --workers: '0' er ikke et helt tal fra 1 "
                                   "til 64."),
    (["--user"], "prepdesk: fejl: argumentet --user: forventede ét argument"),
    (["doctor", "--frob"], "prepdesk: fejl: ukendte argumenter: --frob"),
])
def test_mistakes_are_told_in_danish(capsys, argv, sentence) -> None:
    code, _out, err = run(capsys, *argv)
    assert code == 2
    assert err.startswith("brug: prepdesk")
    assert sentence in err


def test_english_when_the_language_is_english(capsys, monkeypatch) -> None:
    monkeypatch.setenv("PREPDESK_LANGUAGE", "en")
    code, _out, err = run(capsys, "outbox", "frob")
    assert code == 2
    assert "usage: prepdesk outbox" in err and "error: argument action: invalid choice" in err


def test_parsing_leaves_the_process_language_as_it_was(capsys, monkeypatch) -> None:
    import gettext

    monkeypatch.setenv("LANGUAGE", "fr")
    run(capsys, "--help")
    assert os.environ["LANGUAGE"] == "fr"
    monkeypatch.delenv("LANGUAGE")
    run(capsys, "--help")
    assert "LANGUAGE" not in os.environ
    assert gettext.textdomain() == "messages"


# Messages about mistakes in the program itself, which no user can meet.
PROGRAM_ERRORS = {
    ".__call__() not defined", "conflicting subparser: %s", "conflicting subparser alias: %s",
    'argument "-" with mode %r', "cannot merge actions - two groups are named %r",
    "'required' is an invalid argument for positionals", "dest= is required for options like %r",
    "invalid conflict_resolution value: %r", "mutually exclusive arguments must be optional",
    "cannot have multiple subparser arguments", "%r is not callable",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r",
    "conflicting option string: %s",
}


def test_the_catalogue_has_every_message_argparse_shows_a_user() -> None:
    used = {
        node.args[0].value
        for node in ast.walk(ast.parse(inspect.getsource(argparse)))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        and node.func.id in ("_", "ngettext") and isinstance(node.args[0], ast.Constant)
    }
    assert used - PROGRAM_ERRORS == set(cli_messages.MESSAGES)


# --- Described ---------------------------------------------------------------------------


def test_every_action_of_outbox_and_secret_is_described(capsys) -> None:
    _code, out, _err = run(capsys, "outbox", "--help")
    for action, words in [("list", "vis dine beskeder"), ("retry ID", "send en besked, der fejlede"),
                          ("send", "send det, der skal sendes nu")]:
        assert re.search(rf"^  {action} +{words}", out, re.M), action
    _code, out, _err = run(capsys, "secret", "--help")
    for action, words in [("list", "vis hvilke hemmeligheder"), ("set NAME", "gem en hemmelighed"),
                          ("delete NAME", "fjern en hemmelighed")]:
        assert re.search(rf"^  {action} +{words}", out, re.M), action


def test_the_portal_is_described(capsys) -> None:
    _code, out, _err = run(capsys, "portal", "--help")
    assert "Kør godkendelsessiden" in out
    assert "adressen, der lyttes på (standard: 127.0.0.1)" in out
    assert "porten, der lyttes på (standard: 8080)" in out


def test_the_version(capsys) -> None:
    code, out, _err = run(capsys, "--version")
    assert (code, out) == (0, f"PrepDesk {__version__}\n")


# --- Quiet in a pipe ---------------------------------------------------------------------


@pytest.mark.parametrize("argv", [["--help"], ["outbox"]])
def test_a_reader_that_has_gone_ends_the_command_quietly(tmp_path, argv) -> None:
    """`prepdesk outbox | head`: the reader closes the pipe before the command writes."""
    reader, writer = os.pipe()
    os.close(reader)
    env = {**os.environ, "PYTHONPATH": str(REPO),
           "PREPDESK_DATABASE_URL": f"sqlite:///{tmp_path / 'prepdesk.sqlite'}"}
    if argv == ["outbox"]:  # a user to list the outbox of; the list says it is empty
        subprocess.run([sys.executable, "-m", "prepdesk", "user", "add", "MKJ", "--name", "M",
                        "--email", "m@fjordby.example", "--phone", "1", "--role", "admin"],
                       env=env, check=True,
                       capture_output=True)
        argv = ["--user", "MKJ", "outbox"]
    try:
        done = subprocess.run([sys.executable, "-m", "prepdesk", *argv], stdout=writer,
                              stderr=subprocess.PIPE, env=env, timeout=120)
    finally:
        os.close(writer)
    assert done.stderr.decode() == ""
    # argparse's help drops what it cannot write itself; the outbox's list ends as cat would.
    assert done.returncode == (0 if argv == ["--help"] else EXIT_BROKEN_PIPE)


# --- On the demo (item 10) -----------------------------------------------------------------

MONDAY_MORNING = "2026-12-07T10:00+01:00"


@pytest.fixture
def small_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    """The small demo with 40 citizens, on a Monday morning, when letters go out."""
    monkeypatch.setitem(demo_build.SCALES, "small",
                        replace(demo_build.SCALES["small"], citizens=40))
    monkeypatch.setenv("PREPDESK_CLOCK_START", MONDAY_MORNING)


# Issue 16: the demo's letters go by Digital Post or on paper, with no e-mail address; a line
# of the outbox names the channel instead (core/outbox.py OutboxEntry.recipient), once
# delivery/outbox.py prints `message.recipient` where it printed `message.to_address`.
@pytest.mark.parametrize("argv", [["--demo", "outbox"], ["outbox", "--demo"]])
def test_the_outbox_of_the_demo(capsys, small_demo, argv) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    assert "Udbakken er tom" not in out
    assert re.search(r"^ +\d+  .* · (Digital Post|Fysisk brev)$", out, re.M)
    assert not (data_dir() / "prepdesk.sqlite").exists()  # the real database is left alone


def queue_a_letter() -> None:
    """A letter in the demo's outbox, due now, queued as core queues a caseworker's."""
    from datetime import datetime

    from prepdesk.config import load_settings
    from prepdesk.core.outbox import enqueue
    from prepdesk.data import db
    from prepdesk.demo.settings import demo_settings

    settings = demo_settings(load_settings(), "small")
    engine = db.open_engine(settings.resolved_database_url())
    now = datetime.fromisoformat(MONDAY_MORNING)
    with db.session_factory(engine)() as session:
        enqueue(session, to_address="anna@post.example", subject="Indkaldelse", body="Hej Anna.",
                not_before=now, now=now, sender=settings.sender_address)
        session.commit()
    engine.dispose()


def test_the_demo_sends_from_a_valid_address_to_its_own_folder(capsys, small_demo) -> None:
    assert run(capsys, "--demo", "outbox")[0] == 0  # builds the demo
    queue_a_letter()
    code, out, err = run(capsys, "--demo", "outbox", "send")
    assert code == 0, out + err
    assert "Sendt: 1. Fejlet: 0." in out
    [file] = (data_dir() / "demo-small-outbox").glob("*.eml")
    message = BytesParser(policy=policy.default).parse(file.open("rb"))
    assert message["From"].addresses[0].addr_spec == "jobcenter@fjordby.example"
    assert not (data_dir() / "outbox").exists()
    assert not (data_dir() / "prepdesk.sqlite").exists()


def test_a_configured_smtp_server_is_never_used_by_the_demo(capsys, small_demo,
                                                          monkeypatch) -> None:
    monkeypatch.setenv("PREPDESK_OUTBOX_TRANSPORT", "smtp")
    monkeypatch.setenv("PREPDESK_SMTP_HOST", "mail.invalid")
    monkeypatch.setenv("PREPDESK_OUTBOX_DIR", str(data_dir() / "the-real-outbox"))
    assert run(capsys, "--demo", "outbox")[0] == 0
    queue_a_letter()
    code, out, err = run(capsys, "--demo", "outbox", "send")
    assert code == 0, out + err
    assert "Sendt: 1. Fejlet: 0." in out
    assert len(list((data_dir() / "demo-small-outbox").glob("*.eml"))) == 1
    assert not (data_dir() / "the-real-outbox").exists()


def test_demo_doctor_reports_the_demo_and_builds_nothing(capsys) -> None:
    code, out, _err = run(capsys, "--demo", "doctor")
    assert code == 0, out
    assert "Demoens indstillinger og database" in out
    assert "demo-small.sqlite" in out
    assert "Afsender: jobcenter@fjordby.example" in out
    assert "outbox_transport = file" in out
    assert not data_dir().exists()


# --- users and teams, for an administrator (issue 12, item 2) --------------------------------


@pytest.fixture
def empty_database(sqlite_db_url, monkeypatch) -> None:
    """A new database (migrated by copying a template: quick) as the configured one."""
    monkeypatch.setenv("PREPDESK_DATABASE_URL", sqlite_db_url)


def test_an_administrator_creates_two_teams_and_their_users(capsys, empty_database) -> None:
    code, _out, err = run(capsys, "user", "add", "LJ", "--name", "Lise Jørgensen", "--email",
                          "lj@fjordby.example", "--phone", "1")
    assert code == 2 and "Databasen har endnu ingen administrator" in err
    assert run(capsys, "user", "add", "ADM", "--name", "Anne Admin", "--email",
               "adm@fjordby.example", "--phone", "1", "--role", "admin")[0] == 0
    code, _out, err = run(capsys, "user", "add", "BO", "--name", "Bo", "--email", "bo@x.dk",
                          "--phone", "1", "--role", "admin")
    assert code == 2 and "--user" in err  # the second one is made by the first
    as_admin = ("--user", "ADM")
    for team in ("Team Vest", "Team Øst"):
        assert run(capsys, *as_admin, "team", "add", team)[0] == 0
    assert run(capsys, *as_admin, "user", "add", "LJ", "--name", "Lise Jørgensen", "--email",
               "lj@fjordby.example", "--phone", "72 11 22 33", "--role", "team_lead",
               "--team", "Team Øst")[0] == 0
    assert run(capsys, *as_admin, "user", "add", "MKJ", "--name", "Mette Kjær", "--email",
               "mkj@fjordby.example", "--phone", "72 10 20 30", "--team", "team vest")[0] == 0
    code, out, _err = run(capsys, *as_admin, "user", "list")
    assert code == 0
    assert re.search(r"LJ +teamleder +Team Øst +Lise Jørgensen <lj@fjordby.example>", out)
    assert re.search(r"MKJ +sagsbehandler +Team Vest +Mette Kjær", out)
    assert run(capsys, *as_admin, "user", "move", "mkj", "--team", "Team Øst") == (
        0, "MKJ er nu i Team Øst.\n", "")
    assert run(capsys, *as_admin, "user", "deactivate", "LJ")[0] == 0
    code, out, _err = run(capsys, *as_admin, "team", "list")
    assert re.search(r"Team Vest +0\nTeam Øst +1\n", out)
    assert "LJ" in run(capsys, *as_admin, "user", "list")[1].split("(deaktiveret)")[0].splitlines()[-1]


REFUSALS = [
    (["user", "add", "ADM", "--name", "X", "--email", "x@y.dk", "--phone", "1"],
     "Initialerne ADM er optaget"),
    (["user", "add", "NY", "--name", "X", "--email", "x@y.dk", "--phone", "1", "--team", "Nord"],
     "Der er intet team, der hedder Nord"),
    (["user", "move", "ZZ", "--team", "Team Vest"], "Der er ingen bruger med initialerne ZZ"),
    (["user", "move", "ADM", "--team", "Nord"], "Der er intet team, der hedder Nord"),
    (["user", "deactivate", "ZZ"], "Der er ingen bruger med initialerne ZZ"),
    (["user", "deactivate", "ADM"], "ADM er den sidste aktive administrator"),
    (["team", "add", "team vest"], "Der findes allerede et team, der hedder team vest"),
]


def test_every_refusal_is_a_danish_sentence(capsys, empty_database) -> None:
    run(capsys, "user", "add", "ADM", "--name", "Anne Admin", "--email", "adm@fjordby.example",
        "--phone", "1", "--role", "admin")
    run(capsys, "--user", "ADM", "team", "add", "Team Vest")
    for argv, sentence in REFUSALS:
        code, out, err = run(capsys, "--user", "ADM", *argv)
        assert (code, out) == (2, "") and sentence in err, (argv, err)


def test_the_last_administrator_stays_and_a_caseworker_manages_no_one(capsys, empty_database) -> None:
    run(capsys, "user", "add", "ADM", "--name", "Anne Admin", "--email", "adm@fjordby.example",
        "--phone", "1", "--role", "admin")
    run(capsys, "--user", "ADM", "user", "add", "AD2", "--name", "Anden Admin", "--email",
        "ad2@fjordby.example", "--phone", "1", "--role", "admin")
    run(capsys, "--user", "ADM", "user", "add", "MKJ", "--name", "Mette Kjær", "--email",
        "mkj@fjordby.example", "--phone", "1")
    code, _out, err = run(capsys, "--user", "ADM", "user", "deactivate", "ADM")
    assert code == 2 and "dig selv" in err  # another administrator does it
    assert run(capsys, "--user", "AD2", "user", "deactivate", "ADM")[0] == 0
    code, _out, err = run(capsys, "--user", "AD2", "user", "deactivate", "AD2")
    assert code == 2 and "den sidste aktive administrator" in err
    code, _out, err = run(capsys, "--user", "MKJ", "user", "deactivate", "AD2")
    assert code == 2 and "Kun en administrator" in err
    code, _out, err = run(capsys, "--user", "ADM", "user", "list")  # deactivated: no login
    assert code == 2 and "ingen aktiv bruger" in err.lower()
