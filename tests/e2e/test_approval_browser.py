"""End to end: the citizen approves notes in a real browser (Debian's Chromium, headless).

The caseworker sends the notes for approval; the e-mail goes through the real outbox to
a real SMTP server (aiosmtpd on 127.0.0.1); the link is taken from the received e-mail
and opened in Chromium, with JavaScript switched off, against the portal served by
uvicorn. The citizen gives their date of birth, marks one part wrong and corrects it;
the caseworker finds the correction pending, accepts it, and version 2 carries it.

Needs the Debian packages chromium and chromium-driver; skipped without them unless
PREPDESK_REQUIRE_BROWSER=1 (CI), when a missing browser fails the test.
"""

from __future__ import annotations

import os
import re
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import uvicorn
from mail import Inbox, free_port, smtp_server
from office import open_office

from prepdesk.config import Settings
from prepdesk.core import meeting_mode, notes
from prepdesk.core.approval import CitizenContext, send_for_approval
from prepdesk.core.context import LOCAL_TIMEZONE, Context
from prepdesk.core.note_content import AgreedAction
from prepdesk.core.note_page import corrections_page, note_page
from prepdesk.data.models import AgendaItem, Meeting
from prepdesk.delivery.outbox import send_due
from prepdesk.portal.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
# Read at import: the suite's autouse fixture removes PREPDESK_* variables before each test.
REQUIRE_BROWSER = os.environ.get("PREPDESK_REQUIRE_BROWSER") == "1"
KEY = "e2e-signing-key-not-secret"
SENDER = "jobcenter@fjordby.example"
MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=LOCAL_TIMEZONE)
SENT = MONDAY + timedelta(hours=4)  # Monday afternoon: inside the send window
WRONG_TEXT = "Søren er sygemeldt til 1. december."
RIGHT_TEXT = "Søren er sygemeldt til 15. december. Lægen ser ham igen den 10."


