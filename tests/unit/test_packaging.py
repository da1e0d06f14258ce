"""The wheel layout of DESIGN.md: every subpackage listed, headless layer free of Textual."""

from __future__ import annotations

import subprocess
import sys
import tomllib

from support.paths import ROOT

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


HEADLESS = (
    "cockpit.models",
    "cockpit.textsafe",
    "cockpit.runtime",
    "cockpit.config",
    "cockpit.sources",
    "cockpit.store",
    "cockpit.domain",
    "cockpit.sync",
    "cockpit.cli",
    "cockpit.demo",
    "cockpit.fakejira",
)
"""Every package but the app (`cockpit.tui`) and the widgets: none may load Textual."""


def test_headless_layer_imports_without_textual() -> None:
    code = f"HEADLESS = {HEADLESS!r}\n" + (
        "import sys, importlib, pkgutil\n"
        "import cockpit\n"
        "for name in HEADLESS:\n"
        "    pkg = importlib.import_module(name)\n"
        "    for mod in pkgutil.walk_packages(getattr(pkg, '__path__', []), name + '.'):\n"
        "        importlib.import_module(mod.name)\n"
        "import cockpit.cli.main\n"
        "cockpit.cli.main.build_parser()\n"
        "print('textual' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd="/")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
