"""The `prepdesk` command.

    prepdesk                      open the app on the configured database
    prepdesk demo [--as ROLE]     open the app on demo data (built on first use)
    prepdesk demo --scale large   build the large demo for benchmarks, then open it
    prepdesk db upgrade|current   apply or show database migrations
    prepdesk import rulings FILE  import appeals rulings (JSON Lines or CSV)
    prepdesk outbox [list|retry ID|send]  the letters waiting to be sent
    prepdesk portal [--host] [--port] [--workers N]  the citizens' approval page
    prepdesk doctor               show configuration, database, migrations and keyring
    prepdesk maintenance          remove access-log rows past their retention (an admin)
    prepdesk user|team ...        users and teams, for an administrator (--user INITIALS)
    prepdesk --demo COMMAND       any command on the demo's data and settings
    prepdesk --version            the version

Imports stay inside the command functions: opening the app must not pay for SQLAlchemy.
The command line speaks the configured language, argparse's own words too
(i18n.translated_libraries, cli_messages.py).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import partial

from prepdesk import __version__
from prepdesk.errors import UserError
from prepdesk.i18n import _, set_language, translated_libraries
from prepdesk.paths import early_setting
from prepdesk.secrets import KNOWN_SECRETS

ROLES = {"caseworker": "caseworker", "teamlead": "team_lead", "admin": "admin"}
DEMO_SCALE = "small"  # the demo `prepdesk demo` opens, which `--demo` points commands at
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as `cat` and `ls` end when the reader has gone


MAX_ID = 2**63 - 1  # the largest id a database row can have


def whole_number(lowest: int, highest: int) -> Callable[[str], int]:
    """An argument's type: a whole number from `lowest` to `highest`, or argparse's error
    with a sentence that says so (a port of 99999 or an id of 30 digits once crashed)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or not lowest <= value <= highest:
            raise argparse.ArgumentTypeError(
                _("'{text}' is not a whole number from {lowest} to {highest}.").format(
                    text=text[:40], lowest=lowest, highest=highest))
        return value

    return parse


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
    # Also after "demo", as people write it; SUPPRESS keeps a --user given before it.
    demo.add_argument("--user", default=argparse.SUPPRESS, metavar=_("USER"),
                      help=_("log in as this demo user (initials) rather than by --as"))
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
        "Show what PrepDesk sees of its configuration, database, sender address, keyring and "
        "secrets (where each comes from, never its value), "
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
    outbox.add_argument("id", nargs="?", type=whole_number(1, MAX_ID), metavar="ID",
                        help=_("the message to send again"))

    portal = add_command(
        "portal", help=_("serve the page where citizens approve their notes"), description=_(
            "Serve the approval page, where citizens read the notes of their meeting and approve "
            "or correct them, until stopped with Ctrl+C. Put it behind the job centre's HTTPS "
            "proxy at the address in the setting portal_url. It needs the same database and "
            "signing key as the caseworkers' PrepDesk, and a valid sender_address: it is the "
            "contact shown to citizens."))
    portal.add_argument("--host", default="127.0.0.1",
                        help=_("the address to listen on (default: %(default)s)"))
    portal.add_argument("--port", type=whole_number(1, 65535), default=8080,
                        help=_("the port to listen on (default: %(default)s)"))
    portal.add_argument("--workers", type=whole_number(1, 64), default=1, metavar="N",
                        help=_("worker processes on the same database (default: %(default)s)"))
    portal.add_argument("--forwarded-allow-ips", metavar=_("ADDRESSES"),
                        help=_("the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto "
                               "are believed, separated by commas; replaces the setting "
                               "portal_trusted_proxies (default: none)"))

    secret = add_command(
        "secret", formatter_class=argparse.RawDescriptionHelpFormatter, help=_("store or delete a password in the system keyring"),
        description=_("Passwords and keys live in the system keyring, never in the config "
                      "file. On a server they are credential files instead, one per secret, "
                      "in $CREDENTIALS_DIRECTORY (systemd's LoadCredential=) or the directory "
                      "of the setting credentials_dir: put the file in place there. "
                      "Actions:") + "\n"
        + "  list         " + _("show where each secret comes from (never its value)") + "\n"
        + "  set NAME     " + _("store a secret; asks for the value, or reads one line from "
                                "standard input") + "\n"
        + "  delete NAME  " + _("remove a secret from the keyring"))
    secret.add_argument("action", choices=["set", "delete", "list"], metavar=_("action"),
                        help=_("what to do: list, set or delete"))
    secret.add_argument("name", nargs="?", choices=KNOWN_SECRETS, metavar=_("name"),
                        help=_("which secret: %(choices)s"))

    add_command("maintenance", help=_("remove access-log rows older than the retention setting"),
                description=_(
                    "Remove the access-log rows (who looked at which citizen) older than the "
                    "setting access_log_retention_months (6 months unless set). The case's own "
                    "history is kept. Run it as an administrator, daily from a timer: "
                    "prepdesk --user INITIALS maintenance."))

    user = add_command(
        "user", help=_("users of the configured database (for an administrator)"),
        description=_("Users are managed by an administrator: prepdesk --user INITIALS user "
                      "... The first administrator of a new database is made without a login: "
                      "prepdesk user add INITIALS --role admin ..."))
    user_commands = user.add_subparsers(dest="user_command", required=True, metavar=_("action"))
    add = user_commands.add_parser("add", help=_("create a user"))
    add.add_argument("initials")
    add.add_argument("--name", required=True)
    add.add_argument("--email", required=True)
    add.add_argument("--phone", required=True, help=_("direct phone number"))
    add.add_argument("--role", choices=["caseworker", "team_lead", "admin"], default="caseworker")
    add.add_argument("--team", help=_("the team's name (create the team first with prepdesk team add)"))
    user_commands.add_parser("list", help=_("list the users"))
    deactivate = user_commands.add_parser(
        "deactivate", help=_("the user can no longer log in; what they wrote stays"))
    deactivate.add_argument("initials")
    move = user_commands.add_parser("move", help=_("move the user to another team"))
    move.add_argument("initials")
    move.add_argument("--team", required=True, help=_("the new team's name"))

    team = add_command("team", help=_("teams of the configured database (for an administrator)"))
    team_commands = team.add_subparsers(dest="team_command", required=True, metavar=_("action"))
    team_add = team_commands.add_parser("add", help=_("create a team"))
    team_add.add_argument("name")
    team_commands.add_parser("list", help=_("list the teams and their number of active users"))
    return parser


