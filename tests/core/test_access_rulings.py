"""Every public operation of the rulings area refuses a caseworker of another team where
it touches the citizen's case or the team's practice (R-SEC-3), on SQLite and PostgreSQL.

The library itself (search, a ruling read without a meeting, the import, the practice
changes that concern oneself) is the job centre's, open to every user: `OPEN` lists those
operations, and a test proves they show nothing of the citizen and log no look at the file.
"""

from datetime import date, timedelta

import pytest
from sqlmodel import select
from support.people import NOW, user_of
from support.roles import check_roles

from prepdesk.core import practice, ruling_changes, rulings, similar_rulings
from prepdesk.core.ruling_library import RulingLibrary
from prepdesk.core.ruling_search import RulingIndex
from prepdesk.core.similar_rulings import SimilarityIndex
from prepdesk.data import models as m
from prepdesk.errors import UserError


def _ruling(w) -> int:  # type: ignore[no-untyped-def]
    """A ruling against us, about the citizen's appeal; made once per world."""
    found = w.session.exec(select(m.Ruling).where(m.Ruling.number == "12-21")).first()
    if found is None:
        found = m.Ruling(number="12-21", title="Sygedagpenge – forlængelse", decided_on=date(2021, 5, 1),
                         outcome="changed", summary="Forlængelse af sygedagpenge.")
        w.session.add(found)
        w.session.flush()
        w.session.add(m.Complaint(citizen_id=w.citizen.id, kind="appeal", received_at=NOW - timedelta(days=400),
                                  status="decided", outcome="changed", ruling_id=found.id))
        w.session.commit()
    return found.id


def _team_change(w) -> int:  # type: ignore[no-untyped-def]
    """A practice change for Team Vest (the citizen's team), published by its lead."""
    vest = w.session.get(m.Team, w.me.team_id)
    lead = m.Caseworker(initials="LB", name="Lone Berg", role="team_lead", email="lb@fjordby.example",
                        phone="1", team_id=vest.id)
    w.session.add(lead)
    w.session.commit()
    return practice.publish_practice_change(w.ctx(user_of(lead, vest)), _ruling(w), "Ny praksis", "Tekst.")


def _attached(w) -> dict:  # type: ignore[no-untyped-def]
    practice.attach_ruling(w.ctx(), w.next_meeting.id, _ruling(w))
    return {"meeting_id": w.next_meeting.id, "ruling_id": _ruling(w)}


CASES = [
    pytest.param(rulings.attach_to_meeting, lambda w: {
        "meeting_id": w.next_meeting.id, "ruling_id": _ruling(w), "on_agenda": True},
        id="rulings.attach_to_meeting"),
    pytest.param(practice.attach_ruling, lambda w: {"meeting_id": w.next_meeting.id, "ruling_id": _ruling(w)},
                 id="practice.attach_ruling"),
    pytest.param(practice.detach_ruling, _attached, id="practice.detach_ruling"),
    pytest.param(practice.attached_rulings, lambda w: {"meeting_id": _attached(w)["meeting_id"]},
                 id="practice.attached_rulings"),
    pytest.param(ruling_changes.changed_attached_rulings,
                 lambda w: {"meeting_id": _attached(w)["meeting_id"]},
                 id="ruling_changes.changed_attached_rulings"),
    pytest.param(practice.publish_practice_change,
                 lambda w: {"ruling_id": _ruling(w), "title": "Ny praksis", "description": "Tekst."},
                 id="practice.publish_practice_change"),
    pytest.param(practice.change_practice_change,
                 lambda w: {"practice_change_id": _team_change(w), "seen_version": 1, "title": "Ny",
                            "description": "Tekst."},
                 id="practice.change_practice_change"),
    pytest.param(practice.acknowledge, lambda w: {"practice_change_id": _team_change(w), "seen_version": 1},
                 id="practice.acknowledge"),
    pytest.param(practice.acknowledgements, lambda w: {"practice_change_id": _team_change(w)},
                 id="practice.acknowledgements"),
    pytest.param(rulings.read_ruling, lambda w: {"ruling_id": _ruling(w), "meeting_id": w.next_meeting.id},
                 id="rulings.read_ruling"),
    pytest.param(rulings.meeting_context, lambda w: {"meeting_id": w.next_meeting.id},
                 id="rulings.meeting_context"),
    pytest.param(similar_rulings.similar_rulings, lambda w: {"citizen_id": w.citizen.id},
                 id="similar_rulings.similar_rulings"),
]


# About a team's practice, not one citizen: an administrator needs no reason for these.
TEAM_PRACTICE = (practice.publish_practice_change, practice.change_practice_change,
                 practice.acknowledge, practice.acknowledgements)


@pytest.mark.parametrize(("operation", "arguments"), CASES)
def test_another_team_is_refused(world, operation, arguments):
    kwargs = arguments(world)
    looks_before = _looks(world)
    with pytest.raises(UserError):
        operation(world.ctx(world.other), **kwargs)
    assert _looks(world) == looks_before  # nothing logged for a refused look
    check_roles(world, operation, kwargs, about_a_citizen=operation not in TEAM_PRACTICE)


def _write_file(w) -> dict:  # type: ignore[no-untyped-def]
    path = w.tmp_path / "rulings.jsonl"
    path.write_text('{"number": "3-24", "title": "Seniorpension", "decided_on": "2024-02-20"}\n',
                    encoding="utf-8")
    return {"typed_path": str(path)}


# The library's operations, open to every user: (operation, arguments) like CASES.
OPEN = [
    pytest.param(rulings.read_ruling, lambda w: {"ruling_id": _ruling(w)}, id="rulings.read_ruling"),
    pytest.param(rulings.import_rulings, _write_file, id="rulings.import_rulings"),
    pytest.param(practice.practice_lists, lambda w: (_team_change(w), {})[1], id="practice.practice_lists"),
    pytest.param(RulingIndex.load, lambda w: (_ruling(w), {})[1], id="ruling_search.RulingIndex.load"),
    pytest.param(SimilarityIndex.load, lambda w: (_ruling(w), {})[1], id="similar_rulings.SimilarityIndex.load"),
    pytest.param(lambda ctx: RulingLibrary().search_index(ctx), lambda w: (_ruling(w), {})[1],
                 id="ruling_library.RulingLibrary.search_index"),
]


@pytest.mark.parametrize(("operation", "arguments"), OPEN)
def test_the_library_is_open_to_everyone_and_shows_no_citizen(world, tmp_path, operation, arguments):
    world.tmp_path = tmp_path
    kwargs = arguments(world)
    looks_before = _looks(world)
    result = operation(world.ctx(world.other), **kwargs)
    assert _looks(world) == looks_before
    for private in (world.citizen.first_name, world.citizen.last_name, world.citizen.cpr):
        assert private not in repr(result)
    if isinstance(result, practice.PracticeLists):
        assert result == practice.PracticeLists((), (), ())  # Team Vest's change is not Sara's


def _looks(w) -> int:  # type: ignore[no-untyped-def]
    w.session.expire_all()
    return len(w.session.exec(select(m.AccessLog.id)).all())


def test_every_public_operation_of_the_area_is_listed():
    import inspect

    from prepdesk.core import ruling_library, ruling_search

    listed = {param.values[0] for param in CASES + OPEN}
    for module in (practice, rulings, similar_rulings, ruling_search, ruling_library):
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            if next(iter(inspect.signature(function).parameters), None) == "ctx":
                assert function in listed, f"{module.__name__}.{name} is in neither CASES nor OPEN"
