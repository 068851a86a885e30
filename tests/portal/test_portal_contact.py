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
