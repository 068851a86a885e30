"""Settings: file, environment, and a clear sentence for every way the file can be wrong.

Most assertions look for the file and the setting name, not for wording; the Danish
sentences (the default language) are also checked whole, for English the libraries left in.
"""

import os
import stat
from pathlib import Path

import pytest

from prepdesk.cli import main
from prepdesk.config import load_settings, save_setting
from prepdesk.paths import config_file_path

# The libraries' English that once stood inside the Danish sentences.
ENGLISH = ("Input", "should", "valid", "Unterminated", "Illegal", "codec", "decode", "Value error",
           "unable", "class", "document", "parsing")


def write_config(text: str) -> Path:
    path = config_file_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_tests_never_read_the_developers_config(tmp_path: Path) -> None:
    assert config_file_path().is_relative_to(tmp_path)


def test_file_values_are_read() -> None:
    write_config('smtp_port = 2525\ntheme = "prepdesk-dark"\n')
    settings = load_settings()
    assert (settings.smtp_port, settings.theme) == (2525, "prepdesk-dark")


def test_environment_beats_file(monkeypatch: pytest.MonkeyPatch) -> None:
    write_config("smtp_port = 2525\n")
    monkeypatch.setenv("PREPDESK_SMTP_PORT", "2626")
    assert load_settings().smtp_port == 2626


