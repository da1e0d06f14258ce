"""The stand-up and stakeholder-update drafts: sections of plain lines, as text or Markdown.

Each line names the issue key, summary and assignee. Remote text goes through
`plain`. The update is kept under 150 words (a minute spoken): the longest section
loses its last line until it fits.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import field
from datetime import datetime

from cockpit.domain.standup import Fact, Facts
from cockpit.models import Issue, IssueChange, Meeting, Note
from cockpit.records import record
from cockpit.textsafe import plain

MAX_WORDS = 150
NOTHING = "nothing"


@record
class Section:
    title: str
    lines: tuple[str, ...] = ()


@record
class Digest:
    """A titled draft; `render` writes it as text or Markdown."""

    title: str
    sections: tuple[Section, ...] = field(default=())

    def render(self, fmt: str = "text") -> str:
        if fmt == "markdown":
            parts = [f"# {self.title}"]
            for s in self.sections:
                parts.append(f"\n## {s.title}\n")
                parts.extend(f"- {line}" for line in s.lines or (NOTHING,))
        else:
            parts = [self.title]
            for s in self.sections:
                parts.append(f"\n{s.title}")
                parts.extend(f"  - {line}" for line in s.lines or (NOTHING,))
        return "\n".join(parts) + "\n"


def words(text: str) -> int:
    return len(text.split())


def issue_line(issue: IssueChange | Issue, detail: str = "") -> str:
    who = plain(issue.assignee) or "unassigned"
    line = f"{issue.key} {plain(issue.summary)} ({who})"
    return f"{line}: {plain(detail)}" if detail else line


def _fact_lines(facts: Sequence[Fact], detail: bool = False) -> tuple[str, ...]:
    return tuple(issue_line(f.issue, f.detail if detail else "") for f in facts)


def blocker_text(key: str, blockers: Mapping[str, Issue], *, full: bool = True) -> str:
    """A blocking issue as a stand-up says it: "PAY-71 Sandbox credentials (Ana Costa,
    To Do)"; `full=False` keeps only its owner (the update counts its words)."""
    found = blockers.get(key)
    if found is None:
        return key
    who = plain(found.assignee) or "unassigned"
    if not full:
        return f"{key} ({who})"
    return f"{key} {plain(found.summary)} ({who}, {plain(found.status)})"


def _blocked_lines(facts: Sequence[Fact], blockers: Mapping[str, Issue]) -> tuple[str, ...]:
    """Newly blocked issues, each with what blocks it and whose that is."""
    lines = []
    for fact in facts:
        keys = fact.issue.blocked_by
        detail = f"blocked by {'; '.join(blocker_text(k, blockers) for k in keys)}"
        lines.append(issue_line(fact.issue, detail if keys else fact.detail))
    return tuple(lines)


def note_line(note: Note) -> str:
    text = plain(note.text).strip()
    short = text if len(text) <= 120 else text[:117].rstrip() + "..."
    return f"{plain(note.customer)}: {short}"


def meeting_line(meeting: Meeting) -> str:
    when = "all day" if meeting.all_day else f"{meeting.start:%H:%M}"
    call = f" (customer call: {plain(meeting.customer)})" if meeting.customer else ""
    return f"{when} {plain(meeting.title)}{call}"


def _day(value: datetime) -> str:
    return f"{value:%a %-d %b}"


def standup(
    facts: Facts,
    since: datetime,
    until: datetime,
    notes: Sequence[Note],
    meetings: Sequence[Meeting],
    blockers: Mapping[str, Issue] | None = None,
) -> Digest:
    """Wins, started, newly blocked (with who is blocked by what: `blockers` by key),
    unblocked, slipped, customer news, today."""
    return Digest(
        f"Stand-up, {_day(until)} (since {_day(since)} {since:%H:%M})",
        (
            Section("Wins", _fact_lines(facts.done)),
            Section("Started", _fact_lines(facts.started)),
            Section("Newly blocked", _blocked_lines(facts.blocked, blockers or {})),
            Section("Unblocked", _fact_lines(facts.unblocked, detail=True)),
            Section("Slipped", _fact_lines(facts.slipped, detail=True)),
            Section("Customer news", tuple(note_line(n) for n in notes)),
            Section("Today", tuple(meeting_line(m) for m in meetings)),
        ),
    )


def shipped_groups(facts: Facts) -> list[tuple[str, list[Fact]]]:
    """Done issues by epic (no epic last), the biggest group first."""
    groups: dict[str, list[Fact]] = {}
    for fact in facts.done:
        groups.setdefault(fact.issue.epic or "", []).append(fact)
    return sorted(groups.items(), key=lambda g: (not g[0], -len(g[1]), g[0]))


def days_blocked(issue: Issue, now: datetime) -> int | None:
    return (now - issue.blocked_since).days if issue.blocked_since else None


def update(
    facts: Facts,
    since: datetime,
    until: datetime,
    *,
    blocked: Sequence[Issue],
    backlog: Sequence[Issue],
    calls: Sequence[Meeting],
    epic_names: Callable[[str], str | None] = lambda key: None,
    blockers: Mapping[str, Issue] | None = None,
) -> Digest:
    """Shipped, delays, risks, next, customers; trimmed to under 150 words."""
    shipped = []
    for epic, group in shipped_groups(facts):
        name = plain(epic_names(epic) or epic) if epic else "Other"
        keys = ", ".join(f"{f.issue.key} {plain(f.issue.summary)}" for f in group)
        shipped.append(f"{name}: {keys}")
    risks = []
    for issue in blocked:
        days = days_blocked(issue, until)
        since_text = f" for {days} d" if days else ""
        owners = [blocker_text(k, blockers or {}, full=False) for k in issue.blocked_by]
        by = f" by {', '.join(owners)}" if owners else ""
        risks.append(issue_line(issue, f"blocked{by}{since_text}"))
    customers: dict[str, int] = {}
    for call in calls:
        if call.customer:
            customers[call.customer] = customers.get(call.customer, 0) + 1
    sections = [
        Section("Shipped", tuple(shipped)),
        Section("Delays", _fact_lines(facts.slipped, detail=True)),
        Section("Risks", tuple(risks)),
        Section("Next", tuple(issue_line(i) for i in backlog[:3])),
        Section(
            "Customers",
            tuple(f"{plain(c)} ({n} call{'s' * (n > 1)})" for c, n in customers.items()),
        ),
    ]
    title = f"Update, {_day(since)} to {_day(until)}"
    return fit(Digest(title, tuple(sections)))


def fit(digest: Digest, limit: int = MAX_WORDS) -> Digest:
    """Drop the last line of the longest section until the text is under `limit` words."""
    while words(digest.render()) >= limit:
        longest = max(digest.sections, key=lambda s: sum(words(x) for x in s.lines))
        if not longest.lines:
            break
        digest = Digest(
            digest.title,
            tuple(Section(s.title, s.lines[:-1]) if s is longest else s for s in digest.sections),
        )
    return digest


def text_to_markdown(text: str) -> str:
    """A draft in `render("text")`'s layout, perhaps edited, as Markdown.

    The first line is the title, an unindented line a section heading, an indented
    "- " line an item; anything else is kept as written. An unedited draft comes out
    exactly as `render("markdown")`.
    """
    parts: list[str] = []
    title_seen = False
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not title_seen:
            parts.append(f"# {stripped}")
            title_seen = True
        elif stripped.startswith("- ") and line[:1].isspace():
            parts.append(stripped)
        elif not line[:1].isspace():
            parts.append(f"\n## {stripped}\n")
        else:
            parts.append(stripped)
    return "\n".join(parts) + "\n" if parts else ""
