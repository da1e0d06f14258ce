"""`cockpit init` with several boards: `--board 42,57` (or "1, 2" when asked) writes
`board` and `boards`, and the Backlog pane switches between them."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

from support.live_servers import EMAIL, TOKEN, LiveJira

from cockpit.cli.setup import init as setup_init
from cockpit.config.credentials import MemoryCredentials
from cockpit.config.loader import load_config
from cockpit.config.prompt import Terminal


def init_args(config: Path, *argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    setup_init.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["init", *argv])
    args.config = str(config)
    return args


def test_board_flag_takes_several(jira: LiveJira, tmp_path: Path) -> None:
    store = MemoryCredentials({"jira": TOKEN})
    path = tmp_path / "config.toml"
    flags = ("--no-input", "--jira-url", jira.url, "--jira-email", EMAIL, "--jira-flavor", "cloud")
    args = init_args(path, *flags, "--board", "57, 42")
    assert setup_init.run(args, credentials=store) == 0
    config = load_config(path)
    assert config.jira is not None and config.jira.board_ids == (57, 42)


def test_asked_for_a_board_several_can_be_given(jira: LiveJira, tmp_path: Path) -> None:
    store = MemoryCredentials({"jira": TOKEN})
    path = tmp_path / "config.toml"
    answers = iter(["1, 2"])
    said: list[str] = []

    def answer(prompt: str) -> str:
        return next(answers, "")  # the board, then every default

    term = Terminal(
        input_fn=answer, secret_fn=lambda _p: TOKEN, out=said.append, stdin=io.StringIO()
    )
    args = init_args(path, "--jira-url", jira.url, "--jira-email", EMAIL, "--jira-flavor", "cloud")
    args.yes = True
    status = setup_init.run(args, credentials=store, terminal=term)
    assert status == 0, "\n".join(said)
    assert load_config(path).jira.board_ids == (42, 57)  # type: ignore[union-attr]
