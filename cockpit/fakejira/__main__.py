"""`python -m cockpit.fakejira --port 8089 [--flavor datacenter] [--issues N] [--latency-ms 300]`.

Serves the demo dataset (or N synthetic issues) on 127.0.0.1 until interrupted.
"""

from __future__ import annotations

import argparse
import datetime
import sys

from cockpit.fakejira.demo_data import demo_jira
from cockpit.fakejira.server import LOOPBACK, make_server
from cockpit.fakejira.synthetic import synthetic_jira


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m cockpit.fakejira", description=__doc__)
    p.add_argument("--port", type=int, default=8089, help="loopback port (0: any free one)")
    p.add_argument("--flavor", choices=("cloud", "datacenter"), default="cloud")
    p.add_argument(
        "--issues", type=int, metavar="N", help="serve N synthetic issues instead of the demo"
    )
    p.add_argument("--latency-ms", type=int, default=0, help="delay every answer")
    p.add_argument("--token", help="accept only this API token / PAT (default: any)")
    p.add_argument("--email", help="Cloud: the email that goes with --token")
    args = p.parse_args(argv)

    if args.issues is not None:
        fake = synthetic_jira(args.issues, flavor=args.flavor)
    else:
        fake = demo_jira(datetime.date.today(), flavor=args.flavor)
    fake.latency_ms = args.latency_ms
    fake.token, fake.email = args.token, args.email
    server = make_server(fake, args.port)
    port = server.server_address[1]
    print(
        f"fake Jira ({args.flavor}) on http://{LOOPBACK}:{port}, board {fake.board_id}", flush=True
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
