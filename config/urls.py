"""URLs in the config, checked whole: scheme, host, port, characters, query, credentials.

A URL that passes here is one the sources can use as it is; whatever would fail
later (a space, a query on a site address, a bad port) fails now with one line.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit, urlunsplit

from cockpit.config.loopback import is_loopback

# Characters RFC 3986 never allows in a URL (a space and controls are checked apart).
_NEVER_IN_URLS = frozenset('<>"{}|\\^`')
_HOST_NAME = re.compile(r"^[\w-]+(\.[\w-]+)*\.?$")


def check_url(value: str, *, allow_webcal: bool = False, allow_query: bool = False) -> str:
    """The URL normalised (webcal -> https), or ValueError saying what was expected.

    https, or http only to a loopback host; a valid host and port; no whitespace or
    control characters; no user name or password. A site or server address takes no
    ?query or #fragment; with `allow_query` (a calendar feed) a query is kept and a
    fragment, never sent to the server, is dropped.
    """
    text = value.strip()
    for c in text:
        if c.isspace() or not c.isprintable():
            found = "a space" if c == " " else f"the control character {c!a}"
            raise ValueError(f"expected a URL without spaces or control characters, found {found}")
        if c in _NEVER_IN_URLS:
            raise ValueError(f"expected a URL, found {c!a} in it (write it %-encoded)")
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if allow_webcal and scheme in ("webcal", "webcals"):
        scheme = "https"
    if scheme not in ("https", "http") or not parts.hostname or not _valid_host(parts.hostname):
        raise ValueError("expected an https:// URL with a valid host name")
    if parts.username is not None or parts.password is not None:
        raise ValueError(
            "expected a URL without a user name or password in it "
            "(user names have their own key; secrets go to the keyring)"
        )
    try:
        port = parts.port  # ValueError when not a number from 0 to 65535
    except ValueError:
        port = 0
    if port == 0:
        raise ValueError("expected a port number from 1 to 65535 after the host")
    if not allow_query and (parts.query or parts.fragment):
        raise ValueError(
            f"expected the address alone, without ?query or #fragment "
            f"(e.g. {scheme}://{parts.netloc}{parts.path})"
        )
    if scheme == "http" and not is_loopback(parts.hostname):
        raise ValueError(
            f"expected https:// (plain http:// is allowed only for loopback, not {parts.hostname})"
        )
    return urlunsplit((scheme, parts.netloc, parts.path, parts.query, ""))


def _valid_host(host: str) -> bool:
    if ":" in host:  # an IPv6 literal (urlsplit took off the brackets)
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return False
        return True
    return bool(_HOST_NAME.match(host))
