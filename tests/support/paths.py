"""Where the suite finds files, whichever folder a test file sits in."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
"""The tests/ folder."""
ROOT = TESTS.parent
"""The repository: pyproject.toml, README.md, the package folders."""
ICS_FIXTURES = TESTS / "fixtures" / "ics"
"""Real calendar exports (Google, Exchange, Apple) with their licences."""
SHARED_CONTRACTS = ROOT.parent / "shared" / "contracts" / "jira"
"""Atlassian's OpenAPI documents, kept beside the checkout (../shared/contracts/jira)."""
