"""Frozen records: frozen dataclasses that cost less to create at start.

Python 3.11's `@dataclass` compiles each generated method with its own `exec`, and
~45 frozen dataclasses are created on the way to the first frame (~12 ms of CPU).
`@record` is `@dataclass(frozen=True)` (a real dataclass: `fields`, `replace`,
`asdict` and pickling work) that compiles only `__init__`, and only once it is
first used (`_LazyInit`): `__repr__`, `__eq__` and `__hash__` come from
`operator.attrgetter` over the field names, and the frozen `__setattr__` and
`__delattr__` are closures. They behave as the generated ones;
tests/unit/test_records.py checks that side by side. Fields must be plain: no
`init=False`, `kw_only` or `InitVar` (a TypeError says to use @dataclass).
"""

from __future__ import annotations

import dataclasses
import inspect
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


class _Factory:
    """The default of a parameter whose field has a `default_factory`."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


def _check(fields: tuple[dataclasses.Field[Any], ...]) -> None:
    """Refuse, when the class is made, the fields `_init` cannot write."""
    defaulted = False
    for f in fields:
        if not f.init or f.kw_only or f.name == "self":
            raise TypeError(f"@record does not support field {f.name!r}; use @dataclass")
        has_default = (
            f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        )
        if defaulted and not has_default:  # @dataclass says the same
            raise TypeError(f"non-default argument {f.name!r} follows default argument")
        defaulted = defaulted or has_default


def _init(fields: tuple[dataclasses.Field[Any], ...], post_init: bool) -> Any:
    """`__init__` as @dataclass(frozen=True) writes it (fields already `_check`ed)."""
    scope: dict[str, Any] = {"__r_set__": object.__setattr__, "__r_factory__": _FACTORY}
    params, lines = ["self"], []
    for f in fields:
        value = f.name
        if f.default is not dataclasses.MISSING:
            scope[f"__r_default_{f.name}__"] = f.default
            params.append(f"{f.name}=__r_default_{f.name}__")
        elif f.default_factory is not dataclasses.MISSING:
            scope[f"__r_factory_{f.name}__"] = f.default_factory
            params.append(f"{f.name}=__r_factory__")
            value = f"__r_factory_{f.name}__() if {f.name} is __r_factory__ else {f.name}"
        else:
            params.append(f.name)
        lines.append(f"__r_set__(self, {f.name!r}, {value})")
    if post_init:
        lines.append("self.__post_init__()")
    source = f"def __init__({', '.join(params)}):\n    " + "\n    ".join(lines or ["pass"])
    exec(source, scope)  # the same code @dataclass generates
    init = scope["__init__"]
    init.__annotations__ = {f.name: f.type for f in fields} | {"return": None}
    return init


class _LazyInit:
    """A record's `__init__` until it is first looked up (by its first instance, or by
    `inspect`): then compiled, put in the class in its place, and used.

    The compile is most of what a record costs to create (~0.1 ms), and a run never
    makes an instance of many records (a config section it does not have, a screen it
    does not open); those cost no compile.
    """

    def __init__(self, cls: type, fields: tuple[dataclasses.Field[Any], ...], post_init: bool):
        self.cls, self.fields, self.post_init = cls, fields, post_init

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        init = _init(self.fields, self.post_init)
        init.__qualname__ = f"{self.cls.__qualname__}.__init__"
        type.__setattr__(self.cls, "__init__", init)  # two threads at once: the same twice
        return init if obj is None else init.__get__(obj, owner)


def _frozen(cls: Any, names: frozenset[str]) -> dict[str, Any]:
    """`__setattr__`/`__delattr__` as @dataclass(frozen=True) writes them."""

    def __setattr__(self: object, name: str, value: object) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: object, name: str) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return {"__setattr__": __setattr__, "__delattr__": __delattr__}


def _slot_state(cls: type) -> dict[str, Any]:
    """Pickling for frozen slots classes, as @dataclass adds it."""

    def __getstate__(self: object) -> list[object]:
        return [getattr(self, f.name) for f in dataclasses.fields(cls)]

    def __setstate__(self: object, state: list[object]) -> None:
        for f, value in zip(dataclasses.fields(cls), state, strict=False):
            object.__setattr__(self, f.name, value)

    return {"__getstate__": __getstate__, "__setstate__": __setstate__}


def _signature_doc(name: str, fields: tuple[dataclasses.Field[Any], ...]) -> str:
    """ "Name(a: 'int', b: 'str' = '')", the docstring @dataclass gives a class without
    one, written from the fields: `inspect.signature` costs more than the rest of it."""
    params = []
    for f in fields:
        param = f"{f.name}: {inspect.formatannotation(f.type)}"
        if f.default is not dataclasses.MISSING:
            param += f" = {f.default!r}"
        elif f.default_factory is not dataclasses.MISSING:
            param += " = <factory>"
        params.append(param)
    return f"{name}({', '.join(params)})"


_SPECIAL = ("ClassVar", "typing.ClassVar", "InitVar", "dataclasses.InitVar", "KW_ONLY")


def _plain(annotations: dict[str, Any]) -> dict[str, Any]:
    """The annotations as @dataclass should read them: each plain string one (as
    `from __future__ import annotations` makes them all) stood in for by `object`.

    For a string annotation @dataclass matches patterns to tell a ClassVar or InitVar
    (a third of its work on a record); those keep their text and are told the same.
    """
    return {
        name: kind if not isinstance(kind, str) or kind.startswith(_SPECIAL) else object
        for name, kind in annotations.items()
    }


def _build(cls: C, slots: bool) -> C:
    body = dict(cls.__dict__)
    for name in ("__setattr__", "__delattr__"):
        if name in body:
            raise TypeError(f"Cannot overwrite attribute {name} in class {cls.__name__}")
    documented = bool(body.get("__doc__"))
    if not documented:
        cls.__doc__ = "(written below)"  # else @dataclass asks inspect for a signature
    annotations: dict[str, Any] = body.get("__annotations__", {})
    cls.__annotations__ = _plain(annotations)
    built: Any = dataclasses.dataclass(
        cls, init=False, repr=False, eq=False, frozen=False, slots=slots
    )
    built.__annotations__ = annotations
    for f in built.__dataclass_fields__.values():
        f.type = annotations.get(f.name, f.type)
    params = built.__dataclass_params__
    params.init = params.repr = params.eq = params.frozen = True
    fields = dataclasses.fields(built)
    for extra in built.__dataclass_fields__.values():
        if extra not in fields and "ClassVar" not in str(extra.type):  # an InitVar
            raise TypeError(f"@record does not support field {extra.name!r}; use @dataclass")
    methods = _methods(
        tuple(f.name for f in fields if f.repr),
        _key(tuple(f.name for f in fields if f.compare)),
        _key(tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash))),
    )
    _check(fields)
    methods["__init__"] = _LazyInit(built, fields, hasattr(built, "__post_init__"))
    methods |= _frozen(built, frozenset(f.name for f in fields))
    if slots:
        methods |= _slot_state(built)
    # As @dataclass: keep what the class defines itself (a lone `__eq__` in the
    # body sets `__hash__` to None, which does not count as defining it).
    if "__hash__" in body and not (body["__hash__"] is None and "__eq__" in body):
        del methods["__hash__"]
    for name, method in methods.items():
        if name not in body or name == "__hash__":
            if not isinstance(method, _LazyInit):
                method.__qualname__ = f"{built.__qualname__}.{name}"
            setattr(built, name, method)
    if not documented:
        built.__doc__ = _signature_doc(built.__name__, fields)
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
