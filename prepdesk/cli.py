"""The `prepdesk` command.

    prepdesk                      open the app on the configured database
    prepdesk demo [--as ROLE]     open the app on demo data (built on first use)
    prepdesk demo --scale large   build the large demo for benchmarks, then open it
    prepdesk db upgrade|current   apply or show database migrations
    prepdesk import rulings FILE  import appeals rulings (JSON Lines or CSV)
    prepdesk outbox [list|retry ID|send]  the letters waiting to be sent
    prepdesk portal [--host] [--port]     the citizens' approval page
    prepdesk doctor               show configuration, database, migrations and keyring

Imports stay inside the command functions: opening the app must not pay for SQLAlchemy.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from functools import partial

from prepdesk.errors import UserError
from prepdesk.i18n import _, set_language
from prepdesk.paths import early_setting
from prepdesk.secrets import KNOWN_SECRETS

ROLES = {"caseworker": "caseworker", "teamlead": "team_lead", "admin": "admin"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prepdesk", description=_("Prepare, hold and follow up meetings with citizens.")
    )
    parser.add_argument("--user", help=_("log in as this caseworker (e-mail or initials)"))
    commands = parser.add_subparsers(dest="command", metavar=_("command"))

    demo = commands.add_parser("demo", help=_("open the app on demo data"))
    demo.add_argument("--as", dest="role", choices=sorted(ROLES), default="caseworker",
                      help=_("whom to log in as"))
    demo.add_argument("--scale", choices=["small", "large"], default="small",
                      help=_("small: ~300 citizens; large: 50,000 citizens for benchmarks"))
    demo.add_argument("--fresh", action="store_true", help=_("build the demo data anew"))
    demo.add_argument("--build-only", action="store_true",
                      help=_("build the demo data without opening the app"))

    database = commands.add_parser("db", help=_("database migrations"))
    database_commands = database.add_subparsers(dest="db_command", required=True)
    database_commands.add_parser("upgrade", help=_("bring the database up to date"))
    database_commands.add_parser("current", help=_("show the database's migration"))

    commands.add_parser("doctor", help=_("check configuration, database and keyring"))

    imports = commands.add_parser("import", help=_("import data from files"))
    import_commands = imports.add_subparsers(dest="import_command", required=True)
    rulings = import_commands.add_parser(
        "rulings", help=_("import appeals rulings from a .jsonl or .csv file"))
    rulings.add_argument("file")
    rulings.add_argument("--skip-invalid", action="store_true",
                         help=_("import the valid rulings and report the others"))

    outbox = commands.add_parser("outbox", help=_("the letters and e-mails waiting to be sent"))
    outbox.add_argument("action", nargs="?", choices=["list", "retry", "send"], default="list")
    outbox.add_argument("id", nargs="?", type=int, help=_("the message to send again"))

    portal = commands.add_parser("portal", help=_("serve the page where citizens approve their notes"))
    portal.add_argument("--host", default="127.0.0.1")
    portal.add_argument("--port", type=int, default=8080)

    secret = commands.add_parser("secret", help=_("store or delete a password in the system keyring"))
    secret.add_argument("action", choices=["set", "delete", "list"])
    secret.add_argument("name", nargs="?", choices=KNOWN_SECRETS)

    user = commands.add_parser("user", help=_("users of the configured database"))
    user_commands = user.add_subparsers(dest="user_command", required=True)
    add = user_commands.add_parser("add", help=_("create a user"))
    add.add_argument("initials")
    add.add_argument("--name", required=True)
    add.add_argument("--email", required=True)
    add.add_argument("--phone", required=True, help=_("direct phone number"))
    add.add_argument("--role", choices=["caseworker", "team_lead", "admin"], default="caseworker")
    add.add_argument("--team", help=_("the team's name; created if new"))
    user_commands.add_parser("list", help=_("list the users"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    set_language(str(early_setting("language", "da")))
    args = build_parser().parse_args(argv)
    try:
        if args.command == "db":
            return _db(args)
        if args.command == "doctor":
            from prepdesk.doctor import run_doctor

            return run_doctor(sys.stdout)
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

            return run_outbox_cli(args.action, args.id, open_context=partial(
                open_workspace, lambda _sentence, _fraction: None, login=args.user))
        if args.command == "portal":
            from prepdesk.portal.app import run_portal_cli

            return run_portal_cli(args.host, args.port)
        if args.command == "secret":
            from prepdesk.secrets import run_secret_command

            return run_secret_command(args.action, args.name, sys.stdin, sys.stdout)
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
    if args.scale == "large" or args.fresh or args.build_only:
        # Large builds take minutes: a progress bar in the terminal, then the app.
        from prepdesk.demo.build import build_demo_from_cli

        build_demo_from_cli(scale=args.scale, fresh=args.fresh)
        if args.build_only:
            return 0
    return _open_app(demo=args.scale, login=None, role=role)


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
