"""The `prepdesk` command.

    prepdesk                      open the app on the configured database
    prepdesk demo [--as ROLE]     open the app on demo data (built on first use)
    prepdesk demo --scale large   build the large demo for benchmarks, then open it
    prepdesk db upgrade|current   apply or show database migrations
    prepdesk import rulings FILE  import appeals rulings (JSON Lines or CSV)
    prepdesk outbox [list|retry ID|send]  the letters waiting to be sent
    prepdesk portal [--host] [--port]     the citizens' approval page
    prepdesk doctor               show configuration, database, migrations and keyring
    prepdesk --demo COMMAND       any command on the demo's data and settings
    prepdesk --version            the version

Imports stay inside the command functions: opening the app must not pay for SQLAlchemy.
The command line speaks the configured language, argparse's own words too
(i18n.translated_libraries, cli_messages.py).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from functools import partial

from prepdesk import __version__
from prepdesk.errors import UserError
from prepdesk.i18n import _, set_language, translated_libraries
from prepdesk.paths import early_setting
from prepdesk.secrets import KNOWN_SECRETS

ROLES = {"caseworker": "caseworker", "teamlead": "team_lead", "admin": "admin"}
DEMO_SCALE = "small"  # the demo `prepdesk demo` opens, which `--demo` points commands at
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as `cat` and `ls` end when the reader has gone


def build_parser() -> argparse.ArgumentParser:
    # `--demo` before the command or after it: `prepdesk --demo outbox`, `prepdesk outbox --demo`.
    demo_option = argparse.ArgumentParser(add_help=False)
    demo_option.add_argument(
        "--demo", action="store_const", const=DEMO_SCALE, default=argparse.SUPPRESS,
        help=_("work on the demo data and settings of `prepdesk demo` instead"))
    parser = argparse.ArgumentParser(
        prog="prepdesk", description=_("Prepare, hold and follow up meetings with citizens."),
        parents=[demo_option],
    )
    parser.add_argument("--version", action="version", version=f"PrepDesk {__version__}",
                        help=_("show PrepDesk's version and exit"))
    parser.add_argument("--user", metavar=_("USER"), help=_("log in as this caseworker (e-mail or initials)"))
    commands = parser.add_subparsers(dest="command", metavar=_("command"))
    add_command = partial(_add_command, commands, demo_option)

    demo = commands.add_parser("demo", help=_("open the app on demo data"), description=_(
        "Open PrepDesk on the demo job centre: fictitious citizens, caseworkers and rulings, "
        "built on first use and again each day. Letters from the demo are written as files "
        "in the demo's own outbox folder, never sent. Every other command works on the demo "
        "with --demo: prepdesk --demo outbox."))
    demo.add_argument("--as", dest="role", choices=sorted(ROLES), default="caseworker",
                      help=_("whom to log in as"))
    demo.add_argument("--scale", choices=["small", "large"], default="small",
                      help=_("small: ~300 citizens; large: 50,000 citizens for benchmarks"))
    demo.add_argument("--fresh", action="store_true", help=_("build the demo data anew"))
    demo.add_argument("--build-only", action="store_true",
                      help=_("build the demo data without opening the app"))

    database = add_command("db", help=_("database migrations"))
    database_commands = database.add_subparsers(dest="db_command", required=True,
                                                metavar=_("action"))
    database_commands.add_parser("upgrade", help=_("bring the database up to date"))
    database_commands.add_parser("current", help=_("show the database's migration"))

    add_command("doctor", help=_("check configuration, database and keyring"), description=_(
        "Show what PrepDesk sees of its configuration, database, sender address and keyring, "
        "and what to do about each problem. Exit code 0 when all is well, 2 when not."))

    imports = commands.add_parser("import", help=_("import data from files"))
    import_commands = imports.add_subparsers(dest="import_command", required=True)
    rulings = import_commands.add_parser(
        "rulings", help=_("import appeals rulings from a .jsonl or .csv file"))
    rulings.add_argument("file")
    rulings.add_argument("--skip-invalid", action="store_true",
                         help=_("import the valid rulings and report the others"))

    outbox = add_command(
        "outbox", formatter_class=argparse.RawDescriptionHelpFormatter, help=_("the letters and e-mails waiting to be sent"),
        description=_("The letters and e-mails PrepDesk has stored for sending. Actions:") + "\n"
        + "  list      " + _("show your messages: waiting, sent and failed (the default)") + "\n"
        + "  retry ID  " + _("send a failed message again in the next round") + "\n"
        + "  send      " + _("send what is due now, as a scheduled job would; exit code 1 "
                             "when a message failed"))
    outbox.add_argument("action", nargs="?", choices=["list", "retry", "send"], default="list",
                        metavar=_("action"), help=_("what to do (list, retry or send); list when left out"))
    outbox.add_argument("id", nargs="?", type=int, metavar="ID", help=_("the message to send again"))

    portal = add_command(
        "portal", help=_("serve the page where citizens approve their notes"), description=_(
            "Serve the approval page, where citizens read the notes of their meeting and approve "
            "or correct them, until stopped with Ctrl+C. Put it behind the job centre's HTTPS "
            "proxy at the address in the setting portal_url. It needs the same database and "
            "signing key as the caseworkers' PrepDesk, and a valid sender_address: it is the "
            "contact shown to citizens."))
    portal.add_argument("--host", default="127.0.0.1",
                        help=_("the address to listen on (default: %(default)s)"))
    portal.add_argument("--port", type=int, default=8080,
                        help=_("the port to listen on (default: %(default)s)"))

    secret = add_command(
        "secret", formatter_class=argparse.RawDescriptionHelpFormatter, help=_("store or delete a password in the system keyring"),
        description=_("Passwords and keys live in the system keyring, never in the config "
                      "file. Actions:") + "\n"
        + "  list         " + _("show which secrets are set (never their values)") + "\n"
        + "  set NAME     " + _("store a secret; asks for the value, or reads one line from "
                                "standard input") + "\n"
        + "  delete NAME  " + _("remove a secret from the keyring"))
    secret.add_argument("action", choices=["set", "delete", "list"], metavar=_("action"),
                        help=_("what to do: list, set or delete"))
    secret.add_argument("name", nargs="?", choices=KNOWN_SECRETS, metavar=_("name"),
                        help=_("which secret: %(choices)s"))

    user = add_command("user", help=_("users of the configured database"))
    user_commands = user.add_subparsers(dest="user_command", required=True, metavar=_("action"))
    add = user_commands.add_parser("add", help=_("create a user"))
    add.add_argument("initials")
    add.add_argument("--name", required=True)
    add.add_argument("--email", required=True)
    add.add_argument("--phone", required=True, help=_("direct phone number"))
    add.add_argument("--role", choices=["caseworker", "team_lead", "admin"], default="caseworker")
    add.add_argument("--team", help=_("the team's name; created if new"))
    user_commands.add_parser("list", help=_("list the users"))
    return parser


def _add_command(commands: argparse._SubParsersAction, demo_option: argparse.ArgumentParser,
                 name: str, **options: object) -> argparse.ArgumentParser:
    """A command that also works on the demo: it takes --demo after its name too."""
    return commands.add_parser(name, parents=[demo_option], **options)


def main(argv: Sequence[str] | None = None) -> int:
    set_language(str(early_setting("language", "da")))
    try:
        try:
            return _run(argv)
        finally:
            sys.stdout.flush()  # here, so that a reader who has gone is noticed here
    except BrokenPipeError:
        # `prepdesk outbox | head`: the reader has what it wanted. End quietly; what is
        # still buffered goes nowhere instead of into a traceback at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


def _run(argv: Sequence[str] | None) -> int:
    with translated_libraries():
        args = build_parser().parse_args(argv)
    demo = getattr(args, "demo", None)
    try:
        return _dispatch(args, demo)
    finally:
        if demo:  # for a caller that runs main() again in the same process
            from prepdesk import secrets
            from prepdesk.config import clear_overrides

            clear_overrides()
            secrets.use_demo_secrets({})


def _dispatch(args: argparse.Namespace, demo: str | None) -> int:
    try:
        if demo and args.command not in (None, "demo"):
            from prepdesk.demo.settings import use_demo

            # doctor reports on what is there and builds nothing.
            use_demo(demo, build=args.command != "doctor")
        if args.command == "db":
            return _db(args)
        if args.command == "doctor":
            from prepdesk.doctor import run_doctor

            return run_doctor(sys.stdout, demo=demo)
        if args.command == "demo":
            return _demo(args)
        if args.command == "user":
            return _user(args)
        if args.command == "import":
            from prepdesk.data.importers import run_import_cli

            return run_import_cli(args.file, args.skip_invalid)
        if args.command == "outbox":
            from prepdesk.delivery.outbox import run_outbox_cli
            from prepdesk.workspace import open_workspace

            # On the demo without --user: the demo caseworker the app logs in as.
            role = "caseworker" if demo and not args.user else None
            return run_outbox_cli(args.action, args.id, open_context=partial(
                open_workspace, lambda _sentence, _fraction: None, login=args.user,
                demo=demo, role=role))
        if args.command == "portal":
            from prepdesk.portal.app import run_portal_cli

            return run_portal_cli(args.host, args.port)
        if args.command == "secret":
            from prepdesk.secrets import run_secret_command

            return run_secret_command(args.action, args.name, sys.stdin, sys.stdout)
        if demo:
            return _open_app(demo=demo, login=args.user, role=None if args.user else "caseworker")
        return _open_app(demo=None, login=args.user, role=None)
    except UserError as error:
        print(error.message, file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130


def _open_app(*, demo: str | None, login: str | None, role: str | None) -> int:
    from prepdesk.app import PrepDeskApp
    from prepdesk.workspace import open_workspace

    app = PrepDeskApp(
        open_workspace=partial(open_workspace, demo=demo, login=login, role=role),
        theme_name=str(early_setting("theme", "prepdesk-light")),
    )
    app.run()
    return app.return_code or 0


def _demo(args: argparse.Namespace) -> int:
    role = ROLES[args.role]
    if args.fresh or args.build_only or (args.scale == "large" and not _written_today(args.scale)):
        # Large builds take minutes: a progress bar in the terminal, then the app. A large
        # demo written today is checked by the app as it starts, as the small one is.
        from prepdesk.demo.build import build_demo_from_cli

        build_demo_from_cli(scale=args.scale, fresh=args.fresh)
        if args.build_only:
            return 0
    return _open_app(demo=args.scale, login=None, role=role)


def _written_today(scale: str) -> bool:
    """Whether the demo's file was written today: a look at its date, before the first
    paint and without SQLAlchemy. Rebuilt each day, a demo from another day is older."""
    from datetime import date

    from prepdesk.paths import data_dir

    try:
        written = (data_dir() / f"demo-{scale}.sqlite").stat().st_mtime
    except OSError:
        return False
    return date.fromtimestamp(written) == date.today()


def _configured_engine():  # type: ignore[no-untyped-def]
    from prepdesk.config import load_settings
    from prepdesk.data import db

    return db.open_engine(load_settings().resolved_database_url())


def _user(args: argparse.Namespace) -> int:
    from prepdesk.core.access import add_caseworker, list_caseworkers
    from prepdesk.data import db

    engine = _configured_engine()
    db.upgrade(engine)
    with db.session_factory(engine)() as session:
        if args.user_command == "add":
            add_caseworker(session, initials=args.initials, name=args.name, email=args.email,
                           phone=args.phone, role=args.role, team=args.team)
            print(_("Created the user {initials}.").format(initials=args.initials))
        for caseworker, team in list_caseworkers(session) if args.user_command == "list" else []:
            print(f"{caseworker.initials:<8} {caseworker.role:<11} {team or '-':<16} "
                  f"{caseworker.name} <{caseworker.email}>")
    return 0


def _db(args: argparse.Namespace) -> int:
    from prepdesk.data import db

    engine = _configured_engine()
    if args.db_command == "upgrade":
        db.upgrade(engine)
        print(_("The database is up to date."))
    else:
        print(db.current_revision(engine) or _("(no migrations applied)"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
