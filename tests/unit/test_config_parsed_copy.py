"""The app's copy of its parsed config: used only for the very text it was made from."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest
from test_config import GOOD

from cockpit.config.loader import ConfigError, load_config
from cockpit.config.parsed_copy import COPY_NAME, keep_copy, read_copy


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


def test_the_copy_gives_the_same_config_as_a_parse(tmp_path: Path, data: Path) -> None:
    path = _config(tmp_path, GOOD)
    parsed = load_config(path)
    first = load_config(path, parsed_copy_in=data)  # parses, and keeps a copy
    assert (data / COPY_NAME).exists()
    again = load_config(path, parsed_copy_in=data)  # from the copy
    assert first == parsed and again == parsed


def test_the_copy_is_read_without_loading_the_toml_parser(tmp_path: Path, data: Path) -> None:
    path = _config(tmp_path, GOOD)
    load_config(path, parsed_copy_in=data)
    was = sys.modules.pop("tomllib")
    try:
        load_config(path, parsed_copy_in=data)
        assert "tomllib" not in sys.modules
    finally:
        sys.modules["tomllib"] = was


def test_an_edit_is_parsed_again_and_replaces_the_copy(tmp_path: Path, data: Path) -> None:
    path = _config(tmp_path, GOOD)
    load_config(path, parsed_copy_in=data)
    path.write_text(GOOD.replace("board = 42", "board = 57"), encoding="utf-8")
    config = load_config(path, parsed_copy_in=data)
    assert config.jira is not None and config.jira.board == 57
    assert "board = 57" in json.loads((data / COPY_NAME).read_text())["text"]


def test_a_copy_is_never_more_lenient_than_the_parse(tmp_path: Path, data: Path) -> None:
    # a copy that says what the file says is validated like a fresh parse
    path = _config(tmp_path, GOOD.replace('flavor = "cloud"', 'flavor = "cloudy"'))
    keep_copy(path.read_text(), {"company": {"domains": ["acme.com"]}, "jira": {}}, data)
    with pytest.raises(ConfigError):
        load_config(path, parsed_copy_in=data)


def test_a_damaged_or_foreign_copy_is_ignored(tmp_path: Path, data: Path) -> None:
    path = _config(tmp_path, GOOD)
    for body in ("not json", "[1, 2]", json.dumps({"version": 99, "text": GOOD, "document": {}})):
        (data / COPY_NAME).write_text(body)
        assert load_config(path, parsed_copy_in=data) == load_config(path)
    assert read_copy(GOOD, data) is not None  # each parse rewrote the copy


def test_toml_errors_are_still_reported_and_never_copied(tmp_path: Path, data: Path) -> None:
    path = _config(tmp_path, "[company\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(path, parsed_copy_in=data)
    assert not (data / COPY_NAME).exists()


def test_dates_are_not_copied_and_a_read_only_folder_costs_only_the_parse(
    tmp_path: Path, data: Path
) -> None:
    keep_copy("when = 2026-11-30", {"when": date(2026, 11, 30)}, data)
    assert not (data / COPY_NAME).exists()
    path = _config(tmp_path, GOOD)
    missing = tmp_path / "nowhere"
    assert load_config(path, parsed_copy_in=missing) == load_config(path)
    assert not missing.exists()
