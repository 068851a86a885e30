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
