"""A Jira site's custom field ids and status names: asked once per site, not per run.

`JiraCatalog` discovers them (GET /field and GET /status) and, given a `SiteMemory`,
keeps them across runs, so the first refresh of a known site goes straight to its
searches. What was remembered is trusted until the site says otherwise: a page of
issues without a remembered field it asked for, or a search refused (HTTP 400, e.g.
for a `cf[...]` or a status that is gone). Then both are asked again, once, and the
read is repeated (`JiraClient` does that). They are also asked again after a week,
to see fields added since.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import asdict, fields
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from cockpit.sources.errors import BadResponse
from cockpit.sources.jira_fields import SOURCE, JiraFields, discover_fields

FIELDS, STATUSES = "jira fields", "jira statuses"
MAX_AGE = timedelta(days=7)
CHECKED = ("flagged", "rank", "points")
"""Fields every issue carries once asked for (null when empty): one missing from a
whole page means the remembered id is gone. (Epic Link is absent on some sites.)"""
_NAMES = frozenset(f.name for f in fields(JiraFields))


class SiteMemory(Protocol):
    """Where a site's metadata is kept between runs (`cockpit.sync` puts it in the store)."""

    def load(self, kind: str) -> tuple[Any, datetime] | None:
        """(data, when it was fetched), or None."""

    async def save(self, kind: str, data: Any) -> None:
        """Keep `data` as the site's `kind` (JSON-able)."""


class StaleSite(Exception):
    """A remembered field id no longer holds; `JiraClient` asks the site again."""


def status_names(data: Any) -> set[str]:
    """The lower-case status names in GET /status."""
    if not isinstance(data, list):
        raise BadResponse(SOURCE, "Jira's status list was not a list.")
    return {str(s.get("name", "")).lower() for s in data if isinstance(s, dict)}


def _remembered_fields(data: Any) -> JiraFields | None:
    if not isinstance(data, dict):
        return None
    kept = {k: v for k, v in data.items() if k in _NAMES and (v is None or isinstance(v, str))}
    return JiraFields(**kept)


def _remembered_statuses(data: Any) -> set[str] | None:
    if not isinstance(data, list) or not all(isinstance(s, str) for s in data):
        return None
    return set(data)


class JiraCatalog:
    """The site's field ids and status names, remembered in `memory` when there is one."""

    def __init__(
        self,
        get_json: Callable[[str], Awaitable[Any]],
        memory: SiteMemory | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._get = get_json
        self.memory = memory
        self._clock = clock
        self._fields: JiraFields | None = None
        self._statuses: set[str] | None = None
        self.remembered = False
        """Something in use came from memory and has not been confirmed by the site."""
        self.generation = 0
        """Bumped by each rediscovery, so concurrent readers rediscover once."""
        self._asking = {FIELDS: asyncio.Lock(), STATUSES: asyncio.Lock()}
        """One per kind, so fields and statuses are asked at once."""
        self._asking_again = asyncio.Lock()

    async def fields(self) -> JiraFields:
        """The custom field ids; concurrent callers share one request."""
        if self._fields is None:
            async with self._asking[FIELDS]:
                if self._fields is None:
                    self._fields = self._recall(FIELDS, _remembered_fields)
                    if self._fields is None:
                        self._fields = discover_fields(await self._get("/field"))
                        await self._keep(FIELDS, asdict(self._fields))
        return self._fields

    async def learn_fields(self, field_list: Any) -> None:
        """GET /field as someone else asked for it (a custom pane's columns): the custom
        field ids come from it too, unless they are known already."""
        if self._fields is None:
            async with self._asking[FIELDS]:
                if self._fields is None:
                    self._fields = discover_fields(field_list)
                    await self._keep(FIELDS, asdict(self._fields))

    async def statuses(self) -> set[str]:
        """The site's status names, lower case."""
        if self._statuses is None:
            async with self._asking[STATUSES]:
                if self._statuses is None:
                    self._statuses = self._recall(STATUSES, _remembered_statuses)
                    if self._statuses is None:
                        self._statuses = status_names(await self._get("/status"))
                        await self._keep(STATUSES, sorted(self._statuses))
        return self._statuses

    def check_page(self, ids: JiraFields, wanted: Collection[str], issues: Sequence[Any]) -> None:
        """Raise StaleSite when no issue of a page has a remembered field it asked for."""
        if not self.remembered or ids is not self._fields or not issues:
            return
        for name in CHECKED:
            field_id = getattr(ids, name)
            if field_id in wanted and not any(field_id in _fields_of(i) for i in issues):
                raise StaleSite(f"Jira sent no {field_id} ({name}) with its issues.")

    async def rediscover(self, seen: int) -> bool:
        """Ask the site again for what was remembered (once for readers that saw
        generation `seen`); False when nothing remembered was in use."""
        async with self._asking_again:
            if self.generation != seen:
                return True  # another reader asked already
            if not self.remembered:
                return False
            found, names = await asyncio.gather(self._get("/field"), self._get("/status"))
            self._fields, self._statuses = discover_fields(found), status_names(names)
            self.remembered = False
            self.generation += 1
            await self._keep(FIELDS, asdict(self._fields))
            await self._keep(STATUSES, sorted(self._statuses))
            return True

    def _recall(self, kind: str, read: Callable[[Any], Any]) -> Any:
        kept = self.memory.load(kind) if self.memory is not None else None
        if kept is None or self._clock() - kept[1] > MAX_AGE:
            return None
        value = read(kept[0])
        self.remembered = self.remembered or value is not None
        return value

    async def _keep(self, kind: str, data: Any) -> None:
        if self.memory is not None:
            await self.memory.save(kind, data)


def _fields_of(issue: Any) -> Collection[str]:
    fields_ = issue.get("fields") if isinstance(issue, dict) else None
    return fields_ if isinstance(fields_, dict) else ()
