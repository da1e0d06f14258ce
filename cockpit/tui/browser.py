"""Opening links safely: https (and meeting-app schemes) only, never through a shell.

A console browser (lynx, w3m) would take over the cockpit's terminal, so when
`webbrowser` would pick one we show the link instead of opening it.
"""

from __future__ import annotations

import threading
import webbrowser
from urllib.parse import urlsplit

from cockpit.sources.join_links import is_safe_link


def open_in_browser(url: str) -> str:
    """Open `url` in a graphical browser in the background; return what happened."""
    if not is_safe_link(url):
        return "Not opened: only https and meeting links are opened."
    host = urlsplit(url).hostname or url
    if host.endswith(".invalid"):
        return f"Demo workspace: {url} is not a real site."
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return f"No browser found; the link is {url}"
    if isinstance(browser, webbrowser.GenericBrowser) and not isinstance(
        browser, webbrowser.BackgroundBrowser
    ):
        return f"Only a console browser is available; the link is {url}"
    threading.Thread(target=browser.open, args=(url,), daemon=True).start()
    return f"Opening {host} in your browser."
