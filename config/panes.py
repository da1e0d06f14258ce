"""`[[panes]]` and `[layout]`: panes from any JQL, and which panes the main screen shows.

The built-in panes are named by their ids (`today`, `calls`, `blocked`, `backlog`);
a `[[panes]]` table is named by its title. `[layout] panes` lists the names in the
order the main screen shows them (keys 1-9 follow it); `blocked_site` and
`backlog_site` name the `[[jira]]` site the two built-in Jira panes read and write.
Without `[layout]` the four built-in panes come first, then every `[[panes]]` table
in file order.
"""

from __future__ import annotations

from cockpit.config.fielddoc import doc
from cockpit.records import record

BUILTIN_PANES: tuple[str, ...] = ("today", "calls", "blocked", "backlog")
"""The built-in panes' ids, as `[layout] panes` names them, in their usual order."""
MAX_PANES = 9
"""Keys 1-9 reach the panes: a layout has at most nine."""
DEFAULT_COLUMNS: tuple[str, ...] = ("key", "priority", "summary", "status", "assignee", "age")


@record
class PaneConfig:
    """`[[panes]]`: a pane from any JQL, with the columns you choose."""

    title: str = doc(
        'The pane\'s title, e.g. "Production incidents"; `[layout] panes` and '
        "`cockpit pane TITLE` name it by this.",
        check="name",
    )
    jql: str = doc("The JQL query whose issues the pane lists, in its ORDER BY.", check="nonempty")
    columns: tuple[str, ...] = doc(
        "Columns: any field by name or id (custom fields too), or key, summary, status, "
        "priority, assignee, type, points, labels, age (days since created), due; default: "
        '["key", "priority", "summary", "status", "assignee", "age"].',
        DEFAULT_COLUMNS,
    )
    site: str | None = doc(
        "The `[[jira]]` site (its name) the query runs on; default: the first site.",
        None,
        check="nonempty",
    )

    @property
    def name(self) -> str:
        """How `[layout]` and the pane's cache name it."""
        return self.title


@record
class LayoutConfig:
    """`[layout]`: which panes the main screen shows, in what order."""

    panes: tuple[str, ...] = doc(
        'Pane names in order: "today", "calls", "blocked", "backlog" and the titles of '
        "your [[panes]] (at most nine; keys 1-9 follow this order); default: the four "
        "built-in panes, then your [[panes]].",
        (),
    )
    blocked_site: str | None = doc(
        "The `[[jira]]` site (its name) the Blocked pane searches, with that site's "
        "projects and blocked_jql; default: the first site.",
        None,
        check="nonempty",
    )
    backlog_site: str | None = doc(
        "The `[[jira]]` site (its name) whose board and boards the Backlog pane shows; "
        "its moves and priorities are written there; default: the first site.",
        None,
        check="nonempty",
    )


def default_layout(panes: tuple[PaneConfig, ...]) -> tuple[str, ...]:
    """The built-in panes, then the custom ones, at most nine."""
    return (*BUILTIN_PANES, *(p.title for p in panes))[:MAX_PANES]