def _add_command(commands: argparse._SubParsersAction, demo_option: argparse.ArgumentParser,
                 name: str, **options: object) -> argparse.ArgumentParser:
    """A command that also works on the demo: it takes --demo after its name too."""
    return commands.add_parser(name, parents=[demo_option], **options)


def main(argv: Sequence[str] | None = None) -> int:
    # PrepDesk uses no pydantic plugins. Looking for them reads the entry points of every
    # installed package when the first model is made, before my day shows (issue 17).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
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
        if args.command in ("user", "team"):
            return _users(args, demo)
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
                demo=demo, role=role, rebuild_demo=False), demo=bool(demo))
        if args.command == "maintenance":
            return _maintenance(args, demo)
        if args.command == "portal":
            from prepdesk.portal.app import run_portal_cli

            return run_portal_cli(args.host, args.port, workers=args.workers,
                                  trusted_proxies=args.forwarded_allow_ips, demo=demo)
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
    # No garbage collection until my day shows (app.collect_garbage_again): what starting
    # makes lives as long as the app, and collecting walked it again and again.
    gc.disable()
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
    if args.user:
        return _open_app(demo=args.scale, login=args.user, role=None)
    return _open_app(demo=args.scale, login=None, role=role)


def _written_today(scale: str, today: date | None = None) -> bool:
    """Whether the demo's file was written today, in Danish time as the demo's days are: a
    look at its date, before the first paint and without SQLAlchemy. Rebuilt each day, a
    demo from another day is older."""
    from prepdesk.core.context import LOCAL_TIMEZONE
    from prepdesk.paths import data_dir

    try:
        written = (data_dir() / f"demo-{scale}.sqlite").stat().st_mtime
    except OSError:
        return False
    today = today or datetime.now(LOCAL_TIMEZONE).date()
    return datetime.fromtimestamp(written, LOCAL_TIMEZONE).date() == today


