"""Text that a database cannot hold is saved as the nearest text it can, never refused.

A lone surrogate (half a character: UTF-8 cannot encode it) and NUL (PostgreSQL refuses it)
made saving raise, and a draft holding one was lost with the app (issue 10). Hypothesis
throws any text at it: whatever goes in comes back, with only those characters changed.
"""

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from prepdesk.data import db
from prepdesk.data import models as m

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def sessions(db_url):
    engine = db.open_engine(db_url)
    db.upgrade(engine)
    sessions = db.session_factory(engine)
    with sessions() as session:
        meeting = _meeting(session)
        session.add(m.NoteDraft(meeting_id=meeting.id, author_id=meeting.caseworker_id,
                                saved_at=NOW))
        session.commit()
    yield sessions
    engine.dispose()


def _expected(text: str) -> str:
    return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text if c != "\x00")


def _meeting(session: Session) -> m.Meeting:
    team = m.Team(name="Team")
    session.add(team)
    session.flush()
    worker = m.Caseworker(initials="MK", name="Mette", email="mk@x.example", phone="1",
                          team_id=team.id)
    citizen = m.Citizen(cpr="010190-0000", first_name="A", last_name="B", search_name="a b",
                        team_id=team.id)
    session.add_all([worker, citizen])
    session.flush()
    meeting = m.Meeting(citizen_id=citizen.id, caseworker_id=worker.id, kind="follow_up",
                        starts_at=NOW)
    session.add(meeting)
    session.flush()
    return meeting


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(codec=None), max_size=40))
def test_any_text_in_a_draft_is_saved_and_comes_back(sessions, text) -> None:
    with sessions() as session:
        draft, meeting = session.get(m.NoteDraft, 1), session.get(m.Meeting, 1)
        draft.content = {"facts": text, "sections": [{"text": text}]}
        meeting.purpose = text
        session.add_all([draft, meeting])
        session.commit()
    with sessions() as session:
        draft, meeting = session.get(m.NoteDraft, 1), session.get(m.Meeting, 1)
        assert draft.content == {"facts": _expected(text), "sections": [{"text": _expected(text)}]}
        assert meeting.purpose == _expected(text)
