"""What `cockpit init` gathers as it asks: the config document and the secrets to store."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Answers:
    """What init gathered; `secrets` are stored only once the file is written."""

    document: dict[str, Any] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)
