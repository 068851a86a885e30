"""A job centre's own database for an end-to-end test of delivery: Mette Kjær of Team Vest
and her citizen Søren Møller, in SQLite under the test's folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from prepdesk.core.access import add_caseworker, find_user
from prepdesk.core.context import CurrentUser
from prepdesk.data import db
from prepdesk.data.models import Citizen


@dataclass(frozen=True)
class Office:
    engine: Engine  # dispose it when the test ends
    sessions: sessionmaker[Session]
    mette: CurrentUser
    citizen_id: int


def open_office(folder: Path, **citizen: object) -> Office:
    """The database, with Søren's other fields (`citizen`: e-mail, address ...)."""
    engine = db.open_engine(f"sqlite:///{folder / 'prepdesk.sqlite'}")
    db.upgrade(engine)
    sessions = db.session_factory(engine)
    with sessions() as session:
        add_caseworker(session, initials="MKJ", name="Mette Kjær", email="mkj@fjordby.example",
                       phone="72 10 20 30", team="Team Vest")
        mette = find_user(session, login="MKJ")
        soeren = Citizen(cpr="120587-1234", first_name="Søren", last_name="Møller",
                         search_name="soeren moeller", team_id=mette.team_id, **citizen)
        session.add(soeren)
        session.commit()
        return Office(engine, sessions, mette, soeren.id)
