"""`cockpit notes list|search|export|rescue`: the notes journal from the shell.

`list` prints notes as text (or `--json`), filtered by day, customer, issue or words;
`search TEXT` is `list --search TEXT`; `export --since DAY` writes Markdown grouped
by day, then by what the notes are about (issue, meeting, customer, or free notes),
or JSON. Cheap to import: no Textual.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from cockpit.cli.dates import HELP, METAVAR, configured_day, parse_day
from cockpit.config.paths import data_dir
from cockpit.textsafe import plain, terminal_safe_json

if TYPE_CHECKING:
    from cockpit.cli.main import Subparsers
    from cockpit.models import Note  # only in annotations: keeps models off `cockpit --help`
    from cockpit.store.db import Store

EXIT_USAGE = 2


def register(subparsers: Subparsers) -> None:
    """Add `notes list` and `notes export` to the main CLI's subparsers."""
    notes = subparsers.add_parser(
        "notes",
        help="the notes journal: list, search, export or rescue",
        description="The notes journal: list, search or export your notes "
        "(or rescue them from a damaged database).",
    )
    notes.set_defaults(run=run, notes_command=None)
    commands = notes.add_subparsers(dest="notes_command", metavar="ACTION")

    listing = commands.add_parser(
        "list", help="print notes (oldest first)", description="Print notes, oldest first."
    )
    listing.add_argument("--json", action="store_true", help="a JSON list of objects")
    # SUPPRESS: a global `cockpit --date D notes list` must not be overwritten by None.
    listing.add_argument(
        "--date",
        type=parse_day,
        metavar=METAVAR,
        default=argparse.SUPPRESS,
        help=f"only notes written that day: {HELP}",
    )
    listing.add_argument("--customer", metavar="NAME", help="only notes about this customer")
    listing.add_argument("--issue", metavar="KEY", help="only notes about this Jira issue")
    listing.add_argument(
        "--search", metavar="TEXT", help="only notes containing these words (newest first)"
    )
    listing.set_defaults(run=run)
    _global_flags(listing)

    search = commands.add_parser(
        "search",
        help="print notes containing these words (newest first)",
        description="Print notes containing these words, newest first "
        "(the same as `notes list --search TEXT`).",
    )
    search.add_argument("search", metavar="TEXT", help="the words to look for")
    search.add_argument("--json", action="store_true", help="a JSON list of objects")
    search.set_defaults(run=run, customer=None, issue=None)
    _global_flags(search)

    export = commands.add_parser(
        "export",
        help="write notes since a day as Markdown or JSON",
        description="Write notes since a day: Markdown grouped by day, then by issue, "
        "meeting or customer; or JSON.",
    )
    export.add_argument(
        "--since", type=parse_day, metavar=METAVAR, required=True, help=f"the first day: {HELP}"
    )
    export.add_argument("--format", choices=("markdown", "json"), default="markdown")
    export.set_defaults(run=run)
    _global_flags(export)

    rescue = commands.add_parser(
        "rescue",
        help="save the notes of a damaged local database and start a fresh one",
        description="When the local database is damaged: read every note that can still "
        "be read, write them as Markdown beside it, move the damaged file aside (never "
        "deleted) and start a fresh database with those notes.",
    )
    rescue.set_defaults(run=run_rescue)
    _global_flags(rescue)


def _global_flags(parser: argparse.ArgumentParser) -> None:
    """--demo and --config also after the action (`cockpit notes list --demo`)."""
    parser.add_argument(
        "--demo", action="store_true", default=argparse.SUPPRESS, help="the demo's (empty) journal"
    )
    parser.add_argument("--config", metavar="PATH", default=argparse.SUPPRESS, help="config file")


def data_dir_for(args: argparse.Namespace) -> Path:
    """`args.data_dir` from the main CLI; else a fresh folder for --demo, else the user's."""
    given = getattr(args, "data_dir", None)
    if given is not None:
        return Path(given)
    if getattr(args, "demo", False):
        import tempfile  # lazy: ~1 ms off `cockpit --help`; only --demo needs it

        return Path(tempfile.mkdtemp(prefix="cockpit-demo-notes-"))
    return data_dir()


