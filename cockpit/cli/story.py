"""`cockpit story new`: a Jira issue from the shell, or from a saved note.

`--from-note ID` takes the note's first line as the summary (unless `--summary`
says otherwise), its text with the meeting and customer as the description, and
the customer as a label; the new key is kept on the note. The issue is created
through the outbox, so a Jira that cannot be reached gets it once, later.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, TextIO

from cockpit.textsafe import plain

if TYPE_CHECKING:
    from cockpit.cli.main import Subparsers
    from cockpit.sync.workspace import Workspace

EXIT_USAGE = 2


def register(subparsers: Subparsers) -> None:
    """Add `story new` to the main CLI's subparsers."""
    story = subparsers.add_parser(
        "story",
        help="make a Jira issue (a story from a note)",
        description="Make a Jira issue, from scratch or from a saved note.",
    )
    story.set_defaults(run=run, story_command=None)
    commands = story.add_subparsers(dest="story_command", metavar="ACTION")
    new = commands.add_parser("new", help="create an issue", description="Create an issue.")
    new.add_argument("--project", required=True, metavar="KEY", help="the Jira project, e.g. PAY")
    new.add_argument("--summary", metavar="TEXT", help="default: the note's first line")
    new.add_argument("--type", default="Story", metavar="NAME", help="issue type (Story)")
    new.add_argument("--from-note", type=int, metavar="ID", help="a note's id (notes list --json)")
    new.add_argument("--description", metavar="TEXT", help="without --from-note")
    new.add_argument(
        "--position",
        choices=("top", "bottom"),
        default="bottom",
        help="where in the backlog (default: bottom, where Jira puts new issues)",
    )
    new.add_argument("--below", metavar="KEY", help="put it right below this backlog issue")
    new.add_argument("--demo", action="store_true", default=argparse.SUPPRESS, help="the demo")
    new.add_argument("--config", metavar="PATH", default=argparse.SUPPRESS, help="config file")
    new.set_defaults(run=run)


def run(args: argparse.Namespace, *, out: TextIO | None = None) -> int:
    import asyncio  # lazy: off `cockpit --help`

    out = out or sys.stdout
    if getattr(args, "story_command", None) != "new":
        print("cockpit story: say what to do: `new` (see --help).", file=sys.stderr)
        return EXIT_USAGE
    workspace = _open(args)
    if workspace is None:
        return EXIT_USAGE
    try:
        return asyncio.run(new_story(workspace, args, out))
    finally:
        workspace.store.close()


def _open(args: argparse.Namespace) -> Workspace | None:
    """The demo's workspace or the user's (None, said in one line, when it cannot be)."""
    from pathlib import Path

    from cockpit.config.loader import ConfigError, load_config
    from cockpit.config.paths import resolve_config_path

    if getattr(args, "demo", False):
        from cockpit.demo.workspace import demo_workspace

        return demo_workspace()
    path = Path(resolve_config_path(getattr(args, "config", None)))
    if not path.exists():
        print(f"cockpit: no configuration at {path}; run `cockpit init` first.", file=sys.stderr)
        return None
    try:
        config = load_config(path)
    except ConfigError as exc:
        print(f"cockpit: {exc}", file=sys.stderr)
        return None
    from cockpit.config.secrets import default_store
    from cockpit.sync.wiring import workspace_from_config

    return workspace_from_config(config, credentials=default_store(config.keyring))


async def _backlog_keys(workspace: Workspace) -> list[str]:
    """The backlog's order, fetched (no cached backlog to put the issue on top of)."""
    from cockpit.sources.errors import SourceError

    try:
        return [i.key for i in await workspace.fetch_backlog()]
    except SourceError:
        return []  # then it stays where Jira puts it


async def new_story(workspace: Workspace, args: argparse.Namespace, out: TextIO) -> int:
    """Queue the issue, send what waits, say the key (or why it waits)."""
    from cockpit.domain.story import StoryDraft, draft_from_note, job_fields, placement
    from cockpit.sync.sender import OutboxSender

    store = workspace.store
    note = None
    if args.from_note is not None:
        note = store.get_note(args.from_note)
        if note is None:
            print(f"cockpit: no note with id {args.from_note}.", file=sys.stderr)
            return EXIT_USAGE
        if note.story_key:
            print(f"cockpit: note {note.id} is already {note.story_key}.", file=sys.stderr)
            return EXIT_USAGE
        draft = draft_from_note(note, args.project, summary=args.summary, issue_type=args.type)
    elif not args.summary:
        print("cockpit: say --summary (or --from-note ID).", file=sys.stderr)
        return EXIT_USAGE
    else:
        draft = StoryDraft(args.project, args.summary, args.description or "", args.type)
    if not draft.summary:
        print("cockpit: the summary is empty.", file=sys.stderr)
        return EXIT_USAGE
    order: list[str] = []
    if args.position == "top":
        cached = workspace.cached_issues("backlog", head=True)
        order = [i.key for i in cached.value] if cached else await _backlog_keys(workspace)
    below = getattr(args, "below", None)
    where = placement("below", [], below) if below else placement(args.position, order, None)
    fields = job_fields(draft, **where)
    job_id = store.enqueue_create(draft.project, fields, note.id if note else None)
    problem: str | None = None
    try:
        await workspace.connect("jira")
        if workspace.jira is None:
            raise RuntimeError(workspace.jira_problem or "no Jira site is configured")
        sender = OutboxSender(store, workspace.jira, sites=workspace.sites)
        store.make_due()  # the user asked to send: what was backing off goes now too
        report = await sender.drain()
        problem = report.retry_error or report.auth_error
        if any(job.kind == "rank" for job in store.open_jobs()):
            await sender.drain()  # its place in the backlog
    except Exception as exc:
        problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    finally:
        await workspace.aclose()
    job = store.get_job(job_id)
    if job is not None and job.state == "done":
        out.write(f"{job.remote_id}\t{plain(draft.summary)}\n")
        return 0
    if job is not None and job.state == "failed":
        print(f"cockpit: Jira refused the issue: {plain(job.last_error or '')}", file=sys.stderr)
        return 1
    print(
        f"cockpit: queued; Jira did not take it yet ({plain(problem or 'waiting')}). "
        "It is sent once, the next time the cockpit or this command runs.",
        file=sys.stderr,
    )
    return 1
