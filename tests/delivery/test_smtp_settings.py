"""SMTP settings that would send the password in clear are refused, by the sender and by
`prepdesk doctor` alike (issue 10, item 7); SMTPS on port 465 is encrypted and fine. The
wire itself is watched in tests/e2e/test_smtp_password.py."""

from __future__ import annotations

import pytest

from prepdesk.cli import main
from prepdesk.config import Settings
from prepdesk.delivery.transports import SmtpTransport, open_transport, smtp_problem
from prepdesk.errors import UserError
from prepdesk.paths import config_file_path


def smtp(**options) -> Settings:
    return Settings(**({"outbox_transport": "smtp", "smtp_host": "mail.fjordby.example",
                        "smtp_user": "prepdesk"} | options))


@pytest.mark.parametrize("options", [
    {"smtp_starttls": False, "smtp_port": 25}, {"smtp_starttls": False, "smtp_port": 587},
])
def test_a_user_without_tls_is_refused_before_any_connection(options) -> None:
    settings = smtp(**options)
    with pytest.raises(UserError) as refused:
        open_transport(settings)
    assert "ukrypteret" in refused.value.message and str(options["smtp_port"]) in refused.value.message
    with pytest.raises(UserError):
        SmtpTransport(settings)


@pytest.mark.parametrize("options", [
    {"smtp_starttls": True}, {"smtp_starttls": False, "smtp_port": 465},
    {"smtp_starttls": False, "smtp_user": None},  # no password to send
])
def test_tls_or_no_login_is_fine(options) -> None:
    assert smtp_problem(smtp(**options)) is None


def write_config(text: str) -> None:
    path = config_file_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_doctor_says_a_login_without_tls_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    write_config('outbox_transport = "smtp"\nsmtp_host = "mail.fjordby.example"\n'
                 'smtp_user = "prepdesk"\nsmtp_starttls = false\nsmtp_port = 25\n')
    code = main(["doctor"])
    out = capsys.readouterr().out
    assert code == 2
    assert "SMTP: mail.fjordby.example:25, ikke krypteret" in out
    assert "PrepDesk sender aldrig adgangskoden til mailserveren ukrypteret" in out


def test_doctor_accepts_smtps(capsys: pytest.CaptureFixture[str]) -> None:
    write_config('outbox_transport = "smtp"\nsmtp_host = "mail.fjordby.example"\n'
                 'smtp_user = "prepdesk"\nsmtp_starttls = false\nsmtp_port = 465\n'
                 'sender_address = "jobcenter@fjordby.example"\n')
    code = main(["doctor"])
    out = capsys.readouterr().out
    assert "SMTP: mail.fjordby.example:465, krypteret fra start (SMTPS)" in out
    assert "ukrypteret" not in out and code == 0
