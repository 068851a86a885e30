"""the channel a message takes

Revision ID: 0011
Revises: 0010

An outbox message goes out by e-mail, by Digital Post, or on paper through remote print
(issue 16). The channel is decided when the message is queued, from what the message
carries and from the citizen (core decides, delivery obeys), and stored on the message so
the sender, the outbox screen and a retry all agree on it. Messages queued before this
migration were e-mails.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outboxmessage") as table:
        table.add_column(sa.Column("channel", sa.String(), nullable=False, server_default="email"))


def downgrade() -> None:
    with op.batch_alter_table("outboxmessage") as table:
        table.drop_column("channel")
