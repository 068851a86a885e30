"""The `world` fixture: see world.py."""

from datetime import date, timedelta

import pytest
from world import NOW, World, _user

from prepdesk.data import db
from prepdesk.data import models as m


@pytest.fixture
def world(db_url):
    engine = db.open_engine(db_url)
    db.upgrade(engine)
    sessions = db.session_factory(engine)
    session = sessions()
    add = session.add_all
    vest, oest = m.Team(name="Team Vest"), m.Team(name="Team Øst")
    add([vest, oest])
    session.flush()
    me = m.Caseworker(initials="MKJ", name="Mette Kjær", email="mkj@fjordby.example", phone="72 10 20 30", team_id=vest.id)
    earlier = m.Caseworker(initials="JH", name="Jens Holm", email="jh@fjordby.example", phone="72 10 20 31", team_id=vest.id)
    other = m.Caseworker(initials="SØ", name="Sara Ørsted", email="so@fjordby.example", phone="72 10 20 32", team_id=oest.id)
    admin = m.Caseworker(initials="ADM", name="Admin", role="admin", email="adm@fjordby.example", phone="1")
    add([me, earlier, other, admin])
    session.flush()
    kontant = m.Benefit(code="kh", name="Kontanthjælp")
    group = m.TargetGroup(code="ap", name="Aktivitetsparat kontanthjælp")
    add([kontant, group])
    session.flush()
    citizen = m.Citizen(cpr="120587-1234", first_name="Søren", last_name="Møller", search_name="soeren moeller",
                        team_id=vest.id, benefit_id=kontant.id, target_group_id=group.id,
                        assessment="Vurderes at kunne arbejde 10 timer om ugen.")
    stranger = m.Citizen(cpr="010190-4321", first_name="Åse", last_name="Ærø", search_name="aase aeroe", team_id=oest.id)
    add([citizen, stranger])
    session.flush()
    ago = lambda days: NOW - timedelta(days=days)  # noqa: E731
    add([
        m.CaseworkerAssignment(citizen_id=citizen.id, caseworker_id=other.id, started_at=ago(900), ended_at=ago(600)),
        m.CaseworkerAssignment(citizen_id=citizen.id, caseworker_id=earlier.id, started_at=ago(600), ended_at=ago(200)),
        m.CaseworkerAssignment(citizen_id=citizen.id, caseworker_id=me.id, started_at=ago(200)),
        m.CaseworkerAssignment(citizen_id=stranger.id, caseworker_id=other.id, started_at=ago(100)),
        m.CitizenGoal(citizen_id=citizen.id, kind="goal", text="Jeg vil gerne arbejde med dyr.", recorded_at=ago(30)),
        m.Accommodation(citizen_id=citizen.id, description="Pauser hver time"),
        m.Representative(citizen_id=citizen.id, kind="companion", name="Birthe Møller", relation="mor", phone="20 20 20 20"),
        m.BenefitPeriod(citizen_id=citizen.id, benefit_id=kontant.id, started_on=date(2020, 1, 1)),
        m.JournalEntry(citizen_id=citizen.id, author_id=me.id, kind="phone", direction="in", occurred_at=ago(20),
                       title="Opkald fra borger", body="Borger ringede om medicin."),
        m.JournalEntry(citizen_id=citizen.id, author_id=me.id, kind="sms", direction="out", occurred_at=ago(2),
                       title="SMS til borger", body="Husk mødet mandag."),
        m.Agreement(citizen_id=citizen.id, what="Søge tre job", who="citizen", due_on=date(2026, 11, 1)),
        m.Agreement(citizen_id=citizen.id, what="Afsluttet aftale", status="done"),
    ])
    last_meeting = m.Meeting(citizen_id=citizen.id, caseworker_id=me.id, kind="follow_up", starts_at=ago(7),
                             status="held", purpose="Opfølgning")
    next_meeting = m.Meeting(citizen_id=citizen.id, caseworker_id=me.id, kind="follow_up",
                             starts_at=NOW + timedelta(hours=2), place="Mødelokale 2")
    friday = m.Meeting(citizen_id=citizen.id, caseworker_id=me.id, kind="phone", starts_at=NOW + timedelta(days=4))
    next_week = m.Meeting(citizen_id=citizen.id, caseworker_id=me.id, kind="phone", starts_at=NOW + timedelta(days=8))
    add([last_meeting, next_meeting, friday, next_week])
    old_statement = m.Statement(citizen_id=citizen.id, kind="medical", author_name="Dr. Lund", author_profession="praktiserende læge",
                                written_on=date(2026, 9, 1), received_at=ago(40), title="Lægeerklæring", body="Fuld tekst.")
    new_statement = m.Statement(citizen_id=citizen.id, kind="psychologist", author_name="Eva Friis", author_profession="autoriseret psykolog",
                                written_on=date(2026, 11, 18), received_at=ago(3), title="Psykologudtalelse",
                                body="Hele udtalelsen.", work_capacity="10 timer", hours_per_week=10)
    add([old_statement, new_statement])
    session.commit()
    world = World(session, _user(me, vest), _user(other, oest), _user(admin, None), citizen, stranger,
                  last_meeting, next_meeting, old_statement, new_statement, sessions)
    yield world
    session.close()
    engine.dispose()
