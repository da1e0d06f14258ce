"""The `cockpit` command line: parse arguments, load config, wire sources, run.

Kept cheap to import: `cockpit --help` must answer fast, so Textual, httpx and
the sources are imported only once a command needs them. Bad input gets one
clear line and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

EXIT_USAGE = 2
EXIT_FAILED = 1

NO_CONFIG = """\
cockpit: no configuration at {path}.
  Start with one of:
    cockpit init      write a config for your Jira and calendars (tokens go to the keyring)
    cockpit --demo    look around on the embedded demo workspace (nothing of yours is touched)"""


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {value!r}") from None


def _add_common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """--demo, --config and --date work before or after the command."""
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--demo",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="use the embedded demo workspace (no account needed, nothing of yours touched)",
    )
    parser.add_argument(
        "--config",
        metavar="PATH",
        default=default,
        help="config file (default: $COCKPIT_CONFIG, else the platform's config folder)",
    )
    parser.add_argument(
        "--date", type=_date, metavar="YYYY-MM-DD", default=default, help="look at another day"
    )


VIEWS = {
    "agenda": "today's meetings (the Today pane)",
    "calls": "customer calls, today's and the next days' (the Customer calls pane)",
    "blocked": "blocked issues (the Blocked pane)",
    "backlog": "the board backlog in rank order (the Backlog pane)",
}


SETUP_COMMANDS = frozenset({"notes", "init", "auth", "doctor"})


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The whole CLI; given `argv`, the setup commands are registered only when it
    names one (or asks for help), which keeps their imports off the app's start."""
    parser = argparse.ArgumentParser(
        prog="cockpit",
        exit_on_error=argv is None,
        description="A terminal cockpit for a product manager's day. "
        "With no command, opens the full-screen app.",
    )
    _add_common(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, summary in VIEWS.items():
        view = commands.add_parser(name, help=f"print {summary}", description=f"Print {summary}.")
        view.add_argument("--json", action="store_true", help="a JSON list of objects")
        _add_common(view, top=False)
        view.set_defaults(run=run_view)
    wanted = argv is None or any(a in SETUP_COMMANDS or a in ("-h", "--help") for a in argv)
    for module in _command_modules() if wanted else ():
        module.register(commands)
    for sub in commands.choices.values():
        if sub.get_default("run") is not run_view:
            _add_common(sub, top=False)
    return parser


def _command_modules() -> list:
    from cockpit.cli import doctor, notes
    from cockpit.cli.setup import auth, init

    return [notes, init, auth, doctor]


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if not arguments:  # the app, as the parser would say, without building it (~2 ms)
        args = argparse.Namespace(demo=False, config=None, date=None, command=None)
    else:
        try:
            args = build_parser(arguments).parse_args(arguments)
        except argparse.ArgumentError:  # not a view or the app: let the whole CLI say what is wrong
            args = build_parser().parse_args(arguments)
    try:
        if args.command is None:
            return run_app(args)
        return int(args.run(args))
    except KeyboardInterrupt:
        return 130
    except CockpitExit as exc:
        print(f"cockpit: {exc}", file=sys.stderr)
        return exc.status
    except Exception as exc:  # the last line of defence: one line, the details in a file
        return report_crash(exc)


def report_crash(exc: BaseException) -> int:
    """Say what broke in one line (a crash file keeps the traceback)."""
    from cockpit.runtime.crash import describe

    print(describe(exc), file=sys.stderr)
    return EXIT_FAILED


class CockpitExit(Exception):
    """A clean stop with one line for the user."""

    def __init__(self, message: str, status: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.status = status


def open_workspace(args: argparse.Namespace):  # -> tuple[Workspace, Config | None]
    """The workspace the command works on: the demo, or the user's config."""
    from cockpit.config.loader import ConfigError, load_config
    from cockpit.config.paths import resolve_config_path
    from cockpit.store.db import StoreError

    try:
        if getattr(args, "demo", False):
            from cockpit.demo.workspace import demo_workspace

            return demo_workspace(), None
        path = resolve_config_path(getattr(args, "config", None))
        if not Path(path).exists():
            raise CockpitExit(NO_CONFIG.format(path=path).removeprefix("cockpit: "))
        config = load_config(Path(path))
        from cockpit.sync.wiring import workspace_from_config

        return workspace_from_config(config), config
    except ConfigError as exc:
        raise CockpitExit(str(exc)) from None
    except (StoreError, OSError) as exc:  # a damaged store, a read-only data folder
        raise CockpitExit(str(exc), EXIT_FAILED) from None


def run_app(args: argparse.Namespace) -> int:
    from cockpit.runtime.quiet_gc import QUIET

    QUIET.hold_for_start()  # released by the app once its first frame is drawn
    workspace, config = open_workspace(args)
    from cockpit.store.applock import AppAlreadyOpen, AppLock

    try:
        lock = AppLock.acquire(workspace.store.path.parent)
    except AppAlreadyOpen as exc:
        workspace.store.close()
        raise CockpitExit(str(exc), EXIT_FAILED) from None
    try:
        from cockpit.tui.app import CockpitApp

        keymap = dict(config.keymap) if config is not None else {}
        app = CockpitApp(workspace, day=args.date, keymap=keymap)
        app.run()
    finally:
        workspace.store.close()  # the last connection out checkpoints the WAL
        lock.release()
    return app.return_code or 0


def run_view(args: argparse.Namespace) -> int:
    import asyncio

    from cockpit.cli.views import print_view

    workspace, _config = open_workspace(args)
    try:
        return asyncio.run(print_view(workspace, args.command, day=args.date, as_json=args.json))
    finally:
        workspace.store.close()
