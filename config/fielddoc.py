"""`doc()`: a dataclass field that carries its documentation, for config sections."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import field
from types import MappingProxyType
from typing import Any


def doc(text: str, default: Any = dataclasses.MISSING, **extra: Any) -> Any:
    """A dataclass field carrying its documentation (and validation hints) as metadata."""
    meta = {"doc": text, **extra}
    if default is dataclasses.MISSING:
        return field(metadata=meta)
    if isinstance(default, Mapping):
        return field(default_factory=lambda: MappingProxyType({}), metadata=meta)
    return field(default=default, metadata=meta)
