"""`@record` behaves as `@dataclass(frozen=True)`: checked side by side on twin classes."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from collections.abc import Callable
from typing import Any, ClassVar, cast

import pytest

from cockpit.records import record

Decorator = Callable[[type], type]
PLAIN: Decorator = dataclasses.dataclass(frozen=True)
PLAIN_SLOTS: Decorator = dataclasses.dataclass(frozen=True, slots=True)
RECORD: Decorator = record
RECORD_SLOTS: Decorator = record(slots=True)
PAIRS = [(PLAIN, RECORD), (PLAIN_SLOTS, RECORD_SLOTS)]


def point(deco: Decorator) -> type:
    """The same class body under either decorator (same qualname, so same repr)."""

    class Point:
        x: int
        y: float = 0.0
        tags: tuple[str, ...] = ()
        note: str = dataclasses.field(default="", compare=False)
        secret: str = dataclasses.field(default="", repr=False)
        items: list[object] = dataclasses.field(default_factory=list, hash=False)

    return deco(Point)


NAN = float("nan")  # one object: hash(nan) depends on identity


def samples(cls: type) -> list[Any]:
    return [
        cls(1),
        cls(1, 2.5, ("a",), "n", "s"),
        cls(1, 2.5, ("a",), "other note", "s"),
        cls(2, NAN),
        cls(x=3, secret="hidden", items=[1, 2]),
    ]


@pytest.mark.parametrize(("plain", "rec"), PAIRS)
def test_repr_eq_hash_match_a_dataclass(plain: Decorator, rec: Decorator) -> None:
    a, b = samples(point(plain)), samples(point(rec))
    assert [repr(x) for x in a] == [repr(x) for x in b]
    eq_a = [[x == y for y in a] for x in a]
    eq_b = [[x == y for y in b] for x in b]
    assert eq_a == eq_b
    assert eq_b[1][2]  # `note` is not compared
    assert [hash(x) for x in a if not x.items] == [hash(x) for x in b if not x.items]
    assert hash(b[1]) == hash(b[2])
    assert (b[0] == a[0]) is False and b[0] != "P"  # other classes: NotImplemented


@pytest.mark.parametrize(("plain", "rec"), PAIRS)
def test_frozen_and_still_a_dataclass(plain: Decorator, rec: Decorator) -> None:
    cls: Any = point(rec)
    twin: Any = point(plain)
    obj = cls(1, items=[3])
    with pytest.raises(dataclasses.FrozenInstanceError):
        obj.x = 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        del obj.y
    assert dataclasses.is_dataclass(cls(2))
    assert [f.name for f in dataclasses.fields(obj)] == [f.name for f in dataclasses.fields(twin)]
    assert dataclasses.replace(obj, y=4.0) == cls(1, 4.0, items=[3])
    assert dataclasses.asdict(obj) == dataclasses.asdict(twin(1, items=[3]))
    assert cls.__match_args__ == twin.__match_args__
    assert cls.__dataclass_params__.frozen and cls.__dataclass_params__.eq
    assert cls.__repr__.__qualname__ == twin.__repr__.__qualname__
    assert hasattr(obj, "__dict__") == hasattr(twin(1), "__dict__")


@record(slots=True)
class Pickled:
    """Pickle finds classes by their module-level name."""

    a: int
    b: str = "b"


def test_pickles_with_slots() -> None:
    obj = Pickled(1)
    assert pickle.loads(pickle.dumps(obj)) == obj


def test_recursive_repr_as_a_dataclass() -> None:
    for deco in (PLAIN, RECORD):

        class Box:
            items: list[object]

        box = cast(Any, deco(Box))([])
        box.items.append(box)
        assert repr(box).endswith("Box(items=[...])")


def test_keeps_what_the_class_defines() -> None:
    @record
    class Own:
        a: int

        def __repr__(self) -> str:
            return "own"

        def __hash__(self) -> int:
            return 7

    @record
    class OnlyEq:
        a: int

        def __eq__(self, other: object) -> bool:
            return True

    assert repr(Own(1)) == "own" and hash(Own(1)) == 7 and Own(1) != Own(2)
    assert OnlyEq(1) == OnlyEq(2)
    assert hash(OnlyEq(1)) == hash((1,))  # a lone __eq__ still gets the field hash


def test_no_fields() -> None:
    @record
    class Empty:
        pass

    assert Empty() == Empty() and hash(Empty()) == hash(()) and repr(Empty()).endswith("Empty()")


@pytest.mark.parametrize(("plain", "rec"), PAIRS)
def test_init_as_a_dataclass(plain: Decorator, rec: Decorator) -> None:
    cls: Any = point(rec)
    twin: Any = point(plain)
    assert str(inspect.signature(cls)) == str(inspect.signature(twin))
    assert cls.__init__.__annotations__ == twin.__init__.__annotations__
    assert cls(1).items is not cls(1).items  # a fresh default_factory value each time
    assert cls(1, items=[5]).items == [5]
    with pytest.raises(TypeError):
        cls()


def test_post_init_and_generated_doc() -> None:
    seen: list[int] = []

    def make(deco: Decorator) -> Any:
        class Doc:
            a: int

            def __post_init__(self) -> None:
                seen.append(self.a)

        return deco(Doc)

    assert make(RECORD)(3).a == 3 and seen == [3]
    assert make(RECORD).__doc__ == make(PLAIN).__doc__ == "Doc(a: 'int')"


def test_refuses_what_it_does_not_support() -> None:
    class KwOnly:
        a: int = dataclasses.field(kw_only=True)

    class NotInit:
        a: int = dataclasses.field(default=0, init=False)

    class Order:
        a: int = 0
        b: int

    class OwnSetattr:
        a: int

        def __setattr__(self, name: str, value: object) -> None:
            object.__setattr__(self, name, value)

    class Init:
        a: dataclasses.InitVar[int]

    for cls in (KwOnly, NotInit, Order, OwnSetattr, Init):
        with pytest.raises(TypeError):
            record(cls)


def test_class_variables_are_not_fields() -> None:
    @record
    class Counted:
        limit: ClassVar[int] = 3
        a: int = 0

    assert [f.name for f in dataclasses.fields(Counted)] == ["a"] and Counted(1).limit == 3


def test_init_is_compiled_when_first_used_then_kept() -> None:
    @record(slots=True)
    class Late:
        a: int
        b: str = "x"

    assert not inspect.isfunction(Late.__dict__["__init__"])  # not compiled yet
    assert str(inspect.signature(Late)) == "(a: 'int', b: 'str' = 'x') -> None"  # compiles it
    init = Late.__dict__["__init__"]
    assert inspect.isfunction(init) and init.__qualname__.endswith("Late.__init__")
    assert Late(1) == Late(1, "x") and Late.__dict__["__init__"] is init  # compiled once

    @record
    class First:
        a: int

    assert First(a=2).a == 2 and inspect.isfunction(First.__dict__["__init__"])
    with pytest.raises(TypeError):
        First()  # type: ignore[call-arg]


def test_many_threads_making_the_first_instances_at_once() -> None:
    from concurrent.futures import ThreadPoolExecutor

    @record(slots=True)
    class Shared:
        a: int
        b: tuple[int, ...] = ()

    with ThreadPoolExecutor(8) as pool:
        made = list(pool.map(lambda n: Shared(n, (n,)), range(200)))
    assert [(m.a, m.b) for m in made] == [(n, (n,)) for n in range(200)]


def test_a_bad_field_order_is_refused_when_the_class_is_made() -> None:
    with pytest.raises(TypeError, match="non-default argument 'b'"):

        @record
        class Bad:
            a: int = 0
            b: int  # type: ignore[misc]
