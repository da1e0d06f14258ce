"""Unblocking from the keyboard: flag, transition, assign, remove a blocking link.

Each action asks what it needs (a transition Jira offers now, the resolution or
comment its screen requires, an assignee searched as you type, which blocker),
queues one outbox job and repaints the panes with the open jobs laid over Jira's
issues (`cockpit.domain.pending_actions`), so it shows at once and after a
restart. The outbox drain sends it; a refusal toasts Jira's reason and the panes
are fetched again, which puts the issue back as Jira has it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from cockpit.domain.pending_actions import apply_pending
from cockpit.models import Issue
from cockpit.runtime.crash import unexpected_error
from cockpit.sources.errors import SourceError
from cockpit.store.db import StoreError
from cockpit.textsafe import plain
from cockpit.tui.note_desk import store_failed
from cockpit.widgets.action_pickers import (
    Assignee,
    AssigneePicker,
    ChoicePicker,
    TextPrompt,
)
from cockpit.widgets.backlog import BacklogPane

if TYPE_CHECKING:
    from cockpit.store.db import Store
    from cockpit.tui.app import CockpitApp


class IssueActions:
    """The four unblocking actions, for the app."""

    def __init__(self, app: CockpitApp) -> None:
        self.app = app
        self.workspace = app.workspace
        self._assigning: str | None = None
        """The Jira site of the issue the assignee picker is open for."""

    def _site(self, issue: Issue) -> str | None:
        """The Jira site the issue is on (None: the first): its job goes there."""
        return self.workspace.site_of(issue.url)

    def act(self, action: str, issue: Issue) -> None:
        if not self.workspace.has_jira:
            self.app.notify("No Jira site is configured.", severity="warning")
            return
        if action == "flag":
            site = self._site(issue)
            self._queue(issue, lambda s: s.enqueue_flag(issue.key, not issue.flagged, site=site))
            return
        dialogs = {"unlink": self._unlink, "transition": self._transition, "assign": self._assign}
        if action in dialogs:
            self.app.run_worker(
                self._safely(dialogs[action](issue)),
                group="issue-action",
                exclusive=True,
                exit_on_error=False,
            )

    async def _safely(self, dialog: Awaitable[None]) -> None:
        """A bug or an answer nobody expected: one toast (details in a crash file)."""
        try:
            await dialog
        except Exception as exc:
            self._say(unexpected_error(exc, "Jira action"), "Not done")

    # --- the dialogs --------------------------------------------------------------

    def _label(self, issue: Issue) -> str:
        return f"{issue.key}  {issue.summary}"

    async def _transition(self, issue: Issue) -> None:
        site = self._site(issue)
        try:
            offered = await (await self.workspace.jira_for(site)).transitions(issue.key)
        except SourceError as exc:
            self._say(str(exc), "Transitions not available")
            return
        if not offered:
            self._say(f"Jira offers no transition for {issue.key} now.", "Nothing to move to")
            return
        choices = [(t.id, f"{t.name} → {t.to_status}" if t.name != t.to_status else t.name)
                   for t in offered]  # fmt: skip
        picked = await self.app.push_screen_wait(
            ChoicePicker(f"Move {issue.key} ({issue.status})", self._label(issue), choices)
        )
        chosen = next((t for t in offered if t.id == picked), None)
        if chosen is None:
            return
        resolution = comment = None
        if chosen.needs_resolution:
            names = chosen.resolutions or ("Done",)
            resolution = await self.app.push_screen_wait(
                ChoicePicker(
                    "Resolution", f"{issue.key} → {chosen.to_status}", [(n, n) for n in names]
                )
            )
            if resolution is None:
                return
        if chosen.needs_comment:
            comment = await self.app.push_screen_wait(
                TextPrompt("Comment", f"{issue.key} → {chosen.to_status} needs a comment")
            )
            if comment is None:
                return
        self._queue(
            issue,
            lambda s: s.enqueue_transition(
                issue.key,
                chosen.id,
                chosen.to_status,
                resolution=resolution,
                comment=comment,
                site=site,
            ),
        )

    async def _assign(self, issue: Issue) -> None:
        site = self._assigning = self._site(issue)
        picked = await self.app.push_screen_wait(AssigneePicker(self._label(issue)))
        if picked is None:
            return
        account = picked.id or None
        self._queue(issue, lambda s: s.enqueue_assign(issue.key, account, picked.name, site=site))

    def search_users(self, message: AssigneePicker.QueryChanged) -> None:
        """The user typed in the assignee picker: search again (the latest search wins)."""
        issue_key = self._picking_for(message.picker)
        if issue_key is None:
            return
        self.app.run_worker(
            self._search(message.picker, issue_key, message.text),
            group="assignable-users",
            exclusive=True,
            exit_on_error=False,
        )

    def _picking_for(self, picker: AssigneePicker) -> str | None:
        return picker.label.split()[0] if picker.label else None

    async def _search(self, picker: AssigneePicker, key: str, text: str) -> None:
        try:
            users = await (await self.workspace.jira_for(self._assigning)).assignable_users(
                key, text
            )
        except SourceError as exc:
            self._say(str(exc), "Users not available")
            return
        if picker.is_attached:
            picker.set_users(text, [Assignee(u.id, u.name) for u in users])

    async def _unlink(self, issue: Issue) -> None:
        blockers = list(issue.blocked_by)
        if not blockers:
            self._say(f"{issue.key} has no 'is blocked by' link.", "Nothing to unlink")
            return
        blocker: str | None = blockers[0]
        if len(blockers) > 1:
            known = self.workspace.blockers
            choices = [(k, f"{k}  {known[k].summary}" if k in known else k) for k in blockers]
            blocker = await self.app.push_screen_wait(
                ChoicePicker("Remove a blocking link", self._label(issue), choices)
            )
        if blocker is None:
            return
        chosen, site = blocker, self._site(issue)
        self._queue(issue, lambda s: s.enqueue_unlink(issue.key, chosen, site=site))

    # --- queue and show -----------------------------------------------------------

    def _queue(self, issue: Issue, enqueue: Callable[[Store], object]) -> None:
        try:
            enqueue(self.workspace.store)
        except StoreError as exc:
            store_failed(self.app, exc, f"{issue.key} is unchanged; try again.")
            return
        self.repaint()
        self.app.writes.after_write()

    def repaint(self) -> None:
        """Both issue panes again, with the open action jobs laid over them."""
        board = self.app.board
        board.blocked.show(board.blocked.issues, board.blocked.subtitle)
        backlog = self.app.query_one("#backlog", BacklogPane)
        jobs = self.workspace.store.open_jobs()
        if any(j.kind in ("flag", "transition", "assign") for j in jobs):
            backlog.set_issues(apply_pending(list(backlog.order), jobs))

    def _say(self, message: str, title: str) -> None:
        self.app.notify(plain(message), title=title, severity="error", timeout=8, markup=False)
