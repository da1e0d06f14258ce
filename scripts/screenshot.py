"""Save the README's screenshot: the demo cockpit, saved by the app itself.

Run: .venv/bin/python scripts/screenshot.py  (writes docs/screenshot.svg)
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from cockpit.demo.workspace import demo_workspace
from cockpit.tui.app import CockpitApp

TZ = ZoneInfo("Europe/Lisbon")
NOW = datetime(2026, 11, 26, 10, 20, tzinfo=TZ)
OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshot.svg"


async def main() -> None:
    with tempfile.TemporaryDirectory() as data:
        workspace = demo_workspace(clock=lambda: NOW, tz=TZ, data_dir=Path(data))
        app = CockpitApp(workspace)
        async with app.run_test(size=(160, 48)) as pilot:
            await app.sync_started.wait()
            await app.workers.wait_for_complete()
            await pilot.press("4")
            await pilot.pause()
            app.save_screenshot(filename=OUT.name, path=str(OUT.parent))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    asyncio.run(main())