def _configured_engine():  # type: ignore[no-untyped-def]
    from prepdesk.config import load_settings
    from prepdesk.data import db

    return db.open_engine(load_settings().resolved_database_url())


def _users(args: argparse.Namespace, demo: str | None) -> int:
    """`prepdesk user ...` and `prepdesk team ...`: as an administrator (--user), or, on a
    database with no administrator yet, the first administrator's `user add`."""
    from prepdesk.core import users
    from prepdesk.core.labels import label
    from prepdesk.workspace import open_workspace

    if not demo:
        from prepdesk.data import db

        engine = _configured_engine()
        db.upgrade(engine)
        sessions = db.session_factory(engine)
        if not users.has_administrator(sessions):
            if args.command == "user" and args.user_command == "add" and args.role == "admin":
                line = users.add_first_administrator(sessions, args.initials, args.name,
                                                     args.email, args.phone)
                print(_("Created the user {initials}.").format(initials=line.initials))
                return 0
            raise UserError(_("The database has no administrator yet. Create the first one: "
                              "prepdesk user add INITIALS --name NAME --email E-MAIL --phone "
                              "PHONE --role admin"))
    ctx = open_workspace(lambda _sentence, _fraction: None, login=args.user, demo=demo,
                         role="admin" if demo and not args.user else None, rebuild_demo=False)
    if args.command == "team":
        if args.team_command == "add":
            users.add_team(ctx, args.name)
            print(_("Created the team {name}.").format(name=args.name.strip()))
        for team in users.teams(ctx) if args.team_command == "list" else ():
            print(f"{team.name:<24} {team.members}")
        return 0
    if args.user_command == "add":
        line = users.add_user(ctx, args.initials, args.name, args.email, args.phone,
                              role=args.role, team=args.team)
        print(_("Created the user {initials}.").format(initials=line.initials))
    elif args.user_command == "deactivate":
        line = users.deactivate(ctx, args.initials)
        print(_("{initials} is deactivated: they can no longer log in.").format(
            initials=line.initials))
    elif args.user_command == "move":
        line = users.move(ctx, args.initials, args.team)
        print(_("{initials} is now in {team}.").format(initials=line.initials, team=line.team))
    else:
        for line in users.users(ctx):
            state = "" if line.active else "  (" + _("deactivated") + ")"
            print(f"{line.initials:<8} {label('role', line.role):<15} {line.team or '-':<16} "
                  f"{line.name} <{line.email}>{state}")
    return 0


def _maintenance(args: argparse.Namespace, demo: str | None) -> int:
    from prepdesk.core.maintenance import remove_old_access_log, remove_old_citizen_changes
    from prepdesk.dates import long_date
    from prepdesk.i18n import ngettext
    from prepdesk.workspace import open_workspace

    # As the --user (or the computer's user name); on the demo without --user, its administrator.
    ctx = open_workspace(lambda _sentence, _fraction: None, login=args.user, demo=demo,
                         role="admin" if demo and not args.user else None, rebuild_demo=False)
    done = remove_old_access_log(ctx)
    print(ngettext(
        "Removed {count} access-log row older than {months} months (from before {date}).",
        "Removed {count} access-log rows older than {months} months (from before {date}).",
        done.removed).format(count=done.removed, months=done.months, date=long_date(done.before)))
    changes = remove_old_citizen_changes(ctx)
    print(ngettext("Removed {count} old row of the citizen search's change log.",
                   "Removed {count} old rows of the citizen search's change log.",
                   changes).format(count=changes))
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
