"""The `cockpit` command line: parse arguments, load config, wire sources, run.

Kept cheap to import: `cockpit --help` must answer fast, so Textual, httpx and
the sources are imported only once a command needs them. Bad input gets one
clear line and exit status 2, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from cockpit.cli.dates import HELP, METAVAR, day_of, parse_day

if TYPE_CHECKING:
    import argparse
    from typing import Protocol, TypeAlias

    from cockpit.config.credentials import EnvFirstCredentials
    from cockpit.config.schema import Config
    from cockpit.sync.workspace import Workspace

    Args: TypeAlias = argparse.Namespace | SimpleNamespace
    """Parsed arguments; the app with no arguments gets them without argparse."""
    Subparsers: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]
    """What `add_subparsers` returns: each command module adds its parser to it."""

    class CommandModule(Protocol):
        """A module with its own subcommands (notes, init, auth, doctor)."""

        def register(self, subparsers: Subparsers) -> None: ...


EXIT_USAGE = 2
EXIT_FAILED = 1

NO_CONFIG = """\
cockpit: no configuration at {path}.
  Start with one of:
    cockpit init      write a config for your Jira and calendars (tokens go to the keyring)
    cockpit --demo    look around on the embedded demo workspace (nothing of yours is touched)"""


def _add_common(parser: argparse.ArgumentParser, *, top: bool, day: bool = False) -> None:
    """--demo and --config work before or after the command; --date only where a
    command looks at a day (the app, agenda, calls)."""
    import argparse  # lazy: the app with no arguments never needs it (~1 ms)

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
    if top or day:
        parser.add_argument(
            "--date",
            type=parse_day,
            metavar=METAVAR,
            default=default,
            help=f"look at another day: {HELP}",
        )


DAY_VIEWS = frozenset({"agenda", "calls"})
"""The views that look at a day (the others show what is open now)."""
VIEWS = {
    "agenda": "today's meetings (the Today pane)",
    "calls": "customer calls, today's and the next days' (the Customer calls pane)",
    "blocked": "blocked issues (the Blocked pane)",
    "backlog": "the board backlog in rank order (the Backlog pane)",
}

DIGESTS = {
    "standup": "the stand-up draft: what changed since the last working day, and today",
    "update": "the stakeholder update: shipped, delays, risks, next, customers",
}

SETUP_COMMANDS = frozenset(
    {"notes", "init", "auth", "doctor", "story", "roadmap", "kr", "prep", "remind"}
)


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The whole CLI; given `argv`, the setup commands are registered only when it
    names one (or asks for help), which keeps their imports off the app's start."""
    import argparse  # lazy, as in _add_common

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
        _add_common(view, top=False, day=name in DAY_VIEWS)
        view.set_defaults(run=run_view)
    for name, summary in DIGESTS.items():
        digest = commands.add_parser(name, help=f"print {summary}", description=f"Print {summary}.")
        digest.add_argument("--format", choices=("text", "markdown", "json"), default="text")
        digest.add_argument("--json", action="store_true", help="the same as --format json")
        if name == "update":
            for flag, what in (
                ("--since", "default: this working week"),
                ("--until", "default: now"),
            ):
                digest.add_argument(flag, type=parse_day, metavar=METAVAR, help=what)
        _add_common(digest, top=False, day=True)
        digest.set_defaults(run=run_digest)
    from cockpit.cli import pane_view  # cheap: its imports wait for the command

    pane_view.register(commands, run_pane)
    wanted = argv is None or any(a in SETUP_COMMANDS or a in ("-h", "--help") for a in argv)
    for module in _command_modules() if wanted else ():
        module.register(commands)
    for sub in commands.choices.values():
        if sub.get_default("run") not in (run_view, run_digest):
            _add_common(sub, top=False)
    return parser


def _command_modules() -> list[CommandModule]:
    # lazy: the app and the views never load the setup commands (see build_parser)
    from cockpit.cli import doctor, meetings, notes, roadmap, story
    from cockpit.cli.setup import auth, init

    return [notes, meetings, init, auth, doctor, story, roadmap]


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    args: Args
    if not arguments:  # the app, as the parser would say, without argparse (~3 ms)
        args = SimpleNamespace(demo=False, config=None, date=None, command=None)
    else:
        import argparse  # lazy, as in _add_common

        try:
            args = build_parser(arguments).parse_args(arguments)
        except argparse.ArgumentError:  # not a view or the app: let the whole CLI say what is wrong
            args = build_parser().parse_args(arguments)
    try:
        if args.command is None:
            return run_app(args)
        if getattr(args, "with_workspace", None) is not None:
            return run_with_workspace(args)
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
    from cockpit.runtime.crash import describe  # lazy: only a crash needs it (~2 ms)

    print(describe(exc), file=sys.stderr)
    return EXIT_FAILED


