"""`cockpit prep next|UID [--json]` (the prep sheet) and `cockpit remind` (reminders
for cron): the headless twins of the app's prep screen and reminder toasts."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from cockpit.cli.dates import HELP, METAVAR, parse_day

if TYPE_CHECKING:
    from cockpit.cli.main import Subparsers
    from cockpit.sync.workspace import Workspace

EXIT_FAILED = 1
EXIT_USAGE = 2


def register(subparsers: Subparsers) -> None:
    prep = subparsers.add_parser(
        "prep",
        help="the prep sheet of a meeting: who comes, last notes, the customer's issues",
        description="Print the prep sheet of the next meeting (or the one with UID): who "
        "comes by organisation with their answers, the last notes about the customer, "
        "the customer's open Jira issues, the issue keys in the invitation with their "
        "status, and how to join.",
    )
    prep.add_argument("meeting", metavar="next|UID", help='"next", or a meeting\'s uid')
    prep.add_argument("--json", action="store_true", help="one JSON object")
    prep.add_argument(
        "--date", type=parse_day, metavar=METAVAR, default=argparse.SUPPRESS, help=HELP
    )
    prep.set_defaults(run=_stopped(run_prep))
    remind = subparsers.add_parser(
        "remind",
        help="announce the meetings starting soon, once each (for cron or a timer)",
        description="Announce each accepted meeting starting within [reminders] "
        "minutes_before (bell, desktop notification, one line), then exit. Each "
        "reminder is remembered, so running it every minute never repeats one.",
    )
    remind.add_argument("--quiet", action="store_true", help="no bell or desktop notification")
    remind.set_defaults(run=_stopped(run_remind))


class _Stop(Exception):
    """A clean stop with one line (a bad config, no config) and an exit status."""

    def __init__(self, message: str, status: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.status = status


def _workspace(args: argparse.Namespace) -> Workspace:
    """The demo's workspace or the user's (as `cockpit agenda` opens it); sets
    `args.reminder_minutes` from the config."""
    # lazy: these commands are registered on every run; their imports load when used
    from cockpit.config.loader import ConfigError, load_config
    from cockpit.config.paths import resolve_config_path
    from cockpit.store.db import StoreError

    args.reminder_minutes = (5,)
    try:
        if getattr(args, "demo", False):
            from cockpit.demo.workspace import demo_workspace

            return demo_workspace()
        path = Path(resolve_config_path(getattr(args, "config", None)))
        if not path.exists():
            raise _Stop(f"no configuration at {path}; run `cockpit init` (or try --demo)")
        config = load_config(path)
        from cockpit.config.secrets import default_store
        from cockpit.sync.wiring import workspace_from_config

        args.reminder_minutes = config.reminders.minutes_before
        return workspace_from_config(config, credentials=default_store(config.keyring))
    except ConfigError as exc:
        raise _Stop(str(exc)) from None
    except (StoreError, OSError) as exc:
        raise _Stop(str(exc), EXIT_FAILED) from None


def _stopped(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def guarded(args: argparse.Namespace) -> int:
        try:
            return run(args)
        except _Stop as exc:
            print(f"cockpit: {exc}", file=sys.stderr)
            return exc.status

    return guarded


def run_prep(args: argparse.Namespace) -> int:
    import asyncio  # lazy: as the views

    workspace = _workspace(args)
    try:
        return asyncio.run(_prep(workspace, args))
    finally:
        workspace.store.close()


async def _prep(workspace: Workspace, args: argparse.Namespace) -> int:
    from cockpit.cli.dates import day_of
    from cockpit.domain.prep import prep_text, prep_to_json
    from cockpit.sync.prep import NoSuchMeeting, build_prep, find_meeting
    from cockpit.textsafe import plain, terminal_safe_json

    try:
        day = day_of(getattr(args, "date", None), workspace.today()) or workspace.today()
        try:
            meeting = await find_meeting(workspace, args.meeting, day)
        except NoSuchMeeting as exc:
            print(f"cockpit: {plain(str(exc))}", file=sys.stderr)
            return EXIT_FAILED
        sheet = await build_prep(workspace, meeting)
    finally:
        await workspace.aclose()
    if args.json:
        print(terminal_safe_json(prep_to_json(sheet)))
    else:
        print(plain(prep_text(sheet), keep_newlines=True))
    return 0


def run_remind(args: argparse.Namespace) -> int:
    import asyncio  # lazy: as the views

    from cockpit.cli.remind import remind

    workspace = _workspace(args)
    try:
        return asyncio.run(remind(workspace, args.reminder_minutes, quiet=args.quiet))
    finally:
        workspace.store.close()
