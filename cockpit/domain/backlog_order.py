"""The backlog in rank order, cheap to reorder and to filter at 50,000 issues.

`BacklogOrder` holds the issues (top first), a key -> position index and, once a
filter is first used, one lowercase "haystack" string per issue. A move is a
list pop/insert (a memmove of pointers) plus index updates over the moved range
only; nothing per row is rebuilt. The filter keeps a sorted list of matching
positions (the *view*); a keystroke that extends the query narrows the previous
view instead of scanning everything again.

Moves while a filter is active act on the view: `move(key, +1)` puts the issue
just after the next *visible* issue (skipping hidden ones) in the full order, so
a PM can filter to "PAY" and reorder those. The returned neighbours are always
the issue's neighbours in the full order, which is what Jira's rank call needs.

Headless: no Textual import.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

from cockpit.models import Issue
from cockpit.records import record
from cockpit.textsafe import plain

__all__ = ["BacklogOrder", "Move", "haystack"]


@record(slots=True)
class Move:
    """What a reorder did, in full-order positions (0 = top).

    `after` is the key of the issue now just above the moved one (Jira's
    `rankAfterIssue`), `before` the key of the one just below it
    (`rankBeforeIssue`); None at either end.
    """

    key: str
    old_index: int
    new_index: int
    before: str | None
    after: str | None


def haystack(issue: Issue) -> str:
    """The case-folded text the filter searches: key, summary, assignee, type, status, priority.

    Fields are joined by a space: filter words never contain one, so no word can
    match across two fields.
    """
    i = issue
    text = f"{i.key} {i.summary} {i.assignee or ''} {i.type or ''} {i.status} {i.priority or ''}"
    return (text if text.isprintable() else plain(text)).casefold()


class BacklogOrder(Sequence[Issue]):
    """Issues in rank order with O(1) lookup by key and a live text filter.

    As a `Sequence` it is the full order; `view` is the filtered one (positions
    into the full order, ascending) and `visible(row)` the issue at a view row.
    """

    def __init__(self, issues: Iterable[Issue] = ()) -> None:
        self._issues: list[Issue] = []
        self._index: dict[str, int] | None = None
        self._hay: list[str] | None = None
        self._query = ""
        self._words: tuple[str, ...] = ()
        self._view: list[int] | None = None
        self._version = 0
        """Bumped whenever positions change, so a stepwise index build can tell."""
        self.replace_all(issues)

    # --- the full order -------------------------------------------------------

    def __len__(self) -> int:
        return len(self._issues)

    @overload
    def __getitem__(self, index: int) -> Issue: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Issue]: ...
    def __getitem__(self, index: int | slice) -> Issue | Sequence[Issue]:
        return self._issues[index]

    def __iter__(self) -> Iterator[Issue]:
        return iter(self._issues)

    def __contains__(self, item: object) -> bool:
        if isinstance(item, str):
            return item in self._idx()
        return isinstance(item, Issue) and item.key in self._idx()

    def key_at(self, index: int) -> str:
        """The key of the issue at `index` (0 = top)."""
        return self[index].key

    def keys(self) -> list[str]:
        """Every key, top first (a copy)."""
        return [issue.key for issue in self._issues]

    def position_of(self, key: str) -> int | None:
        """The issue's position in the full order (0 = top), or None."""
        return self._idx().get(key)

    def position_at(self, row: int) -> int:
        """The full-order position (0 = top) of the issue at view `row`."""
        return row if self._view is None else self._view[row]

    def index_steps(self, step: int = 5_000) -> Iterator[int]:
        """Build the key index `step` issues at a time; yields the longest key so far.

        For after a first paint: each slice is a short piece of work, so 50,000
        issues never hold the event loop in one go. When the order changes
        meanwhile, it stops without an index (the next lookup builds one).
        """
        items, version = self._issues, self._version
        index: dict[str, int] = {}
        longest = 0
        for start in range(0, len(items), step):
            if self._version != version:
                return
            keys = [issue.key for issue in items[start : start + step]]
            index.update(zip(keys, range(start, start + len(keys)), strict=True))
            longest = max(longest, *map(len, keys))
            yield longest
        if self._version == version and self._index is None and len(index) == len(items):
            self._index = index

    def _idx(self) -> dict[str, int]:
        """The key -> position index, built on first use so a first paint never waits for it.

        Duplicate keys (Jira sends none) are dropped then, keeping the first.
        """
        if self._index is None:
            items = self._issues
            index = {issue.key: i for i, issue in enumerate(items)}
            if len(index) != len(items):
                seen: set[str] = set()
                unique: list[Issue] = []
                for issue in items:
                    if issue.key not in seen:
                        seen.add(issue.key)
                        unique.append(issue)
                self._issues = items = unique
                self._version += 1
                index = {issue.key: i for i, issue in enumerate(items)}
                self._hay = None
                if self._words:
                    self._view = self._scan(range(len(items)), self._words)
            self._index = index
        return self._index

    def replace_all(self, issues: Iterable[Issue], *, keep: str | None = None) -> int | None:
        """Take a fresh backlog (a refresh); the filter stays applied.

        Returns the view row of `keep` (the key the cursor was on) in the new
        order, or None when that issue is gone or hidden. The key index is not
        built here (painting does not need it); `keep` is found by one scan.
        """
        items = list(issues)
        self._issues = items
        self._index = None
        self._hay = None
        self._version += 1
        if self._words:
            self._view = self._scan(range(len(items)), self._words)
        if keep is None:
            return None
        position = next((i for i, issue in enumerate(items) if issue.key == keep), None)
        return None if position is None else self._row_at(position)

    # --- the filter ---------------------------------------------------------

    @property
    def filter_text(self) -> str:
        return self._query

    @property
    def filtered(self) -> bool:
        """True when a non-blank filter hides some issues (or might)."""
        return self._view is not None

    def set_filter(self, text: str) -> None:
        """Show only issues containing every word of `text` (case-insensitive)."""
        words = tuple(plain(text).casefold().split())
        if not words:
            self._query, self._words, self._view = "", (), None
            return
        narrowing = self._view is not None and text.startswith(self._query)
        candidates: Iterable[int] = (
            self._view if narrowing and self._view is not None else range(len(self._issues))
        )
        self._query, self._words = text, words
        self._view = self._scan(candidates, words)

    def _haystacks(self) -> list[str]:
        if self._hay is None:
            self._hay = [haystack(issue) for issue in self._issues]
        return self._hay

    def _scan(self, candidates: Iterable[int], words: tuple[str, ...]) -> list[int]:
        hay = self._haystacks()
        if len(words) == 1:
            (word,) = words
            if isinstance(candidates, range):
                return [i for i, h in enumerate(hay) if word in h]
            return [i for i in candidates if word in hay[i]]
        return [i for i in candidates if all(w in hay[i] for w in words)]

    @property
    def view(self) -> Sequence[int]:
        """Full-order positions of the shown issues, ascending."""
        return range(len(self._issues)) if self._view is None else self._view

    @property
    def visible_count(self) -> int:
        return len(self._issues) if self._view is None else len(self._view)

    def visible(self, row: int) -> Issue:
        """The issue at `row` of the view."""
        return self._issues[row if self._view is None else self._view[row]]

    def row_of(self, key: str) -> int | None:
        """The view row showing `key`, or None when absent or filtered out."""
        position = self._idx().get(key)
        return None if position is None else self._row_at(position)

    def _row_at(self, position: int) -> int | None:
        """The view row showing full-order `position`, or None when filtered out."""
        if self._view is None:
            return position
        row = bisect_left(self._view, position)
        return row if row < len(self._view) and self._view[row] == position else None

    # --- moves ------------------------------------------------------------------

    def _locate(self, target: str | int) -> int | None:
        if isinstance(target, str):
            return self._idx().get(target)
        return target if 0 <= target < len(self._issues) else None

    def move(self, target: str | int, delta: int) -> Move | None:
        """Move the issue (a key, or a full-order position) `delta` view rows (+ = down).

        Clamped at the ends; None when the issue is unknown, hidden by the
        filter, or already where asked.
        """
        src = self._locate(target)
        if src is None:
            return None
        if self._view is None:
            dst = max(0, min(len(self._issues) - 1, src + delta))
        else:
            row = self.row_of(self._issues[src].key)
            if row is None:
                return None
            dst = self._view[max(0, min(len(self._view) - 1, row + delta))]
        return self._relocate(src, dst)

    def to_top(self, target: str | int) -> Move | None:
        """Move the issue to the top of the whole backlog."""
        src = self._locate(target)
        return None if src is None else self._relocate(src, 0)

    def to_bottom(self, target: str | int) -> Move | None:
        """Move the issue to the bottom of the whole backlog."""
        src = self._locate(target)
        return None if src is None else self._relocate(src, len(self._issues) - 1)

    def _relocate(self, src: int, dst: int) -> Move | None:
        if src == dst:
            return None
        issues = self._issues
        issue = issues.pop(src)
        issues.insert(dst, issue)
        self._version += 1
        if self._hay is not None:
            self._hay.insert(dst, self._hay.pop(src))
        lo, hi = (src, dst) if src < dst else (dst, src)
        index = self._index
        if index is not None:  # else it is built from the new order when first needed
            for position in range(lo, hi + 1):
                index[issues[position].key] = position
        if self._view is not None:
            self._shift_view(src, dst, lo, hi)
        return Move(
            key=issue.key,
            old_index=src,
            new_index=dst,
            after=issues[dst - 1].key if dst > 0 else None,
            before=issues[dst + 1].key if dst + 1 < len(issues) else None,
        )

    def _shift_view(self, src: int, dst: int, lo: int, hi: int) -> None:
        """Renumber the view inside [lo, hi] after the issue at `src` went to `dst`."""
        view = self._view
        assert view is not None
        start, end = bisect_left(view, lo), bisect_right(view, hi)
        inside = view[start:end]
        moved_shown = src in inside if len(inside) < 64 else self._contains(inside, src)
        others = [p for p in inside if p != src]
        if src < dst:
            renumbered = [p - 1 for p in others] + ([dst] if moved_shown else [])
        else:
            renumbered = ([dst] if moved_shown else []) + [p + 1 for p in others]
        view[start:end] = renumbered

    @staticmethod
    def _contains(sorted_positions: list[int], value: int) -> bool:
        i = bisect_left(sorted_positions, value)
        return i < len(sorted_positions) and sorted_positions[i] == value
