"""`[[panes]]`, `[layout]` and `theme` in config.toml: read strictly, mistakes named
as for every other key (file, dotted key, what was expected)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cockpit.config.loader import ConfigError, load_config
from cockpit.config.panes import BUILTIN_PANES, DEFAULT_COLUMNS
from cockpit.sync.wiring import workspace_from_config
from cockpit.widgets.pane_grid import grid_shape

COMPANY = (
    '[company]\ndomains = ["acme.com"]\n'
    '[jira]\nurl = "https://acme.atlassian.net"\nemail = "pm@acme.com"\nboard = 42\n'
)
INCIDENTS = """
[[panes]]
title = "Production incidents"
jql = 'project = OPS AND type = Incident ORDER BY priority DESC'
columns = ["key", "priority", "summary", "Story point estimate", "age"]

[[panes]]
title = "Escalations"
jql = "project = CS"
"""


def write(tmp_path: Path, text: str, top: str = "") -> Path:
    """config.toml with `top` (top-level keys), the company, then `text` (tables)."""
    path = tmp_path / "config.toml"
    path.write_text(top + COMPANY + text)
    return path


def test_panes_and_a_layout_load(tmp_path: Path) -> None:
    text = INCIDENTS + '[layout]\npanes = ["backlog", "production INCIDENTS"]\n'
    config = load_config(write(tmp_path, text))
    first, second = config.panes
    assert first.title == "Production incidents" and first.site is None
    assert first.columns[-2:] == ("Story point estimate", "age")
    assert second.columns == DEFAULT_COLUMNS
    assert config.layout.panes == ("backlog", "Production incidents")  # as titled


def test_without_a_layout_the_four_panes_come_first_then_yours(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, INCIDENTS))
    workspace = workspace_from_config(config, data_dir=tmp_path / "data")
    assert workspace.layout == (*BUILTIN_PANES, "Production incidents", "Escalations")
    plain = load_config(write(tmp_path, ""))
    assert workspace_from_config(plain, data_dir=tmp_path / "d2").layout == BUILTIN_PANES
    workspace.store.close()


def test_the_theme_key(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "", top='theme = "nord"\n'))
    assert config.theme == "nord"
    workspace = workspace_from_config(config, data_dir=tmp_path / "data")
    assert workspace.theme == "nord"
    workspace.store.close()


MISTAKES = [
    ("no jql", '[[panes]]\ntitle = "A"\n', "panes[0].jql", ["required key missing"]),
    (
        "a built-in title",
        '[[panes]]\ntitle = "Blocked"\njql = "x"\n',
        "panes[0].title",
        ["built-in pane"],
    ),
    (
        "two panes, one title",
        '[[panes]]\ntitle = "A"\njql = "x"\n[[panes]]\ntitle = "a"\njql = "y"\n',
        "panes[1].title",
        ["unique title", "panes[0]"],
    ),
    (
        "a misspelt key",
        '[[panes]]\ntitle = "A"\njql = "x"\ncolums = ["key"]\n',
        "panes[0].colums",
        ['did you mean "columns"'],
    ),
    (
        "no columns",
        '[[panes]]\ntitle = "A"\njql = "x"\ncolumns = []\n',
        "panes[0].columns",
        ["at least one column"],
    ),
    (
        "a column that is not a string",
        '[[panes]]\ntitle = "A"\njql = "x"\ncolumns = ["key", 3]\n',
        "panes[0].columns[1]",
        ["expected a string"],
    ),
    (
        "an empty jql",
        '[[panes]]\ntitle = "A"\njql = " "\n',
        "panes[0].jql",
        ["non-empty"],
    ),
    (
        "an unknown site",
        '[[panes]]\ntitle = "A"\njql = "x"\nsite = "ops"\n',
        "panes[0].site",
        ["[[jira]] site", '"ops"'],
    ),
    (
        "a layout naming no pane",
        '[layout]\npanes = ["today", "inbox"]\n',
        "layout.panes[1]",
        ['expected a pane ("today", "calls", "blocked", "backlog")', '"inbox"'],
    ),
    (
        "a pane twice",
        '[layout]\npanes = ["today", "Today"]\n',
        "layout.panes[1]",
        ["each pane once"],
    ),
    ("an empty layout", "[layout]\npanes = []\n", "layout.panes", ["at least one pane"]),
    (
        "ten panes",
        "".join(f'[[panes]]\ntitle = "P{n}"\njql = "x"\n' for n in range(7))
        + '[layout]\npanes = ["today", "calls", "blocked", '
        + ", ".join(f'"P{n}"' for n in range(7))
        + "]\n",
        "layout.panes",
        ["at most 9 panes"],
    ),
    ("a layout key", '[layout]\norder = ["today"]\n', "layout.order", ["unknown key"]),
    ("an empty theme", 'theme = ""\n', "theme", ["theme name"]),
    ("a theme number", "theme = 3\n", "theme", ["expected a string"]),
]


@pytest.mark.parametrize(
    ("text", "key", "words"), [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES]
)
def test_each_mistake_is_one_line_naming_file_and_key(
    tmp_path: Path, text: str, key: str, words: list[str]
) -> None:
    top = text.startswith("theme")  # top-level keys come before the tables in TOML
    path = write(tmp_path, "" if top else text, top=text if top else "")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{path}: {key}: ")
    for word in words:
        assert word in message, message


@pytest.mark.parametrize(
    ("count", "columns", "spans"),
    [
        (1, 2, [2]),
        (2, 2, [1, 1]),
        (3, 2, [1, 1, 2]),
        (4, 2, [1, 1, 1, 1]),
        (5, 6, [2, 2, 2, 3, 3]),
        (6, 6, [2] * 6),
        (7, 6, [2] * 6 + [6]),
        (9, 6, [2] * 9),
    ],
)
def test_the_grid_fits_the_count(count: int, columns: int, spans: list[int]) -> None:
    assert grid_shape(count) == (columns, spans)


def test_panes_need_a_jira_site(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[company]\ndomains = ["acme.com"]\n[[panes]]\ntitle = "A"\njql = "x"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}: panes: expected a [jira] site")
