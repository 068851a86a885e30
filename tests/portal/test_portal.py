"""The citizen's approval page, through HTTP (Starlette's TestClient), on both databases.

A small job centre: one caseworker, one citizen (born 12 May 1987), and finished notes
per test, sent for approval with a known key and a clock the test moves.
"""

from __future__ import annotations

import html
import logging
import re
import threading
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import urlencode

import markupsafe
import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlmodel import select
from starlette.testclient import TestClient

from prepdesk.config import Settings
from prepdesk.core import meeting_mode, notes
from prepdesk.core.access import add_caseworker, find_user
from prepdesk.core.approval import CitizenContext, ProposedCorrection, answer, send_for_approval
from prepdesk.core.context import LOCAL_TIMEZONE, Context, CurrentUser
from prepdesk.core.note_content import AgreedAction
from prepdesk.core.note_page import corrections_page, note_page
from prepdesk.data import db
from prepdesk.data.models import (
    AgendaItem,
    Agreement,
    ApprovalRequest,
    Citizen,
    Correction,
    Meeting,
    OutboxMessage,
)
from prepdesk.errors import UserError
from prepdesk.portal.app import BODY_LIMIT, COOKIE, Portal, Visitor, create_app

KEY = "test-signing-key-not-secret"
MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=LOCAL_TIMEZONE)
SENT = MONDAY + timedelta(hours=4)
BIRTH = {"day": "12", "month": "05", "year": "1987"}
WRONG = {"day": "1", "month": "1", "year": "1990"}
SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(2)>'
ESCAPED = {SCRIPT: "&lt;script&gt;alert(1)&lt;/script&gt;",
           ATTRIBUTE: "&#34;&gt;&lt;img src=x onerror=alert(2)&gt;"}


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass(frozen=True)
class NoteRef:
    id: int


@dataclass
class Desk:
    sessions: object
    user: CurrentUser
    citizen_id: int
    clock: Clock
    meetings: int = 0

    @property
    def citizen(self) -> CitizenContext:
        """What the portal works with: the database, the key and the test's clock."""
        return CitizenContext(self.sessions, KEY, self.clock)

    def ctx(self, user: CurrentUser | None = None, now: datetime = SENT) -> Context:
        return Context(sessions=self.sessions, user=user or self.user, clock=lambda: now,
                       settings=Settings(sender_address="jobcenter@fjordby.example",
                                         portal_url="https://referat.fjordby.example/"))

    def note(self, **changes) -> NoteRef:
        """Finished notes of a new meeting; `changes` replace parts of the content."""
        self.meetings += 1
        with self.sessions() as session:
            meeting = Meeting(citizen_id=self.citizen_id, caseworker_id=self.user.id,
                              kind="follow_up", starts_at=MONDAY + timedelta(minutes=self.meetings),
                              place="Mødelokale 2")
            session.add(meeting)
            session.flush()
            session.add(AgendaItem(meeting_id=meeting.id, position=1, title="Sygemelding", owner="both"))
            session.commit()
            meeting_id = meeting.id
        ctx = self.ctx(now=MONDAY + timedelta(hours=1))
        content = meeting_mode.start(ctx, meeting_id).content
        content = content.with_text(content.sections[0].key, "Søren er sygemeldt til 1. december.")
        content = content.model_copy(update={
            "citizen_view": "Jeg vil gerne i praktik.", "next_steps": "Mette finder et praktiksted.",
            "agreements": (AgreedAction(what="Søge tre job om ugen", who="citizen",
                                                     due_on=date(2026, 12, 1)),),
            **changes})
        return NoteRef(notes.finish(ctx, meeting_id, content).note_id)

    def send(self, note: NoteRef, key: str = KEY, user: CurrentUser | None = None) -> str:
        """Send the notes for approval as the caseworker does; the token of the link."""
        sent = send_for_approval(self.ctx(user), note.id, key=key)
        return sent.link.rsplit("/", 1)[1]

    def request(self, note: NoteRef) -> ApprovalRequest:
        """The newest approval request of `note`, as stored."""
        with self.sessions() as session:
            return session.exec(select(ApprovalRequest).where(ApprovalRequest.note_id == note.id)
                                .order_by(ApprovalRequest.id.desc())).first()

    def corrections(self, note: NoteRef) -> list[Correction]:
        with self.sessions() as session:
            return session.exec(select(Correction).where(Correction.note_id == note.id)).all()

    def reject_all(self, note: NoteRef, reason: str) -> None:
        page = corrections_page(self.ctx(), note.id)
        for line in page.pending:
            notes.reject_correction(self.ctx(), line.id, reason, seen_version=line.version)


@pytest.fixture
def desk(db_url):
    engine = db.open_engine(db_url)
    db.upgrade(engine)
    sessions = db.session_factory(engine)
    with sessions() as session:
        add_caseworker(session, initials="MKJ", name="Mette Kjær", email="mkj@fjordby.example",
                       phone="72 10 20 30", team="Team Vest")
        user = find_user(session, login="MKJ")
        citizen = Citizen(cpr="120587-1234", first_name="Søren", last_name="Møller",
                          search_name="soeren moeller", team_id=user.team_id, email="soeren@example.dk")
        session.add(citizen)
        session.commit()
        citizen_id = citizen.id
    yield Desk(sessions, user, citizen_id, Clock(SENT + timedelta(days=1)))
    engine.dispose()


@pytest.fixture
def client(desk):
    with TestClient(create_app(desk.citizen, contact="jobcenter@fjordby.example")) as c:
        yield c


def _csrf(page) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def _textarea(page, name: str) -> str:
    """What a browser would send for the textarea `name` if the citizen left it alone."""
    found = re.search(rf'name="{re.escape(name)}"[^>]*>\n?(.*?)</textarea>', page.text, re.S)
    return html.unescape(found.group(1))