class CockpitExit(Exception):
    """A clean stop with one line for the user."""

    def __init__(self, message: str, status: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.status = status


def open_workspace(
    args: Args, *, unlock: bool = False, parsed_copy: bool = False
) -> tuple[Workspace, Config | None]:
    """The workspace the command works on: the demo, or the user's config.

    `unlock`: ask for the encrypted secrets file's passphrase now, while the terminal
    is still ours (the full-screen app reads secrets after its first frame).
    `parsed_copy`: read the config's parse from a copy in the data folder (the app's
    start, see `cockpit.config.parsed_copy`).
    """
    # lazy: this module is the start path; `cockpit --help` must not pay for these
    from cockpit.config.loader import ConfigError, load_config
    from cockpit.config.paths import resolve_config_path
    from cockpit.store.db import StoreError

    try:
        if getattr(args, "demo", False):
            from cockpit.demo.workspace import demo_workspace  # lazy: httpx + fake Jira, demo only

            return demo_workspace(), None
        path = resolve_config_path(getattr(args, "config", None))
        if not Path(path).exists():
            raise CockpitExit(NO_CONFIG.format(path=path).removeprefix("cockpit: "))
        if parsed_copy:
            from cockpit.config.paths import data_dir

            config = load_config(Path(path), parsed_copy_in=data_dir())
        else:
            config = load_config(Path(path))
        from cockpit.config.secrets import default_store  # lazy: the start path, as above
        from cockpit.sync.wiring import workspace_from_config

        credentials = default_store(config.keyring)
        if unlock:
            unlock_secrets(credentials, config)
        return workspace_from_config(config, credentials=credentials), config
    except ConfigError as exc:
        raise CockpitExit(str(exc)) from None
    except (StoreError, OSError) as exc:  # a damaged store, a read-only data folder
        raise CockpitExit(str(exc), EXIT_FAILED) from None


def unlock_secrets(credentials: EnvFirstCredentials, config: Config) -> None:
    """Open an encrypted secrets file now, unless every secret comes from the environment.
    A wrong passphrase is not fatal: it is remembered (nothing asks again, inside the
    app) and each source that needs a secret says so in its panes."""
    # lazy: the start path; only the app with an encrypted secrets file needs these
    import contextlib

    from cockpit.config.credentials import CredentialError, needed_secrets

    unlock = getattr(credentials.store, "unlock", None)
    if unlock is None or all(credentials.from_env(n) for n in needed_secrets(config)):
        return
    with contextlib.suppress(CredentialError):
        unlock()


def run_app(args: Args) -> int:
    from cockpit.runtime.quiet_gc import QUIET  # lazy: the start path, as open_workspace

    QUIET.hold_for_start()  # released by the app once its first frame is drawn
    workspace, config = open_workspace(args, unlock=True, parsed_copy=True)
    from cockpit.store.applock import AppAlreadyOpen, AppLock  # lazy: the start path

    try:
        lock = AppLock.acquire(workspace.store.path.parent)
    except AppAlreadyOpen as exc:
        workspace.store.close()
        raise CockpitExit(str(exc), EXIT_FAILED) from None
    try:
        # lazy: Textual (~150 ms) only for the app
        from cockpit.config import REFRESH_MINUTES
        from cockpit.tui.app import CockpitApp

        keymap = dict(config.keymap) if config is not None else {}
        day = day_of(args.date, workspace.today())
        minutes = config.refresh_minutes if config is not None else REFRESH_MINUTES
        reminders = config.reminders.minutes_before if config is not None else (5,)
        app = CockpitApp(
            workspace, day=day, keymap=keymap, refresh_minutes=minutes, reminder_minutes=reminders
        )
        app.run()
    finally:
        workspace.store.close()  # the last connection out checkpoints the WAL
        lock.release()
    return app.return_code or 0


def run_with_workspace(args: Args) -> int:
    """A command module's `with_workspace(args, workspace)`, on the workspace of `args`."""
    workspace, _config = open_workspace(args)
    try:
        return int(args.with_workspace(args, workspace))
    finally:
        workspace.store.close()


def run_view(args: argparse.Namespace) -> int:
    # lazy: the start path; asyncio (~20 ms) and the views load only for a view command
    import asyncio

    from cockpit.cli.views import print_view

    workspace, _config = open_workspace(args)
    try:
        day = day_of(args.date, workspace.today())
        return asyncio.run(print_view(workspace, args.command, day=day, as_json=args.json))
    finally:
        workspace.store.close()


def run_pane(args: argparse.Namespace) -> int:
    """`cockpit pane TITLE` (see `cockpit.cli.pane_view`)."""
    import asyncio  # lazy: as run_view

    from cockpit.cli.pane_view import print_pane

    workspace, _config = open_workspace(args)
    try:
        return asyncio.run(print_pane(workspace, args.title, as_json=args.json))
    finally:
        workspace.store.close()


def run_digest(args: argparse.Namespace) -> int:
    """`cockpit standup` and `cockpit update` (see `cockpit.cli.standup`)."""
    import asyncio  # lazy: as run_view

    from cockpit.cli.standup import write

    workspace, _config = open_workspace(args)
    today = workspace.today()
    args.date = day_of(getattr(args, "date", None), today)
    args.since = day_of(getattr(args, "since", None), today)
    args.until = day_of(getattr(args, "until", None), today)
    if args.since and args.until and args.until < args.since:
        workspace.store.close()
        raise CockpitExit("--until must not be before --since")
    try:
        return asyncio.run(write(workspace, args))
    finally:
        workspace.store.close()
