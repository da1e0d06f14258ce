"""Backlog moves, priorities and the outbox, from the app's side.

The headless rules live in `cockpit.domain.backlog_moves` (the burst and its rank
plan) and `cockpit.sync.sender` (sending); this module forwards what the Backlog
pane reports, queues the writes when a burst settles, drains the outbox in an
app-level worker and tells the user what Jira refused.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from textual.timer import Timer

from cockpit.domain.backlog_moves import MoveBurst
from cockpit.models import Issue, issue_to_cache
from cockpit.sources.errors import SourceError
from cockpit.store.db import StoreError
from cockpit.textsafe import plain
from cockpit.tui.note_desk import store_failed
from cockpit.widgets.backlog import BacklogPane

if TYPE_CHECKING:
    from cockpit.sync.sender import DrainReport, OutboxSender
    from cockpit.tui.app import CockpitApp

MOVE_SETTLE = 0.7
"""Seconds without a move before a burst of moves becomes one rank write."""
OUTBOX_POLL = 30.0
QUEUE_RETRY = 5.0
"""Seconds before moves the store could not take are queued again."""


class BacklogWrites:
    """Moves, priorities and the outbox drain for one app."""

    def __init__(self, app: CockpitApp) -> None:
        self.app = app
        self.workspace = app.workspace
        self.burst = MoveBurst()
        self.move_settle = MOVE_SETTLE
        """Seconds without a move before a burst is queued (tests set it smaller)."""
        self._sender: OutboxSender | None = None
        self._move_timer: Timer | None = None
        self._retry_timer: Timer | None = None
        self._refresh_skipped = False
        """A backlog refresh dropped its result to keep waiting moves on screen."""

    # --- moves ------------------------------------------------------------------

    def moved(self, message: BacklogPane.Moved) -> None:
        """Collect a burst of moves; when it settles, one rank write per moved issue."""
        order = self.app.query_one("#backlog", BacklogPane).order
        self.burst.record(message.key, message.old_index, message.new_index, order)
        self._settle_in(self.move_settle)

    def _settle_in(self, seconds: float) -> None:
        if self._move_timer is not None:
            self._move_timer.stop()
        self._move_timer = self.app.set_timer(seconds, self.settle)

    def settle(self) -> None:
        """The burst is over: queue its rank writes, keep the order, send."""
        try:
            issues = self._queue_moves()
        except StoreError as exc:  # the moves stay on screen and are queued again soon
            retry = f"The moves stay on screen; trying again in {QUEUE_RETRY:.0f} s."
            store_failed(self.app, exc, retry)
            self._settle_in(QUEUE_RETRY)
            return
        if issues is not None:
            self.app.run_worker(
                lambda: self._save_order(issues),
                group="backlog-order",
                exit_on_error=False,
                thread=True,  # 50,000 issues take ~0.3 s
            )
            self.after_write()
        elif self._refresh_skipped:  # a burst that came to nothing held a refresh back
            self._refresh_skipped = False
            self.app.refresher.issues("backlog")

    def _queue_moves(self) -> list[Issue] | None:
        """Queue rank writes that make Jira's order what the pane shows; return that
        order, or None if no burst was waiting (or it put everything back)."""
        if self._move_timer is not None:
            self._move_timer.stop()
            self._move_timer = None
        store = self.workspace.store
        plan = self.burst.plan(waiting=[job.key for job in store.open_jobs() if job.kind == "rank"])
        order = self.burst.order
        for write in plan or ():
            store.enqueue_rank(
                write.key, before=write.before, after=write.after, site=self.workspace.backlog_site
            )
        self.burst.clear()  # only now: a write the store refused is planned again
        return list(order) if plan and order is not None else None

    def on_quit(self) -> None:
        """Quitting within a burst: queue its moves now; the next start sends them."""
        if self.burst.pending:
            issues = self._queue_moves()
            if issues is not None:
                self._save_order(issues)

    def _save_order(self, issues: list[Issue]) -> None:
        """Keep the cached backlog in the order shown, so a restart paints the moves
        that are still on their way to Jira."""
        store = self.workspace.store
        scope = self.workspace.backlog_scope()
        fetched_at = store.snapshot_time("backlog", scope) or self.workspace.now()
        store.save_snapshot("backlog", [issue_to_cache(i) for i in issues], fetched_at, scope)

    def pending_ranks(self) -> bool:
        """Moves not yet accepted by Jira: a refresh must not undo them on screen.

        Asked by a backlog refresh about to drop what it fetched; the drain that
        sends the last of these moves refreshes the backlog again.
        """
        waiting = self.burst.pending or any(
            job.kind == "rank" for job in self.workspace.store.open_jobs()
        )
        self._refresh_skipped = self._refresh_skipped or waiting
        return waiting

    # --- priorities ---------------------------------------------------------------

    def pick_priority(self, issue: Issue) -> None:
        self.app.run_worker(
            self._pick_priority(issue), group="priorities", exclusive=True, exit_on_error=False
        )

    async def _pick_priority(self, issue: Issue) -> None:
        site = self.workspace.site_of(issue.url)  # the Jira site the issue is on
        try:
            names = await self.workspace.priorities(site)
        except SourceError as exc:
            self.app.notify(
                plain(str(exc)), title="Priorities not available", severity="error", markup=False
            )
            return
        from cockpit.widgets.priority_picker import PriorityPicker  # lazy: a modal

        label = f"{issue.key}  {issue.summary}"
        choice = await self.app.push_screen_wait(PriorityPicker(label, names, issue.priority))
        if not choice or choice == issue.priority:
            return
        try:
            self.workspace.store.enqueue_priority(issue.key, choice, site=site)
        except StoreError as exc:
            store_failed(self.app, exc, f"{issue.key} keeps its priority; try again.")
            return
        pane = self.app.query_one("#backlog", BacklogPane)
        pane.set_issues(
            [
                dataclasses.replace(i, priority=choice) if i.key == issue.key else i
                for i in pane.order
            ]
        )
        self.app.own_panes.priority_changed(issue.key, choice)
        self.after_write()

    # --- outbox -------------------------------------------------------------------

    def after_write(self) -> None:
        self.app.board.update_status()
        self.drain_now()

    def drain_now(self) -> None:
        """Send what waits now, also jobs backing off after a failure (the user just
        acted, or asked to send): a Jira that came back is found at once."""
        if not self.workspace.has_jira:
            return
        self.workspace.store.make_due()
        self.drain()

    def start_polling(self) -> None:
        """Look at the outbox every `OUTBOX_POLL` seconds while the app runs."""
        self.app.set_interval(OUTBOX_POLL, self.poll)

    def poll(self) -> None:
        if self.workspace.store.pending_count():
            self.drain()

    def drain(self) -> None:
        self.app.run_worker(self._drain(), group="outbox", exclusive=True, exit_on_error=False)

    async def _drain(self) -> None:
        from cockpit.sync.sender import OutboxSender  # lazy: loads the Jira client's httpx

        try:
            await self.workspace.connect()  # a user's sources are built after the first frame
        except SourceError:
            return  # the refresh workers show why
        if self.workspace.jira is None:
            return
        if self._sender is None:
            # The first drain of this run: what waited across a restart goes at once.
            self.workspace.store.make_due()
            self._sender = OutboxSender(
                self.workspace.store, self.workspace.jira, sites=self.workspace.sites
            )
        self._reported(await self._sender.drain())

    def _reported(self, report: DrainReport) -> None:
        refused: dict[str, list[str]] = {}
        for job, reason in report.failed:
            refused.setdefault(reason, []).append(job.describe())
        for reason, jobs in refused.items():
            what = jobs[0] if len(jobs) == 1 else f"{len(jobs)} changes ({', '.join(jobs[:3])}…)"
            self._say(f"{reason}\nNot done: {what}", "Jira refused a change")
        if report.auth_error:
            self._say(report.auth_error, "Changes are waiting")
        self._tell_status(report)
        for job in report.sent:
            if job.kind == "create":
                made = self.workspace.store.get_job(job.id)
                key = made.remote_id if made else None
                self.app.notify(
                    f"{key} created: {job.payload.get('summary')}", timeout=6, markup=False
                )
                if job.note_id is not None:
                    self.app.stories.story_made(job.note_id)
        if report.actions_settled:  # flags, statuses, owners: Jira's word now
            self.app.actions.repaint()
            self.app.refresher.start_idle(("blocked", "backlog"))
        if report.needs_refresh or self._backlog_behind(report):
            self._refresh_skipped = False
            self.app.refresher.issues("backlog")
        self.app.board.update_status()
        if self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None
        wait = self._sender.next_due_in() if self._sender else None
        if wait is not None:
            self._retry_timer = self.app.set_timer(max(wait, 0.5), self.drain)

    def _tell_status(self, report: DrainReport) -> None:
        """The status line says why writes wait, until Jira takes them (or nothing waits);
        Jira answering also retries at once a refresh that failed while it was away."""
        problem = report.auth_error or report.retry_error
        answered = bool(report.sent or report.failed)
        if problem or answered or not report.remaining:
            self.app.board.writes_failed(problem)
        if answered and not problem:
            self.app.refresher.jira_answered()

    def _say(self, message: str, title: str) -> None:
        self.app.notify(plain(message), title=title, severity="error", timeout=10, markup=False)

    def _backlog_behind(self, report: DrainReport) -> bool:
        """The last waiting moves just reached Jira, and a refresh meanwhile was
        dropped or is still fetching Jira's order from before them."""
        if not any(job.kind == "rank" for job in report.sent) or self.pending_ranks():
            return False
        return self._refresh_skipped or self.app.refresher.backlog_fetching()
