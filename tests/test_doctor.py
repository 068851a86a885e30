"""`prepdesk doctor` reports without tracebacks and without secret values."""

from pathlib import Path

import pytest

from prepdesk import secrets
from prepdesk.cli import main
from prepdesk.paths import config_file_path, data_dir

SECRET = "kattens-hemmelige-kodeord-42"


def doctor(capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["doctor"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out + err


def write_config(text: str) -> Path:
    path = config_file_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def a_sender(monkeypatch: pytest.MonkeyPatch) -> None:
    """A sender address that can send: the built-in default is none, on purpose."""
    monkeypatch.setenv("PREPDESK_SENDER_ADDRESS", "jobcenter@fjordby.example")


def test_fresh_install_asks_for_a_sender_and_creates_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PREPDESK_SENDER_ADDRESS")

    code, out = doctor(capsys)

    assert code == 2  # no letter can go out until a sender is set
    assert ("Afsender: der kan ikke sendes breve eller e-mails. Afsenderadressen "
            "“jobcenter@prepdesk.invalid” i indstillingen sender_address") in out
    assert str(config_file_path()) in out
    assert "smtp_port = 587" in out
    assert not data_dir().exists()
    for name in secrets.KNOWN_SECRETS:
        assert name in out


def test_no_secret_value_is_printed(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in secrets.KNOWN_SECRETS:
        secrets.set_secret(name, SECRET)
    monkeypatch.setenv("PREPDESK_DATABASE_URL", db_url)

    code, out = doctor(capsys)

    assert code == 0
    assert SECRET not in out


def test_reports_the_migration_state(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from prepdesk.data import db

    monkeypatch.setenv("PREPDESK_DATABASE_URL", db_url)
    head = db.head_revision()

    code, before = doctor(capsys)
    engine = db.open_engine(db_url)
    db.upgrade(engine)
    engine.dispose()
    _, after = doctor(capsys)

    assert code == 0
    assert before.count(head) == 1  # only as the code's head
    assert after.count(head) == 2  # the database's and the code's


def test_password_in_the_url_is_masked(capsys: pytest.CaptureFixture[str]) -> None:
    # Port 1: nothing listens, so the connection is refused at once.
    write_config(f'database_url = "postgresql+psycopg://clerk:{SECRET}@127.0.0.1:1/prepdesk"\n')

    code, out = doctor(capsys)

    assert code == 2
    assert "clerk:***@127.0.0.1:1/prepdesk" in out
    assert SECRET not in out


def test_broken_config_is_a_sentence_and_the_keyring_is_still_reported(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = write_config('smtp_port = "abc"\n')

    code, out = doctor(capsys)

    assert code == 2
    assert out.count(str(path)) >= 2  # where the file is, and the sentence naming it
    assert "smtp_port" in out
    assert "MemoryKeyring" in out


def test_a_file_that_is_not_a_database_is_left_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_database = tmp_path / "notes.txt"
    not_a_database.write_bytes(b"Det er ikke en database.\n" * 200)
    monkeypatch.setenv("PREPDESK_DATABASE_URL", f"sqlite:///{not_a_database}")

    code, out = doctor(capsys)

    assert code == 2
    assert str(not_a_database) in out
    assert not_a_database.read_bytes() == b"Det er ikke en database.\n" * 200


def test_a_database_that_cannot_be_made_where_it_should_be_is_flagged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("PREPDESK_DATABASE_URL", f"sqlite:///{blocked / 'data' / 'x.sqlite'}")

    code, out = doctor(capsys)

    assert code == 2
    assert f"PrepDesk kan ikke oprette den: den må ikke skrive i {blocked}" in out


def test_without_a_keyring_the_report_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())

    code, out = doctor(capsys)

    assert code == 0  # the embedded SQLite database needs no secrets
    assert "fail.Keyring" in out


@pytest.mark.parametrize("address", ["jobcenter@prepdesk.invalid", "jobcenter@fjordby.test",
                                     "jobcenter@localhost", "jobcenter", "job center@fjordby.dk",
                                     "jobcenter@fjordby.dk\nBcc: x@y.dk"])
def test_a_sender_that_cannot_send_is_flagged(
    address: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PREPDESK_SENDER_ADDRESS", address)

    code, out = doctor(capsys)

    assert code == 2
    assert "Afsender: der kan ikke sendes breve eller e-mails." in out


def test_a_sender_that_can_send_is_shown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = doctor(capsys)

    assert code == 0
    assert "Afsender: jobcenter@fjordby.example" in out


def test_remapped_keys_are_checked_as_the_app_reads_them(capsys: pytest.CaptureFixture[str]) -> None:
    write_config('[keys]\n"app.help" = "f5"\n"app.find_citzen" = "f6"\n')

    code, out = doctor(capsys)

    assert code == 0  # PrepDesk starts anyway, and says the same at start
    assert "Taster flyttet: 1" in out
    assert "Mente du “app.find_citizen”?" in out


def test_a_key_that_is_no_key_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    write_config('[keys]\n"app.find_citizen" = "banana"\n"app.help" = "ctrl+ctrl+q"\n')

    code, out = doctor(capsys)

    assert code == 0
    assert "Taster flyttet: 0" in out
    assert "“app.find_citizen” = “banana” i [keys] har en tast, PrepDesk ikke kender" in out
    assert "Mente du “ctrl+q”?" in out


def test_on_a_server_it_names_each_credential_file_and_never_a_value(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())  # a bare server
    directory = tmp_path / "credentials"
    directory.mkdir(mode=0o700)
    for name in ("database-password", "signing-key"):
        (directory / name).write_text(f"{SECRET}-{name}\n")
        (directory / name).chmod(0o400)
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(directory))
    monkeypatch.setenv("PREPDESK_DATABASE_URL", db_url)

    code, out = doctor(capsys)

    assert code == 0
    assert SECRET not in out
    assert f"Legitimationsfiler: {directory} (angivet af $CREDENTIALS_DIRECTORY)" in out
    assert f"Hemmelighed signing-key: legitimationsfil {directory / 'signing-key'}" in out
    assert f"Hemmelighed smtp-password: ikke sat (ingen fil {directory / 'smtp-password'})" in out


def test_a_credential_file_others_may_read_is_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "signing-key").write_text(SECRET)
    (tmp_path / "signing-key").chmod(0o644)
    monkeypatch.setenv("PREPDESK_CREDENTIALS_DIR", str(tmp_path))

    code, out = doctor(capsys)

    assert code == 2
    assert f"chmod 600 {tmp_path / 'signing-key'}" in out
    assert SECRET not in out


def test_on_a_desk_it_says_keyring(capsys: pytest.CaptureFixture[str]) -> None:
    secrets.set_secret(secrets.SIGNING_KEY, SECRET)

    code, out = doctor(capsys)

    assert code == 0
    assert "Hemmelighed signing-key: nøglering" in out
    assert "Hemmelighed smtp-password: ikke sat" in out
    assert SECRET not in out


def test_kombit_on_a_server_without_a_keyring_points_to_the_credential_file(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Not "install and unlock the system's keyring": a server's way is a credential file.
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    monkeypatch.setenv("PREPDESK_DIGITAL_POST", "kombit")
    monkeypatch.setenv("PREPDESK_MUNICIPALITY_CVR", "29189838")

    _code, out = doctor(capsys)

    [line] = [line for line in out.splitlines() if line.startswith("Digital Post via KOMBIT")]
    assert "ingen nøglering og ingen legitimationsfiler" in line
    assert "kombit-certificate" in line and "credentials_dir" in line
    assert "Installér" not in line