@pytest.mark.parametrize(
    ("content", "named"),
    [
        pytest.param('theme = "unterminated\n', None, id="not-toml"),
        pytest.param(b"theme = '\xff'\n", None, id="not-utf8"),
        pytest.param('smtp_port = "abc"\n', "smtp_port", id="port-not-a-number"),
        pytest.param("smtp_port = 70000\n", "smtp_port", id="port-out-of-range"),
        pytest.param("theme = 5\n", "theme", id="theme-not-text"),
        pytest.param('language = "fr"\n', "language", id="unknown-language"),
        pytest.param('colour = "red"\n', "colour", id="unknown-setting"),
    ],
)
def test_bad_config_file_is_a_sentence_and_stays_untouched(
    content: str | bytes, named: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = config_file_path()
    path.parent.mkdir(parents=True)
    original = content.encode() if isinstance(content, str) else content
    path.write_bytes(original)

    code = main(["db", "current"])

    out, err = capsys.readouterr()
    assert code == 2
    assert str(path) in err
    if named:
        assert named in err
    assert "Traceback" not in out + err
    assert path.read_bytes() == original


def test_bad_environment_variable_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PREPDESK_SMTP_PORT", "abc")

    code = main(["db", "current"])

    err = capsys.readouterr().err
    assert code == 2
    assert "PREPDESK_SMTP_PORT" in err
    assert "Traceback" not in err


def test_the_clock_can_start_at_a_chosen_moment_and_runs_on(monkeypatch) -> None:
    """Training and end-to-end tests say "it is Friday at 14:05" (clock_start)."""
    from datetime import datetime, timedelta

    from prepdesk.core.context import LOCAL_TIMEZONE, settings_clock, system_clock

    assert settings_clock(load_settings()) is system_clock
    monkeypatch.setenv("PREPDESK_CLOCK_START", "2026-11-27T14:05")  # no zone: Danish time
    clock = settings_clock(load_settings())
    first = clock()
    friday = datetime(2026, 11, 27, 14, 5, tzinfo=LOCAL_TIMEZONE)
    assert friday <= first < friday + timedelta(seconds=5)
    assert first.utcoffset() == timedelta(hours=1)
    assert clock() >= first


def test_keys_are_a_table_of_binding_ids() -> None:
    write_config('theme = "prepdesk-dark"\n\n[keys]\n"app.find_citizen" = "ctrl+s"\n'
                 '"app.quit" = "q,ctrl+w"\n')
    assert load_settings().keys == {"app.find_citizen": "ctrl+s", "app.quit": "q,ctrl+w"}


def test_keys_that_are_not_a_table_are_a_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    path = write_config('keys = "ctrl+s"\n')
    assert main(["doctor"]) == 2
    out = capsys.readouterr().out
    assert str(path) in out and "Traceback" not in out
    assert "Indstillingen keys i" in out and "den skal være en tabel: [keys]" in out


def wrong_config_sentence(content: str | bytes, capsys: pytest.CaptureFixture[str]) -> str:
    path = config_file_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    assert main(["db", "current"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err  # one sentence
    return err.strip().replace(str(path), "FILE")


@pytest.mark.parametrize(
    ("content", "named"),
    [
        pytest.param("language = 5\n", "Indstillingen language i FILE", id="literal"),
        pytest.param('smtp_port = "abc"\n', "Indstillingen smtp_port i FILE", id="integer"),
        pytest.param("smtp_port = 70000\n", "Indstillingen smtp_port i FILE", id="limit"),
        pytest.param("export_dir = 5\n", "Indstillingen export_dir i FILE", id="path"),
        pytest.param('smtp_starttls = "måske"\n', "Indstillingen smtp_starttls i FILE", id="bool"),
        pytest.param('clock_start = "fredag"\n', "Indstillingen clock_start i FILE", id="time"),
        pytest.param('municipality_cvr = "12"\n', "Indstillingen municipality_cvr i FILE",
                     id="own-validator"),
        pytest.param('[keys]\n"app.find_citizen" = 5\n',
                     "Tabellen [keys] i FILE har en forkert værdi for “app.find_citizen”",
                     id="in-a-table"),
        pytest.param('theme = "a"\nlanguage = "da', "linje 2 ved tegn 15", id="toml-at-the-end"),
        pytest.param('theme = "a\n', "linje 1 ved tegn 11", id="toml-in-a-line"),
        pytest.param(b'theme = "a"\nlanguage = "\xff\xfe"\n', "FILE er ikke UTF-8-tekst: linje 2",
                     id="not-utf8"),
    ],
)
def test_a_wrong_config_is_a_danish_sentence_with_no_english_in_it(
    content: str | bytes, named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    sentence = wrong_config_sentence(content, capsys)
    assert named in sentence
    assert not [word for word in ENGLISH if word.casefold() in sentence.casefold()]
    assert "PREPDESK_" not in sentence  # the value is in the file, not in a variable
    assert sentence.endswith("og prøv igen.")


def test_the_sentence_says_what_to_write(capsys: pytest.CaptureFixture[str]) -> None:
    assert wrong_config_sentence("language = 5\n", capsys) == (
        'Indstillingen language i FILE har en forkert værdi: den skal være en af disse: "da", '
        '"en". Ret den i filen, og prøv igen.')
    assert wrong_config_sentence('language = "da\n', capsys) == (
        "Konfigurationsfilen FILE er ikke gyldig TOML: der er en fejl i linje 1 ved tegn 15. "
        'Ret den der (tekst skrives i anførselstegn, fx theme = "prepdesk-dark"), og prøv igen.')


def test_a_wrong_variable_is_named_and_the_file_is_not(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PREPDESK_LANGUAGE", "fr")
    assert wrong_config_sentence(b'theme = "prepdesk-dark"\n', capsys) == (
        'Variablen PREPDESK_LANGUAGE har en forkert værdi: den skal være en af disse: "da", '
        '"en". Ret den, eller fjern den, og prøv igen.')


def test_keys_in_a_variable_that_is_not_json_are_a_sentence(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PREPDESK_KEYS", "app.help=f5")
    assert main(["db", "current"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.startswith("Variablen PREPDESK_KEYS er ikke en tabel i JSON")


# --- save_setting: the app changes one key (the theme, Ctrl+T) --------------------------------

COMMENTED = """\
# Jobcentrets konfiguration – rør ikke!
language = "da"   # dansk
theme = "prepdesk-light"  # tema
# SMTP
smtp_port = 587
[keys]
# mine taster
"app.help" = "f1"  # hjælp
"""


def test_saving_a_setting_changes_its_value_and_nothing_else() -> None:
    path = write_config(COMMENTED)
    path.chmod(0o640)

    save_setting("theme", "prepdesk-dark")

    assert path.read_text(encoding="utf-8") == COMMENTED.replace(
        'theme = "prepdesk-light"  # tema', 'theme = "prepdesk-dark"  # tema')
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert os.listdir(path.parent) == [path.name]  # no temporary file left behind


def test_a_file_with_windows_line_ends_keeps_them() -> None:
    path = config_file_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(COMMENTED.replace("\n", "\r\n").encode())

    save_setting("theme", "prepdesk-dark")

    assert path.read_bytes() == COMMENTED.replace(
        'theme = "prepdesk-light"  # tema', 'theme = "prepdesk-dark"  # tema').replace(
        "\n", "\r\n").encode()


def test_a_new_setting_goes_before_the_tables() -> None:
    path = write_config(COMMENTED.replace('theme = "prepdesk-light"  # tema\n', ""))

    save_setting("theme", "prepdesk-dark")

    text = path.read_text(encoding="utf-8")
    assert "# mine taster" in text and '"app.help" = "f1"  # hjælp' in text
    settings = load_settings()
    assert (settings.theme, settings.keys) == ("prepdesk-dark", {"app.help": "f1"})


def test_a_setting_is_written_beside_the_file_and_then_replaces_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A crash while writing leaves the old file whole, never half of the new one."""
    path = write_config(COMMENTED)

    def crash(source: str, target: str) -> None:
        raise OSError("the power went")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        save_setting("theme", "prepdesk-dark")
    assert path.read_text(encoding="utf-8") == COMMENTED
    assert os.listdir(path.parent) == [path.name]


def test_a_linked_config_file_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "prepdesk.toml"
    real.parent.mkdir()
    real.write_text(COMMENTED, encoding="utf-8")
    link = config_file_path()
    link.parent.mkdir(parents=True)
    link.symlink_to(real)

    save_setting("theme", "prepdesk-dark")

    assert link.is_symlink()
    assert 'theme = "prepdesk-dark"  # tema' in real.read_text(encoding="utf-8")
