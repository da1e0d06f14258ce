"""The Roadmap screen's rows as Rich text, fitted to a width: a release or epic with
its three-part progress bar, an objective against its quarter, a key result with
its sparkline."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.binding import Binding, BindingType

from cockpit.domain.roadmap import Counts, KeyResult, Objective, RoadmapItem, bar, spark
from cockpit.textsafe import plain

ROADMAP_BINDINGS: list[BindingType] = [
    Binding("escape", "close", "Back", id="close_roadmap"),
    Binding("e", "edit_number", "Set number", id="set_kr"),
    Binding("o", "open", "Open in Jira", id="open_roadmap_item"),
]
"""The Roadmap screen's keys (here, so the help screen lists them without loading plotext)."""

VERDICT = {
    "at_risk": ("AT RISK", "bold red"),
    "on_track": ("on track", "green"),
    "no_date": ("no date", "dim"),
}


def progress_bar(counts: Counts, width: int) -> Text:
    """Done (green), in progress (yellow), to do (dim), `width` cells."""
    done, doing, todo = bar(counts, width)
    out = Text()
    out.append("█" * done, "green")
    out.append("▓" * doing, "yellow")
    out.append("░" * todo, "grey50")
    return out


def _when(item: RoadmapItem, today: date, *, short: bool = False) -> str:
    if item.end is None:
        return "no date"
    if item.released:
        return f"shipped {item.end:%d %b}"
    left = (item.end - today).days
    if short:
        return f"{item.end:%d %b} {left}d" if left >= 0 else f"{item.end:%d %b} -{-left}d"
    return f"{item.end:%d %b} {left}d left" if left >= 0 else f"{item.end:%d %b} {-left}d late"


def _fit(text: str, width: int) -> str:
    text = plain(text)
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def item_row(item: RoadmapItem, today: date, width: int) -> Text:
    """`4.2  One-page checkout  ███▓▓░░  5/8  14 Dec 14d left  on track  1 blocked`."""
    wide = width >= 110
    name_w = 8
    bar_w = 24 if wide else 10
    when_w = 17 if wide else 11
    verdict_w = 9
    blocked_w = 11 if wide else 4
    summary_w = max(8, width - name_w - bar_w - 8 - when_w - verdict_w - blocked_w - 6)
    c = item.counts
    text, style = VERDICT[item.verdict]
    out = Text(no_wrap=True, overflow="ellipsis")
    out.append(f"{_fit(item.name, name_w):<{name_w}} ", "bold")
    out.append(f"{_fit(item.summary, summary_w):<{summary_w}} ")
    out.append_text(progress_bar(c, bar_w))
    out.append(f" {c.done:>3}/{c.total:<3} ")
    when = _when(item, today, short=not wide)
    out.append(f"{when:<{when_w}} ", "dim" if item.end is None else "")
    out.append(f"{text:<{verdict_w}}", style)
    if item.blocked:
        out.append(f" {item.blocked} blocked" if wide else f" ⛔{item.blocked}", "red")
    out.truncate(width, overflow="ellipsis")
    return out


def share_bar(share: float, mark: float | None, width: int) -> Text:
    """A bar filled to `share`, with `│` where `mark` (the quarter gone) is."""
    filled = round(max(0.0, min(1.0, share)) * width)
    at = None if mark is None else min(width - 1, round(mark * width))
    out = Text()
    for cell in range(width):
        if cell == at:
            out.append("│", "bold")
        else:
            out.append("█" if cell < filled else "░", "green" if cell < filled else "grey50")
    return out


def objective_row(o: Objective, width: int) -> Text:
    """Title, a bar with the quarter's share gone marked `│`, progress, quarter gone."""
    progress = o.progress or 0.0
    behind = o.progress is not None and progress < o.quarter_elapsed
    wide = width >= 60
    title_w = max(10, width - (36 if wide else 22))
    out = Text(no_wrap=True, overflow="ellipsis")
    out.append(f"{_fit(o.title, title_w):<{title_w}}", "bold")
    out.append(" ")
    out.append_text(share_bar(progress, o.quarter_elapsed, 10 if wide else 8))
    pct = "-" if o.progress is None else f"{round(progress * 100)}%"
    out.append(f" {pct:>4} ", "yellow" if behind else "green")
    gone = round(o.quarter_elapsed * 100)
    out.append(f"{gone}% of {o.quarter} gone" if wide else f"Q {gone}%", "dim")
    out.truncate(width, overflow="ellipsis")
    return out


def kr_row(kr: KeyResult, width: int) -> Text:
    """Title, a bar, progress, then done/all (jql) or now→target and a sparkline."""
    out = Text(no_wrap=True, overflow="ellipsis")
    wide = width >= 60
    title_w = max(8, width - (36 if wide else 27))
    out.append(f"  {_fit(kr.title, title_w - 2):<{title_w - 2}} ")
    if kr.error:
        out.append(kr.error, "red")
        out.truncate(width, overflow="ellipsis")
        return out
    out.append_text(share_bar(kr.progress or 0.0, None, 8 if wide else 5))
    out.append(f" {round((kr.progress or 0.0) * 100):>3}% ")
    if kr.kind == "jql":
        out.append(f"{int(kr.current or 0)}/{int(kr.target or 0)}", "dim")
    else:
        current = "-" if kr.current is None else f"{kr.current:g}"
        out.append(f"{current}→{kr.target:g} ", "dim")
        out.append(spark([v for _, v in kr.history][-12 if wide else -6 :]), "cyan")
    out.truncate(width, overflow="ellipsis")
    return out
