"""The handover dossier is one typed model (R-HAND-1): validated on the way in and out,
old stored dicts still load, and a dossier PrepDesk cannot read is a Danish sentence."""

import json
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from sqlmodel import select
from support.people import NOW

from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.core.handover_dossier import (
    SECTIONS,
    AgreementInDossier,
    GoalInDossier,
    HandoverDossier,
    MeetingInDossier,
    RulingInDossier,
    StatementConclusion,
    ToldInDossier,
)
from prepdesk.data import models as m
from prepdesk.errors import UserError
from prepdesk.i18n import current_language, set_language

# What the demo stored before the model existed, key for key.
OLD_DEMO_DOSSIER = {
    "summary": "Søren er motiveret, men har smerter i ryggen.",
    "goals": ["Jeg vil gerne arbejde med dyr."],
    "already_told": ["Søren har fortalt om rygsmerter og om arbejdet som lagerarbejder."],
    "accommodations": ["Pauser hver time"],
    "open_agreements": ["Søge tre job"],
    "pending": ["Referatet fra sidste samtale afventer borgerens godkendelse."],
    "statements": [{"title": "Lægeattest", "author": "Anne Lund", "conclusion": "10 timer"}],
    "rulings": ["12-3456-78"],
    "upcoming_meetings": ["2026-12-07T09:30:00+01:00"],
}


def test_a_dossier_the_demo_stored_as_a_dict_loads_as_it_was():
    dossier = HandoverDossier.from_stored(OLD_DEMO_DOSSIER)
    # Sections stored as plain texts (before their parts were typed) load as parts.
    assert dossier.goals == (GoalInDossier(text="Jeg vil gerne arbejde med dyr."),)
    assert dossier.already_told[0].text.startswith("Søren har fortalt")
    assert dossier.open_agreements == (AgreementInDossier(what="Søge tre job"),)
    assert dossier.pending[0].text.startswith("Referatet")
    assert dossier.statements == (StatementConclusion(title="Lægeattest", author="Anne Lund",
                                                      conclusion="10 timer"),)
    assert dossier.upcoming_meetings == (
        MeetingInDossier(starts_at=datetime(2026, 12, 7, 9, 30, tzinfo=LOCAL_TIMEZONE)),)
    assert dossier.rulings == (RulingInDossier(number="12-3456-78"),)
    # Saved again, it has every section in the dossier's order (the demo's keys among
    # them, in the demo's order), the sections the demo did not have yet empty.
    assert list(dossier.to_stored()) == list(SECTIONS)
    assert [key for key in SECTIONS if key in OLD_DEMO_DOSSIER] == list(OLD_DEMO_DOSSIER)
    assert dossier.notes == () and dossier.representatives == () and dossier.caseworkers == ()
    assert HandoverDossier.from_stored(dossier.to_stored()) == dossier


def test_missing_parts_are_empty_and_unknown_keys_are_ignored():
    assert HandoverDossier.from_stored(None) == HandoverDossier()
    assert HandoverDossier.from_stored({}) == HandoverDossier()
    dossier = HandoverDossier.from_stored({"summary": "Kort.", "written_by": "et andet system",
                                           "statements": [{"title": "Attest", "pages": 3}]})
    assert dossier.summary == "Kort." and dossier.goals == ()
    assert dossier.statements == (StatementConclusion(title="Attest"),)


@pytest.mark.parametrize("stored", [
    {"goals": "ikke en liste"},
    {"statements": [{"author": "uden titel"}]},
    {"upcoming_meetings": ["på mandag"]},
    {"summary": {"tekst": "forkert form"}},
])
def test_a_dossier_of_another_shape_is_a_danish_sentence_not_a_crash(stored):
    language = current_language()
    set_language("da")
    try:
        with pytest.raises(UserError) as refused:
            HandoverDossier.from_stored(stored)
    finally:
        set_language(language)
    assert "Overdragelsesdossieret" in str(refused.value) and "IT" in str(refused.value)


def test_the_dossier_cannot_be_changed_in_place():
    dossier = HandoverDossier(summary="Før")
    with pytest.raises(ValidationError):
        dossier.summary = "Efter"  # type: ignore[misc]
    assert dossier.summary == "Før"


texts = st.text(max_size=40)
moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1),
                       timezones=st.sampled_from([UTC, LOCAL_TIMEZONE]))
def _some(strategy):
    return st.lists(strategy, max_size=3).map(tuple)


dossiers = st.builds(
    HandoverDossier,
    summary=texts,
    goals=_some(st.builds(GoalInDossier, text=texts, kind=st.sampled_from(["goal", "wish"]),
                          recorded_at=st.none() | moments)),
    already_told=_some(st.builds(ToldInDossier, text=texts, meeting_at=st.none() | moments)),
    accommodations=_some(texts),
    open_agreements=_some(st.builds(AgreementInDossier, what=texts, who=texts,
                                    due_on=st.none() | st.dates())),
    statements=_some(st.builds(StatementConclusion, title=texts, author=texts,
                               conclusion=texts, discussed=st.booleans())),
    rulings=_some(st.builds(RulingInDossier, number=texts, title=texts)),
    upcoming_meetings=_some(st.builds(MeetingInDossier, starts_at=moments, kind=texts)),
)


@given(dossiers)
def test_any_dossier_comes_back_from_its_stored_json_unchanged(dossier):
    stored = json.loads(json.dumps(dossier.to_stored()))
    assert HandoverDossier.from_stored(stored) == dossier


@given(dossiers)
def test_a_stored_dossier_stored_again_is_the_same_json(dossier):
    stored = json.loads(json.dumps(dossier.to_stored()))
    assert HandoverDossier.from_stored(stored).to_stored() == stored


def test_a_dossier_comes_back_from_the_database_unchanged(world):
    dossier = HandoverDossier.from_stored(OLD_DEMO_DOSSIER).model_copy(
        update={"summary": "[/] [@click=app.quit] \x1b[31m bliver stående", "goals": (GoalInDossier(text="Æ ø å"),)})
    handover = m.Handover(citizen_id=world.citizen.id, from_caseworker_id=world.other.id,
                          to_caseworker_id=world.me.id, created_at=NOW,
                          dossier=dossier.to_stored())
    world.session.add(handover)
    world.session.commit()
    handover_id = handover.id
    with world.sessions() as session:
        stored = session.exec(select(m.Handover.dossier)
                              .where(m.Handover.id == handover_id)).one()
    assert HandoverDossier.from_stored(stored) == dossier
