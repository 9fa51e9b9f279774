"""Times of day on a date line that no clock shows (13:00 pm, 23:59:60, 24:00): refused, saying
why, rather than guessed at or read as no date at all."""

from __future__ import annotations

import re
from collections.abc import Callable

from newsgen.content.dates import OFFSET, TIME, DateError

HALF_DAY_CLOCK = re.compile(
    r"(?<![\d:.])(?P<hour>\d{1,2})[:.]\d{2}(?::\d{2})?\s*[ap]\.?m\b\.?", re.IGNORECASE
)
"""A time of the 12-hour clock (9:05 p.m.), whose hour is 1 to 12: `0:30 p.m.` and `13:00 pm`
are no time dateparser should guess at (it reads them as 00:30 and 13:00)."""
CLOCK = re.compile(rf"(?:T|\b){TIME}(?:\.\d+)?(?:\s*{OFFSET})?")
"""A time of day and its offset, also after the T of ISO 8601 (2016-12-31T23:59:60Z)."""
HALF_DAY_HINT = "write the hour from 1 to 12 before a.m. or p.m., or a 24-hour time without them"


def refuse_half_day_clock(line: str) -> None:
    """Raise DateError for a 12-hour time on `line` whose hour is not 1 to 12."""
    half = HALF_DAY_CLOCK.search(line)
    if half is not None and not 1 <= int(half["hour"]) <= 12:
        message = f"{line} is not a date: {half[0]} is no time of a 12-hour clock"
        raise DateError(message, HALF_DAY_HINT)


def refuse_impossible_clock(line: str, is_date: Callable[[str], bool]) -> None:
    """Raise DateError for a date line that `is_date` reads once its time of day, one no clock
    shows (25:00, 10:61, the leap second 23:59:60, 24:00), is taken off."""
    clock = CLOCK.search(line)
    if clock is None:
        return
    hour, minute, second = (int(clock[name] or 0) for name in ("hour", "minute", "second"))
    if hour < 24 and minute < 60 and second < 60:
        return
    if not is_date(f"{line[: clock.start()]} {line[clock.end() :]}"):
        return
    shown = f"{clock['hour']}:{clock['minute']}" + (f":{clock['second']}" if second else "")
    raise DateError(f"{line} is not a date: {shown} is no time of day", _hint(hour, second))


def _hint(hour: int, second: int) -> str:
    if second == 60:
        return "a leap second is no time a page or feed can give: write :59 instead of :60"
    if hour == 24:
        return "write 00:00 of the next day instead of 24:00"
    return "write a time from 00:00 to 23:59"
