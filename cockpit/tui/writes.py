"""The app's write side: notes, drafts, backlog moves, priorities and the outbox.

A mixin of CockpitApp, kept apart so each module stays small. Every write is in
SQLite before the UI says so; Jira writes go through the outbox, which a worker
drains now and whenever a job is due again.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from textual import work
from textual.timer import Timer

from cockpit.domain.backlog_moves import MoveBurst
from cockpit.domain.note_target import RECOVERED, NoteTarget
from cockpit.models import Issue
from cockpit.sources.errors import SourceError
from cockpit.store.db import StoreError
from cockpit.textsafe import plain
from cockpit.widgets.backlog import BacklogPane
from cockpit.widgets.item_pane import ItemPane

if TYPE_CHECKING:
    from cockpit.sync.sender import DrainReport, OutboxSender
    from cockpit.sync.workspace import Workspace
    from cockpit.widgets.journal import JournalScreen
    from cockpit.widgets.note_editor import NoteDraft, NoteEditor

MOVE_SETTLE = 0.7
"""Seconds without a move before a burst of moves becomes one rank write."""
OUTBOX_POLL = 30.0
QUEUE_RETRY = 5.0
"""Seconds before moves the store could not take are queued again."""


class WritesMixin:
    """Notes, moves and priorities for CockpitApp (which provides the App API)."""

    move_settle: float = MOVE_SETTLE
    """Seconds without a move before a burst is queued (tests set it smaller)."""
    workspace: Workspace
    _sender: OutboxSender | None
    burst: MoveBurst
    _move_timer: Timer | None

    # --- notes ---------------------------------------------------------------

    def init_writes(self) -> None:
        self._sender = None
        self.burst = MoveBurst()
        self._move_timer = None
        self._retry_timer: Timer | None = None
        self._refresh_skipped = False
        """A backlog refresh dropped its result to keep waiting moves on screen."""
        self._targets: dict[str, NoteTarget] = {}
        """Draft key -> what the note is about, for drafts written while typing."""
        self._draft_problem = False
        """The last draft could not be kept (said once, until a draft is kept again)."""

    def open_note_editor(self, item: object | None) -> None:
        target = NoteTarget.of(item)
        drafts = {d.context_key: d for d in self.workspace.store.load_drafts()}
        text = drafts[target.draft_key].text if target.draft_key in drafts else ""
        self._edit(target, text, can_post=target.is_issue and self.workspace.has_jira)

    def recover_drafts(self) -> None:
        """Offer a draft left by a crash or a closed terminal, in the editor."""
        drafts = [d for d in self.workspace.store.load_drafts() if d.text.strip()]
        if drafts:
            draft = drafts[0]
            target = NoteTarget.from_draft(draft.context_key, draft.context)
            self._edit(target, draft.text, can_post=False, recovered=True)

    def _edit(
        self,
        target: NoteTarget,
        text: str,
        *,
        can_post: bool,
        post: bool = False,
        recovered: bool = False,
    ) -> None:
        self._targets[target.draft_key] = target
        from cockpit.widgets.note_editor import NoteEditor  # the modals load when first used

        label = f"{RECOVERED}{target.label}" if recovered else target.label
        editor = NoteEditor(target.draft_key, label, text=text, can_post=can_post, post=post)
        self.push_screen(editor, lambda draft: self._note_done(target, draft))  # type: ignore[attr-defined]

    def on_note_editor_draft_changed(self, message: NoteEditor.DraftChanged) -> None:
        target = self._targets.get(message.context_key)
        context = target.context() if target else {}
        try:
            self.workspace.store.save_draft(message.context_key, message.text, context)
        except StoreError as exc:  # the text is still in the editor; say so once
            if not self._draft_problem:
                self._store_failed(exc, "The draft is only in the editor for now.")
            self._draft_problem = True
        else:
            self._draft_problem = False

    def _store_failed(self, exc: StoreError, consequence: str) -> None:
        self.notify(  # type: ignore[attr-defined]
            plain(f"{exc}\n{consequence}"),
            title="Not saved",
            severity="error",
            timeout=15,
            markup=False,
        )

    def _note_done(self, target: NoteTarget, draft: NoteDraft | None) -> None:
        store = self.workspace.store
        if draft is None:
            try:
                store.discard_draft(target.draft_key)
            except StoreError as exc:
                self._store_failed(exc, "The discarded draft may be offered again.")
            return
        note = target.note(draft.text, self.workspace.now(), post_to_jira=draft.post_to_jira)
        try:
            store.add_note(note, draft_key=target.draft_key)
        except StoreError as exc:  # full disk, read-only folder: the note stays open
            self._store_failed(exc, "Your note is still open in the editor: save it again.")
            can_post = target.is_issue and self.workspace.has_jira
            self._edit(target, draft.text, can_post=can_post, post=draft.post_to_jira)
            return
        where = " and queued as a Jira comment" if draft.post_to_jira else ""
        self.notify(f"Note saved{where}.", timeout=3)  # type: ignore[attr-defined]
        self.after_write()

    def on_item_pane_note_requested(self, message: ItemPane.NoteRequested) -> None:
        self.open_note_editor(message.item)

    def action_journal(self) -> None:
        from cockpit.widgets.journal import JournalScreen

        self.push_screen(JournalScreen())  # type: ignore[attr-defined]
        self.call_after_refresh(self._show_journal, "")  # type: ignore[attr-defined]

    def _show_journal(self, query: str) -> None:
        screen = self.screen  # type: ignore[attr-defined]
        from cockpit.widgets.journal import JournalScreen

        if isinstance(screen, JournalScreen):
            store = self.workspace.store
            notes = store.search(query) if query.strip() else store.list_notes()
            screen.show_notes(notes, query)

    def on_journal_screen_search_changed(self, message: JournalScreen.SearchChanged) -> None:
        self._show_journal(message.query)

    # --- backlog moves and priorities -------------------------------------------

    def on_backlog_pane_moved(self, message: BacklogPane.Moved) -> None:
        """Collect a burst of moves; when it settles, one rank write per moved issue."""
        order = self.query_one("#backlog", BacklogPane).order  # type: ignore[attr-defined]
        self.burst.record(message.key, message.old_index, message.new_index, order)
        if self._move_timer is not None:
            self._move_timer.stop()
        self._move_timer = self.set_timer(self.move_settle, self.settle_moves)  # type: ignore[attr-defined]

    def settle_moves(self) -> None:
        """The burst is over: queue its rank writes, keep the order, send."""
        try:
            issues = self._queue_moves()
        except StoreError as exc:  # the moves stay on screen and are queued again soon
            self._store_failed(
                exc, f"The moves stay on screen; trying again in {QUEUE_RETRY:.0f} s."
            )
            self._move_timer = self.set_timer(QUEUE_RETRY, self.settle_moves)  # type: ignore[attr-defined]
            return
        if issues is not None:
            self.save_backlog_order(issues)
            self.after_write()
        elif self._refresh_skipped:  # a burst that came to nothing held a refresh back
            self._refresh_skipped = False
            self.refresh_backlog()  # type: ignore[attr-defined]

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
            store.enqueue_rank(write.key, before=write.before, after=write.after)
        self.burst.clear()  # only now: a write the store refused is planned again
        return list(order) if plan and order is not None else None

    def _on_unmount(self) -> None:
        """Quitting within a burst: queue its moves now; the next start sends them."""
        if self.burst.pending:
            issues = self._queue_moves()
            if issues is not None:
                self._save_order(issues)

    @work(group="backlog-order", exit_on_error=False, thread=True)
    def save_backlog_order(self, issues: list[Issue]) -> None:
        """In a thread: 50,000 issues take ~0.3 s."""
        self._save_order(issues)

    def _save_order(self, issues: list[Issue]) -> None:
        """Keep the cached backlog in the order shown, so a restart paints the moves
        that are still on their way to Jira."""
        from cockpit.models import issue_to_cache

        store = self.workspace.store
        fetched_at = store.snapshot_time("backlog") or self.workspace.now()
        store.save_snapshot("backlog", [issue_to_cache(i) for i in issues], fetched_at)

    def on_backlog_pane_priority_requested(self, message: BacklogPane.PriorityRequested) -> None:
        self.pick_priority(message.issue)

    @work(exclusive=True, group="priorities", exit_on_error=False)
    async def pick_priority(self, issue: Issue) -> None:
        try:
            names = await self.workspace.priorities()
        except SourceError as exc:
            self.notify(  # type: ignore[attr-defined]
                plain(str(exc)), title="Priorities not available", severity="error", markup=False
            )
            return
        label = f"{issue.key}  {issue.summary}"
        from cockpit.widgets.priority_picker import PriorityPicker

        choice = await self.push_screen_wait(PriorityPicker(label, names, issue.priority))  # type: ignore[attr-defined]
        if not choice or choice == issue.priority:
            return
        try:
            self.workspace.store.enqueue_priority(issue.key, choice)
        except StoreError as exc:
            self._store_failed(exc, f"{issue.key} keeps its priority; try again.")
            return
        pane = self.query_one("#backlog", BacklogPane)  # type: ignore[attr-defined]
        pane.set_issues(
            [
                dataclasses.replace(i, priority=choice) if i.key == issue.key else i
                for i in pane.order
            ]
        )
        self.after_write()

    # --- outbox ---------------------------------------------------------------

    def after_write(self) -> None:
        self._update_status()  # type: ignore[attr-defined]
        self.drain_outbox_now()

    def drain_outbox_now(self) -> None:
        """Send what waits now, also jobs backing off after a failure (the user just
        acted, or asked to send): a Jira that came back is found at once."""
        if not self.workspace.has_jira:
            return
        self.workspace.store.make_due()
        self.drain_outbox()

    @work(exclusive=True, group="outbox", exit_on_error=False)
    async def drain_outbox(self) -> None:
        from cockpit.sync.sender import OutboxSender

        try:
            await self.workspace.connect()  # a user's sources are built after the first frame
        except SourceError:
            return  # the refresh workers show why
        if self.workspace.jira is None:
            return
        if self._sender is None:
            # The first drain of this run: what waited across a restart goes at once.
            self.workspace.store.make_due()
            self._sender = OutboxSender(self.workspace.store, self.workspace.jira)
        report = await self._sender.drain()
        self._outbox_reported(report)

    def _outbox_reported(self, report: DrainReport) -> None:
        refused: dict[str, list[str]] = {}
        for job, reason in report.failed:
            refused.setdefault(reason, []).append(job.describe())
        for reason, jobs in refused.items():
            what = jobs[0] if len(jobs) == 1 else f"{len(jobs)} changes ({', '.join(jobs[:3])}…)"
            self.notify(  # type: ignore[attr-defined]
                plain(f"{reason}\nNot done: {what}"),
                title="Jira refused a change",
                severity="error",
                timeout=10,
                markup=False,
            )
        if report.auth_error:
            self.notify(  # type: ignore[attr-defined]
                plain(report.auth_error),
                title="Changes are waiting",
                severity="error",
                timeout=10,
                markup=False,
            )
        if report.needs_refresh or self._backlog_behind(report):
            self._refresh_skipped = False
            self.refresh_backlog()  # type: ignore[attr-defined]
        self._update_status()  # type: ignore[attr-defined]
        if self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None
        wait = self._sender.next_due_in() if self._sender else None
        if wait is not None:
            self._retry_timer = self.set_timer(max(wait, 0.5), self.drain_outbox)  # type: ignore[attr-defined]

    def _backlog_behind(self, report: DrainReport) -> bool:
        """The last waiting moves just reached Jira, and a refresh meanwhile was
        dropped or is still fetching Jira's order from before them."""
        if not any(job.kind == "rank" for job in report.sent) or self.pending_ranks():
            return False
        fetching = any(
            w.group == "backlog" and not w.is_finished
            for w in self.workers  # type: ignore[attr-defined]
        )
        return self._refresh_skipped or fetching

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
