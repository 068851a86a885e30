"""The SQL statements an operation sends to the database, and their parameters."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import event

T = TypeVar("T")


def statements_sent(world: Any, operation: Callable[[], T]) -> tuple[T, list[tuple[str, Any]]]:
    """What `operation()` returns, and (statement, parameters) of each statement it sends
    through the world's engine, in order."""
    engine = world.sessions.kw["bind"]
    seen: list[tuple[str, Any]] = []

    def executed(_connection, _cursor, statement, parameters, *_args) -> None:  # type: ignore[no-untyped-def]
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", executed)
    try:
        result = operation()
    finally:
        event.remove(engine, "before_cursor_execute", executed)
    return result, seen
