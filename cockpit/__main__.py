"""The `cockpit` command line (placeholder until the CLI lands)."""

import sys


def main(argv: list[str] | None = None) -> int:
    print("cockpit: not built yet", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
