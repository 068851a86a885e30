"""Housekeeping a job centre runs on a schedule: `prepdesk maintenance` (R-SEC-7).

The access log says who looked at a citizen and when (R-SEC-1). It is kept for the
setting `access_log_retention_months` (6 by default) and then removed; the case's own
history (the notes' versions, the citizen's corrections, letters, journal entries,
handovers) is a record of the case, not of looks, and is never touched here.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from prepdesk.core.access import require_admin
from prepdesk.core.context import Context
from prepdesk.core.transaction import reading, writing
from prepdesk.data.models import AccessLog
from prepdesk.errors import UserError
from prepdesk.i18n import _

# Rows removed per transaction: a first run on a large log does not hold the database
# (SQLite's one writer, PostgreSQL's locks) for long, and caseworkers' looks go on meanwhile.
BATCH = 5000


@dataclass(frozen=True)
class AccessLogRemoved:
    removed: int  # rows removed
    before: datetime  # rows from before this moment were removed
    months: int  # the setting they were kept for


def retention_start(now: datetime, months: int) -> datetime:
    """The moment `months` calendar months before `now` (the 31st becomes the month's last
    day): access-log rows from before it are removed."""
    year, month = divmod(now.year * 12 + now.month - 1 - months, 12)
    day = min(now.day, calendar.monthrange(year, month + 1)[1])
    return now.replace(year=year, month=month + 1, day=day)


def remove_old_access_log(ctx: Context, *, batch: int = BATCH) -> AccessLogRemoved:
    """Remove the access-log rows older than the retention setting, for every citizen.

    An administrator's task (`prepdesk maintenance --user ADMIN`, or a timer doing the
    same): a caseworker is refused, as the log is what shows their colleagues' looks."""
    with reading(ctx) as session:
        try:
            require_admin(session, ctx)  # active, by the user's row as it is now
        except UserError:
            raise UserError(_("Only an administrator can remove old access-log rows.")) from None
    months = ctx.settings.access_log_retention_months
    before = retention_start(ctx.clock(), months)
    removed = 0
    while True:
        oldest = select(AccessLog.id).where(AccessLog.at < before).order_by(AccessLog.id)
        with writing(ctx) as session:
            done = session.execute(
                delete(AccessLog).where(AccessLog.id.in_(oldest.limit(batch).scalar_subquery()))
                .execution_options(synchronize_session=False)).rowcount
        removed += done
        if done < batch:
            return AccessLogRemoved(removed, before, months)
