"""indexes for the team review's figures

Revision ID: 0008
Revises: 0007

The team review (core/review_figures.py, issue 14 item 8) counts per caseworker. On the
large demo two of its figures read whole tables (benchmarks/review_figures.py): the median
LIX of the letters a caseworker sent (`letter` had no index by author) and the statements
never discussed (`statementdiscussion` is keyed by meeting first, so "was this statement
discussed" read every discussion).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_letter_author_status", "letter", ["author_id", "status"])
    op.create_index("ix_statementdiscussion_statement_id", "statementdiscussion", ["statement_id"])


def downgrade() -> None:
    op.drop_index("ix_statementdiscussion_statement_id", table_name="statementdiscussion")
    op.drop_index("ix_letter_author_status", table_name="letter")
