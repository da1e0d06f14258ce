"""What a remote site told us about itself, kept per site across runs.

A Jira site's custom field ids and status names change rarely, yet finding them
costs a round trip before the first search of every run. The store keeps each as
JSON under (site, kind); the source decides when it is stale and asks again.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from cockpit.store.base import StoreBase, from_text, to_utc_text


class SiteMeta(StoreBase):
    """Store mixin: load, save and forget a site's metadata."""

    def load_site_meta(self, site: str, kind: str) -> tuple[Any, datetime] | None:
        """(data, when it was fetched) for `site` and `kind`, or None."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT data, fetched_at FROM site_meta WHERE site = ? AND kind = ?", (site, kind)
            ).fetchone()
        if row is None:
            return None
        fetched_at = from_text(row["fetched_at"])
        assert fetched_at is not None
        return json.loads(row["data"]), fetched_at

    def save_site_meta(self, site: str, kind: str, data: Any, fetched_at: datetime) -> None:
        """Replace what is kept of `kind` for `site`; committed on return."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO site_meta (site, kind, data, fetched_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (site, kind) DO UPDATE SET"
                " data = excluded.data, fetched_at = excluded.fetched_at",
                (site, kind, json.dumps(data, separators=(",", ":")), to_utc_text(fetched_at)),
            )

    def forget_site_meta(self, site: str) -> None:
        """Drop everything kept for `site` (it will be asked again)."""
        with self._write() as conn:
            conn.execute("DELETE FROM site_meta WHERE site = ?", (site,))