def _verified(client, token: str):
    """The notes page, after giving the right date of birth."""
    form = client.get(f"/g/{token}")
    page = client.post(f"/g/{token}/birth-date", data={"csrf": _csrf(form), **BIRTH})
    assert page.status_code == 200 and "Referat af mødet" in page.text
    return page


def _answer_form(page, **changes) -> dict[str, str]:
    """The notes form as sent unchanged, with `changes` to some of its fields."""
    names = re.findall(r'<textarea[^>]*name="([^"]+)"', page.text)
    return {"csrf": _csrf(page), **{name: _textarea(page, name) for name in names}, **changes}


def _browser_form(page, **changes) -> dict[str, str]:
    """Every field of the notes form as a browser sends it unchanged (text areas, inputs
    and the chosen option of each select), with `changes`."""
    form = _answer_form(page)
    for name, value in re.findall(r'<input (?:[^>]* )?name="([^"]+)" value="([^"]*)"', page.text):
        form[name] = html.unescape(value)
    # The answer's choices: only the one chosen is sent, as a browser does.
    form.pop("action", None)
    for value in re.findall(r'<input type="radio" name="action" value="([^"]+)" checked>', page.text):
        form["action"] = value
    for name, options in re.findall(r'<select [^>]*name="([^"]+)">(.*?)</select>', page.text, re.S):
        form[name] = re.search(r'<option value="([^"]+)" selected>', options).group(1)
    return {**form, **changes}


def _section_key(note: NoteRef, desk: Desk) -> str:
    return note_page(desk.ctx(), note.id).content.sections[0].key


# --- Links that cannot be used ---------------------------------------------------------------


@pytest.mark.parametrize("spoil", [
    lambda token: "ikke-et-link",
    lambda token: token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB"),
    lambda token: "x" + token,
])
def test_a_bad_link_gets_a_friendly_page_without_personal_data(desk, client, spoil):
    token = desk.send(desk.note())
    page = client.get(f"/g/{spoil(token)}")
    assert page.status_code == 404
    assert "Linket virker ikke" in page.text and "ikke gyldigt" in page.text
    assert "jobcenter@fjordby.example" in page.text
    for private in ("Søren", "Møller", "Mette", "praktik", "120587", "Traceback"):
        assert private not in page.text


def test_a_link_signed_with_another_key_is_refused(desk, client):
    page = client.get(f"/g/{desk.send(desk.note(), key='another-key')}")
    assert page.status_code == 404 and "ikke gyldigt" in page.text


def test_an_expired_link_says_so(desk, client):
    token = desk.send(desk.note())
    desk.clock.now = SENT + timedelta(days=15)
    page = client.get(f"/g/{token}")
    assert page.status_code == 404 and "udløbet" in page.text


def test_an_unknown_page_is_a_danish_page(client):
    page = client.get("/ingen/side")
    assert page.status_code == 404 and "Siden findes ikke" in page.text


# --- The date of birth -----------------------------------------------------------------------


def test_the_notes_are_shown_only_after_the_date_of_birth(desk, client):
    note = desk.note()
    token = desk.send(note)
    form = client.get(f"/g/{token}")
    assert form.status_code == 200 and "fødselsdato" in form.text
    assert "praktik" not in form.text and "Søren" not in form.text
    page = _verified(client, token)
    assert "Referat af mødet 23. november 2026" in page.text
    # Agreements and next steps first (R-APPR-1), then the citizen's view, the items.
    order = [page.text.index(text) for text in (
        "Søge tre job om ugen", "Mette finder et praktiksted.", "Jeg vil gerne i praktik.",
        "Søren er sygemeldt til 1. december.")]
    assert order == sorted(order)
    assert "Senest: 01.12.2026" in page.text
    # Three parts and the agreement can each be marked wrong (R-APPR-2).
    assert page.text.count("<summary>Det er forkert</summary>") == 4
    # The caseworker to call about the notes (R-LTR-2), once the citizen is known.
    assert "Mette Kjær" in page.text and "72 10 20 30" in page.text
    assert "Referat af mødet" in client.get(f"/g/{token}").text  # the cookie remembers


def test_wrong_dates_count_down_and_the_fifth_locks_the_link(desk, client):
    note = desk.note()
    token = desk.send(note)
    page = client.get(f"/g/{token}")
    for remaining in (4, 3, 2, 1):
        page = client.post(f"/g/{token}/birth-date", data={"csrf": _csrf(page), **WRONG})
        assert page.status_code == 400
        assert "Datoen passer ikke" in page.text
        assert f"Du kan prøve {remaining} {'gang' if remaining == 1 else 'gange'} mere" in page.text
    page = client.post(f"/g/{token}/birth-date", data={"csrf": _csrf(page), **WRONG})
    assert page.status_code == 404 and "låst" in page.text
    assert desk.request(note).locked_at is not None
    # Locked means locked: the right date no longer helps.
    assert "låst" in client.get(f"/g/{token}").text


