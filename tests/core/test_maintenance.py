"""`prepdesk maintenance` removes access-log rows past the retention setting (default 6
months) and keeps the case's own history (R-SEC-7, issue 12 item 3)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import inspect
from sqlmodel import SQLModel, func, select
from support.people import NOW

from prepdesk.config import Settings
from prepdesk.core import meeting_mode, notes
from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.core.maintenance import remove_old_access_log, retention_start
from prepdesk.data import models as m

SIX_MONTHS_BEFORE = datetime(2026, 5, 23, 8, 0, tzinfo=LOCAL_TIMEZONE)  # NOW is 23 Nov 2026


def _log(world, *moments: datetime) -> None:
    world.session.add_all(m.AccessLog(at=at, caseworker_id=world.me.id, citizen_id=world.citizen.id,
                                      action="open_file") for at in moments)
    world.session.commit()


def _left(world) -> list[datetime]:
    with world.sessions() as session:
        return [at.astimezone(LOCAL_TIMEZONE) for at in session.exec(
            select(m.AccessLog.at).order_by(m.AccessLog.at))]


def _counts(world) -> dict[str, int]:
    """Rows in every table but the access log: the case's own history among them."""
    with world.sessions() as session:
        names = inspect(session.get_bind()).get_table_names()
        return {table.name: session.exec(select(func.count()).select_from(table)).one()
                for table in SQLModel.metadata.sorted_tables
                if table.name in names and table.name != m.AccessLog.__tablename__}


def test_rows_older_than_six_months_go_and_the_rest_stay(world):
    start = meeting_mode.start(world.ctx(), world.next_meeting.id)  # history: notes ...
    notes.finish(world.ctx(), world.next_meeting.id, start.content)  # ... versions, journal
    world.session.exec(m.AccessLog.__table__.delete())
    world.session.commit()
    kept = [SIX_MONTHS_BEFORE, SIX_MONTHS_BEFORE + timedelta(seconds=1), NOW - timedelta(days=1)]
    _log(world, NOW - timedelta(days=3 * 365), SIX_MONTHS_BEFORE - timedelta(seconds=1), *kept)
    history = _counts(world)
    assert history["noteversion"] >= 1 and history["journalentry"] >= 1

    done = remove_old_access_log(world.ctx(world.admin))
    assert (done.removed, done.before, done.months) == (2, SIX_MONTHS_BEFORE, 6)
    assert _left(world) == kept
    assert _counts(world) == history
    assert remove_old_access_log(world.ctx(world.admin)).removed == 0  # nothing twice


def test_the_setting_and_batches(world):
    world.session.exec(m.AccessLog.__table__.delete())  # the world's own looks
    world.session.commit()
    _log(world, *(NOW - timedelta(days=40 + day) for day in range(7)), NOW)
    ctx = world.ctx(world.admin)
    one_month = ctx.__class__(sessions=ctx.sessions, user=ctx.user, clock=ctx.clock,
                              settings=Settings(access_log_retention_months=1))
    assert remove_old_access_log(one_month, batch=3).removed == 7  # 3 + 3 + 1
    assert _left(world) == [NOW]


@pytest.mark.parametrize(("now", "months", "start"), [
    (datetime(2026, 11, 23, 8), 6, datetime(2026, 5, 23, 8)),
    (datetime(2026, 8, 31, 12), 6, datetime(2026, 2, 28, 12)),  # no 31 February
    (datetime(2028, 8, 31, 12), 6, datetime(2028, 2, 29, 12)),  # a leap year
    (datetime(2026, 3, 15), 15, datetime(2024, 12, 15)),  # back over a new year
    (datetime(2026, 1, 1), 1, datetime(2025, 12, 1)),
])
def test_retention_starts_whole_calendar_months_back(now, months, start):
    assert retention_start(now, months) == start


def test_the_citizen_search_log_keeps_its_newest_rows(world):
    from prepdesk.core.maintenance import remove_old_citizen_changes

    with world.sessions() as session:
        session.add_all(m.CitizenChange(citizen_id=world.citizen.id) for _ in range(5))
        session.commit()
        ids = session.exec(select(m.CitizenChange.id).order_by(m.CitizenChange.id)).all()
    admin = world.ctx(world.admin)
    assert remove_old_citizen_changes(admin, kept=2) == len(ids) - 2
    assert remove_old_citizen_changes(admin, kept=2) == 0
    with world.sessions() as session:
        assert session.exec(select(m.CitizenChange.id).order_by(m.CitizenChange.id)).all() == ids[-2:]
