"""Column types. Migrations import these, so they must stay where they are."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, TypeDecorator


class UtcDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out, on every backend."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; pass an aware one (the clock is aware)")
        value = value.astimezone(UTC)
        # SQLite has no time zones: keep naive UTC there.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def result_processor(self, dialect: Any, coltype: object) -> Callable[[Any], Any] | None:
        """On SQLite, the naive UTC text the app writes read as aware UTC in one call.

        The usual way (parse the text, then `process_result_value`) costs several times
        as much a value, which shows in lists of thousands such as a long timeline. Any
        other text (with an offset, only a date) takes the usual way, so the result is the
        same either way.
        """
        usual = super().result_processor(dialect, coltype)
        if dialect.name != "sqlite" or usual is None:
            return usual

        def process(value: Any) -> datetime | None:
            if value is None:
                return None
            try:
                moment = _from_utc_text(value + "+00:00")
            except (TypeError, ValueError):  # e.g. text with an offset
                return usual(value)
            # Only a date plus "+00:00" reads as naive on Python 3.11.
            return moment if moment.tzinfo is not None else usual(value)

        return process


_from_utc_text = datetime.fromisoformat
