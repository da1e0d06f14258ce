"""Run every benchmark, print a table of figures and write bench-results/results.json.

    .venv/bin/python bench/run.py            # everything (also: make bench)
    .venv/bin/python bench/run.py backlog    # only the named groups
    .venv/bin/python bench/run.py --quick    # fewer repeats, for a smoke test

To add benchmarks, write `bench/bench_<name>.py` with `run(quick: bool) -> list[Result]`
(see common.py) and register it in `GROUPS`. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, Result

GROUPS: dict[str, str] = {
    "backlog": "bench_backlog",
    "cli": "bench_cli",
    "start": "bench_start",
    "refresh": "bench_refresh",
    "panes": "bench_panes",
    "stall": "bench_stall",
    "standup": "bench_standup",
    "invitations": "bench_invitations",
    "chase": "bench_chase",
    "roadmap": "bench_roadmap",
}
"""Group name -> module in bench/ exposing run(quick) -> list[Result]."""


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    return f"{value:,.1f} {unit}" if value < 1000 or unit != "ms" else f"{value / 1000:,.2f} s"


def table(results: list[Result]) -> str:
    head = ("figure", "value", "baseline", "base value", "ratio", "target", "result")
    rows = [head]
    for r in results:
        verdict = {True: "pass", False: "FAIL", None: "info" if r.value is not None else "skip"}
        ratio = r.ratio
        rows.append(
            (
                f"{r.group}: {r.figure}",
                fmt(r.value, r.unit),
                r.baseline or "-",
                fmt(r.baseline_value, r.unit),
                f"{ratio:.2f}x" if ratio is not None else "-",
                r.target or "-",
                verdict[r.passed] + (f" ({r.note})" if r.note else ""),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(head) - 1)]
    lines = []
    for i, row in enumerate(rows):
        cells = [row[c].ljust(widths[c]) if c != 1 else row[c].rjust(widths[c]) for c in range(6)]
        lines.append("  ".join([*cells, row[6]]))
        if i == 0:
            lines.append("-" * len(lines[0]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("groups", nargs="*", help=f"groups to run: {', '.join(GROUPS)}")
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results" / "results.json")
    args = parser.parse_args(argv)
    unknown = [g for g in args.groups if g not in GROUPS]
    if unknown:
        parser.error(f"unknown group {unknown[0]!r}; choose from {', '.join(GROUPS)}")
    results: list[Result] = []
    started = time.time()
    for name in args.groups or GROUPS:
        module = importlib.import_module(GROUPS[name])
        print(f"running {name} ...", file=sys.stderr, flush=True)
        results.extend(module.run(args.quick))
    print(table(results))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
                "python": platform.python_version(),
                "machine": platform.platform(),
                "quick": args.quick,
                "results": [r.to_json() for r in results],
            },
            indent=2,
        )
        + "\n"
    )
    print(f"\nwritten to {args.out}")
    return 1 if any(r.passed is False for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
