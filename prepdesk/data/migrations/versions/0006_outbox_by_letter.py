"""the outbox's messages found by their letter

Revision ID: 0006
Revises: 0005

Marking a letter sent asks whether any of its messages is still unsent: without an index on
`outboxmessage.letter_id` that read every message, 230 ms a letter under the load of 200
caseworkers (benchmarks/load.py), and the letter's row stayed locked meanwhile.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_outboxmessage_letter_id", "outboxmessage", ["letter_id"])


def downgrade() -> None:
    op.drop_index("ix_outboxmessage_letter_id", table_name="outboxmessage")
