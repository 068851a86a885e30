"""The one way a core operation talks to the database (shared/DESIGN.md, "One use-case
boundary").

Every public core operation opens exactly one of these:

    with writing(ctx) as session:
        meeting = access.require_meeting(session, ctx, meeting_id)
        check_version(session, meeting, seen_version, _("The meeting"))
        ...change rows...
    return SomeView(...)          # frozen, built from plain values, never a row

`writing` commits at the end and stamps who changed each edited row (data/db.py);
`reading` never writes. Both turn what a colleague or the database did meanwhile into a
sentence: a change made at the same moment becomes `Conflict`, a database that does not
answer `DatabaseAway`. Nothing else in PrepDesk opens a session.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from sqlalchemy.exc import DatabaseError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from prepdesk.core.context import Context
from prepdesk.data import db
from prepdesk.data.models import Caseworker
from prepdesk.dates import medium_datetime
from prepdesk.errors import Conflict, DatabaseAway, UserError
from prepdesk.i18n import _

log = logging.getLogger(__name__)


@contextmanager
def writing(ctx: Context) -> Iterator[Session]:
    """A transaction that commits when the block ends and rolls back if it raises."""
    with ctx.sessions() as session:
        session.info[db.CHANGED_BY] = ctx.user.id
        session.info[db.CHANGED_AT] = ctx.clock()
        with _translated():
            yield session
            session.commit()


@contextmanager
def reading(ctx: Context) -> Iterator[Session]:
    """A session for reads only: whatever the block added is rolled back, never written."""
    with ctx.sessions() as session:
        with _translated():
            yield session
        session.rollback()


@contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except StaleDataError:
        raise Conflict(_("A colleague changed this at the same moment, so your change was not "
                         "saved. Reload (Ctrl+R) to see theirs, then make yours again.")) from None
    except IntegrityError as error:
        # Two people creating the same thing at once (the notes of one meeting, the same
        # acknowledgement): the second is refused by a unique constraint.
        log.info("refused as a concurrent duplicate: %s", error.orig)
        raise Conflict(_("A colleague did the same at the same moment, so your change was not "
                         "saved. Reload (Ctrl+R) to see what is there now.")) from None
    except PoolTimeout:
        # Every connection this app may hold (data/db.py, POOL_SIZE) stayed in use for the
        # whole wait: other work of this app is slow, or the server is overloaded.
        log.warning("no free database connection within the pool's timeout")
        raise DatabaseAway(_("The database is busy right now, so nothing was saved. Try again "
                             "in a moment (Reload: Ctrl+R); if it goes on, tell IT.")) from None
    except (OperationalError, DBAPIError) as error:
        if type(error) is DatabaseError:  # SQLite's "file is not a database", "malformed"
            log.error("the database cannot be read: %s", error.orig)
            raise UserError(_("The database file cannot be read: it is damaged, or another "
                              "file has taken its place. Nothing was saved. Close PrepDesk "
                              "and tell IT; prepdesk doctor says which file it is.")) from None
        if not (isinstance(error, OperationalError) or error.connection_invalidated):
            raise
        log.warning("the database did not answer: %s", error.orig)
        raise DatabaseAway(_("The database is not answering right now, so nothing was saved. "
                             "Try again in a moment; if it goes on, tell IT.")) from None


class Versioned(Protocol):
    version: int | None
    changed_by_id: int | None
    changed_at: object


def check_version(session: Session, ctx: Context, row: Versioned, seen: int | None,
                  what: str) -> None:
    """Refuse an edit of `row` made on a view older than the row (`seen` is the version
    the screen showed), with who changed it and when. `what` names the row for the
    sentence, capitalised: "The agenda item", "The letter"."""
    if seen is None or row.version == seen:
        return
    raise Conflict(stale_sentence(session, ctx, row, what))


def stale_sentence(session: Session, ctx: Context, row: Versioned, what: str) -> str:
    when = medium_datetime(row.changed_at) if row.changed_at else _("a moment ago")
    if row.changed_by_id == ctx.user.id:
        return _("{what} was changed by you in another window ({when}), so this change was not "
                 "saved. Reload (Ctrl+R) to see it, then make your change again.").format(
            what=what, when=when)
    author = session.get(Caseworker, row.changed_by_id) if row.changed_by_id else None
    return _("{what} was changed by {name} ({when}), so your change was not saved. Reload (Ctrl+R) "
             "to see their change, then make yours again.").format(
        what=what, name=author.name if author else _("a colleague"), when=when)
