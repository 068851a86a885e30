"""what an import changed in a ruling

Revision ID: 0010
Revises: 0009

An import that changes a ruling the library already has (the same number, another
content hash) writes a `rulingchange` row naming the fields that differ (title, summary,
...), so the preparation of a meeting the ruling is attached to can say what changed
(issue 15, item 5; core/ruling_changes.py). Rulings changed before this migration have
no rows: their preparation says only that they changed.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import prepdesk.data.types  # noqa: F401  (custom column types such as UtcDateTime)

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rulingchange",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ruling_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", prepdesk.data.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["ruling_id"], ["ruling.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_rulingchange_ruling_id", "rulingchange", ["ruling_id"])


def downgrade() -> None:
    op.drop_index("ix_rulingchange_ruling_id", table_name="rulingchange")
    op.drop_table("rulingchange")
