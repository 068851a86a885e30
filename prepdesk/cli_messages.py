"""argparse's messages, for the catalogue: the command line speaks the user's language.

argparse translates its own texts ("usage: ", "options", "error: ...") with gettext's
process-wide domain; cli.py parses inside `i18n.translated_libraries()`, which points that
domain at PrepDesk's catalogue. This module is never imported by the app: it only lists
the message ids, exactly as argparse writes them, so that scripts/messages.py extracts them
and they get a Danish translation. tests/test_cli.py checks that the list matches the
argparse of the Python that runs the tests. argparse's messages about mistakes in the
program itself (a conflicting option, ".__call__() not defined" ...) are left out: no user
can meet them.
"""


def N_(message: str) -> str:  # noqa: N802 - the usual name of a gettext no-op marker
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    ngettext("expected %s argument", "expected %s arguments", 1),
)
