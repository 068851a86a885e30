"""SQL functions that SQLite and PostgreSQL spell differently, for core's queries.

Core builds queries with SQLAlchemy and writes no SQL text (shared/DESIGN.md, "Layers"):
what differs between the two backends is spelled here, once.
"""

from typing import Any

from sqlalchemy import Float
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class days_between(FunctionElement):  # noqa: N801 (a SQL function, named as one)
    """`days_between(later, earlier)`: the time from `earlier` to `later` in days, as a
    fraction (1.5 is a day and a half); NULL when either is NULL."""

    type = Float()
    inherit_cache = True
    name = "days_between"


@compiles(days_between)
def _days_between_sqlite(element: days_between, compiler: Any, **kw: Any) -> str:
    # The app stores UTC as text (data/types.py); julianday reads it in days.
    later, earlier = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(julianday({later}) - julianday({earlier}))"


@compiles(days_between, "postgresql")
def _days_between_postgresql(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(EXTRACT(EPOCH FROM ({later} - {earlier})) / 86400.0)"
