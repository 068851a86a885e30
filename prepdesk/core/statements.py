"""Specialist statements and who has read them (R-STMT-1, R-STMT-2).

Reading one in full (and so marking it read) is `timeline.open_entry`; the list is
built by the shared read `queries.statement_summaries`.
"""

from datetime import datetime

from prepdesk.core import access
from prepdesk.core.context import Context
from prepdesk.core.queries import StatementSummary, statement_summaries
from prepdesk.core.timeline import _mark_read
from prepdesk.core.transaction import writing
from prepdesk.data.models import Statement
from prepdesk.errors import UserError
from prepdesk.i18n import _

__all__ = ["StatementSummary", "mark_read", "statements"]


def statements(ctx: Context, citizen_id: int) -> list[StatementSummary]:
    """The citizen's statements, newest first, with my read mark. A look: logged."""
    with writing(ctx) as session:
        access.require(session, ctx, citizen_id, look="statements")
        return statement_summaries(session, ctx.user.id, citizen_id, ctx.clock())


def mark_read(ctx: Context, statement_id: int) -> datetime:
    """Mark the statement read by me; the first reading's time is kept."""
    with writing(ctx) as session:
        statement = session.get(Statement, statement_id)
        if statement is None:
            raise UserError(_("The statement no longer exists."))
        access.require(session, ctx, statement.citizen_id)
        return _mark_read(session, ctx.user.id, statement_id, ctx.clock())
