"""Where cockpit keeps its files: the config file and the private data folder.

Paths come from `platformdirs`; `COCKPIT_CONFIG` and `COCKPIT_DATA_DIR` override
them for scripts, containers and tests.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "cockpit"
CONFIG_ENV = "COCKPIT_CONFIG"
DATA_DIR_ENV = "COCKPIT_DATA_DIR"


def default_config_path() -> Path:
    """The platform's config file, e.g. ~/.config/cockpit/config.toml on Linux."""
    from platformdirs import user_config_path  # lazy: ~3 ms, unused with $COCKPIT_CONFIG

    return user_config_path(APP_NAME) / "config.toml"


def resolve_config_path(cli_value: str | None) -> Path:
    """The config file to use: the --config flag, else $COCKPIT_CONFIG, else the default."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(CONFIG_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    return default_config_path()


def data_dir() -> Path:
    """The private data folder (notes, cache, outbox), created with mode 0700.

    An existing folder that others can read is tightened to 0700: notes are private.
    """
    env = os.environ.get(DATA_DIR_ENV, "").strip()
    if env:
        path = Path(env).expanduser()
    else:
        from platformdirs import user_data_path  # lazy: ~3 ms, unused with $COCKPIT_DATA_DIR

        path = user_data_path(APP_NAME)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix" and path.stat().st_mode & 0o077:
        path.chmod(0o700)
    return path
