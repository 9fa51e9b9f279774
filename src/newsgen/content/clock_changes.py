"""Local times the clocks skip or repeat: what a time written without an offset is read as."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo


def clock_change(local: datetime) -> str:
    """What is odd about the wall-clock time `local` in its zone, said after the time: that it
    does not exist (the clocks went forward over it) or happens twice (they went back), and
    which instant it is read as; '' for any other time. `local` is read as zoneinfo reads it
    (fold 0): in a gap, with the offset before the change; twice, as the first."""
    other = local.replace(fold=1 - local.fold)
    if other.utcoffset() == local.utcoffset():
        return ""
    read = local.isoformat(timespec="minutes")
    same = local.astimezone(UTC).astimezone(local.tzinfo)
    if same.replace(tzinfo=None) != local.replace(tzinfo=None):
        shown = same.isoformat(timespec="minutes")
        return (
            f"does not exist in {local.tzinfo} (the clocks went forward): it is read as {read}, "
            f"which the clocks showed as {shown}"
        )
    later = other.isoformat(timespec="minutes")
    return (
        f"happens twice in {local.tzinfo} (the clocks went back): it is read as the first, "
        f"{read}, not {later}"
    )


def clock_hint(local: datetime) -> str:
    """How to write a time `clock_change` finds odd so that it names one instant."""
    same = local.astimezone(UTC).astimezone(local.tzinfo)
    other = local.replace(fold=1 - local.fold)
    if same.replace(tzinfo=None) != local.replace(tzinfo=None):
        return f"write the time the clocks showed, {same.isoformat(timespec='seconds')}"
    first, second = (t.isoformat(timespec="seconds") for t in (local, other))
    return f"write the offset of the one meant: {first} or {second}"


def warn_of_clock_change(
    key: str, value: Any, moment: datetime, zone: ZoneInfo, warn: Callable[[str, str, str], None]
) -> None:
    """`warn(key, message, hint)` when the front-matter `key`'s `value` is a time of day
    written without an offset (read as `moment` in the site `zone`) that the clocks skip or
    repeat there."""
    clocked = isinstance(value, datetime) or (isinstance(value, str) and ":" in value)
    change = clock_change(moment) if clocked and moment.tzinfo is zone else ""
    if change:
        written = value if isinstance(value, str) else value.isoformat(sep=" ")
        warn(key, f"`{key}` {written} {change}", clock_hint(moment))
