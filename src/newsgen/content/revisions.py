"""The dates of an article's revisions (`updated`, `corrections`) checked against its `date`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from newsgen.model import Correction

Warn = Callable[[str, str, str], None]
"""`warn(key, message, hint)`: a warning at the front-matter key's line."""


def check_revisions(
    published: datetime,
    updated: datetime | None,
    corrections: Sequence[Correction],
    values: dict[str, Any],
    warn: Warn,
) -> None:
    """Warn of an `updated` or a correction dated before the article's `date` (`values` are
    the front matter's, for what was written)."""
    if updated is not None and updated < published:
        _updated_too_early(published, updated, values.get("updated"), warn)
    if corrections and corrections[0].date < published:
        listed = values.get("corrections")
        items = listed if isinstance(listed, list) else []
        written = [item.get("date") for item in items if isinstance(item, dict)]
        _corrected_too_early(published, corrections[0].date, written, warn)


def _updated_too_early(published: datetime, updated: datetime, written: Any, warn: Warn) -> None:
    if not _same_day_without_time(written, updated, published):
        warn("updated", "`updated` is before `date`", "swap them or fix the date")
        return
    message = _without_time(f"`updated` {written}", published)
    warn("updated", message, _time_hint(updated, published))


def _corrected_too_early(
    published: datetime, corrected: datetime, written: list[Any], warn: Warn
) -> None:
    if not any(_same_day_without_time(each, corrected, published) for each in written):
        hint = "a correction is made after the article is published: fix its date"
        warn("corrections", "a correction is dated before the article's `date`", hint)
        return
    message = _without_time(f"a correction dated {corrected.date().isoformat()}", published)
    warn("corrections", message, _time_hint(corrected, published))


def _same_day_without_time(written: Any, moment: datetime, published: datetime) -> bool:
    """True when `written` gave a day and no time (read as its midnight), the day `published`
    is on where it was written."""
    day_only = (isinstance(written, date) and not isinstance(written, datetime)) or (
        isinstance(written, str) and ":" not in written
    )
    return day_only and moment.date() == published.astimezone(moment.tzinfo).date()


def _without_time(what: str, published: datetime) -> str:
    return (
        f"{what} gives no time, so it is read as the start of that day, before `date` "
        f"({published.isoformat()})"
    )


def _time_hint(day: datetime, published: datetime) -> str:
    clock = published.astimezone(day.tzinfo).strftime("%H:%M")
    return f"write its time too, later than the article's {clock}: {day.date().isoformat()} HH:MM"
