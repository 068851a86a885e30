"""The KOMBIT certificate as a secret (issue 16, R-SEC-5): stored whole from stdin, given to
the library as a file only the user reads, for as long as it is used."""

import io
import os
import stat

import pytest

from prepdesk import secrets
from prepdesk.errors import UserError

PEM = ("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
       "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n")


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_the_certificate_is_stored_whole_from_stdin():
    out = io.StringIO()
    secrets.run_secret_command("set", secrets.KOMBIT_CERTIFICATE, io.StringIO(PEM), out)
    assert secrets.get_secret(secrets.KOMBIT_CERTIFICATE) == PEM.strip()
    with pytest.raises(UserError) as refused:  # several lines cannot be typed at a prompt
        secrets.run_secret_command("set", secrets.KOMBIT_CERTIFICATE, Terminal(), out)
    assert "prepdesk secret set kombit-certificate < certifikat.pem" in refused.value.message


def test_from_the_keyring_it_is_a_private_file_for_the_block_only():
    secrets.set_secret(secrets.KOMBIT_CERTIFICATE, PEM.strip())
    with secrets.secret_file(secrets.KOMBIT_CERTIFICATE) as path:
        assert path.read_text() == PEM
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert not path.exists() and not path.parent.exists()
    secrets.delete_secret(secrets.KOMBIT_CERTIFICATE)
    with secrets.secret_file(secrets.KOMBIT_CERTIFICATE) as missing:
        assert missing is None


def test_on_a_server_the_credential_file_itself_is_given(tmp_path, monkeypatch):
    (tmp_path / "kombit-certificate").write_text(PEM)
    os.chmod(tmp_path / "kombit-certificate", 0o600)
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(tmp_path))
    with secrets.secret_file(secrets.KOMBIT_CERTIFICATE) as path:
        assert path == tmp_path / "kombit-certificate"
    assert path.exists()  # the operations person's file stays
    os.chmod(path, 0o644)
    with pytest.raises(UserError), secrets.secret_file(secrets.KOMBIT_CERTIFICATE):
        pass
