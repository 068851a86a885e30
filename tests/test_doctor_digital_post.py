"""`prepdesk doctor` says which Digital Post channel is live and what is wrong (issue 16)."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from support.post import make_certificate

from prepdesk import secrets
from prepdesk.cli import main
from prepdesk.dates import long_date


@pytest.fixture(autouse=True)
def a_sender(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREPDESK_SENDER_ADDRESS", "jobcenter@fjordby.example")


def doctor(capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["doctor"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out + err


def _store_certificate(days_left: float) -> datetime:
    now = datetime.now(UTC)
    not_after = now + timedelta(days=days_left)
    pem, key = make_certificate("Fjordby Kommune - PrepDesk", not_before=now - timedelta(days=300),
                                not_after=not_after)
    secrets.set_secret(secrets.KOMBIT_CERTIFICATE, (pem + key).decode())
    return not_after


def test_by_default_digital_post_goes_to_the_outbox_folder(capsys, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PREPDESK_OUTBOX_DIR", str(tmp_path / "outbox"))
    code, out = doctor(capsys)
    assert code == 0
    assert (f"Digital Post: skrives til mappen {tmp_path / 'outbox'} (digital_post = file), "
            "intet går til KOMBIT.") in out
    assert "municipality_cvr er ikke sat, så MeMo-beskederne i mappen" in out


def test_kombit_with_a_valid_certificate_says_until_when(capsys, monkeypatch):
    monkeypatch.setenv("PREPDESK_DIGITAL_POST", "kombit")
    monkeypatch.setenv("PREPDESK_MUNICIPALITY_CVR", "29189838")
    monkeypatch.setenv("PREPDESK_REMOTE_PRINT_TYPE", "4711")
    not_after = _store_certificate(200)
    code, out = doctor(capsys)
    assert code == 0, out
    assert (f"Digital Post via KOMBIT (test): certifikat gyldigt til {long_date(not_after)} "
            "(CN=Fjordby Kommune - PrepDesk).") in out
    assert "BEGIN" not in out  # never the certificate or its key


def test_kombit_says_what_is_missing_and_fails(capsys, monkeypatch):
    monkeypatch.setenv("PREPDESK_DIGITAL_POST", "kombit")
    monkeypatch.setenv("PREPDESK_KOMBIT_ENVIRONMENT", "production")
    code, out = doctor(capsys)
    assert code == 2
    assert "Digital Post via KOMBIT (produktion): municipality_cvr er ikke sat." in out
    assert ("Digital Post via KOMBIT (produktion): der kan ikke sendes breve. Der er intet "
            "certifikat.") in out


def test_an_expired_or_expiring_certificate_is_named_with_its_day(capsys, monkeypatch):
    monkeypatch.setenv("PREPDESK_DIGITAL_POST", "kombit")
    monkeypatch.setenv("PREPDESK_MUNICIPALITY_CVR", "29189838")
    monkeypatch.setenv("PREPDESK_REMOTE_PRINT_TYPE", "4711")
    soon = _store_certificate(10)
    code, out = doctor(capsys)
    assert code == 0
    assert f"Advarsel: KOMBIT-certifikatet udløber {long_date(soon)}. Forny det i tide." in out
    expired = _store_certificate(-1)
    code, out = doctor(capsys)
    assert code == 2
    assert f"KOMBIT-certifikatet udløb {long_date(expired)}, så der sendes ingen Digital Post." in out


def test_without_the_library_it_says_which_python_digital_post_needs(capsys, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "python_serviceplatformen.models", None)
    monkeypatch.delitem(sys.modules, "python_serviceplatformen.models.message", raising=False)
    code, out = doctor(capsys)
    assert code == 2
    assert ("Digital Post: ikke muligt her. Digital Post kræver biblioteket "
            "python-serviceplatformen, som kun kører på Python 3.11 eller 3.12.") in out
