"""The keymap table in the config package is the app's and widgets' real bindings.

`cockpit.config.keymap` checks `[keymap]` without importing Textual, from a plain
table of binding ids and default keys; these tests keep that table equal to the
`Binding(id=...)`s the app and widgets declare, and its key names to Textual's.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import string

from support.paths import ROOT
from textual.binding import Binding
from textual.keys import _character_to_key

import cockpit.widgets
from cockpit.config.keymap import (
    BINDING_IDS,
    DEFAULT_KEYS,
    SCOPES,
    keymap_problems,
    normalize_key,
)
from cockpit.tui.app import CockpitApp


def declared_bindings() -> dict[str, dict[str, str]]:
    """{class name: {binding id: keys}} for every class of the app and widgets with ids."""
    classes: list[type] = [CockpitApp]
    for module in pkgutil.iter_modules(cockpit.widgets.__path__):
        found = importlib.import_module(f"cockpit.widgets.{module.name}")
        classes += [c for _, c in inspect.getmembers(found, inspect.isclass)
                    if c.__module__.startswith("cockpit.")]  # fmt: skip
    declared: dict[str, dict[str, str]] = {}
    for cls in classes:
        own = [b for b in cls.__dict__.get("BINDINGS", ()) if isinstance(b, Binding) and b.id]
        if own:
            declared[cls.__name__] = {b.id: b.key for b in own if b.id}
    return declared


def test_the_table_is_the_declared_bindings() -> None:
    assert declared_bindings() == DEFAULT_KEYS
    ids = {binding for keys in declared_bindings().values() for binding in keys}
    assert set(BINDING_IDS) == ids


def test_every_class_with_keys_is_in_a_scope() -> None:
    in_scopes = {cls for classes in SCOPES.values() for cls in classes}
    assert in_scopes == set(DEFAULT_KEYS)


def test_the_readme_lists_every_id() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ids = readme[readme.index("the ids are") :].split(")", 1)[0]
    listed = set(re.findall(r"`([a-z_0-9]+)`", ids))
    listed |= {f"focus_{pane}" for pane in ("calls", "blocked")}  # focus_today..focus_backlog
    listed |= {f"focus_{n}" for n in range(6, 9)}  # focus_5..focus_9
    assert listed == set(BINDING_IDS)


def test_the_defaults_do_not_clash() -> None:
    assert keymap_problems({}) == []


def test_key_names_are_textuals() -> None:
    for character in string.printable.strip() + "é€§":
        assert normalize_key(character) == _character_to_key(character), character
    assert normalize_key("shift+down") == "shift+down"


def test_rebinding_a_key_away_frees_it() -> None:
    assert keymap_problems({"quit": "ctrl+x", "move_down": "q"}) == []
    assert keymap_problems({"quit": "Q", "refresh": "q"}) == []


def test_every_problem_is_listed_once() -> None:
    problems = keymap_problems({"refresh": "q", "nope": "x", "move_down": "q"})
    assert [key for key, _ in problems] == ["keymap.nope", "keymap", "keymap"]
    clashes = [what for _, what in problems[1:]]
    assert clashes == [
        "'q' is bound to both quit and refresh (in the Today and Customer calls panes;"
        " the Blocked pane; your own panes; the Roadmap screen)",
        "'q' is bound to move_down, quit and refresh (in the Backlog pane)",
    ]
