"""Frozen records: frozen dataclasses that cost less to create at start.

Python 3.11's `@dataclass` compiles each generated method with its own `exec`, and
~45 frozen dataclasses are created on the way to the first frame. `@record` is
`@dataclass(frozen=True)` (a real dataclass: `fields`, `replace`, `asdict` and
pickling work) whose `__repr__`, `__eq__` and `__hash__` are built from
`operator.attrgetter` over the field names instead of compiled source. They give
the same results as the generated ones; tests/unit/test_records.py checks that.
"""

from __future__ import annotations

import dataclasses
import reprlib
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

C = TypeVar("C", bound=type)
Key = Callable[[object], tuple[object, ...]]


def _key(names: tuple[str, ...]) -> Key:
    """The fields' values as a tuple, as the generated methods build it."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda obj: ()


def _methods(names: tuple[str, ...], compared: Key, hashed: Key) -> dict[str, Any]:
    @reprlib.recursive_repr()
    def __repr__(self: object) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"

    def __eq__(self: object, other: object) -> bool:
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    def __hash__(self: object) -> int:
        return hash(hashed(self))

    return {"__repr__": __repr__, "__eq__": __eq__, "__hash__": __hash__}


def _build(cls: C, slots: bool) -> C:
    body = dict(cls.__dict__)
    built: Any = dataclasses.dataclass(cls, frozen=True, repr=False, eq=False, slots=slots)
    params = built.__dataclass_params__
    params.repr = params.eq = True
    fields = dataclasses.fields(built)
    methods = _methods(
        tuple(f.name for f in fields if f.repr),
        _key(tuple(f.name for f in fields if f.compare)),
        _key(tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash))),
    )
    # As @dataclass: keep what the class defines itself (a lone `__eq__` in the
    # body sets `__hash__` to None, which does not count as defining it).
    if "__hash__" in body and not (body["__hash__"] is None and "__eq__" in body):
        del methods["__hash__"]
    for name, method in methods.items():
        if name not in body or name == "__hash__":
            method.__qualname__ = f"{built.__qualname__}.{name}"
            setattr(built, name, method)
    return built  # type: ignore[no-any-return]


@overload
def record(cls: C, /) -> C: ...


@overload
def record(*, slots: bool = False) -> Callable[[C], C]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def record(cls: C | None = None, /, *, slots: bool = False) -> C | Callable[[C], C]:
    """`@dataclass(frozen=True)` (or `(frozen=True, slots=True)`), cheaper to create."""

    def wrap(cls: C) -> C:
        return _build(cls, slots)

    return wrap if cls is None else wrap(cls)
