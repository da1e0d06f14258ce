"""CLI benchmarks: `cockpit --help` must answer about as fast as a bare interpreter.

Target (issue 7): --help at most 1.5 x (python -c pass + 50 ms), both measured as
fresh processes in the same run. Skipped, with a note, while --help is not there.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from common import Result, median

GROUP = "cli"


def _wall_ms(argv: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, cwd="/", timeout=60)
    return (time.perf_counter() - start) * 1000, done


def _cockpit() -> str | None:
    beside = Path(sys.executable).with_name("cockpit")
    return str(beside) if beside.exists() else shutil.which("cockpit")


def run(quick: bool) -> list[Result]:
    repeats = 5 if quick else 15
    figure = "cockpit --help"
    cockpit = _cockpit()
    if cockpit is None:
        return [Result(GROUP, figure, None, note="no cockpit executable installed")]
    _, probe = _wall_ms([cockpit, "--help"])
    if probe.returncode != 0 or "usage" not in probe.stdout.lower():
        return [Result(GROUP, figure, None, note="cockpit --help not implemented yet")]
    help_ms, bare_ms = [], []
    for _ in range(repeats):  # interleaved, so both see the same machine load
        help_ms.append(_wall_ms([cockpit, "--help"])[0])
        bare_ms.append(_wall_ms([sys.executable, "-c", "pass"])[0])
    value, bare = median(help_ms), median(bare_ms)
    budget = bare + 50.0
    results = [
        Result(
            GROUP,
            figure,
            value,
            "ms",
            "python -c pass + 50 ms",
            budget,
            target="<= 1.5x",
            passed=value <= 1.5 * budget,
        ),
        Result(GROUP, "python -c pass", bare, "ms", note="baseline"),
    ]
    imports = subprocess.run(
        [cockpit, "--help"],
        capture_output=True,
        text=True,
        cwd="/",
        env={"PYTHONPROFILEIMPORTTIME": "1", "PATH": "/usr/bin:/bin"},
    ).stderr
    if "textual" in {
        line.rsplit("|", 1)[-1].strip().split(".")[0] for line in imports.splitlines()
    }:
        results.append(
            Result(GROUP, "--help imports textual", None, passed=False, note="it must not")
        )
    return results
