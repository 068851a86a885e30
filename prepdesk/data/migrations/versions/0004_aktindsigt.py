"""aktindsigt: who registered a request, what was asked, how the answer was handed over

Revision ID: 0004
Revises: 0003

An aktindsigt request (R-SEC-4) says who registered it (`registered_by_id`), what the
citizen asked for in their own words (`what_asked`) and, once answered, how the export
reached them (`answered_how`: digital_post, email, post or handed). Requests made before
have none of these: empty text, no registrar.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN, as 0003: a batch copy of the table on SQLite is not needed.
    op.add_column("accessrequest", sa.Column("what_asked", sa.Text(), nullable=False,
                                             server_default=""))
    op.add_column("accessrequest", sa.Column("answered_how", sa.String(), nullable=False,
                                             server_default=""))
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE accessrequest ADD COLUMN registered_by_id INTEGER "
                   "REFERENCES caseworker (id)")
    else:
        op.add_column("accessrequest", sa.Column("registered_by_id", sa.Integer(), nullable=True))
        op.create_foreign_key("fk_accessrequest_registered_by_id", "accessrequest",
                              "caseworker", ["registered_by_id"], ["id"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite drops a column with a foreign key only by copying the table.
        with op.batch_alter_table("accessrequest") as batch:
            batch.drop_column("registered_by_id")
            batch.drop_column("answered_how")
            batch.drop_column("what_asked")
        return
    op.drop_constraint("fk_accessrequest_registered_by_id", "accessrequest", type_="foreignkey")
    op.drop_column("accessrequest", "registered_by_id")
    op.drop_column("accessrequest", "answered_how")
    op.drop_column("accessrequest", "what_asked")
