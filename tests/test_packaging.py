"""The wheel layout of DESIGN.md: every subpackage listed, headless layer free of Textual."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REMAP = {"cockpit.widgets": "widgets", "cockpit.config": "config"}


def _package_folders() -> set[str]:
    found = set()
    for top, name in (
        ("cockpit", "cockpit"),
        ("widgets", "cockpit.widgets"),
        ("config", "cockpit.config"),
    ):
        base = ROOT / top
        for init in base.rglob("__init__.py"):
            rel = init.parent.relative_to(base)
            found.add(".".join([name, *rel.parts]) if rel.parts else name)
    return found


def test_every_subpackage_folder_is_listed_for_the_wheel() -> None:
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert set(setuptools["packages"]) == _package_folders()
    for package, folder in REMAP.items():
        assert setuptools["package-dir"][package] == folder


def test_widget_stylesheets_ship_with_the_wheel() -> None:
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "*.tcss" in setuptools["package-data"]["cockpit.widgets"]
    assert list((ROOT / "widgets").glob("*.tcss")), "widgets keep their styles beside them"


def test_headless_layer_imports_without_textual() -> None:
    code = (
        "import sys, importlib, pkgutil\n"
        "import cockpit, cockpit.models, cockpit.present, cockpit.workspace, cockpit.headless\n"
        "import cockpit.config, cockpit.sources, cockpit.store\n"
        "for pkg in (cockpit.sources, cockpit.store, cockpit.config):\n"
        "    for mod in pkgutil.iter_modules(pkg.__path__):\n"
        "        importlib.import_module(pkg.__name__ + '.' + mod.name)\n"
        "import cockpit.__main__\n"
        "cockpit.__main__.build_parser()\n"
        "print('textual' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd="/")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
