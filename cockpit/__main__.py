"""`python -m cockpit`: the same as the `cockpit` command (see `cockpit.cli.main`)."""

import sys

from cockpit.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
