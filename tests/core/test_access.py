import pytest

from prepdesk.core.access import find_user
from prepdesk.data import db
from prepdesk.data.models import Caseworker, Team
from prepdesk.errors import UserError


@pytest.fixture
def session(db_url):
    engine = db.open_engine(db_url)
    db.upgrade(engine)
    with db.session_factory(engine)() as session:
        team = Team(name="Team Vest")
        session.add(team)
        session.flush()
        session.add_all([
            Caseworker(initials="MKJ", name="Mette Kjær", email="mkj@fjordby.example",
                       phone="72 10 20 30", team_id=team.id),
            Caseworker(initials="ABØ", name="Anders Bøgh", role="team_lead",
                       email="abo@fjordby.example", phone="72 10 20 31", team_id=team.id),
            Caseworker(initials="OLD", name="Ole Gammel", email="old@fjordby.example",
                       phone="1", active=False),
        ])
        session.commit()
        yield session
    engine.dispose()


def test_login_by_initials_or_email_in_any_case(session):
    assert find_user(session, login="mkj").name == "Mette Kjær"
    assert find_user(session, login="MKJ@Fjordby.example").team_name == "Team Vest"


def test_demo_login_by_role(session):
    assert find_user(session, role="team_lead").name == "Anders Bøgh"


def test_unknown_or_inactive_user_gets_a_sentence(session):
    with pytest.raises(UserError, match="--user"):
        find_user(session, login="old")
    with pytest.raises(UserError):
        find_user(session, role="admin")
