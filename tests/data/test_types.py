"""UtcDateTime: aware datetimes in, the same moments out as aware UTC, on both backends."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    func,
    insert,
    select,
    type_coerce,
)

from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.data.types import UtcDateTime

MOMENTS = [
    datetime(2026, 11, 23, 10, 0, tzinfo=LOCAL_TIMEZONE),  # winter time
    datetime(2026, 7, 1, 23, 30, 15, 123456, tzinfo=LOCAL_TIMEZONE),  # summer, microseconds
    datetime(2026, 3, 29, 2, 30, tzinfo=UTC),  # the night the clocks change
    datetime(1999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-5))),
    datetime(2100, 1, 1, tzinfo=UTC),
]


@pytest.fixture
def engine(db_url: str):
    engine = create_engine(db_url)
    yield engine
    engine.dispose()


def test_every_moment_comes_back_the_same_and_in_utc(engine) -> None:
    table = Table("moments", MetaData(), Column("id", Integer, primary_key=True),
                  Column("at", UtcDateTime, nullable=True))
    table.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(insert(table), [{"at": moment} for moment in MOMENTS] + [{"at": None}])
    with engine.connect() as connection:
        read = connection.scalars(select(table.c.at).order_by(table.c.id)).all()
        latest = connection.scalar(select(func.max(table.c.at)))
    assert read[:-1] == MOMENTS and read[-1] is None
    assert all(moment.utcoffset() == timedelta(0) for moment in read[:-1])
    assert latest == max(MOMENTS) and latest.utcoffset() == timedelta(0)


def test_a_naive_datetime_is_refused(engine) -> None:
    table = Table("moments", MetaData(), Column("id", Integer, primary_key=True),
                  Column("at", UtcDateTime))
    table.metadata.create_all(engine)
    with pytest.raises(Exception, match="naive datetime"), engine.begin() as connection:
        connection.execute(insert(table), [{"at": datetime(2026, 11, 23, 10, 0)}])


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ("2026-11-23 09:00:00.000000", datetime(2026, 11, 23, 9, 0, tzinfo=UTC)),  # as written
        ("2026-11-23 09:00:00", datetime(2026, 11, 23, 9, 0, tzinfo=UTC)),  # e.g. by hand
        ("2026-11-23T09:00", datetime(2026, 11, 23, 9, 0, tzinfo=UTC)),
        ("2026-11-23", datetime(2026, 11, 23, 0, 0, tzinfo=UTC)),  # a date alone
        ("2026-11-23 10:00:00+01:00", datetime(2026, 11, 23, 9, 0, tzinfo=UTC)),  # an offset
        ("2026-11-23 09:00:00Z", datetime(2026, 11, 23, 9, 0, tzinfo=UTC)),
    ],
)
def test_sqlite_text_in_any_iso_form_reads_as_the_utc_moment_it_names(
    tmp_path, stored: str, expected: datetime,
) -> None:
    """SQLite keeps the time as text; text not written by the app reads right too."""
    engine = create_engine(f"sqlite:///{tmp_path / 'text.sqlite'}")
    table = Table("moments", MetaData(), Column("id", Integer, primary_key=True),
                  Column("at", String))
    table.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(insert(table), [{"at": stored}])
    with engine.connect() as connection:
        read = connection.scalar(select(type_coerce(table.c.at, UtcDateTime)))
    engine.dispose()
    assert read == expected and read.utcoffset() == timedelta(0)


def test_sqlite_text_that_is_no_time_is_an_error_not_a_wrong_time(tmp_path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'text.sqlite'}")
    table = Table("moments", MetaData(), Column("id", Integer, primary_key=True),
                  Column("at", String))
    table.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(insert(table), [{"at": "i morgen"}])
    try:
        with engine.connect() as connection, pytest.raises(ValueError):
            connection.scalar(select(type_coerce(table.c.at, UtcDateTime)))
    finally:
        engine.dispose()
