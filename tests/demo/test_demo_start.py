"""Opening the demo when it was built today does not import the demo's builder (issue 17,
item 1); a demo from another day, or none, is still `ensure_demo`'s to build."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlmodel import Session

from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.data import models as m
from prepdesk.data.db import open_engine, upgrade
from prepdesk.workspace import _demo_built_on

TODAY = date(2026, 3, 10)


def test_only_a_demo_built_today_is_left_as_it_is(db_url: str) -> None:
    engine = open_engine(db_url)
    upgrade(engine)
    assert not _demo_built_on(engine, TODAY)  # no demo yet
    with Session(engine) as session:
        # Just after midnight in Copenhagen: the day before in UTC.
        session.add(m.DemoInfo(seed=1, scale="small",
                               built_at=datetime.combine(TODAY, time(0, 30), tzinfo=LOCAL_TIMEZONE)))
        session.commit()
    assert _demo_built_on(engine, TODAY)
    assert not _demo_built_on(engine, TODAY + timedelta(days=1))
    engine.dispose()
