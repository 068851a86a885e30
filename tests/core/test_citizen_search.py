"""Finding citizens by name and CPR number, among those the user may see (R-FILE-1,
R-SEC-2, R-SEC-3), on SQLite and PostgreSQL."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import select

from prepdesk.core.citizen_search import CitizenIndex
from prepdesk.core.context import CurrentUser
from prepdesk.core.search import fold
from prepdesk.data import db
from prepdesk.data.models import Caseworker, CaseworkerAssignment, Citizen, Team

NOW = datetime(2026, 11, 23, 8, tzinfo=UTC)
CITIZENS = [  # name, CPR, team
    ("Søren Møller", "120587-1234", "Vest"), ("Kim Mollerup", "070788-5555", "Vest"),
    ("Mette Kjær", "010190-4321", "Vest"), ("Mette Kjærgaard", "020290-1111", "Vest"),
    ("Lise Jørgensen", "030385-2222", "Vest"), ("Bo Sørensen", "040475-3333", "Vest"),
    ("Åse Ærø-Åberg", "050566-4444", "Øst"), ("Jens Jensen", "060677-1234", "Øst"),
]


@dataclass
class Office:
    session: object
    index: CitizenIndex
    ids: dict[str, int]  # citizen name -> id
    me: CurrentUser  # caseworker in Team Vest, also assigned Jens Jensen of Team Øst
    colleague: CurrentUser  # caseworker in Team Øst, assigned Åse
    lead: CurrentUser  # team lead of Team Øst
    admin: CurrentUser
    teams: dict[str, int]


def _user(worker: Caseworker) -> CurrentUser:
    return CurrentUser(worker.id, worker.name, worker.role, worker.team_id, None, worker.email,
                       worker.phone)


@pytest.fixture
def office(db_url):
    engine = db.open_engine(db_url)
    db.upgrade(engine)
    with db.session_factory(engine)() as session:
        teams = {name: Team(name=f"Team {name}") for name in ("Vest", "Øst")}
        session.add_all(teams.values())
        session.flush()
        workers = [
            Caseworker(initials="MKJ", name="Mette K", email="m@x.example", phone="1",
                       team_id=teams["Vest"].id),
            Caseworker(initials="SØ", name="Sara Ø", email="s@x.example", phone="2",
                       team_id=teams["Øst"].id),
            Caseworker(initials="TL", name="Tina L", role="team_lead", email="t@x.example",
                       phone="3", team_id=teams["Øst"].id),
            Caseworker(initials="ADM", name="Admin", role="admin", email="a@x.example", phone="4"),
        ]
        session.add_all(workers)
        session.flush()
        citizens = {}
        for name, cpr, team in CITIZENS:
            first, last = name.split(" ", 1)
            citizens[name] = Citizen(cpr=cpr, first_name=first, last_name=last,
                                     search_name=fold(name), team_id=teams[team].id)
        session.add_all(citizens.values())
        session.flush()
        me, colleague = workers[0], workers[1]
        session.add_all([
            CaseworkerAssignment(citizen_id=citizens["Jens Jensen"].id, caseworker_id=me.id,
                                 started_at=NOW),
            CaseworkerAssignment(citizen_id=citizens["Åse Ærø-Åberg"].id,
                                 caseworker_id=colleague.id, started_at=NOW),
            # An ended assignment gives no access.
            CaseworkerAssignment(citizen_id=citizens["Åse Ærø-Åberg"].id, caseworker_id=me.id,
                                 started_at=NOW, ended_at=NOW),
        ])
        session.commit()
        yield Office(session, CitizenIndex.load(session),
                     {name: c.id for name, c in citizens.items()},
                     *(_user(w) for w in workers), {k: t.id for k, t in teams.items()})
    engine.dispose()


def names(hits):
    return [hit.name for hit in hits]


@pytest.mark.parametrize(("query", "first"), [
    ("moller", "Søren Møller"), ("søren møller", "Søren Møller"),
    ("soeren moeller", "Søren Møller"), ("MOLLER SOREN", "Søren Møller"),
    ("jorgensen", "Lise Jørgensen"), ("lise jørgnesen", "Lise Jørgensen"),
    ("sørnsen", "Bo Sørensen"), ("sornsen", "Bo Sørensen"), ("mett kj", "Mette Kjær"),
    ("kjaer mette", "Mette Kjær"), ("aase aeroe", "Åse Ærø-Åberg"), ("åberg", "Åse Ærø-Åberg"),
    ("ase aro", "Åse Ærø-Åberg"),
])
def test_folded_misspelt_and_partial_names_are_found_first(office, query, first):
    assert names(office.index.search(query, user=office.admin))[0] == first


def test_ranking_exact_then_prefix_then_closer(office):
    found = office.index.search("moller", user=office.admin)
    assert names(found)[:2] == ["Søren Møller", "Kim Mollerup"]
    assert found[0].score > found[1].score
    assert names(office.index.search("mett kj", user=office.admin))[:2] == [
        "Mette Kjær", "Mette Kjærgaard"]


@pytest.mark.parametrize("query", ["120587-1234", "1205871234", " 120587 1234 ", "120587",
                                   "12-05-87", "120587-"])
def test_cpr_whole_with_or_without_dash_or_the_whole_birth_date(office, query):
    assert names(office.index.search(query, user=office.admin)) == ["Søren Møller"]


@pytest.mark.parametrize("query", ["1234", "4321", "12058", "1205871", "120587-12",
                                   "120587123", "12345678901", "1205871234 5"])
def test_neither_the_last_four_digits_nor_a_start_of_the_number_finds_anyone(office, query):
    assert office.index.search(query, user=office.admin) == []  # see test_cpr_search.py


def test_hits_show_the_masked_cpr_and_never_the_whole(office):
    for query in ["120587", "120587-1234", "moller", "mette"]:
        for hit in office.index.search(query, user=office.admin):
            assert re.fullmatch(r"\d{6}-XXXX", hit.masked_cpr)
            serial = next(cpr for name, cpr, _ in CITIZENS if name == hit.name)[-4:]
            assert serial not in repr(hit)
    assert office.index.search("120587-1234", user=office.admin)[0].masked_cpr == "120587-XXXX"


def test_a_caseworker_finds_their_team_and_their_own_citizens_only(office):
    search = office.index.search
    assert search("aase aeroe", user=office.me) == []  # another team's, assignment ended
    assert search("050566", user=office.me) == []
    assert search("050566-4444", user=office.me) == []
    assert names(search("jens jensen", user=office.me)) == ["Jens Jensen"]  # assigned to me
    assert names(search("060677", user=office.me)) == ["Jens Jensen"]
    assert names(search("aase", user=office.colleague)) == ["Åse Ærø-Åberg"]
    assert search("moller", user=office.colleague) == []


def test_a_team_lead_sees_the_team_and_an_admin_sees_everyone(office):
    search = office.index.search
    assert names(search("aase", user=office.lead)) == ["Åse Ærø-Åberg"]
    assert names(search("0606771234", user=office.lead)) == ["Jens Jensen"]
    assert search("1205871234", user=office.lead) == []
    assert search("moller", user=office.lead) == []
    for name, cpr, _ in CITIZENS:
        assert names(search(name, user=office.admin))[0] == name
        assert names(search(cpr, user=office.admin)) == [name]


def test_a_user_without_a_team_or_an_unknown_role_sees_only_their_assignments(office):
    loner = CurrentUser(office.me.id, "X", "caseworker", None, None, "", "")
    assert names(office.index.search("jens", user=loner)) == ["Jens Jensen"]
    assert office.index.search("moller", user=loner) == []
    stranger = CurrentUser(999_999, "Y", "visitor", office.teams["Vest"], None, "", "")
    assert office.index.search("aase", user=stranger) == []


def _mapped(index: CitizenIndex, monkeypatch) -> CitizenIndex:
    """`index` as the app has it when it was built apart: its arrays (all of them, here)
    mapped from a file, read-only (core/mapped.py)."""
    import io
    import tempfile

    from prepdesk.core import mapped

    monkeypatch.setattr(mapped, "AT_LEAST", 8)
    pickled, file = io.BytesIO(), tempfile.TemporaryFile()
    mapped.dump(index, pickled, file)
    return mapped.load(pickled.getvalue(), file)


@pytest.mark.parametrize("kept", ["in the heap", "mapped"])
def test_refreshed_adds_renames_moves_and_removes_one_citizen(office, kept, monkeypatch):
    session, old = office.session, office.index
    if kept == "mapped":
        old = _mapped(old, monkeypatch)
        assert type(old._cpr_order) is memoryview
    new_citizen = Citizen(cpr="110111-0101", first_name="Sørine", last_name="Bøgh",
                          search_name=fold("Sørine Bøgh"), team_id=office.teams["Vest"])
    session.add(new_citizen)
    session.commit()
    index = old.refreshed(session, new_citizen.id)
    assert names(index.search("sorine bogh", user=office.me)) == ["Sørine Bøgh"]
    assert names(index.search("110111", user=office.me)) == ["Sørine Bøgh"]
    assert old.search("sorine bogh", user=office.admin) == [] and len(index) == len(old) + 1

    new_citizen.last_name, new_citizen.search_name = "Ågaard", fold("Sørine Ågaard")
    new_citizen.team_id = office.teams["Øst"]
    session.commit()
    index = index.refreshed(session, new_citizen.id)
    assert index.search("bogh", user=office.admin) == []
    assert names(index.search("aagaard", user=office.colleague)) == ["Sørine Ågaard"]
    assert index.search("aagaard", user=office.me) == []  # moved to another team

    session.add(CaseworkerAssignment(citizen_id=new_citizen.id, caseworker_id=office.me.id,
                                     started_at=NOW))
    session.commit()
    index = index.refreshed(session, new_citizen.id)
    assert names(index.search("aagaard", user=office.me)) == ["Sørine Ågaard"]

    for assignment in session.exec(
        select(CaseworkerAssignment).where(CaseworkerAssignment.citizen_id == new_citizen.id)
    ):
        session.delete(assignment)
    session.flush()
    session.delete(new_citizen)
    session.commit()
    index = index.refreshed(session, new_citizen.id)
    assert index.search("aagaard", user=office.admin) == []
    assert index.search("110111", user=office.admin) == []
    assert len(index) == len(old)


def test_any_query_is_safe_and_returns_at_most_the_limit(office):
    index, user = office.index, office.me
    for query in ["", "   ", "-", "\x1b[2J", "[/]", "[bold]Møller[/]", "0" * 10_000,
                  "møller " * 2000, "\x00\x7f\x9b"]:
        assert len(index.search(query, user=user, limit=3)) <= 3

    @given(st.text(max_size=60), st.integers(0, 10))
    @settings(max_examples=200, deadline=None)
    def check(query, limit):
        hits = index.search(query, user=user, limit=limit)
        assert len(hits) <= limit
        assert all(hit.citizen_id in (office.ids["Jens Jensen"], *[
            office.ids[n] for n, _, team in CITIZENS if team == "Vest"]) for hit in hits)

    check()


# --- one database, two apps: the shared index sees what colleagues did (issue 9, item 5) ---


def _add_citizen(world, first, last, cpr):
    from prepdesk.core.transaction import writing

    with writing(world.ctx(world.admin)) as session:  # colleague B's app
        citizen = Citizen(cpr=cpr, first_name=first, last_name=last,
                          search_name=fold(f"{first} {last}"), team_id=world.citizen.team_id)
        session.add(citizen)
        session.flush()
        return citizen.id


def test_a_citizen_a_colleague_adds_is_found_by_my_next_search(world):
    from prepdesk.core.citizen_search import CitizenIndexCache

    mine = CitizenIndexCache(world.ctx(), fresh_for=0)  # every search looks
    assert mine.search("Yrsa Quist") == [] and mine.ready
    added = _add_citizen(world, "Yrsa", "Quist", "111111-1111")
    assert [hit.citizen_id for hit in mine.search("Yrsa Quist")][:1] == [added]


def test_a_rename_a_move_and_a_new_assignment_by_a_colleague_are_seen(world):
    from prepdesk.core.citizen_search import CitizenIndexCache
    from prepdesk.core.transaction import writing

    mine = CitizenIndexCache(world.ctx(), fresh_for=0)
    assert [hit.citizen_id for hit in mine.search("Søren Møller")][:1] == [world.citizen.id]
    built = mine.get()
    with writing(world.ctx(world.admin)) as session:
        citizen = session.get(Citizen, world.citizen.id)
        citizen.first_name, citizen.search_name = "Sørine", fold("Sørine Møller")
    assert [hit.name for hit in mine.search("Sørine")][:1] == ["Sørine Møller"]
    assert mine.get() is not built
    # The other team's citizen, assigned to me by a colleague: I find them now.
    assert mine.search("Åse Ærø") == []
    with writing(world.ctx(world.admin)) as session:
        session.add(CaseworkerAssignment(citizen_id=world.stranger.id, caseworker_id=world.me.id,
                                         started_at=NOW))
    assert [hit.citizen_id for hit in mine.search("Åse Ærø")] == [world.stranger.id]
    # Moved to the other team and the assignment ended: gone from my search.
    with writing(world.ctx(world.admin)) as session:
        for assignment in session.exec(select(CaseworkerAssignment).where(
                CaseworkerAssignment.citizen_id == world.stranger.id,
                CaseworkerAssignment.caseworker_id == world.me.id)):
            assignment.ended_at = NOW
    assert mine.search("Åse Ærø") == []


def test_nothing_changed_means_the_same_index(world):
    from prepdesk.core.citizen_search import CitizenIndexCache

    mine = CitizenIndexCache(world.ctx(), fresh_for=0)
    first = mine.get()
    assert mine.get() is first


def test_the_keystrokes_of_one_name_look_once_and_a_change_shows_a_moment_later(world):
    from prepdesk.core.citizen_search import CitizenIndexCache

    seconds = [0.0]
    mine = CitizenIndexCache(world.ctx(), fresh_for=1.0, timer=lambda: seconds[0])
    assert mine.search("Yrsa") == []
    added = _add_citizen(world, "Yrsa", "Quist", "111111-1111")
    seconds[0] = 0.5  # still typing: the index as it was, no query
    assert mine.search("Yrsa Q") == []
    seconds[0] = 1.5
    assert [hit.citizen_id for hit in mine.search("Yrsa Q")][:1] == [added]


def test_a_move_to_my_team_a_deactivation_and_a_deletion_by_a_colleague_are_seen(world):
    """The other changes a colleague's app makes to what the index holds (the team, the
    active flag, the row itself), each seen by my next search: whatever the freshness
    check is, these stay true (docs/scaling.md)."""
    from prepdesk.core.citizen_search import CitizenIndexCache
    from prepdesk.core.transaction import writing

    mine = CitizenIndexCache(world.ctx(), fresh_for=0)
    assert mine.search("Åse Ærø") == []
    with writing(world.ctx(world.admin)) as session:
        session.get(Citizen, world.stranger.id).team_id = world.citizen.team_id
    (hit,) = mine.search("Åse Ærø")
    assert hit.citizen_id == world.stranger.id and hit.active
    with writing(world.ctx(world.admin)) as session:
        session.get(Citizen, world.stranger.id).active = False
    assert [hit.active for hit in mine.search("Åse Ærø")] == [False]
    added = _add_citizen(world, "Yrsa", "Quist", "111111-1111")
    assert [hit.citizen_id for hit in mine.search("Yrsa Quist")][:1] == [added]
    with writing(world.ctx(world.admin)) as session:
        session.delete(session.get(Citizen, added))
    assert mine.search("Yrsa Quist") == []


# --- the change log the database's triggers write (migration 0009) ---------------------------


def _engine(world):
    return world.sessions.kw["bind"]


def test_a_change_by_another_program_is_seen_and_an_address_writes_nothing(world):
    """The log is written by the database, so a rename by any program (an import, a DBA's
    SQL) reaches every app's next search; a change the index does not hold logs nothing."""
    from sqlalchemy import func, text

    from prepdesk.core.citizen_search import CitizenIndexCache
    from prepdesk.data.models import CitizenChange

    mine = CitizenIndexCache(world.ctx(), fresh_for=0)
    assert mine.search("Sørine") == []
    with _engine(world).begin() as connection:
        logged = connection.scalar(select(func.count()).select_from(CitizenChange))
        connection.execute(text("UPDATE citizen SET address = 'Havnegade 1' WHERE id = :id"),
                           {"id": world.citizen.id})
        assert connection.scalar(select(func.count()).select_from(CitizenChange)) == logged
        connection.execute(text("UPDATE citizen SET first_name = 'Sørine', "
                                "search_name = 'sorine moller' WHERE id = :id"),
                           {"id": world.citizen.id})
    assert [hit.name for hit in mine.search("Sørine")][:1] == ["Sørine Møller"]


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)  # SQLite commits in order
def test_a_change_committed_after_a_later_one_is_still_seen(world):
    """PostgreSQL takes a log row's id at insert: a colleague's transaction that began first
    and commits last leaves a gap the index looks into again until it is filled."""
    from prepdesk.core.citizen_search import CitizenIndexCache

    mine = CitizenIndexCache(world.ctx(), fresh_for=0)
    mine.get()
    with _engine(world).connect() as slow:
        transaction = slow.begin()
        slow.execute(Citizen.__table__.insert().values(
            cpr="111111-1111", first_name="Yrsa", last_name="Quist", search_name="yrsa quist",
            team_id=world.citizen.team_id, active=True, assessment="", version=1,
            preferred_channel="email"))
        quick = _add_citizen(world, "Vera", "Vinter", "121212-1212")  # a later id, committed
        assert [hit.citizen_id for hit in mine.search("Vera Vinter")][:1] == [quick]
        assert mine.search("Yrsa Quist") == []  # not committed yet
        transaction.commit()
    assert [hit.name for hit in mine.search("Yrsa Quist")][:1] == ["Yrsa Quist"]


