"""The config header says every key is described in the README: check that it is.

Every key of `config/schema.py` (`describe()`) has a row in the README's
Configuration table, and the example there is a config that loads.
"""

from __future__ import annotations

import re
from pathlib import Path

from support.paths import ROOT

from cockpit.config.loader import load_config
from cockpit.config.schema import describe
from cockpit.config.writer import HEADER

README = ROOT / "README.md"


def configuration_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("\n## Configuration\n")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def test_every_config_key_has_a_row_in_the_readme() -> None:
    rows = set(re.findall(r"^\| `([^`]+)` \|", configuration_section(), re.MULTILINE))
    keys = {key for key, _default, _doc in describe()}
    assert "customers" in keys
    assert keys - rows == set(), "document these keys in README.md's Configuration table"
    assert rows - keys == set(), "these README rows are not config keys"
    assert "Every key is described in the README" in HEADER


def test_the_readme_example_config_loads_with_customer_names(tmp_path: Path) -> None:
    example = re.search(r"```toml\n(.*?)```", configuration_section(), re.DOTALL)
    assert example is not None
    path = tmp_path / "config.toml"
    path.write_text(example.group(1), encoding="utf-8")
    config = load_config(path)
    assert dict(config.customers) == {"globex.com": "Globex", "initech.io": "Initech"}
