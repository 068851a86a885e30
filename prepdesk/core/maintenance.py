"""Housekeeping a job centre runs on a schedule: `prepdesk maintenance` (R-SEC-7).

The access log says who looked at a citizen and when (R-SEC-1). It is kept for the
setting `access_log_retention_months` (6 by default) and then removed; the case's own
history (the notes' versions, the citizen's corrections, letters, journal entries,
handovers) is a record of the case, not of looks, and is never touched here.

The citizen index's change log (CitizenChange) is kept to its newest rows: an app that has
read less of it than that builds its index anew (core/citizen_search.py).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from prepdesk.core.access import require_admin
from prepdesk.core.context import Context
from prepdesk.core.transaction import reading, writing
from prepdesk.data.models import AccessLog, CitizenChange
from prepdesk.errors import UserError
from prepdesk.i18n import _

# Rows removed per transaction: a first run on a large log does not hold the database
# (SQLite's one writer, PostgreSQL's locks) for long, and caseworkers' looks go on meanwhile.
BATCH = 5000
# The citizen index's change log keeps this many of its newest rows: far more than the
# changes of a day at a large job centre, so an app open overnight catches up, not rebuilds.
CHANGES_KEPT = 20_000


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


def _require_admin(ctx: Context, refused: str) -> None:
    with reading(ctx) as session:
        try:
            require_admin(session, ctx)  # active, by the user's row as it is now
        except UserError:
            raise UserError(refused) from None


def remove_old_citizen_changes(ctx: Context, *, kept: int = CHANGES_KEPT) -> int:
    """Remove all but the newest `kept` rows of the citizen index's change log; how many."""
    _require_admin(ctx, _("Only an administrator can remove old rows of the citizen search's "
                          "change log."))
    with writing(ctx) as session:
        newest = session.scalar(select(CitizenChange.id).order_by(CitizenChange.id.desc())
                                .offset(kept).limit(1))
        if newest is None:
            return 0
        return session.execute(delete(CitizenChange).where(CitizenChange.id <= newest)
                               .execution_options(synchronize_session=False)).rowcount


def remove_old_access_log(ctx: Context, *, batch: int = BATCH) -> AccessLogRemoved:
    """Remove the access-log rows older than the retention setting, for every citizen.

    An administrator's task (`prepdesk maintenance --user ADMIN`, or a timer doing the
    same): a caseworker is refused, as the log is what shows their colleagues' looks."""
    _require_admin(ctx, _("Only an administrator can remove old access-log rows."))
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
