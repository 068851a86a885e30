"""handover: state, reason, effective day, the outgoing caseworker's part, requests, away

Revision ID: 0007
Revises: 0006

A handover (issue 13, core/handover.py) gets its state (`status`: awaiting_approval, open,
complete, declined), the reason, the day the assignment moves (`effective_on`), who started
and who approved it, the outgoing caseworker's part (`note_done_at`, `note_skipped`,
`section_notes`), when its dossier was generated, whether the outgoing caseworker's meetings
and agreements move with it, and when the assignment moved (`moved_at`). Handovers stored
before are `complete` when they have a `completed_at`, else `open`; they have no reason
and no effective day (they never move an assignment: theirs was moved when they were made).
A caseworker can ask for a handover (`handoverrequest`), and a user can be away until a
day (`caseworker.away_until`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString)
from alembic import op

import prepdesk.data.types  # noqa: F401  (custom column types such as UtcDateTime)

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHEN = prepdesk.data.types.UtcDateTime(timezone=True)
PEOPLE = ("started_by_id", "approved_by_id")


def upgrade() -> None:
    # Plain ADD COLUMN, as 0003 and 0004: a batch copy of the table on SQLite is not needed.
    op.add_column("caseworker", sa.Column("away_until", sa.Date(), nullable=True))
    add = op.add_column
    add("handover", sa.Column("status", sa.String(), nullable=False, server_default="open"))
    add("handover", sa.Column("reason", sa.String(), nullable=False, server_default=""))
    add("handover", sa.Column("effective_on", sa.Date(), nullable=True))
    add("handover", sa.Column("approved_at", WHEN, nullable=True))
    add("handover", sa.Column("declined_reason", sa.Text(), nullable=False, server_default=""))
    add("handover", sa.Column("note_done_at", WHEN, nullable=True))
    add("handover", sa.Column("note_skipped", sa.Boolean(), nullable=False,
                              server_default=sa.false()))
    add("handover", sa.Column("section_notes", sa.JSON(), nullable=False, server_default="{}"))
    add("handover", sa.Column("dossier_at", WHEN, nullable=True))
    add("handover", sa.Column("move_meetings", sa.Boolean(), nullable=False,
                              server_default=sa.false()))
    add("handover", sa.Column("move_agreements", sa.Boolean(), nullable=False,
                              server_default=sa.false()))
    add("handover", sa.Column("moved_at", WHEN, nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        for column in PEOPLE:
            op.execute(f"ALTER TABLE handover ADD COLUMN {column} INTEGER "
                       "REFERENCES caseworker (id)")
    else:
        for column in PEOPLE:
            add("handover", sa.Column(column, sa.Integer(), nullable=True))
            op.create_foreign_key(f"fk_handover_{column}", "handover", "caseworker",
                                  [column], ["id"])
    op.create_index("ix_handover_status", "handover", ["status"])
    # A handover made before knew no states: finished when completed, else open. Its note
    # counts as written (it was sent on as it was).
    op.execute("UPDATE handover SET status = 'complete' WHERE completed_at IS NOT NULL")
    op.execute("UPDATE handover SET note_done_at = created_at")

    op.create_table(
        "handoverrequest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", WHEN, nullable=True),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("requested_at", WHEN, nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", WHEN, nullable=True),
        sa.Column("declined_reason", sa.Text(), nullable=False),
        sa.Column("handover_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["changed_by_id"], ["caseworker.id"]),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizen.id"]),
        sa.ForeignKeyConstraint(["decided_by_id"], ["caseworker.id"]),
        sa.ForeignKeyConstraint(["handover_id"], ["handover.id"]),
        sa.ForeignKeyConstraint(["requested_by_id"], ["caseworker.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_handoverrequest_citizen_id", "handoverrequest", ["citizen_id"])
    op.create_index("ix_handoverrequest_status", "handoverrequest", ["status"])


def downgrade() -> None:
    op.drop_index("ix_handoverrequest_status", table_name="handoverrequest")
    op.drop_index("ix_handoverrequest_citizen_id", table_name="handoverrequest")
    op.drop_table("handoverrequest")
    op.drop_index("ix_handover_status", table_name="handover")
    columns = ("moved_at", "move_agreements", "move_meetings", "dossier_at", "section_notes",
               "note_skipped", "note_done_at", "declined_reason", "approved_at",
               "effective_on", "reason", "status")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite (3.35 on) drops a plain column in place; a column with a foreign key only
        # by copying the table, whose drop would take the acknowledgements referring to it
        # along: they wait in a temporary table meanwhile.
        for column in columns:
            op.execute(f"ALTER TABLE handover DROP COLUMN {column}")
        op.execute("ALTER TABLE caseworker DROP COLUMN away_until")
        op.execute("CREATE TEMPORARY TABLE acks_0007 AS SELECT * FROM handoverack")
        op.execute("DELETE FROM handoverack")
        with op.batch_alter_table("handover") as batch:
            for column in PEOPLE:
                batch.drop_column(column)
        op.execute("INSERT INTO handoverack SELECT * FROM acks_0007")
        op.execute("DROP TABLE acks_0007")
        return
    for column in PEOPLE:
        op.drop_constraint(f"fk_handover_{column}", "handover", type_="foreignkey")
        op.drop_column("handover", column)
    for column in columns:
        op.drop_column("handover", column)
    op.drop_column("caseworker", "away_until")