def test_guesses_sent_at_once_are_counted_each(desk):
    """Twelve browsers guess at the same moment: five misses lock the link, as one by one."""
    note = desk.note()
    token = desk.send(note)
    app = create_app(desk.citizen)
    clients = [TestClient(app, raise_server_exceptions=False) for _ in range(12)]
    forms = [client.get(f"/g/{token}") for client in clients]
    start = threading.Barrier(len(clients))
    statuses = []

    def guess(client, form, day):
        start.wait()
        statuses.append(client.post(f"/g/{token}/birth-date", data={
            "csrf": _csrf(form), "day": str(day), "month": "1", "year": "1990"}).status_code)

    threads = [threading.Thread(target=guess, args=(client, form, day))
               for day, (client, form) in enumerate(zip(clients, forms, strict=True), start=1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [400] * 4 + [404] * 8  # 404: the link is locked
    assert desk.request(note).failed_checks == 5


def test_a_counted_guess_is_answered_by_its_own_count_when_the_link_locks_right_after(
        desk, client, monkeypatch):
    """The cause of `test_guesses_sent_at_once_are_counted_each` failing under load: the
    page for a counted wrong guess read the request again after its commit, and a guess
    from another browser that locked the link in between turned "1 more try" into "locked".
    Each guess is now answered from the count its own reserving UPDATE returned."""
    from prepdesk.portal import app as portal_app

    note = desk.note()
    token = desk.send(note)
    page = client.get(f"/g/{token}")
    for _ in range(3):
        page = client.post(f"/g/{token}/birth-date", data={"csrf": _csrf(page), **WRONG})
    real = portal_app.check_birth_date

    def with_another_guess_right_after(citizen, token_, birth_date):
        guess = real(citizen, token_, birth_date)  # the fourth miss: one try left
        real(citizen, token_, date(1990, 1, 2))  # another browser's fifth, a moment later
        return guess

    monkeypatch.setattr(portal_app, "check_birth_date", with_another_guess_right_after)
    page = client.post(f"/g/{token}/birth-date", data={"csrf": _csrf(page), **WRONG})
    assert page.status_code == 400 and "Du kan prøve 1 gang mere" in page.text
    assert desk.request(note).locked_at is not None and desk.request(note).failed_checks == 5


@pytest.mark.parametrize("date", [
    {"day": "12", "month": "05", "year": "87"},
    {"day": "tolv", "month": "maj", "year": "1987"},
    {"day": "", "month": "", "year": ""},
    {"day": ATTRIBUTE, "month": SCRIPT, "year": "1987"},
])
def test_something_that_is_not_a_date_uses_no_try(desk, client, date):
    note = desk.note()
    token = desk.send(note)
    page = client.post(f"/g/{token}/birth-date", data={"csrf": _csrf(client.get(f"/g/{token}")), **date})
    assert page.status_code == 400 and "Skriv datoen med tal" in page.text
    assert desk.request(note).failed_checks == 0
    # What was typed is there to correct, as text.
    assert f'name="day" value="{markupsafe.escape(date["day"])}"' in page.text
    assert "<script" not in page.text and "<img" not in page.text


@pytest.mark.parametrize("date", [{"day": "31", "month": "02", "year": "1990"},
                                  {"day": "29", "month": "2", "year": "1987"},
                                  {"day": "12", "month": "13", "year": "1987"}])
def test_a_day_that_does_not_exist_is_named_so_and_uses_no_try(desk, client, date):
    note = desk.note()
    token = desk.send(note)
    page = client.post(f"/g/{token}/birth-date", data={"csrf": _csrf(client.get(f"/g/{token}")), **date})
    assert page.status_code == 400 and "Den dato findes ikke" in page.text
    assert "fire tal" not in page.text
    assert desk.request(note).failed_checks == 0


@pytest.mark.parametrize("year", ["1887", "2087"])
def test_the_whole_date_of_birth_is_compared_century_and_all(desk, client, year):
    """120587-1234: the seventh digit (1) says born in the 1900s, so 12.05.1887 and
    12.05.2087 are wrong dates, not the citizen's."""
    note = desk.note()
    token = desk.send(note)
    page = client.post(f"/g/{token}/birth-date", data={
        "csrf": _csrf(client.get(f"/g/{token}")), **BIRTH, "year": year})
    assert page.status_code == 400 and "Datoen passer ikke" in page.text
    assert "Referat af mødet" not in page.text
    assert desk.request(note).failed_checks == 1


def test_the_redirect_after_the_date_of_birth_is_absolute(desk, client):
    """lynx refuses a relative Location after a POST."""
    token = desk.send(desk.note())
    form = client.get(f"/g/{token}")
    moved = client.post(f"/g/{token}/birth-date", data={"csrf": _csrf(form), **BIRTH},
                        follow_redirects=False)
    assert moved.status_code == 303
    assert moved.headers["location"] == f"http://testserver/g/{token}"


def test_the_redirect_is_absolute_under_a_root_path_too(desk):
    token = desk.send(desk.note())
    with TestClient(create_app(desk.citizen), base_url="https://borger.example",
                    root_path="/referat") as client:
        form = client.get(f"/g/{token}")
        moved = client.post(f"/g/{token}/birth-date", data={"csrf": _csrf(form), **BIRTH},
                            follow_redirects=False)
    assert moved.headers["location"] == f"https://borger.example/referat/g/{token}"


def test_the_cookie_holds_nothing_personal_and_is_locked_down(desk, client):
    token = desk.send(desk.note())
    form = client.get(f"/g/{token}")
    client.post(f"/g/{token}/birth-date", data={"csrf": _csrf(form), **BIRTH}, follow_redirects=False)
    cookie = client.cookies[COOKIE]
    for private in ("120587", "1987", "Søren", "S%C3%B8ren", "soeren"):
        assert private not in cookie
    header = form.headers["set-cookie"]
    assert "HttpOnly" in header and "SameSite=strict" in header and "Max-Age=3600" in header
    assert "Secure" not in header  # plain http in this test; see the next test


def test_the_cookie_is_secure_over_https(desk):
    token = desk.send(desk.note())
    with TestClient(create_app(desk.citizen), base_url="https://testserver") as client:
        assert "Secure" in client.get(f"/g/{token}").headers["set-cookie"]


def test_the_date_of_birth_counts_for_its_own_link_only(desk, client):
    first, second = desk.send(desk.note()), desk.send(desk.note())
    _verified(client, first)
    page = client.get(f"/g/{second}")
    assert "Skriv din fødselsdato" in page.text and "Referat af mødet" not in page.text


def test_a_tampered_cookie_is_not_trusted(desk, client):
    token = desk.send(desk.note())
    page = _verified(client, token)
    # A character inside the signature: the last one carries padding bits, and some changes
    # of it decode to the same signature.
    signed = client.cookies[COOKIE]
    tampered = signed[:-5] + ("A" if signed[-5] != "A" else "B") + signed[-4:]
    client.cookies.clear()
    client.cookies.set(COOKIE, tampered)
    assert "Skriv din fødselsdato" in client.get(f"/g/{token}").text
    assert client.post(f"/g/{token}/answer", data=_answer_form(page, action="approve")).status_code == 403


# --- Answering ----------------------------------------------------------------------------------


def test_approving_the_notes(desk, client):
    note = desk.note()
    token = desk.send(note)
    page = _verified(client, token)
    thanks = client.post(f"/g/{token}/answer", data=_answer_form(page, action="approve"))
    assert thanks.status_code == 200 and "Du har godkendt referatet" in thanks.text
    assert desk.request(note).status == "approved"
    assert desk.corrections(note) == []


def test_corrections_reach_the_caseworker(desk, client):
    note = desk.note()
    key = _section_key(note, desk)
    token = desk.send(note)
    page = _verified(client, token)
    thanks = client.post(f"/g/{token}/answer", data=_answer_form(
        page, action="correct", **{
            f"text:{key}": "Søren er sygemeldt til 15. december.",
            "comment:next_steps": "Jeg finder selv et praktiksted.",
        }))
    assert thanks.status_code == 200 and "Vi har sendt dine rettelser til Mette Kjær" in thanks.text
    pending = corrections_page(desk.ctx(), note.id).pending
    assert sorted((c.section, c.original, c.proposed, c.comment) for c in pending) == sorted([
        ("next_steps", "Mette finder et praktiksted.", "Mette finder et praktiksted.",
         "Jeg finder selv et praktiksted."),
        (key, "Søren er sygemeldt til 1. december.", "Søren er sygemeldt til 15. december.", ""),
    ])
    assert desk.request(note).status == "corrected"


def test_an_agreement_can_be_corrected_what_who_and_by_when(desk, client):
    """R-APPR-2: the agreement is a part like the others. The citizen says it is the job
    centre's task, by another date; the caseworker gets it as a correction, and
    accepting it changes the agreement in version 2 and the Agreement row."""
    note = desk.note()
    token = desk.send(note)
    page = _verified(client, token)
    assert 'name="what:agreement-1"' in page.text and 'name="due:agreement-1" value="01.12.2026"' in page.text
    unchanged = _browser_form(page, action="approve")
    assert unchanged["who:agreement-1"] == "citizen" and unchanged["whoname:agreement-1"] == ""
    thanks = client.post(f"/g/{token}/answer", data=_browser_form(page, action="correct", **{
        "who:agreement-1": "caseworker", "due:agreement-1": "15.12.2026",
        "comment:agreement-1": "Mette sagde, hun ville gøre det."}))
    assert thanks.status_code == 200 and "Vi har sendt dine rettelser" in thanks.text
    shown = corrections_page(desk.ctx(), note.id)
    (line,) = shown.pending
    assert line.section == "agreement-1"
    assert line.section_title == "Aftale 1: Søge tre job om ugen"
    assert line.original == "Søge tre job om ugen · borgeren · senest 01.12.2026"
    assert line.proposed == "Søge tre job om ugen · sagsbehandleren · senest 15.12.2026"
    assert line.comment == "Mette sagde, hun ville gøre det."
    notes.accept_correction(desk.ctx(), line.id, seen_version=line.version,
                            seen_note_version=shown.version)
    (agreement,) = note_page(desk.ctx(), note.id).content.agreements
    assert (agreement.what, agreement.who, agreement.due_on) == (
        "Søge tre job om ugen", "caseworker", date(2026, 12, 15))
    with desk.sessions() as session:
        (row,) = session.exec(select(Agreement).where(Agreement.citizen_id == desk.citizen_id)).all()
    assert (row.what, row.who, row.due_on) == ("Søge tre job om ugen", "caseworker", date(2026, 12, 15))


def test_an_agreement_given_to_someone_named_keeps_the_name(desk, client):
    note = desk.note()
    token = desk.send(note)
    page = _verified(client, token)
    client.post(f"/g/{token}/answer", data=_browser_form(page, action="correct", **{
        "who:agreement-1": "other", "whoname:agreement-1": "Birthe  Møller",
        "what:agreement-1": "Søge to job om ugen"}))
    (line,) = corrections_page(desk.ctx(), note.id).pending
    assert line.proposed == "Søge to job om ugen · Birthe Møller · senest 01.12.2026"


@pytest.mark.parametrize(("changes", "said"), [
    ({"due:agreement-1": "31.02.2026"}, "Skriv fristen for aftalen som dag.måned.år"),
    ({"due:agreement-1": "snart"}, "Skriv fristen for aftalen som dag.måned.år"),
    ({"who:agreement-1": "other"}, "Skriv navnet på den, der skal gøre det"),
    ({"what:agreement-1": "   "}, "Skriv, hvad der skal stå i stedet"),
])
def test_an_agreement_correction_that_cannot_be_read_is_asked_for_again(desk, client, changes, said):
    note = desk.note()
    token = desk.send(note)
    page = _verified(client, token)
    again = client.post(f"/g/{token}/answer", data=_browser_form(page, action="correct", **changes))
    assert again.status_code == 400 and said in again.text
    assert desk.corrections(note) == []
    # What was typed is there to correct, and the part is open.
    form = _browser_form(again)
    assert all(form[name] == value for name, value in changes.items())
    assert '<details open>' in again.text


def test_an_unchanged_agreement_sent_by_a_browser_is_no_correction(desk, client):
    note = desk.note()
    token = desk.send(note)
    page = _verified(client, token)
    thanks = client.post(f"/g/{token}/answer", data=_browser_form(page, action="approve"))
    assert thanks.status_code == 200 and "Du har godkendt referatet" in thanks.text


def test_the_page_names_who_does_each_agreement(desk, client):
    note = desk.note(agreements=(
        AgreedAction(what="Kører Søren til lægen", who="other", who_name="Birthe Møller"),
        AgreedAction(what="Søge tre job", who="citizen", who_name="Søren Møller"),
        AgreedAction(what="Finde praktik", who="caseworker", who_name="Mette Kjær"),
        AgreedAction(what="Tale sammen", who="both")))
    page = _verified(client, desk.send(note))
    for who in ("Hvem: Birthe Møller", "Hvem: Dig<", "Hvem: Mette Kjær", "Hvem: Dig og jobcentret"):
        assert who in page.text


def test_control_characters_in_a_correction_do_not_reach_the_caseworker(desk, client):
    note = desk.note()
    token = desk.send(note)
    page = _verified(client, token)
    client.post(f"/g/{token}/answer", data=_answer_form(page, action="correct", **{
        "text:citizen_view": "Skærm\x1b[2Jryddet\x9b31m og\tmere\nher",
        "comment:citizen_view": "titel\x1b]0;falsk\x07",
    }))
    (correction,) = desk.corrections(note)
    assert (correction.proposed_text, correction.comment) == ("Skærm[2Jryddet31m og\tmere\nher", "titel]0;falsk")


def test_an_accepted_correction_from_the_page_makes_version_2(desk, client):
    note = desk.note()
    token = desk.send(note)
    page = _verified(client, token)
    client.post(f"/g/{token}/answer", data=_answer_form(
        page, action="correct", **{"text:citizen_view": "Jeg vil gerne i praktik om formiddagen."}))
    page = corrections_page(desk.ctx(), note.id)
    (correction,) = page.pending
    accepted = notes.accept_correction(desk.ctx(), correction.id, seen_version=correction.version,
                                       seen_note_version=page.version)
    assert accepted.note_version == 2
    assert note_page(desk.ctx(), note.id).content.citizen_view == "Jeg vil gerne i praktik om formiddagen."


def test_the_page_shows_the_current_version_and_its_history(desk, client):
    """R-APPR-3 on the citizen's page: after a correction is accepted, the notes sent again
    are version 2, with who changed what, when, and at whose request."""
    note = desk.note()
    answer(desk.citizen, desk.send(note),
           [ProposedCorrection("citizen_view", "Jeg vil gerne i praktik om formiddagen.")])
    shown = corrections_page(desk.ctx(), note.id)
    (line,) = shown.pending
    notes.accept_correction(desk.ctx(), line.id, seen_version=line.version,
                            seen_note_version=shown.version)
    page = _verified(client, desk.send(note))
    assert "Jeg vil gerne i praktik om formiddagen." in page.text
    assert "Jeg vil gerne i praktik.</p>" not in page.text
    assert "Referatet er rettet" in page.text and "version 2" in page.text
    assert ("„Dit syn, med dine egne ord“ er rettet efter dit ønske fra 24. november 2026 kl. 14.00. "
            "Godkendt af Mette Kjær.") in html.unescape(page.text)
    assert page.text.index("Referatet er rettet") < page.text.index("Det aftalte vi")


def test_a_second_answer_is_refused(desk, client):
    note = desk.note()
    token = desk.send(note)
    page = _verified(client, token)
    form = _answer_form(page, action="approve")
    client.post(f"/g/{token}/answer", data=form)
    again = client.post(f"/g/{token}/answer", data={**form, "action": "correct",
                                                   "text:citizen_view": "Noget andet."})
    assert again.status_code == 409 and "Du har allerede svaret" in again.text
    assert "Du har allerede svaret" in client.get(f"/g/{token}").text
    assert desk.corrections(note) == [] and desk.request(note).status == "approved"


def test_two_answers_at_once_store_one(desk):
    """Two browsers verified for the same link both send: the nonce lets one win."""
    note = desk.note()
    token = desk.send(note)
    app = create_app(desk.citizen)
    with TestClient(app) as first, TestClient(app) as second:
        pages = [_verified(first, token), _verified(second, token)]
        one = first.post(f"/g/{token}/answer", data=_answer_form(pages[0], action="approve"))
        two = second.post(f"/g/{token}/answer", data=_answer_form(
            pages[1], action="correct", **{"text:citizen_view": "Nej."}))
    assert (one.status_code, two.status_code) == (200, 409)
    assert desk.corrections(note) == []


def test_approving_with_corrections_written_keeps_them_and_asks(desk, client):
    note = desk.note()
    token = desk.send(note)
    page = _verified(client, token)
    again = client.post(f"/g/{token}/answer", data=_answer_form(
        page, action="approve", **{"text:citizen_view": "Jeg vil gerne i praktik i en butik."}))
    assert again.status_code == 400 and "Du har skrevet rettelser" in again.text
    assert _textarea(again, "text:citizen_view") == "Jeg vil gerne i praktik i en butik."
    assert "<details open>" in again.text
    assert desk.request(note).status == "pending"



class _Controls(HTMLParser):
    """The submit controls of a page and the words each shows, as a text browser shows
    them: lynx shows an <input>'s value and a <button>'s value (or "BUTTON"), never the
    words inside a <button>; and the choices of the answer with their labels' words."""

    def __init__(self) -> None:
        super().__init__()
        self.submits: list[str] = []
        self.buttons: list[dict[str, str | None]] = []
        self.choices: dict[str, str] = {}
        self._label: list[str] | None = None
        self._choice: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "button":
            self.buttons.append(attributes)
        elif tag == "input" and attributes.get("type") == "submit":
            self.submits.append(attributes.get("value") or "")
        elif tag == "input" and attributes.get("type") == "radio":
            self._choice = f"{attributes['name']}={attributes['value']}"
        elif tag == "label":
            self._label, self._choice = [], None

    def handle_data(self, data):
        if self._label is not None:
            self._label.append(data)

    def handle_endtag(self, tag):
        if tag == "label" and self._label is not None:
            if self._choice is not None:
                self.choices[self._choice] = " ".join("".join(self._label).split())
            self._label = None


def _controls(page) -> _Controls:
    controls = _Controls()
    controls.feed(page.text)
    return controls


def test_the_pages_submit_controls_show_their_danish_words(desk, client):
    """A text browser (lynx) showed "(approve)" and "(correct)", the buttons' values, and
    "(BUTTON) Fortsæt": each control now shows its Danish words in lynx as in Chromium,
    and the form posts the same decision (action=approve or action=correct)."""
    token = desk.send(desk.note())
    birth_date = _controls(client.get(f"/g/{token}"))
    assert (birth_date.buttons, birth_date.submits) == ([], ["Fortsæt"])
    notes_page = _verified(client, token)
    shown = _controls(notes_page)
    assert (shown.buttons, shown.submits) == ([], ["Send mit svar"])
    assert shown.choices == {"action=approve": "Jeg godkender referatet",
                             "action=correct": "Send mine rettelser"}
    # The choice, the corrections and the button are one form: either answer carries
    # what the citizen wrote.
    form = re.search(r"<form [^>]*/answer\">(.*?)</form>", notes_page.text, re.S).group(1)
    assert 'name="text:citizen_view"' in form and 'value="Send mit svar"' in form
    thanks = client.post(f"/g/{token}/answer", data=_browser_form(notes_page, action="approve"))
    assert thanks.status_code == 200 and "Du har godkendt referatet" in thanks.text


def test_an_answer_without_a_choice_is_asked_for_again_with_what_was_written(desk, client):
    note = desk.note()
    token = desk.send(note)
    page = _verified(client, token)
    written = {"text:citizen_view": "Jeg vil gerne i praktik i en butik."}
    again = client.post(f"/g/{token}/answer", data=_browser_form(page, **written))
    assert again.status_code == 400 and "Vælg, om du godkender referatet" in again.text
    assert _textarea(again, "text:citizen_view") == written["text:citizen_view"]
    assert desk.request(note).status == "pending"
    # Chosen once, the choice stays chosen when the page is shown again.
    again = client.post(f"/g/{token}/answer", data=_browser_form(page, action="approve", **written))
    assert again.status_code == 400 and _browser_form(again)["action"] == "approve"
    thanks = client.post(f"/g/{token}/answer", data=_browser_form(again, action="correct"))
    assert thanks.status_code == 200 and "Vi har sendt dine rettelser" in thanks.text


def test_sending_corrections_without_any_asks_for_them(desk, client):
    note = desk.note()
    token = desk.send(note)
    page = _verified(client, token)
    again = client.post(f"/g/{token}/answer", data=_answer_form(page, action="correct"))
    assert again.status_code == 400 and "Du har ikke rettet noget" in again.text
    emptied = client.post(f"/g/{token}/answer", data=_answer_form(
        page, action="correct", **{"text:citizen_view": "  "}))
    assert emptied.status_code == 400 and "Skriv, hvad der skal stå i stedet" in emptied.text
    assert desk.request(note).status == "pending"


def test_line_breaks_changed_by_the_browser_are_no_correction(desk, client):
    note = desk.note(citizen_view="Jeg vil gerne i praktik.\nHelst om formiddagen.")
    token = desk.send(note)
    page = _verified(client, token)
    thanks = client.post(f"/g/{token}/answer", data=_answer_form(
        page, action="approve", **{"text:citizen_view": "Jeg vil gerne i praktik.\r\nHelst om formiddagen.  \n"}))
    assert "Du har godkendt referatet" in thanks.text


def test_rejected_corrections_are_shown_on_top_with_the_reason(desk, client):
    note = desk.note()
    answer(desk.citizen, desk.send(note), [ProposedCorrection("citizen_view", "Jeg vil ikke i praktik.")])
    desk.reject_all(note, "Du sagde det på mødet.")
    page = _verified(client, desk.send(note))
    assert "Rettelser, som ikke kom med" in page.text
    assert page.text.index("Du sagde det på mødet.") < page.text.index("Søge tre job om ugen")
    assert "Jeg vil ikke i praktik." in page.text


# --- Security -------------------------------------------------------------------------------------


@pytest.mark.parametrize("csrf", [None, "", "forkert", "0" * 64])
def test_an_answer_without_the_right_csrf_token_is_refused_and_stores_nothing(desk, client, csrf):
    note = desk.note()
    token = desk.send(note)
    page = _verified(client, token)
    form = _answer_form(page, action="correct", **{"text:citizen_view": "Forfalsket."})
    if csrf is None:
        del form["csrf"]
    else:
        form["csrf"] = csrf
    refused = client.post(f"/g/{token}/answer", data=form)
    assert refused.status_code == 403 and "Siden er for gammel" in refused.text
    assert desk.corrections(note) == [] and desk.request(note).status == "pending"


def test_a_csrf_token_from_another_browser_or_link_is_refused(desk, client):
    note, other = desk.note(), desk.note()
    token, other_token = desk.send(note), desk.send(other)
    page = _verified(client, token)
    with TestClient(create_app(desk.citizen)) as attacker:
        form = _answer_form(_verified(attacker, token), action="approve")
        # The attacker's token in the citizen's browser (a forged cross-site form).
        assert client.post(f"/g/{token}/answer", data=form).status_code == 403
    # A token made for one link does not answer another.
    _verified(client, other_token)
    assert client.post(f"/g/{other_token}/answer", data=_answer_form(page, action="approve")).status_code == 403
    assert desk.request(note).status == desk.request(other).status == "pending"


def test_answering_needs_the_date_of_birth_even_with_a_valid_form_token(desk, client):
    """Only the notes page carries the answer form's token; should one leak, the date of
    birth is still asked for. The token is made here as the portal makes it."""
    note = desk.note()
    token = desk.send(note)
    client.get(f"/g/{token}")
    visitor_id, verified_for = URLSafeTimedSerializer(KEY, salt="prepdesk-portal-visitor").loads(
        client.cookies[COOKIE])
    assert verified_for == ""
    leaked = Portal(desk.citizen, "").csrf(Visitor(visitor_id), token, "answer")
    refused = client.post(f"/g/{token}/answer", data={"csrf": leaked, "action": "approve"})
    assert refused.status_code == 403 and "Du skal skrive din fødselsdato igen" in refused.text
    assert desk.request(note).status == "pending"


def test_a_date_of_birth_without_the_csrf_token_uses_no_try(desk, client):
    note = desk.note()
    token = desk.send(note)
    client.get(f"/g/{token}")
    refused = client.post(f"/g/{token}/birth-date", data=WRONG)
    assert refused.status_code == 403
    assert desk.request(note).failed_checks == 0


@pytest.mark.parametrize("hostile", [SCRIPT, ATTRIBUTE])
def test_text_from_the_notes_and_the_citizen_is_escaped(desk, client, hostile):
    note = desk.note(citizen_view=f"Jeg sagde {hostile}", facts=hostile)
    answer(desk.citizen, desk.send(note), [ProposedCorrection("facts", f"Rettet {hostile}")])
    desk.reject_all(note, f"Nej {hostile}")
    token = desk.send(note)
    page = _verified(client, token)
    # Corrections typed in the form come back in it when it is sent again.
    again = client.post(f"/g/{token}/answer", data=_answer_form(
        page, action="approve", **{"text:citizen_view": hostile, "comment:facts": hostile}))
    for shown in (page.text, again.text):
        assert "<script" not in shown and "<img" not in shown
        assert ESCAPED[hostile] in shown
    assert _textarea(again, "text:citizen_view") == hostile
    # And what reaches the caseworker is exactly what the citizen typed.
    client.post(f"/g/{token}/answer", data=_answer_form(
        page, action="correct", **{"text:citizen_view": hostile}))
    assert [c.proposed_text for c in desk.corrections(note) if c.status == "pending"] == [hostile]


def _has_security_headers(response, no_store=True):
    headers = response.headers
    assert "default-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-content-type-options"] == "nosniff"
    assert (headers["cache-control"] == "no-store") is no_store


def test_every_response_has_the_security_headers(desk, client):
    token = desk.send(desk.note())
    _has_security_headers(client.get(f"/g/{token}"))
    _has_security_headers(_verified(client, token))
    _has_security_headers(client.get("/g/ikke-et-link"))
    _has_security_headers(client.get("/nothing"))
    _has_security_headers(client.post(f"/g/{token}/answer", data={"action": "approve"}))
    css = client.get("/static/portal.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    _has_security_headers(css, no_store=False)


def test_pages_load_nothing_from_elsewhere(desk, client):
    page = _verified(client, desk.send(desk.note()))
    assert "<script" not in page.text and "style=" not in page.text
    assert re.findall(r'(?:href|src|action)="(https?:)?//', page.text) == []


@pytest.mark.parametrize("streamed", [False, True], ids=["declared", "streamed"])
def test_a_body_over_the_limit_is_refused(desk, client, streamed):
    note = desk.note()
    token = desk.send(note)
    page = _verified(client, token)
    body = urlencode(_answer_form(page, action="correct",
                                  **{"text:citizen_view": "x" * (BODY_LIMIT + 1)})).encode()
    huge = client.post(f"/g/{token}/answer", content=iter([body]) if streamed else body,
                       headers={"content-type": "application/x-www-form-urlencoded"})
    assert "content-length" in huge.request.headers or streamed
    assert huge.status_code == 413 and "Din tekst er for lang" in huge.text
    assert desk.corrections(note) == []


def test_a_form_that_is_not_a_browser_form_is_refused(desk, client):
    note = desk.note()
    token = desk.send(note)
    page = client.post(f"/g/{token}/birth-date", content=b'{"day": 12}',
                       headers={"content-type": "application/json"})
    assert page.status_code == 400 and "Vi kunne ikke læse det" in page.text
    notes_page = _verified(client, token)
    for action in (None, "delete"):
        form = _answer_form(notes_page, **{"text:citizen_view": "Nej."})
        if action:
            form["action"] = action
        assert client.post(f"/g/{token}/answer", data=form).status_code == 400
    assert desk.corrections(note) == []


def test_an_error_shows_a_danish_page_and_is_logged(desk, monkeypatch, caplog):
    token = desk.send(desk.note())

    def broken(*args):
        raise RuntimeError("the database fell over")

    monkeypatch.setattr("prepdesk.portal.app.check_birth_date", broken)
    with TestClient(create_app(desk.citizen), raise_server_exceptions=False) as client:
        form = client.get(f"/g/{token}")
        with caplog.at_level(logging.ERROR, logger="prepdesk.portal.app"):
            page = client.post(f"/g/{token}/birth-date", data={"csrf": _csrf(form), **BIRTH})
    assert page.status_code == 500 and "Der skete en fejl" in page.text
    assert "RuntimeError" not in page.text and "Traceback" not in page.text
    _has_security_headers(page)
    assert any("the database fell over" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)


# --- The e-mail with the link ----------------------------------------------------------------------


def test_the_notification_holds_the_first_name_the_link_and_the_caseworker_only(desk):
    note = desk.note()
    sent = send_for_approval(desk.ctx(), note.id, key=KEY)
    with desk.sessions() as session:
        stored = session.get(OutboxMessage, sent.message_id)
    assert stored.to_address == "soeren@example.dk" and stored.approval_request_id == sent.request_id
    assert stored.not_before == SENT  # Monday afternoon: at once (R-LTR-4)
    assert "Kære Søren" in stored.body
    assert sent.link.startswith("https://referat.fjordby.example/g/")
    assert f"{sent.link}\n" in stored.body
    assert "Mette Kjær" in stored.body and "72 10 20 30" in stored.body
    assert "Linket virker til 7. december 2026" in stored.body
    # The meeting's date, so the citizen knows which meeting (MONDAY, 23 November).
    assert stored.subject == "Referatet af dit møde 23. november 2026 er klar"
    assert "vores møde 23. november 2026" in stored.body
    for private in ("Møller", "120587", "praktik", "sygemeldt", "Søge tre job"):
        assert private not in stored.body and private not in stored.subject


def test_notes_a_team_lead_sends_are_signed_by_their_author(desk):
    """The e-mail names the one who wrote the notes, as its From and Reply-To do: the
    citizen's answer goes to them, not to the team lead who sent the notes on."""
    note = desk.note()
    with desk.sessions() as session:
        add_caseworker(session, initials="LB", name="Lone Berg", email="lb@fjordby.example",
                       phone="72 10 99 99", role="team_lead", team="Team Vest")
        lead = find_user(session, login="LB")
    sent = send_for_approval(desk.ctx(lead), note.id, key=KEY)
    with desk.sessions() as session:
        body = session.get(OutboxMessage, sent.message_id).body
    assert "Mette Kjær" in body and "72 10 20 30" in body and "mkj@fjordby.example" in body
    assert "Lone Berg" not in body and "72 10 99 99" not in body


def test_a_citizen_without_an_e_mail_address_gets_no_notification(desk):
    note = desk.note()
    with desk.sessions() as session:
        session.get(Citizen, desk.citizen_id).email = None
        session.commit()
    with pytest.raises(UserError, match="e-mail"):
        send_for_approval(desk.ctx(), note.id, key=KEY)
    with desk.sessions() as session:
        assert session.exec(select(OutboxMessage)).all() == []
        assert session.exec(select(ApprovalRequest)).all() == []


# --- prepdesk portal -------------------------------------------------------------------------------


def test_an_address_the_portal_cannot_listen_on_is_said_in_a_sentence(tmp_path, monkeypatch,
                                                                       memory_keyring):
    import socket

    from prepdesk.portal.app import run_portal_cli

    monkeypatch.setenv("PREPDESK_DATABASE_URL", f"sqlite:///{tmp_path / 'portal.sqlite'}")
    monkeypatch.setenv("PREPDESK_SENDER_ADDRESS", "jobcenter@fjordby.example")  # a contact
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(UserError, match=f"Port {port} på 127.0.0.1 bruges af et andet program"):
            run_portal_cli("127.0.0.1", port)
    with pytest.raises(UserError, match="Adressen 999.1.1.1 kendes ikke"):
        run_portal_cli("999.1.1.1", 8123)


def test_the_portal_command_serves_the_configured_database_without_an_access_log(
        tmp_path, monkeypatch, memory_keyring):
    import uvicorn

    from prepdesk.portal.app import run_portal_cli

    served = []
    monkeypatch.setenv("PREPDESK_DATABASE_URL", f"sqlite:///{tmp_path / 'portal.sqlite'}")
    monkeypatch.setenv("PREPDESK_SENDER_ADDRESS", "jobcenter@fjordby.example")  # a contact
    monkeypatch.setattr(uvicorn.Server, "run", lambda server: served.append(server.config))
    assert run_portal_cli("127.0.0.1", 8123) == 0
    (config,) = served
    assert (config.host, config.port, config.access_log, config.server_header) == (
        "127.0.0.1", 8123, False, False)
    assert (tmp_path / "portal.sqlite").exists()
    assert memory_keyring.get_password("prepdesk", "signing-key")
    with TestClient(config.app) as client:
        assert client.get("/g/ikke-et-link").status_code == 404


def test_a_database_that_does_not_answer_asks_the_citizen_to_try_again(desk, client, monkeypatch):
    from prepdesk.errors import DatabaseAway
    from prepdesk.portal import app as portal_app

    token = desk.send(desk.note())
    form = client.get(f"/g/{token}")

    def away(*args):
        raise DatabaseAway("Databasen svarer ikke lige nu. Genindlæs (r).")

    monkeypatch.setattr(portal_app, "check_birth_date", away)
    page = client.post(f"/g/{token}/birth-date", data={"csrf": _csrf(form), **BIRTH})
    assert page.status_code == 503 and "Prøv igen om lidt" in page.text
    assert "Genindlæs" not in page.text
