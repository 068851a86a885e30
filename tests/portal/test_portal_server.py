"""`prepdesk portal` on a server (issue 12, item 5): behind a reverse proxy, at the public
address of portal_url, with several worker processes on one database.

Starlette's TestClient stands in for the proxy: `client=(address, port)` is the address the
request comes from. Nothing listens; uvicorn is asked what it would start.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from starlette.responses import PlainTextResponse
from starlette.testclient import TestClient
from support.notes import LATER, blank_notes, meeting_desk

from prepdesk.config import Settings
from prepdesk.core import notes
from prepdesk.core.approval import CitizenContext, send_for_approval
from prepdesk.errors import UserError
from prepdesk.portal import app as portal

KEY = "test-signing-key-not-secret"
PUBLIC = "https://borger.fjordby.example/referat"
PROXY = "10.0.0.7"
SETTINGS = Settings(sender_address="jobcenter@fjordby.example", portal_url=PUBLIC,
                    portal_trusted_proxies=f"{PROXY}, 192.168.40.0/24")
BIRTH = {"day": "12", "month": "05", "year": "1987"}  # Søren Møller, 120587-1234


@pytest.fixture
def sent(sqlite_db_url: str) -> tuple[CitizenContext, str]:
    """Søren's finished notes, sent for approval: what the portal works with, and the link's
    token."""
    desk = meeting_desk(sqlite_db_url)
    ctx = replace(desk.workspace, clock=lambda: LATER)
    content = blank_notes(desk)
    content = content.with_text(content.sections[0].key, "Vi talte om, hvordan det går.")
    content = content.model_copy(update={"citizen_view": "Jeg vil gerne arbejde med dyr.",
                                         "participants": ("Søren Møller", "Mette Kjær")})
    note_id = notes.finish(ctx, desk.ids["meeting_today"], content).note_id
    link = send_for_approval(ctx, note_id, key=KEY).link
    return CitizenContext(desk.workspace.sessions, KEY, lambda: LATER), link.rsplit("/", 1)[1]


def _csrf(page) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page.text)[1]


def _client(app, client: str = "203.0.113.9", **options) -> TestClient:
    """A browser at `client`, speaking https as through the proxy (the cookie is Secure)."""
    return TestClient(app, base_url="https://borger.fjordby.example", client=(client, 40000),
                      **options)


# --- Forwarded headers --------------------------------------------------------------------


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch):
    """What the portal's pages see of the client's address and the scheme, served as
    `prepdesk portal` serves them, for a request from `client` with `headers`."""

    def see(settings: Settings, client: str, headers: dict[str, str]) -> str:
        seen = []

        async def probe(scope, receive, send):
            seen.append(f"{scope['client'][0]} {scope['scheme']}")
            await PlainTextResponse("")(scope, receive, send)

        monkeypatch.setattr(portal, "create_app", lambda citizen, contact="": probe)
        _client(portal.serving_app(None, settings), client).get("/", headers=headers)
        return seen[0]

    return see


FORWARDED = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}


def test_forwarded_headers_from_a_trusted_proxy_give_the_clients_address(seen) -> None:
    assert seen(SETTINGS, PROXY, FORWARDED) == "203.0.113.9 https"
    assert seen(SETTINGS, "192.168.40.3", FORWARDED) == "203.0.113.9 https"  # its network


def test_forwarded_headers_from_anyone_else_are_ignored(seen) -> None:
    assert seen(SETTINGS, "198.51.100.4", FORWARDED) == "198.51.100.4 https"
    # https all the same: the scheme is portal_url's, whatever a request says.
    assert seen(SETTINGS, PROXY, {"X-Forwarded-Proto": "http"}) == f"{PROXY} https"


def test_by_default_no_proxy_is_trusted_not_even_a_local_one(seen) -> None:
    settings = SETTINGS.model_copy(update={"portal_trusted_proxies": None})
    assert seen(settings, "127.0.0.1", FORWARDED) == "127.0.0.1 https"


def test_a_trusted_proxy_must_be_an_address_or_a_network() -> None:
    with pytest.raises(UserError) as refused:
        portal.run_portal_cli(trusted_proxies="*")
    # The option it came from, not the setting or its variable.
    assert refused.value.message == (
        "Tilvalget --forwarded-allow-ips har en forkert værdi: “*” er ikke en IP-adresse eller "
        "et netværk som 10.0.0.5 eller 10.0.0.0/24. Ret det, og prøv igen.")


# --- Absolute addresses from portal_url -----------------------------------------------------


def test_the_redirect_goes_to_portal_url_whatever_the_host_header_says(sent) -> None:
    citizen, token = sent
    with _client(portal.serving_app(citizen, SETTINGS), "198.51.100.4",
                 root_path="/referat") as http:
        lying = {"Host": "evil.example", "X-Forwarded-Host": "evil.example",
                 "X-Forwarded-Proto": "http"}
        form = http.get(f"/g/{token}", headers=lying)
        moved = http.post(f"/g/{token}/birth-date", data={"csrf": _csrf(form), **BIRTH},
                          headers=lying, follow_redirects=False)

    assert moved.status_code == 303
    assert moved.headers["location"] == f"{PUBLIC}/g/{token}"
    assert 'action="/referat/g/' in form.text
    assert "Secure" in form.headers["set-cookie"]  # portal_url is https


# --- Several workers on one database --------------------------------------------------------


def test_any_worker_answers_any_request(sent) -> None:
    """Two workers are two apps on the same database and key: the form of one is accepted
    by the other, and the date of birth given to one counts in the other."""
    citizen, token = sent
    first = _client(portal.serving_app(citizen, SETTINGS))
    second = _client(portal.serving_app(citizen, SETTINGS))

    form = first.get(f"/g/{token}")
    second.cookies = first.cookies
    moved = second.post(f"/g/{token}/birth-date", data={"csrf": _csrf(form), **BIRTH},
                        follow_redirects=False)
    first.cookies = second.cookies
    notes_page = first.get(f"/g/{token}")
    second.cookies = first.cookies
    thanks = second.post(f"/g/{token}/answer", data={"csrf": _csrf(notes_page), "action": "approve"})

    assert moved.status_code == 303
    assert "Jeg vil gerne arbejde med dyr." in notes_page.text
    assert thanks.status_code == 200 and "Tak" in thanks.text


def test_wrong_dates_of_birth_count_across_workers(sent) -> None:
    """The lock after five wrong dates is kept in the database, not in a worker."""
    citizen, token = sent
    workers = [_client(portal.serving_app(citizen, SETTINGS)) for _ in range(5)]
    wrong = {"day": "1", "month": "1", "year": "1990"}
    form = workers[0].get(f"/g/{token}")
    for worker in workers:
        worker.cookies = workers[0].cookies
        page = worker.post(f"/g/{token}/birth-date", data={"csrf": _csrf(form), **wrong})

    assert page.status_code == 404  # locked
    assert workers[0].get(f"/g/{token}").status_code == 404


@pytest.fixture
def a_configured_portal(sqlite_db_url: str, monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """The configuration of a server; what uvicorn would have been asked to run."""
    import uvicorn

    runs: list[dict] = []
    monkeypatch.setenv("PREPDESK_DATABASE_URL", sqlite_db_url)
    monkeypatch.setenv("PREPDESK_SENDER_ADDRESS", "jobcenter@fjordby.example")
    monkeypatch.setenv("PREPDESK_PORTAL_URL", PUBLIC)
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: runs.append({"app": app, **options}))
    return runs


def test_workers_are_started_by_uvicorn_from_the_worker_factory(a_configured_portal) -> None:
    from prepdesk.cli import main

    assert main(["portal", "--workers", "3", "--forwarded-allow-ips", PROXY]) == 0

    (run,) = a_configured_portal
    assert (run["app"], run["factory"], run["workers"]) == (
        "prepdesk.portal.app:worker_app", True, 3)
    assert (run["access_log"], run["proxy_headers"], run["root_path"]) == (False, False, "/referat")
    worker = portal.worker_app()  # what each worker process runs: the same settings
    with _client(worker, PROXY) as http:
        assert http.get("/g/ikke-et-link", headers=FORWARDED).status_code == 404


def test_the_demo_portal_runs_in_one_process(a_configured_portal) -> None:
    with pytest.raises(UserError, match="--workers"):
        portal.run_portal_cli(workers=2, demo="small")
    assert a_configured_portal == []


def test_the_signing_key_comes_from_its_credential_file(a_configured_portal, tmp_path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backends import fail

    from prepdesk.workspace import open_portal_context

    keyring.set_keyring(fail.Keyring())  # a bare server
    (tmp_path / "signing-key").write_text("the-servers-key\n")
    (tmp_path / "signing-key").chmod(0o400)
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(tmp_path))

    citizen, _settings = open_portal_context()

    assert citizen.key == "the-servers-key"
    (tmp_path / "signing-key").unlink()
    with pytest.raises(UserError, match="signing-key"):  # never made up on a server
        open_portal_context()

