"""A stateful fake Jira (Cloud and Data Center) following Atlassian's OpenAPI contract.

Use `FakeJira(...).transport()` in-process, or `python -m cockpit.fakejira` (see
`cockpit.fakejira.server`) on a loopback port. `synthetic_jira(n)` makes a big one.
"""

from cockpit.fakejira.core import DEFAULT_SITE, FakeJira, FakeResponse, Fault, LoggedRequest
from cockpit.fakejira.routes import route
from cockpit.fakejira.state import FakeComment, FakeIssue, FieldIds
from cockpit.fakejira.synthetic import synthetic_jira

FakeJira.ROUTER = route  # the routes know the fake; the fake only knows this hook

__all__ = [
    "DEFAULT_SITE",
    "FakeComment",
    "FakeIssue",
    "FakeJira",
    "FakeResponse",
    "Fault",
    "FieldIds",
    "LoggedRequest",
    "synthetic_jira",
]
