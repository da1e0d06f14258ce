"""Notes from the app: the editor, drafts kept while typing, saving, the journal.

A note is in SQLite before the app says "saved". When the store cannot take it
(a full disk, a read-only folder) the note stays open in the editor with a clear
message, so nothing typed is lost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cockpit.domain.note_target import RECOVERED, NoteTarget
from cockpit.models import Issue
from cockpit.store.db import StoreError
from cockpit.textsafe import plain

if TYPE_CHECKING:
    from cockpit.tui.app import CockpitApp
    from cockpit.widgets.note_editor import NoteDraft


class NoteDesk:
    """Opens the editor on an item, keeps its draft, saves the note."""

    def __init__(self, app: CockpitApp) -> None:
        self.app = app
        self.workspace = app.workspace
        self._targets: dict[str, NoteTarget] = {}
        """Draft key -> what the note is about, for drafts written while typing."""
        self._draft_problem = False
        """The last draft could not be kept (said once, until a draft is kept again)."""

    def open_editor(self, item: object | None) -> None:
        target = NoteTarget.of(item)
        drafts = {d.context_key: d for d in self.workspace.store.load_drafts()}
        text = drafts[target.draft_key].text if target.draft_key in drafts else ""
        self._edit(target, text, can_post=self._can_post(target), site=self._site(item))

    def recover_drafts(self) -> None:
        """Offer a draft left by a crash or a closed terminal, in the editor."""
        drafts = [d for d in self.workspace.store.load_drafts() if d.text.strip()]
        if drafts:
            draft = drafts[0]
            target = NoteTarget.from_draft(draft.context_key, draft.context)
            self._edit(target, draft.text, can_post=False, recovered=True)

    def _site(self, item: object | None) -> str | None:
        """The Jira site an issue is on (None: the first), where its comment goes."""
        return self.workspace.site_of(item.url) if isinstance(item, Issue) else None

    def _can_post(self, target: NoteTarget) -> bool:
        return target.is_issue and self.workspace.has_jira

    def _edit(
        self,
        target: NoteTarget,
        text: str,
        *,
        can_post: bool,
        post: bool = False,
        recovered: bool = False,
        site: str | None = None,
    ) -> None:
        self._targets[target.draft_key] = target
        from cockpit.widgets.note_editor import NoteEditor  # lazy: modals load when first used

        label = self.app.privacy.note_label(target.label)
        label = f"{RECOVERED}{label}" if recovered else label
        editor = NoteEditor(target.draft_key, label, text=text, can_post=can_post, post=post)
        self.app.push_screen(editor, lambda draft: self._done(target, draft, site))

    def keep_draft(self, context_key: str, text: str) -> None:
        """The editor handed over what is typed so far."""
        target = self._targets.get(context_key)
        context = target.context() if target else {}
        try:
            self.workspace.store.save_draft(context_key, text, context)
        except StoreError as exc:  # the text is still in the editor; say so once
            if not self._draft_problem:
                store_failed(self.app, exc, "The draft is only in the editor for now.")
            self._draft_problem = True
        else:
            self._draft_problem = False

    def _done(self, target: NoteTarget, draft: NoteDraft | None, site: str | None) -> None:
        store = self.workspace.store
        if draft is None:
            try:
                store.discard_draft(target.draft_key)
            except StoreError as exc:
                store_failed(self.app, exc, "The discarded draft may be offered again.")
            return
        note = target.note(draft.text, self.workspace.now(), post_to_jira=draft.post_to_jira)
        try:
            saved = store.add_note(note, draft_key=target.draft_key, site=site)
        except StoreError as exc:  # full disk, read-only folder: the note stays open
            store_failed(self.app, exc, "Your note is still open in the editor: save it again.")
            can_post = self._can_post(target)
            self._edit(target, draft.text, can_post=can_post, post=draft.post_to_jira, site=site)
            return
        if note.customer:  # its "Last note" in Customer calls
            self.app.board.repaint_calls()
        where = " and queued as a Jira comment" if draft.post_to_jira else ""
        self.app.notify(f"Note saved{where}.", timeout=3)
        self.app.writes.after_write()
        if draft.story:
            self.app.stories.make(saved)

    def open_journal(self) -> None:
        from cockpit.widgets.journal import JournalScreen  # lazy: modals load when first used

        self.app.push_screen(JournalScreen())
        self.app.call_after_refresh(self.show_journal, "")

    def show_journal(self, query: str, *, deleted: bool = False) -> None:
        from cockpit.widgets.journal import JournalScreen  # lazy: modals load when first used

        screen = self.app.screen
        if isinstance(screen, JournalScreen):
            store = self.workspace.store
            if deleted:
                words = query.casefold().split()
                notes = [
                    n for n in store.deleted_notes() if all(w in n.text.casefold() for w in words)
                ]
            else:
                notes = store.search(query) if query.strip() else store.list_notes()
            screen.show_notes(self.app.privacy.notes(notes), query, deleted=deleted)


def store_failed(app: CockpitApp, exc: StoreError, consequence: str) -> None:
    """Say that something was not saved, and what happens to it."""
    app.notify(
        plain(f"{exc}\n{consequence}"),
        title="Not saved",
        severity="error",
        timeout=15,
        markup=False,
    )
