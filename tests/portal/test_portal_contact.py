"""`prepdesk portal` starts only with a contact citizens can write to (issue 11, item 10)."""

from __future__ import annotations

import pytest

from prepdesk.cli import main
from prepdesk.portal import app as portal


class Started(Exception):
    """Raised instead of serving: the portal got as far as starting."""


@pytest.fixture
def serving(monkeypatch: pytest.MonkeyPatch, tmp_path) -> list[str]:
    """The contacts the portal would have started with; it never listens."""
    contacts: list[str] = []
    real_create_app = portal.create_app

    def create_app(citizen, *, contact: str = ""):
        contacts.append(contact)
        return real_create_app(citizen, contact=contact)

    def serve(self) -> None:
        raise Started

    monkeypatch.setattr(portal, "create_app", create_app)
    monkeypatch.setattr("uvicorn.Server.run", serve)
    monkeypatch.setenv("PREPDESK_DATABASE_URL", f"sqlite:///{tmp_path / 'prepdesk.sqlite'}")
    return contacts


@pytest.mark.parametrize("address", [None, "jobcenter@fjordby.invalid", "jobcenter"])
def test_the_portal_refuses_to_start_without_a_valid_contact(
    serving: list[str], monkeypatch: pytest.MonkeyPatch, capsys, address: str | None,
) -> None:
    if address is not None:
        monkeypatch.setenv("PREPDESK_SENDER_ADDRESS", address)
    assert main(["portal"]) == 2
    assert serving == []
    err = capsys.readouterr().err
    assert "i indstillingen sender_address er ikke en gyldig e-mailadresse" in err


def test_the_portal_starts_with_the_job_centres_address_as_contact(
    serving: list[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PREPDESK_SENDER_ADDRESS", "Jobcenter@Fjordby.dk")
    with pytest.raises(Started):
        main(["portal"])
    assert serving == ["Jobcenter@fjordby.dk"]


# --- On the demo, on a machine without a keyring ------------------------------------------


@pytest.fixture
def small_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    from prepdesk.demo import build

    monkeypatch.setitem(build.SCALES, "small", replace(build.SCALES["small"], citizens=40))


@pytest.fixture
def no_keyring() -> None:
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())  # the autouse memory keyring fixture restores it


def test_the_demo_portal_starts_without_a_keyring(serving: list[str], small_demo, no_keyring,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PREPDESK_DATABASE_URL")
    with pytest.raises(Started):
        main(["--demo", "portal"])
    assert serving == ["jobcenter@fjordby.example"]


def test_the_demo_app_and_the_demo_portal_sign_with_the_demos_own_key(
    small_demo, no_keyring,
) -> None:
    from prepdesk import secrets
    from prepdesk.core.approval import signing_key
    from prepdesk.demo.settings import demo_signing_key
    from prepdesk.paths import data_dir
    from prepdesk.workspace import open_workspace

    open_workspace(lambda _step, _fraction: None, demo="small", role="caseworker")
    key = signing_key()  # what the demo app signs links with
    assert key == demo_signing_key("small") and len(key) > 40
    assert (data_dir() / "demo-small-signing-key").stat().st_mode & 0o777 == 0o600
    secrets.use_demo_secrets({})
    with pytest.raises(Exception, match="nøglering"):  # the real key is the keyring's alone
        signing_key()
