"""Is a host this machine? Plain http:// is allowed only there (config, Jira, calendars)."""

from __future__ import annotations

import ipaddress


def is_loopback(host: str) -> bool:
    """True for localhost (and *.localhost) and loopback addresses, IPv4 or IPv6."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
