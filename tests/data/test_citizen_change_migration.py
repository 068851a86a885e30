"""Migration 0009: the citizen index's change log and the triggers that write it, up and
down on both databases."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert, inspect, text
from support.migrations import migrate_to

from prepdesk.data import db
from prepdesk.data.models import Caseworker, CaseworkerAssignment, Citizen, Team


def _log(connection) -> list[int]:
    return list(connection.scalars(text("SELECT citizen_id FROM citizenchange ORDER BY id")))


def test_the_log_is_written_by_the_database_and_goes_back_down(db_url):
    engine = db.open_engine(db_url)
    try:
        db.upgrade(engine)
        with engine.begin() as connection:
            team = connection.execute(insert(Team).values(name="Vest")).inserted_primary_key[0]
            worker = connection.execute(insert(Caseworker).values(
                initials="MK", name="Mette", email="m@x.example", phone="1", team_id=team,
                version=1)).inserted_primary_key[0]
            citizen = connection.execute(insert(Citizen).values(
                cpr="010190-1234", first_name="Åse", last_name="Ærø", search_name="ase aero",
                team_id=team, version=1)).inserted_primary_key[0]
            connection.execute(insert(CaseworkerAssignment).values(
                citizen_id=citizen, caseworker_id=worker, started_at=datetime.now(UTC)))
            connection.execute(text("UPDATE citizen SET city = 'Fjordby' WHERE id = :id"),
                               {"id": citizen})  # not searched: not logged
            connection.execute(text("UPDATE citizen SET active = false WHERE id = :id"),
                               {"id": citizen})
            connection.execute(text("DELETE FROM caseworkerassignment"))
            connection.execute(text("DELETE FROM citizen"))
            assert _log(connection) == [citizen] * 5  # added, assigned, edited, unassigned, gone
        migrate_to(engine, "0008", down=True)
        assert "citizenchange" not in inspect(engine).get_table_names()
        with engine.begin() as connection:  # no trigger left writing to a table that is gone
            connection.execute(insert(Citizen).values(
                cpr="020290-1234", first_name="Bo", last_name="By", search_name="bo by",
                version=1))
        migrate_to(engine, "head")
        assert db.current_revision(engine) == db.head_revision()
    finally:
        engine.dispose()
