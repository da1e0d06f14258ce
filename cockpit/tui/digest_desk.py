"""The stand-up and update drafts in the app: fetch, show, copy, export, keep.

`S` and `U` open the digest screen at once ("preparing…") and build the draft in an
app-level worker (`cockpit.sync.digests`, the same draft `cockpit standup|update`
prints). A failing source shows its reason in the screen. A draft that is copied or
exported is kept in the notes journal with its kind, once per distinct text.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cockpit.domain.digest import text_to_markdown
from cockpit.models import Note
from cockpit.store.db import StoreError
from cockpit.tui.note_desk import store_failed

if TYPE_CHECKING:
    from cockpit.sync.digests import DigestKind
    from cockpit.tui.app import CockpitApp
    from cockpit.widgets.digest_screen import DigestScreen

EXPORT_FOLDER = "digests"
"""Where Markdown exports go, inside the data folder."""


class DigestDesk:
    """Opens the digest screen, fills it, and copies, exports and keeps its text."""

    def __init__(self, app: CockpitApp) -> None:
        self.app = app
        self.workspace = app.workspace
        self._kept: set[tuple[str, str]] = set()
        """(kind, text) already in the journal: copying twice keeps one note."""
        self._windows: dict[str, str] = {}
        """Kind -> the window of the draft shown, for the export's file name."""

    def open(self, kind: DigestKind) -> None:
        from cockpit.widgets.digest_screen import DigestScreen  # lazy: modals load when used

        if self.app.privacy.on:  # a draft full of customers and notes: not while sharing
            key = self.app.key_of("privacy")
            self.app.notify(
                f"The draft names customers and quotes notes: press {key} to end privacy "
                "mode first.",
                title="Privacy mode",
                severity="warning",
            )
            return
        screen = DigestScreen(kind)
        self.app.push_screen(screen)
        # started by the screen once it runs: a draft built before the screen was
        # attached would be taken for one whose screen was closed, and dropped
        screen.call_later(self._start, screen, kind)

    def _start(self, screen: DigestScreen, kind: DigestKind) -> None:
        self.app.run_worker(
            self._prepare(screen, kind),
            name=f"digest {kind}",
            group="digest",
            exclusive=True,
            exit_on_error=False,
        )

    async def _prepare(self, screen: DigestScreen, kind: DigestKind) -> None:
        from cockpit.runtime.crash import unexpected_error
        from cockpit.sources.errors import SourceError
        from cockpit.sync import digests

        try:
            built = await digests.build(self.workspace, kind, day=self.app.day)
        except SourceError as exc:
            self._show(screen, error=str(exc))
        except Exception as exc:  # the reason in the screen, the details in a crash file
            self._show(screen, error=unexpected_error(exc, "the digest"))
        else:
            self._windows[kind] = f"{built.since:%Y-%m-%d}_{built.until:%Y-%m-%d}"
            if screen.is_attached:
                screen.show_draft(built.draft.render("text"), built.since, built.until)

    def _show(self, screen: DigestScreen, *, error: str) -> None:
        if screen.is_attached:  # closed while preparing: nothing to say
            screen.show_error(error)

    def copy(self, kind: str, text: str) -> None:
        self.app.copy_to_clipboard(text)
        kept = self._keep(kind, text)
        self.app.notify(
            "Draft copied to the clipboard" + (" and kept in the notes journal." if kept else "."),
            timeout=4,
        )

    def export(self, kind: str, text: str) -> None:
        folder = self.workspace.store.path.parent / EXPORT_FOLDER
        name = f"{kind}-{self._windows.get(kind, f'{self.workspace.today():%Y-%m-%d}')}.md"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            path.write_text(text_to_markdown(text), encoding="utf-8")
        except OSError as exc:
            self.app.notify(
                f"Could not write {folder / name}: {exc.strerror or exc}",
                title="Not saved",
                severity="error",
                timeout=15,
                markup=False,
            )
            return
        kept = self._keep(kind, text)
        also = " Kept in the notes journal." if kept else ""
        self.app.notify(
            f"Markdown written to {_home_relative(path)}.{also}", timeout=8, markup=False
        )

    def _keep(self, kind: str, text: str) -> bool:
        """The draft in the journal (once per text); False if it could not be saved."""
        if (kind, text) in self._kept:
            return True
        try:
            self.workspace.store.add_note(Note(None, self.workspace.now(), text, kind=kind))
        except StoreError as exc:
            store_failed(self.app, exc, "The draft is still in the screen.")
            return False
        self._kept.add((kind, text))
        return True


def _home_relative(path: Path) -> str:
    try:
        return f"~/{path.relative_to(Path.home())}"
    except ValueError:
        return str(path)
