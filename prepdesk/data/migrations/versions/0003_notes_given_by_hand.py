"""notes given to the citizen without e-mail, and who recorded the citizen's answer

Revision ID: 0003
Revises: 0002

A request for approval says how the notes reached the citizen (`channel`: email, or
handed over at the meeting, by post, by Digital Post); when the citizen answers the
caseworker instead of on the approval page (approved by phone, corrections dictated),
`answer_recorded_by_id` says who recorded it. Existing requests went by e-mail.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch copy of the table: on SQLite a copy drops the old table,
    # which foreign keys from the outbox and corrections refuse while they point at it.
    op.add_column("approvalrequest", sa.Column("channel", sa.String(), nullable=False,
                                               server_default="email"))
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE approvalrequest ADD COLUMN answer_recorded_by_id INTEGER "
                   "REFERENCES caseworker (id)")
    else:
        op.add_column("approvalrequest",
                      sa.Column("answer_recorded_by_id", sa.Integer(), nullable=True))
        op.create_foreign_key("fk_approvalrequest_answer_recorded_by_id", "approvalrequest",
                              "caseworker", ["answer_recorded_by_id"], ["id"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite drops a column with a foreign key only by copying the table.
        with op.batch_alter_table("approvalrequest") as batch:
            batch.drop_column("answer_recorded_by_id")
            batch.drop_column("channel")
        return
    op.drop_constraint("fk_approvalrequest_answer_recorded_by_id", "approvalrequest",
                       type_="foreignkey")
    op.drop_column("approvalrequest", "answer_recorded_by_id")
    op.drop_column("approvalrequest", "channel")
