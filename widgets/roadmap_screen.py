"""The Roadmap screen (`R`): releases and epics with progress bars and verdicts, a
burn-up chart of the one under the cursor, and the quarter's objectives.

The screen does no I/O: the app hands it a `Roadmap` (`show`), the weekly done and
total of each item (`weeks`) and, when the refresh failed, the reason (`stale`).
It asks for what the user wants with messages: the issues of a release or epic
(`enter`), a new value of a tracked number (`e` on a key result). The chart is
drawn with textual-plotext, imported with this module (only when the screen opens).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option
from textual_plotext import PlotextPlot

from cockpit.domain.roadmap import KeyResult, Objective, Roadmap, RoadmapItem
from cockpit.widgets.roadmap_rows import ROADMAP_BINDINGS, item_row, kr_row, objective_row

Weeks = Mapping[str, Sequence[tuple[date, int, int]]]
RELEASED = "released"
"""The id of the collapsed "released in the last 30 days" row."""


class RoadmapScreen(Screen[None]):
    """Releases, epics, burn-up and objectives; escape goes back."""

    CSS_PATH = "roadmap_screen.tcss"
    BINDINGS: ClassVar[list[BindingType]] = ROADMAP_BINDINGS

    @dataclass
    class IssuesRequested(Message):
        """Show the issues of a release or epic."""

        item: RoadmapItem

    @dataclass
    class NumberRequested(Message):
        """Ask for a new value of the tracked number `key_result`."""

        key_result: KeyResult

    @dataclass
    class OpenRequested(Message):
        url: str | None

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today
        self.roadmap: Roadmap | None = None
        self.weeks: Weeks = {}
        self.expanded = False
        self._items: dict[str, RoadmapItem] = {}
        self._krs: dict[str, KeyResult] = {}
        self.charted: str | None = None
        """The id of the item the chart shows."""
        self._header: tuple[str, bool] = ("Roadmap: loading…", False)

    def compose(self) -> ComposeResult:
        with Vertical(id="roadmap-body"):
            yield Label("Roadmap: loading…", id="roadmap-header", markup=False)
            yield OptionList(id="roadmap-items")
            with Horizontal(id="roadmap-lower"):
                yield PlotextPlot(id="roadmap-chart")
                yield OptionList(id="roadmap-objectives")
            yield Label(
                "enter issues · e set number · o open in Jira · tab objectives · esc back",
                id="roadmap-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#roadmap-items").border_title = "Releases and epics"
        self.query_one("#roadmap-objectives").border_title = "Objectives"
        self.query_one("#roadmap-chart").border_title = "Burn-up"
        self.query_one("#roadmap-items").focus()
        self._show_header()
        if self.roadmap is not None:
            self._paint()

    # --- data in -----------------------------------------------------------------

    def show(self, roadmap: Roadmap, weeks: Weeks, *, header: str, stale: bool = False) -> None:
        """Paint `roadmap` (kept until mounted, if called before)."""
        self.roadmap, self.weeks = roadmap, weeks
        self._header = (header, stale)
        if self.is_mounted:
            self._show_header()
            self._paint()
            self.call_after_refresh(self._paint)  # again, at the size laid out

    def show_error(self, reason: str) -> None:
        self._header = (f"Roadmap: {reason}", True)
        if self.is_mounted:
            self._show_header()

    def _show_header(self) -> None:
        text, stale = self._header
        label = self.query_one("#roadmap-header", Label)
        label.update(text)
        label.set_class(stale, "-stale")

    def on_resize(self) -> None:
        if self.roadmap is not None:
            self._paint()

    def _paint(self) -> None:
        roadmap = self.roadmap
        assert roadmap is not None
        items = self.query_one("#roadmap-items", OptionList)
        width = max(40, _inner(items, self.size.width - 6))
        keep = items.highlighted_option.id if items.highlighted_option else None
        options: list[Option | None] = []
        self._items = {}
        options.append(Option(Text(f"Releases ({len(roadmap.releases)})", "bold"), disabled=True))
        for item in roadmap.releases:
            options.append(self._option(item, width))
        if roadmap.released:
            arrow = "▾" if self.expanded else "▸"
            text = f"{arrow} Released in the last 30 days ({len(roadmap.released)})"
            options.append(Option(Text(text, "dim"), id=RELEASED))
            if self.expanded:
                options.extend(self._option(item, width) for item in roadmap.released)
        options.append(Option(Text(f"Epics ({len(roadmap.epics)})", "bold"), disabled=True))
        options.extend(self._option(item, width) for item in roadmap.epics)
        items.clear_options()
        items.add_options([o for o in options if o is not None])
        self._restore(items, keep)
        self._paint_objectives(roadmap.objectives)
        self._chart()

    def _option(self, item: RoadmapItem, width: int) -> Option:
        ident = f"{item.kind}:{item.ident or item.name}"
        self._items[ident] = item
        return Option(item_row(item, self.today, width), id=ident)

    def _restore(self, items: OptionList, keep: str | None) -> None:
        for index in range(items.option_count):
            option = items.get_option_at_index(index)
            if (keep is None and not option.disabled) or (keep and option.id == keep):
                items.highlighted = index
                return

    def _paint_objectives(self, objectives: Sequence[Objective]) -> None:
        panel = self.query_one("#roadmap-objectives", OptionList)
        keep = panel.highlighted_option.id if panel.highlighted_option else None
        width = max(30, _inner(panel, 60))
        self._krs = {}
        options: list[Option] = []
        for o in objectives:
            options.append(Option(objective_row(o, width), disabled=True))
            for kr in o.key_results:
                ident = f"kr:{kr.title}"
                self._krs[ident] = kr
                options.append(Option(kr_row(kr, width), id=ident))
        if not objectives:
            options.append(
                Option(Text("No objectives ([[objectives]] in config.toml)"), disabled=True)
            )
        panel.clear_options()
        panel.add_options(options)
        if keep:
            self._restore(panel, keep)

    # --- the chart ------------------------------------------------------------------

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "roadmap-items":
            self._chart()

    def _chart(self) -> None:
        items = self.query_one("#roadmap-items", OptionList)
        option = items.highlighted_option
        item = self._items.get(option.id or "") if option else None
        chart = self.query_one("#roadmap-chart", PlotextPlot)
        plt = chart.plt
        plt.clear_data()
        plt.clear_figure()
        if item is None:
            chart.border_title = "Burn-up"
            chart.refresh()
            return
        self.charted = option.id if option else None
        points = list(self.weeks.get(item.ident, ()))
        chart.border_title = f"Burn-up: {item.name} (done vs scope, by week)"
        if not points:
            plt.title("no weekly history yet")
            chart.refresh()
            return
        xs = list(range(1, len(points) + 1))
        plt.plot(xs, [t for _, _, t in points], label="scope", marker="braille", color="blue")
        plt.plot(xs, [d for _, d, _ in points], label="done", marker="braille", color="green")
        shown = _spread(len(points), max(2, (chart.size.width - 8) // 8))
        plt.xticks([xs[i] for i in shown], [f"{points[i][0]:%d %b}" for i in shown])
        top = max(1, max(t for _, _, t in points))
        step = max(1, -(-top // 4))
        plt.yticks(list(range(0, top + step, step)))
        plt.ylim(0, top + step / 2)
        chart.refresh()

    # --- intent out -----------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        ident = event.option.id or ""
        if ident == RELEASED:
            self.expanded = not self.expanded
            self._paint()
        elif ident in self._items:
            self.post_message(self.IssuesRequested(self._items[ident]))
        elif ident in self._krs:
            self._ask_number(self._krs[ident])

    def _ask_number(self, kr: KeyResult) -> None:
        if kr.kind == "number":
            self.post_message(self.NumberRequested(kr))
        else:
            self.notify(f"{kr.title!r} is counted from Jira.", timeout=3, markup=False)

    def action_edit_number(self) -> None:
        panel = self.query_one("#roadmap-objectives", OptionList)
        option = panel.highlighted_option
        kr = self._krs.get(option.id or "") if option else None
        if kr is None:
            numbers = [k for k in self._krs.values() if k.kind == "number"]
            if len(numbers) != 1:
                self.notify("Tab to Objectives and pick a tracked number first.", timeout=3)
                return
            kr = numbers[0]
        self._ask_number(kr)

    def action_open(self) -> None:
        option = self.query_one("#roadmap-items", OptionList).highlighted_option
        item = self._items.get(option.id or "") if option else None
        if item is not None:
            self.post_message(self.OpenRequested(item.url))

    def action_close(self) -> None:
        self.dismiss(None)


def _spread(count: int, most: int) -> list[int]:
    """Up to `most` indexes of `count`, evenly spread, the first and last included
    (week labels that fit, rather than whichever the plotting library drops)."""
    if count <= most:
        return list(range(count))
    step = (count - 1) / (most - 1)
    return sorted({round(i * step) for i in range(most)})


def _inner(options: OptionList, fallback: int) -> int:
    """The columns a row may take (the list's content width less the scroll bar)."""
    width = options.content_size.width
    return width - 2 if width > 0 else fallback
