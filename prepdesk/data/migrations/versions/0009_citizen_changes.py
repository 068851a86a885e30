"""the citizen index's change log

Revision ID: 0009
Revises: 0008

Every app keeps an index of the citizens it may search, and before a search asks whether
a colleague changed any. That question read the whole citizen and assignment tables
(count, max, sum of versions: 44 ms at 50,000 citizens, and the costliest statement left
under the load of 200 caseworkers, benchmarks/load.py). Triggers now write the id of each
citizen whose searchable fields or assignments change to `citizenchange`, whatever
program made the change, and the question is a range read of its primary key.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The citizen's fields the index holds (core/citizen_search.py, _read).
SEARCHED = "cpr, first_name, last_name, search_name, team_id, active"

_SQLITE = [
    f"""CREATE TRIGGER citizen_change_{name} AFTER {event} ON {table}
        BEGIN INSERT INTO citizenchange (citizen_id) VALUES ({row}); END"""
    for name, event, table, row in [
        ("added", "INSERT", "citizen", "NEW.id"),
        ("edited", f"UPDATE OF {SEARCHED}", "citizen", "NEW.id"),
        ("removed", "DELETE", "citizen", "OLD.id"),
        ("assigned", "INSERT", "caseworkerassignment", "NEW.citizen_id"),
        ("reassigned", "UPDATE", "caseworkerassignment", "NEW.citizen_id"),
        ("reassigned_from", "UPDATE OF citizen_id", "caseworkerassignment", "OLD.citizen_id"),
        ("unassigned", "DELETE", "caseworkerassignment", "OLD.citizen_id"),
    ]
]

# One function per table: PL/pgSQL resolves NEW.citizen_id even in a branch not taken.
_POSTGRESQL = [
    *(f"""CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE'
                                    AND OLD.{column} IS DISTINCT FROM NEW.{column}) THEN
                INSERT INTO citizenchange (citizen_id) VALUES (OLD.{column});
            END IF;
            IF TG_OP <> 'DELETE' THEN
                INSERT INTO citizenchange (citizen_id) VALUES (NEW.{column});
            END IF;
            RETURN NULL;
        END $$""" for function, column in [("citizen_change_log", "id"),
                                           ("assignment_change_log", "citizen_id")]),
    f"""CREATE TRIGGER citizen_change AFTER INSERT OR DELETE OR UPDATE OF {SEARCHED}
        ON citizen FOR EACH ROW EXECUTE FUNCTION citizen_change_log()""",
    """CREATE TRIGGER citizen_change AFTER INSERT OR DELETE OR UPDATE
        ON caseworkerassignment FOR EACH ROW EXECUTE FUNCTION assignment_change_log()""",
]


def upgrade() -> None:
    op.create_table(
        "citizenchange",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
    )
    for statement in _POSTGRESQL if op.get_bind().dialect.name == "postgresql" else _SQLITE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER citizen_change ON caseworkerassignment")
        op.execute("DROP TRIGGER citizen_change ON citizen")
        op.execute("DROP FUNCTION citizen_change_log()")
        op.execute("DROP FUNCTION assignment_change_log()")
    else:
        for name in ("added", "edited", "removed", "assigned", "reassigned", "reassigned_from",
                     "unassigned"):
            op.execute(f"DROP TRIGGER citizen_change_{name}")
    op.drop_table("citizenchange")
