"""who changed a row last and when; versions on agenda items, drafts and practice changes

Revision ID: 0002
Revises: 0001

Every row people edit says who changed it last (so a refused stale edit can name the
colleague); agenda items, note drafts and practice changes get the version column the
other edited rows have; a meeting counts the changes of its agenda.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import prepdesk.data.types

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EDITED = (
    "agendaitem", "agreement", "caseworker", "citizen", "correction", "handover", "inquiry",
    "journalentry", "letter", "meeting", "note", "notedraft", "practicechange",
)
NEWLY_VERSIONED = ("agendaitem", "notedraft", "practicechange")


def upgrade() -> None:
    for table in EDITED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("changed_by_id", sa.Integer(), nullable=True))
            batch.add_column(sa.Column(
                "changed_at", prepdesk.data.types.UtcDateTime(timezone=True), nullable=True))
            if table in NEWLY_VERSIONED:
                batch.add_column(sa.Column("version", sa.Integer(), nullable=False,
                                           server_default="1"))
            if table == "meeting":
                batch.add_column(sa.Column("agenda_version", sa.Integer(), nullable=False,
                                           server_default="0"))
            batch.create_foreign_key(f"fk_{table}_changed_by_id", "caseworker",
                                     ["changed_by_id"], ["id"])


def downgrade() -> None:
    for table in EDITED:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"fk_{table}_changed_by_id", type_="foreignkey")
            batch.drop_column("changed_at")
            batch.drop_column("changed_by_id")
            if table in NEWLY_VERSIONED:
                batch.drop_column("version")
            if table == "meeting":
                batch.drop_column("agenda_version")