def test_a_log_pruned_past_what_the_index_read_builds_it_anew(world):
    from sqlalchemy import delete

    from prepdesk.core.citizen_search import CitizenIndexCache
    from prepdesk.data.models import CitizenChange

    mine = CitizenIndexCache(world.ctx(), fresh_for=0)
    built = mine.get()
    _add_citizen(world, "Yrsa", "Quist", "111111-1111")
    _add_citizen(world, "Vera", "Vinter", "121212-1212")
    with _engine(world).begin() as connection:  # `prepdesk maintenance` kept only the newest
        newest = connection.scalar(select(CitizenChange.id).order_by(CitizenChange.id.desc()))
        connection.execute(delete(CitizenChange).where(CitizenChange.id < newest))
    assert [hit.name for hit in mine.search("Yrsa Quist")][:1] == ["Yrsa Quist"]
    assert mine.get() is not built


def test_many_citizens_are_indexed_apart_and_found_the_same(office, monkeypatch):
    """From `apart.AT_LEAST` citizens, the index is built in a process of its own (issue
    17: the build's small objects kept 9 MiB of the app's memory): the same hits, with the
    same scores, for every user, by name and by CPR number."""
    from prepdesk.core import apart, citizen_search

    built_in_child = []
    real = apart._in_child
    monkeypatch.setattr(apart, "_in_child",
                        lambda *args, **kw: built_in_child.append(1) or real(*args, **kw))
    monkeypatch.setattr(citizen_search, "AT_LEAST", 1)
    index = CitizenIndex.load(office.session)
    assert built_in_child == [1]
    for user in (office.me, office.colleague, office.lead, office.admin):
        for query in ("moller", "mette kj", "aase aeroe", "jensen", "120587", "1205871234", ""):
            assert index.search(query, user=user) == office.index.search(query, user=user)
    assert names(index.search("moller", user=office.me))[0] == "Søren Møller"  # it finds