def run(args: argparse.Namespace, *, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    action = getattr(args, "notes_command", None)
    if action is None:
        print(
            "cockpit notes: say what to do: `list`, `search`, `export` or `rescue` (see --help).",
            file=sys.stderr,
        )
        return EXIT_USAGE
    from cockpit.store.db import Store, StoreError  # lazy: sqlite3 and the store, off --help

    try:
        store = Store.open(data_dir_for(args))
    except (StoreError, OSError) as exc:
        print(f"cockpit: {exc}", file=sys.stderr)
        return 1
    try:
        if action in ("list", "search"):
            notes = _select(store, args)
            if args.json:
                out.write(terminal_safe_json([note_to_json(n) for n in notes]) + "\n")
            else:
                out.write(format_list(notes))
        else:
            since = configured_day(args.since, getattr(args, "config", None))
            notes = store.list_notes(since=since)
            if args.format == "json":
                out.write(terminal_safe_json([note_to_json(n) for n in notes]) + "\n")
            else:
                out.write(format_markdown(notes, since=since))
    finally:
        store.close()
    return 0


def run_rescue(args: argparse.Namespace, *, out: TextIO | None = None) -> int:
    """`cockpit notes rescue`: refused while the app is open on the folder."""
    # lazy: sqlite3 and the store (~7 ms) stay off `cockpit --help`
    from cockpit.store.applock import AppAlreadyOpen, AppLock
    from cockpit.store.db import DB_NAME, StoreError
    from cockpit.store.rescue import damage_of, rescue

    out = out or sys.stdout
    folder = data_dir_for(args)
    if not (folder / DB_NAME).exists():
        print(f"cockpit: no local database in {folder}: nothing to rescue.", file=sys.stderr)
        return 1
    try:
        lock = AppLock.acquire(folder)
    except AppAlreadyOpen as exc:
        print(f"cockpit: {exc}", file=sys.stderr)
        return 1
    try:
        try:
            problem = damage_of(folder)
        except StoreError as exc:
            print(f"cockpit: {exc}", file=sys.stderr)
            return 1
        if problem is None:
            out.write(f"The local database in {folder} is not damaged; nothing was changed.\n")
            return 0
        done = rescue(folder, datetime.now().astimezone(), format_markdown)
    finally:
        lock.release()
    lost = f"; {done.unreadable} could not be read" if done.unreadable else ""
    out.write(
        f"Rescued {len(done.notes)} notes{lost}.\n"
        f"  as Markdown:      {done.markdown}\n"
        f"  damaged file:     {done.moved_to} (kept, not deleted)\n"
        f"  a fresh database holds the rescued notes; changes that were waiting for Jira "
        f"were not sent again.\n"
    )
    return 0


def _select(store: Store, args: argparse.Namespace) -> list[Note]:
    filters = {
        "day": configured_day(getattr(args, "date", None), getattr(args, "config", None)),
        "customer": args.customer,
        "issue_key": args.issue,
    }
    if args.search:
        return list(store.search(args.search, **filters))
    return list(store.list_notes(**filters))


def note_to_json(note: Note) -> dict[str, Any]:
    """A note as JSON (ISO 8601 times with offsets; absent values null)."""
    return {
        "id": note.id,
        "created": note.created.isoformat(),
        "text": note.text,
        "issue_key": note.issue_key,
        "meeting_uid": note.meeting_uid,
        "meeting_title": note.meeting_title,
        "meeting_start": note.meeting_start.isoformat() if note.meeting_start else None,
        "customer": note.customer,
        "post_to_jira": note.post_to_jira,
        "kind": note.kind,
        "story_key": note.story_key,
    }


def context_label(note: Note) -> str:
    """What the note is about, as one heading: issue, meeting, customer or free."""
    if note.issue_key:
        return plain(note.issue_key)
    if note.meeting_title or note.meeting_uid:
        title = plain(note.meeting_title or note.meeting_uid)
        when = f" ({note.meeting_start:%H:%M})" if note.meeting_start else ""
        customer = f" with {plain(note.customer)}" if note.customer else ""
        return f"Meeting: {title}{when}{customer}"
    if note.customer:
        return f"Customer: {plain(note.customer)}"
    return "Notes"


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in plain(text, keep_newlines=True).splitlines()] or [""]


def format_list(notes: Iterable[Note]) -> str:
    """One block per note: 'YYYY-MM-DD HH:MM  context  text', continuation lines indented."""
    blocks = []
    for note in notes:
        label = context_label(note)
        head = f"{note.created:%Y-%m-%d %H:%M}  " + (f"[{label}]  " if label != "Notes" else "")
        first, *rest = _lines(note.text)
        blocks.append("\n".join([head + first, *("    " + line for line in rest)]))
    return "".join(block + "\n" for block in blocks)


def format_markdown(notes: Iterable[Note], *, since: date | None = None) -> str:
    """Markdown: a section per day, a subsection per context in order of first note."""
    days: dict[date, dict[str, list[Note]]] = {}
    for note in sorted(notes, key=lambda n: (n.created.date(), n.created)):
        days.setdefault(note.created.date(), {}).setdefault(context_label(note), []).append(note)
    title = f"# Notes since {since.isoformat()}" if since else "# Notes"
    parts = [title, ""]
    if not days:
        parts += ["No notes.", ""]
    for day, contexts in days.items():
        parts += [f"## {day:%A %d %B %Y}", ""]
        for label, group in contexts.items():
            parts += [f"### {label}", ""]
            for note in group:
                first, *rest = _lines(note.text)
                parts.append(f"- {note.created:%H:%M} {first}".rstrip())
                parts += [f"  {line}".rstrip() for line in rest]
            parts.append("")
    return "\n".join(parts)
