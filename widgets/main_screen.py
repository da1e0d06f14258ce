"""MainScreen: the panes' screen, styled once on the way to the first frame."""

from __future__ import annotations

from textual import events
from textual.screen import Screen


class MainScreen(Screen[None]):
    """The default screen, which the app composes its panes into.

    Textual restyles a screen's every node when the screen resumes, so that styles
    changed while another screen was on top show. The first resume comes right
    after the panes were mounted, and so styled, in the same start-up: restyling
    them then repeats all of it (each pane's component classes included) before the
    first frame. Later resumes restyle as usual.
    """

    def __init__(self) -> None:
        super().__init__(id="_default")  # the id Textual gives its own default screen
        self._resumed = False

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # runs before Screen's own handler (subclass first), which reads the flag
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False
