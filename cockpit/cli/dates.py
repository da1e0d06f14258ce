"""`--date` values: YYYY-MM-DD, `today`, `tomorrow`, `yesterday`, or `+N` / `-N` days.

argparse reads them before the config (and so the time zone) is known: `parse_day`
keeps what was asked, and `DayArg.on(today)` turns it into a date once the
workspace can say which day it is today in the configured zone.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from cockpit.records import record

WORDS = {"today": 0, "tomorrow": 1, "yesterday": -1}
OFFSET = r"^[+-]\d{1,4}$"  # compiled by `re` when first used: rarely on the start path
METAVAR = "DAY"
HELP = "YYYY-MM-DD, today, tomorrow, yesterday, or +N / -N days from today"


@record
class DayArg:
    """A day as given on the command line: a fixed date, or days from today."""

    fixed: date | None = None
    offset: int = 0

    def on(self, today: date) -> date:
        """The day meant, `today` being today in the configured time zone."""
        return self.fixed if self.fixed is not None else today + timedelta(days=self.offset)


def parse_day(value: str) -> DayArg:
    """An argparse `type=`: the day `value` names; a one-line error otherwise."""
    text = value.strip().lower()
    if text in WORDS:
        return DayArg(offset=WORDS[text])
    if re.match(OFFSET, text):
        return DayArg(offset=int(text))
    try:
        return DayArg(fixed=date.fromisoformat(text))
    except ValueError:
        import argparse  # lazy: the app's start never parses a day

        raise argparse.ArgumentTypeError(f"expected a day as {HELP}; got {value!r}") from None


def day_of(value: DayArg | None, today: date) -> date | None:
    """`value` resolved against `today`; None when no day was given."""
    return None if value is None else value.on(today)


def configured_day(value: DayArg | None, config: str | None) -> date | None:
    """`value` resolved without a workspace (`cockpit notes`): today is read in the
    config's time zone, or the system's when there is no config to read."""
    if value is None or value.fixed is not None:
        return None if value is None else value.fixed
    # lazy: the config parser (~12 ms) only when a relative day needs the zone
    from datetime import datetime

    from cockpit.config.loader import ConfigError, load_config
    from cockpit.config.paths import resolve_config_path
    from cockpit.config.tz import system_zone

    zone = system_zone()
    try:
        path = resolve_config_path(config)
        if path.exists():
            zone = load_config(path, check_keymap=False).tz()
    except (ConfigError, OSError):
        pass  # the notes do not need the config; the system's zone will do
    return value.on(datetime.now(zone).date())
