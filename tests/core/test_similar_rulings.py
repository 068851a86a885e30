""""Similar to this case" (R-RULE-2): measured on a labelled set, with reasons in Danish."""

from datetime import date

import pytest
from sqlmodel import select
from support.people import NOW
from support.similar_cases import CASES, RULINGS, add_cases, add_reader

from prepdesk.config import Settings
from prepdesk.core.context import Context
from prepdesk.core.ruling_library import RulingLibrary
from prepdesk.core.search import fold
from prepdesk.core.similar_rulings import similar_rulings, stem
from prepdesk.data import db
from prepdesk.data import models as m
from prepdesk.errors import UserError

# Measured when written: hit rate 1.00, wanted rulings in the top 5 0.88. The floors
# leave room for a ranking change that trades one case for another, not for a broken one.
HIT_RATE_FLOOR = 0.8
RECALL_FLOOR = 0.7


class Library:
    """The labelled library: a session to add rows, the citizens of the cases, and a
    context and a ruling library (with its kept index) to ask for suggestions."""

    def __init__(self, session, sessions, citizens):  # type: ignore[no-untyped-def]
        self.session, self.citizens = session, citizens
        self.ctx = Context(sessions=sessions, user=add_reader(session), settings=Settings(),
                           clock=lambda: NOW)
        session.commit()
        self.kept = RulingLibrary()

    def similar(self, citizen_id, **more):  # type: ignore[no-untyped-def]
        return similar_rulings(self.ctx, citizen_id, library=self.kept, **more)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter((self.session, self.citizens, self))


@pytest.fixture
def library(db_url):
    engine = db.open_engine(db_url)
    db.upgrade(engine)
    sessions = db.session_factory(engine)
    with sessions() as session:
        session.add_all(m.Ruling(**fields) for fields in RULINGS)
        session.flush()
        citizens = add_cases(session, CASES)
        session.commit()
        yield Library(session, sessions, citizens)
    engine.dispose()


def numbers(suggestions):
    return [s.number for s in suggestions]


def test_the_labelled_cases_find_the_rulings_a_caseworker_wants(library):
    session, citizens, index = library
    hits = found = wanted = 0
    for citizen_id, case in zip(citizens, CASES, strict=True):
        top = set(numbers(index.similar(citizen_id)))
        hits += bool(top & case["wanted"])
        found += len(top & case["wanted"])
        wanted += len(case["wanted"])
    hit_rate, recall = hits / len(CASES), found / wanted
    print(f"\nsimilar rulings, {len(CASES)} cases among {len(RULINGS)} rulings: hit rate in "
          f"the top 5 {hit_rate:.2f}, wanted rulings in the top 5 {recall:.2f}")
    assert hit_rate >= HIT_RATE_FLOOR
    assert recall >= RECALL_FLOOR


def test_each_suggestion_says_in_danish_what_matched(library):
    session, citizens, index = library
    first = index.similar(citizens[0])[0]  # waiting for an operation
    assert (first.number, first.score) == ("30-19", 100.0)
    assert first.title.startswith("Sygedagpenge – forlængelse")
    assert "Samme målgruppe: sygedagpengemodtager" in first.reasons
    statement_words = next(r for r in first.reasons if r.startswith("Ord fra erklæringer: "))
    assert "operationen" in statement_words and "diskusprolaps" in statement_words
    assert any(r.startswith("Ord fra journalen: ") and "forlængelse" in r for r in first.reasons)


def test_a_ruling_about_the_benefit_is_named_so(library):
    session, citizens, index = library
    revalidation = CASES.index(next(c for c in CASES if c["benefit"] == "Revalideringsydelse"))
    top = index.similar(citizens[revalidation])
    assert top[0].number == "40-20"
    assert "Samme ydelse: revalideringsydelse" in top[0].reasons


def test_replaced_rulings_are_never_suggested(library):
    session, citizens, index = library
    for citizen_id in citizens:
        assert {"P-11-09", "C-32-05"}.isdisjoint(
            numbers(index.similar(citizen_id, limit=len(RULINGS))))


def test_scores_fall_and_the_limit_holds(library):
    session, citizens, index = library
    for limit in (0, 1, 5, 12):
        found = index.similar(citizens[2], limit=limit)
        assert len(found) == limit
        assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)


def test_without_a_kept_index_the_library_is_read_now(library):
    _session, citizens, index = library
    assert similar_rulings(index.ctx, citizens[3]) == index.similar(citizens[3])


def test_looking_for_similar_rulings_is_logged_on_the_citizens_file(library):
    session, citizens, index = library
    index.similar(citizens[1])
    looks = session.exec(select(m.AccessLog.action).where(m.AccessLog.citizen_id == citizens[1])).all()
    assert looks == ["similar_rulings"]


def test_a_case_with_nothing_to_go_on_gets_no_suggestions(library):
    session, _citizens, index = library
    empty = m.Citizen(cpr="311299-9999", first_name="Ny", last_name="Borger",
                      search_name="ny borger")
    session.add(empty)
    session.flush()
    session.add(m.CaseworkerAssignment(citizen_id=empty.id, caseworker_id=index.ctx.user.id,
                                       started_at=NOW))  # the reader's case (R-SEC-3)
    session.commit()
    assert index.similar(empty.id) == []
    with pytest.raises(UserError):  # no such citizen: no access
        index.similar(10**9)


def test_hostile_text_in_a_case_is_only_words(library):
    session, _citizens, index = library
    citizen = m.Citizen(cpr="010101-0001", first_name="A", last_name="B", search_name="a b")
    session.add(citizen)
    session.flush()
    session.add(m.Statement(
        citizen_id=citizen.id, kind="other", author_name="[bold]x", author_profession="y",
        written_on=date(2026, 1, 1), received_at=NOW, title="[/] \x1b[2J", body="[@click=app.quit]angst[/] " * 500))
    session.add(m.CaseworkerAssignment(citizen_id=citizen.id, caseworker_id=index.ctx.user.id,
                                       started_at=NOW))  # the reader's case (R-SEC-3)
    session.commit()
    found = index.similar(citizen.id)
    assert found and "angst" in found[0].reasons[-1]
    assert all("[" not in reason for s in found for reason in s.reasons)


def test_an_empty_library_suggests_nothing(db_url):
    engine = db.open_engine(db_url)
    db.upgrade(engine)
    sessions = db.session_factory(engine)
    with sessions() as session:
        [citizen_id] = add_cases(session, CASES[:1])
        library = Library(session, sessions, [citizen_id])
        assert library.similar(citizen_id) == []
    engine.dispose()


@pytest.mark.parametrize(("words", "same"), [
    (("rygsmerterne", "rygsmerter"), True), (("depressionen", "depression"), True),
    (("lægelige", "læge", "lægelig"), True), (("forlængelse", "forlænget"), True),
    (("uarbejdsdygtighed", "uarbejdsdygtig"), True), (("ordblindhed", "ordblind"), True),
    (("sygedagpengemodtagere", "sygedagpengemodtager"), True),
    (("ressourceforløbs", "ressourceforløb"), True),
    (("angst", "anger"), False), (("fleksjob", "flekslønstilskud"), False),
])
def test_words_meet_without_their_danish_endings(words, same):
    assert (len({stem(fold(word)) for word in words}) == 1) is same
