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


def test_the_first_user_of_a_new_database_from_the_command_line(tmp_path, monkeypatch, capsys):
    from prepdesk.cli import main

    monkeypatch.setenv("PREPDESK_DATABASE_URL", f"sqlite:///{tmp_path / 'p.sqlite'}")
    assert main(["user", "add", "LJ", "--name", "Lise Jørgensen", "--email", "lj@fjordby.example",
                 "--phone", "72 11 22 33", "--role", "team_lead", "--team", "Team Øst"]) == 0
    assert main(["user", "add", "LJ", "--name", "X", "--email", "x@y.z", "--phone", "1"]) == 2
    assert "Initialerne LJ er optaget" in capsys.readouterr().err
    assert main(["user", "list"]) == 0
    assert "Lise Jørgensen" in capsys.readouterr().out
