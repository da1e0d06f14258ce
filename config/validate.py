"""Reading TOML tables into the config's dataclasses, by their type hints.

The generic half of `cockpit.config.loader`: one `ConfigError` line per mistake
(file, dotted key, what was expected), unknown keys with a did-you-mean, types
converted strictly; values that look like secrets are never echoed.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import math
import typing
from collections.abc import Collection, Mapping
from pathlib import Path
from types import UnionType
from typing import Any


class ConfigError(Exception):
    """A mistake in config.toml; `str()` is one line: file, key, what was expected."""

    def __init__(self, path: Path | str, key: str | None, expected: str) -> None:
        self.path = Path(path)
        self.key = key
        self.expected = " ".join(expected.split())
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}: {self.key}: " if self.key else f"{self.path}: "
        return where + self.expected


def looks_secret(text: str) -> bool:
    """Long, unbroken and mixing letters with digits: a token or password in the wrong key."""
    if len(text) < 16 or any(c.isspace() for c in text):
        return False
    return any(c.isdigit() for c in text) and any(c.isalpha() for c in text)


def show(value: Any) -> str:
    """A short one-line rendering of a (non-secret) TOML value for messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        if looks_secret(value):
            return f"a {len(value)}-character value (not shown: it may be a secret)"
        text = json.dumps(value, ensure_ascii=False)
        return text if len(text) <= 60 else text[:56] + '..."'
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def type_name(value: Any) -> str:
    names = {bool: "a boolean", str: "a string", int: "an integer", float: "a number"}
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return f"{names.get(type(value), type(value).__name__)} ({show(value)})"


class TableReader:
    """Turns TOML tables into schema dataclasses by their type hints, raising
    ConfigError with dotted keys; `check` is the hook for each key's own rule."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, expected: str) -> typing.NoReturn:
        raise ConfigError(self.path, key, expected)

    def unknown(
        self, table: Mapping[str, Any], cls: type, prefix: str, skip: Collection[str] = ()
    ) -> None:
        allowed = [f.name for f in dataclasses.fields(cls) if f.name not in skip]
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f' (did you mean "{close[0]}"?)' if close else ""
                self.fail(
                    f"{prefix}{key}",
                    f"unknown key{hint}; expected one of: {', '.join(allowed)}",
                )

    def section(self, table: Any, cls: type, prefix: str) -> Any:
        if not isinstance(table, dict):
            self.fail(prefix, f"expected a table, got {type_name(table)}")
        self.unknown(table, cls, prefix + ".")
        hints = typing.get_type_hints(cls)
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            key = f"{prefix}.{f.name}"
            if f.name not in table:
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                    self.fail(key, f"required key missing ({f.metadata['doc'].rstrip('.')})")
                continue
            value = self.convert(table[f.name], hints[f.name], key)
            values[f.name] = self.check(value, f.metadata, key)
        return cls(**values)

    def convert(self, value: Any, hint: Any, key: str) -> Any:
        origin = typing.get_origin(hint)
        if origin in (typing.Union, UnionType):
            (inner,) = [a for a in typing.get_args(hint) if a is not type(None)]
            return self.convert(value, inner, key)
        if origin is typing.Literal:
            choices = typing.get_args(hint)
            if value not in choices:
                quoted = ", ".join(f'"{c}"' for c in choices)
                self.fail(key, f"expected one of {quoted}, got {show(value)}")
            return value
        if origin is tuple and typing.get_args(hint)[0] is int:
            if not isinstance(value, list):
                self.fail(key, f"expected a list of ids, got {type_name(value)}")
            return tuple(self.convert(item, int, f"{key}[{i}]") for i, item in enumerate(value))
        if origin is tuple:
            if not isinstance(value, list):
                self.fail(key, f"expected a list of strings, got {type_name(value)}")
            for i, item in enumerate(value):
                if not isinstance(item, str):
                    self.fail(f"{key}[{i}]", f"expected a string, got {type_name(item)}")
            return tuple(value)
        if hint is bool:
            if not isinstance(value, bool):
                self.fail(key, f"expected true or false, got {type_name(value)}")
            return value
        if hint is int:
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                self.fail(key, f"expected a positive whole number, got {type_name(value)}")
            return value
        if hint is float:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                self.fail(key, f"expected a number of seconds, got {type_name(value)}")
            if not math.isfinite(value):
                self.fail(key, f"expected a finite number of seconds, got {show(value)}")
            return float(value)
        if hint in (str, Path):
            if not isinstance(value, str):
                self.fail(key, f"expected a string, got {type_name(value)}")
            return self.path_value(value, key) if hint is Path else value
        raise TypeError(f"unsupported schema type {hint!r}")  # pragma: no cover

    def path_value(self, value: str, key: str) -> Path:
        path = Path(value).expanduser()
        if not path.is_absolute():
            path = self.path.parent / path
        if not path.is_file():
            self.fail(key, f"expected an existing file, {path} is not one")
        return path

    def check(self, value: Any, meta: Mapping[str, Any], key: str) -> Any:
        """A key's own rule (its schema metadata says which); the value as kept."""
        return value
