"""indexes for many caseworkers on one database

Revision ID: 0005
Revises: 0004

Three queries scanned whole tables under the load of 200 caseworkers (benchmarks/load.py,
docs/scaling.md): my day's own notes (`note.author_id`), the invitations in its checklists
(`letter.meeting_id`) and the rulings changed since they were attached (`ruling.imported_at`).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (("letter", "meeting_id"), ("note", "author_id"), ("ruling", "imported_at"))


def upgrade() -> None:
    for table, column in INDEXES:
        op.create_index(f"ix_{table}_{column}", table, [column])


def downgrade() -> None:
    for table, column in INDEXES:
        op.drop_index(f"ix_{table}_{column}", table_name=table)
