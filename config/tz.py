"""The system's time zone as a `ZoneInfo`, without extra dependencies.

Order: the `TZ` environment variable, the `/etc/localtime` symlink target, the
`/etc/timezone` file, the `/etc/localtime` file itself; UTC when none can be told.
"""

from __future__ import annotations

import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

LOCALTIME = Path("/etc/localtime")
TIMEZONE_FILE = Path("/etc/timezone")


def zone_from_key(key: str | None) -> ZoneInfo | None:
    """`ZoneInfo(key)` for a valid IANA key (a leading ':' as in TZ is allowed), else None."""
    if not key:
        return None
    key = key.strip().removeprefix(":")
    if key.startswith("/"):
        return _zone_from_path(Path(key))
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def system_zone(
    environ: dict[str, str] | None = None,
    localtime: Path = LOCALTIME,
    timezone_file: Path = TIMEZONE_FILE,
) -> ZoneInfo:
    """The zone this machine shows times in; UTC when it cannot be told."""
    env = os.environ if environ is None else environ
    zone = zone_from_key(env.get("TZ"))
    if zone is not None:
        return zone
    zone = _zone_from_path(localtime)
    if zone is not None:
        return zone
    try:
        zone = zone_from_key(timezone_file.read_text(encoding="utf-8").strip())
    except OSError:
        zone = None
    if zone is not None:
        return zone
    try:
        with localtime.open("rb") as fh:
            return ZoneInfo.from_file(fh, key="localtime")
    except (OSError, ValueError):
        return ZoneInfo("UTC")


def _zone_from_path(path: Path) -> ZoneInfo | None:
    """The IANA key from a zoneinfo path such as /usr/share/zoneinfo/Europe/Lisbon."""
    try:
        target = str(path.resolve()) if path.is_symlink() or path.is_absolute() else str(path)
    except OSError:
        return None
    marker = "zoneinfo/"
    if marker not in target:
        return None
    key = target.split(marker, 1)[1].removeprefix("posix/").removeprefix("right/")
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