@pytest.fixture
def browser(tmp_path):
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    if missing:
        reason = (f"{', '.join(missing)} not found: install the Debian packages chromium and "
                  "chromium-driver (apt-get install chromium chromium-driver)")
        if REQUIRE_BROWSER:
            pytest.fail(f"PREPDESK_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    # The machine's network is closed: without the background-networking flags Chromium
    # keeps trying to reach Google's hosts.
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={tmp_path / 'chromium-profile'}", "--window-size=390,844"):
        options.add_argument(flag)
    # The page must work without JavaScript.
    options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def office(tmp_path):
    office = open_office(tmp_path, email="soeren@example.dk")
    engine, sessions, user = office.engine, office.sessions, office.mette
    with sessions() as session:
        meeting = Meeting(citizen_id=office.citizen_id, caseworker_id=user.id, kind="follow_up",
                          starts_at=MONDAY, place="Mødelokale 2")
        session.add(meeting)
        session.flush()
        session.add(AgendaItem(meeting_id=meeting.id, position=1, title="Sygemelding", owner="both"))
        session.commit()
        meeting_id = meeting.id
    ctx = _ctx(sessions, user, MONDAY + timedelta(hours=1))
    content = meeting_mode.start(ctx, meeting_id).content
    key = content.sections[0].key
    content = content.with_text(key, WRONG_TEXT).model_copy(update={
        "citizen_view": "Jeg vil gerne i praktik.", "next_steps": "Mette finder et praktiksted.",
        "agreements": (AgreedAction(what="Søge tre job om ugen", who="citizen",
                                    due_on=datetime(2026, 12, 1).date()),)})
    note_id = notes.finish(ctx, meeting_id, content).note_id
    yield sessions, user, note_id, key
    engine.dispose()


def _ctx(sessions, user, now, base_url="http://127.0.0.1") -> Context:
    return Context(sessions=sessions, user=user, clock=lambda: now,
                   settings=Settings(sender_address=SENDER, portal_url=base_url))


@pytest.fixture
def portal(office):
    """The portal on 127.0.0.1 and a free port, served by uvicorn in a thread."""
    sessions = office[0]
    server = uvicorn.Server(uvicorn.Config(
        create_app(CitizenContext(sessions, KEY, lambda: SENT + timedelta(hours=1)), contact=SENDER),
        host="127.0.0.1", port=free_port(), access_log=False, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the portal did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{server.config.port}"
    server.should_exit = True
    thread.join(timeout=10)


def _mailed_link(office, base_url: str) -> str:
    """Send the notes for approval through the outbox and a real SMTP server; the link
    from the e-mail that arrived."""
    sessions, user, note_id, _key = office
    send_for_approval(_ctx(sessions, user, SENT, base_url), note_id, key=KEY)
    inbox, port = Inbox(), free_port()
    with smtp_server(inbox, port):
        report = send_due(sessions, Settings(outbox_transport="smtp", smtp_host="127.0.0.1",
                                             smtp_port=port, smtp_starttls=False,
                                             sender_address=SENDER), SENT)
    assert (report.sent, report.failed) == (1, 0), report.problems
    (envelope,) = inbox.envelopes
    assert envelope.rcpt_tos == ["soeren@example.dk"]
    (text,) = inbox.texts()
    assert "Kære Søren" in text and "Møller" not in text and "sygemeldt" not in text
    return re.search(r"http://127\.0\.0\.1:\d+/g/\S+", text).group(0)


def _wait_for_text(driver, text: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while text not in driver.page_source:
        assert time.monotonic() < deadline, f"{text!r} never appeared:\n{driver.page_source}"
        time.sleep(0.1)


def test_the_citizen_corrects_the_notes_in_a_browser(browser, office, portal, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.select import Select

    sessions, user, note_id, key = office
    link = _mailed_link(office, portal)
    browser.get(link)
    _wait_for_text(browser, "Skriv din fødselsdato")
    assert "sygemeldt" not in browser.page_source
    for name, value in (("day", "12"), ("month", "5"), ("year", "1987")):
        browser.find_element(By.NAME, name).send_keys(value)
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    _wait_for_text(browser, "Referat af mødet")
    browser.save_screenshot(str(tmp_path / "notes.png"))

    part = browser.find_element(By.ID, f"del-{key}")
    part.find_element(By.TAG_NAME, "summary").click()  # <details> opens without JavaScript
    correction = part.find_element(By.NAME, f"text:{key}")
    assert correction.get_attribute("value") == WRONG_TEXT
    correction.clear()
    correction.send_keys(RIGHT_TEXT)
    part.find_element(By.NAME, f"comment:{key}").send_keys("Lægen skrev 15. december.")
    # The agreement too (R-APPR-2): who does it and by when, in plain form fields.
    agreement = browser.find_element(By.ID, "del-agreement-1")
    agreement.find_element(By.TAG_NAME, "summary").click()
    Select(agreement.find_element(By.NAME, "who:agreement-1")).select_by_value("caseworker")
    due = agreement.find_element(By.NAME, "due:agreement-1")
    assert due.get_attribute("value") == "01.12.2026"
    due.clear()
    due.send_keys("15.12.2026")
    browser.save_screenshot(str(tmp_path / "corrected.png"))
    # The answer: a choice in words ("Send mine rettelser"), then the one button.
    choice = browser.find_element(By.XPATH, "//label[normalize-space()='Send mine rettelser']")
    choice.click()
    assert browser.find_element(By.CSS_SELECTOR, "input[name=action][value=correct]").is_selected()
    browser.find_element(By.CSS_SELECTOR, "input[type=submit][value='Send mit svar']").click()
    _wait_for_text(browser, "Tak for dit svar")
    assert "Vi har sendt dine rettelser til Mette Kjær" in browser.page_source

    ctx = _ctx(sessions, user, SENT + timedelta(days=1))
    page = corrections_page(ctx, note_id)
    pending, agreed = sorted(page.pending, key=lambda line: line.section != key)
    assert (pending.section, pending.original, pending.proposed, pending.comment) == (
        key, WRONG_TEXT, RIGHT_TEXT, "Lægen skrev 15. december.")
    assert (agreed.section, agreed.original, agreed.proposed) == (
        "agreement-1", "Søge tre job om ugen · borgeren · senest 01.12.2026",
        "Søge tre job om ugen · sagsbehandleren · senest 15.12.2026")
    answered = notes.accept_correction(ctx, pending.id, seen_version=pending.version,
                                       seen_note_version=page.version)
    assert answered.note_version == 2
    assert note_page(ctx, note_id).content.text_of(key) == RIGHT_TEXT
    page = corrections_page(ctx, note_id)
    (agreed,) = page.pending
    assert notes.accept_correction(ctx, agreed.id, seen_version=agreed.version,
                                   seen_note_version=page.version).note_version == 3
    (agreement,) = note_page(ctx, note_id).content.agreements
    assert (agreement.who, agreement.due_on) == ("caseworker", datetime(2026, 12, 15).date())

    browser.get(link)  # the link answers once
    _wait_for_text(browser, "Du har allerede svaret")
