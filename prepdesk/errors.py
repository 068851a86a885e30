"""Errors the user can fix themselves.

A `UserError` carries one sentence in the user's language that says what is wrong and
what to do. The CLI prints it and exits with code 2; screens show it. Anything else is
a bug and may show a traceback.
"""


class UserError(Exception):
    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Conflict(UserError):
    """An edit made on a stale view, or at the same moment as a colleague's: refused, with
    a sentence that says who changed it and when. Nothing was written; reload and redo."""


class DatabaseAway(UserError):
    """The database did not answer (a server restarting, a lock held too long). Nothing
    was written; the same call may succeed in a moment."""
