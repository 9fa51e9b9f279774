"""Date lines as web pages print them: a label before the date, a zone abbreviation after it."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from newsgen.config.site import DateOrder
from newsgen.content.clock_changes import clock_change
from newsgen.content.dates import MONTHS, ParsedDate, parse_date_line

PUBLISHED_LABEL = (
    r"(?:first )?(?:published|posted|created|date|dated|опубліковано|опубликовано|дата"
    r"(?: публікації| публикации)?|veröffentlicht|erschienen|datum)"
)
UPDATED_LABEL = (
    r"(?:last )?(?:updated|modified|оновлено|обновлено|змінено|изменено|aktualisiert|"
    r"zuletzt aktualisiert|stand)"
)
LABEL = re.compile(
    rf"(?i)(?:(?P<updated>{UPDATED_LABEL})|{PUBLISHED_LABEL})(?:\s+(?:on|at|am|um|в|о))?"
    r"\s*(?::\s*|\s+|(?=\d))"
)
"""`Published:`, `Posted on`, `Updated`, `Опубліковано`, `Veröffentlicht am`..."""
GENERIC, STANDARD, SUMMER = "generic", "standard", "summer"
ZONE_ABBREVIATIONS = {
    "ET": ("America/New_York", GENERIC),
    "EST": ("America/New_York", STANDARD),
    "EDT": ("America/New_York", SUMMER),
    "CT": ("America/Chicago", GENERIC),
    "CST": ("America/Chicago", STANDARD),
    "CDT": ("America/Chicago", SUMMER),
    "MT": ("America/Denver", GENERIC),
    "MST": ("America/Denver", STANDARD),
    "MDT": ("America/Denver", SUMMER),
    "PT": ("America/Los_Angeles", GENERIC),
    "PST": ("America/Los_Angeles", STANDARD),
    "PDT": ("America/Los_Angeles", SUMMER),
    "GMT": ("UTC", GENERIC),
    "UTC": ("UTC", GENERIC),
    "BST": ("Europe/London", SUMMER),
    "WET": ("Europe/Lisbon", STANDARD),
    "WEST": ("Europe/Lisbon", SUMMER),
    "CET": ("Europe/Berlin", STANDARD),
    "CEST": ("Europe/Berlin", SUMMER),
    "MEZ": ("Europe/Berlin", STANDARD),
    "MESZ": ("Europe/Berlin", SUMMER),
    "EET": ("Europe/Athens", STANDARD),
    "EEST": ("Europe/Athens", SUMMER),
    "MSK": ("Europe/Moscow", GENERIC),
    "МСК": ("Europe/Moscow", GENERIC),
}
"""Abbreviations and the zone whose rules give their offset on the day; GMT and UTC are +00:00.
A standard-time name on a summer day (EST in July) or the reverse is read by the rules, noted."""
ABBREVIATION = re.compile(
    rf"\(?(?<![\w+-])(?P<name>{'|'.join(ZONE_ABBREVIATIONS)})(?![\w+-])\)?(?![+-]\d)"
)
EXPLICIT_OFFSET = re.compile(r"(?<![\d\w])(?:[+-]\d{2}:?\d{2}|Z)(?![\d\w])|(?:GMT|UTC)\s?[+-]\d")


@dataclass(frozen=True)
class DateLine:
    """A date line read: its date, whether it is the updated date, and any guess made."""

    parsed: ParsedDate
    updated: bool = False
    """The line is labelled as the date of an update (`Updated:`), not of publication."""
    labelled: bool = False
    """The line says what its date is (`Published:`, `Updated:`)."""
    guess: str = ""
    """What reading it had to guess, said for a note; '' when nothing was."""


def read_date_line(text: str, zone: ZoneInfo, order: DateOrder) -> DateLine | None:
    """The date of a (possibly labelled) date line, or None for any other line.

    Raises DateError as `parse_date_line` does for a line that is plainly a bad date.
    """
    line = " ".join(text.split())
    label = LABEL.match(line)
    if label is not None:
        line = line[label.end() :]
    updated = label is not None and label.group("updated") is not None
    found = ABBREVIATION.search(line)
    if found is None or EXPLICIT_OFFSET.search(line):
        parsed = parse_date_line(ABBREVIATION.sub(" ", line) if found else line, zone, order)
        if parsed is None:
            return None
        timed = parsed.value.tzinfo is zone and ":" in line
        guess = f"{line} {change}" if timed and (change := clock_change(parsed.value)) else ""
        return DateLine(parsed, updated, label is not None, guess)
    name = found.group("name")
    key, kind = ZONE_ABBREVIATIONS[name]
    rest = (line[: found.start()] + " " + line[found.end() :]).strip(" ,")
    parsed = parse_date_line(rest, ZoneInfo(key), order)
    if parsed is None:
        return None
    value, guess = _on_the_clock(parsed.value, name, kind)
    fixed = value.replace(tzinfo=timezone(value.utcoffset() or timedelta(0)))
    guess = guess or _season_guess(name, kind, value)
    return DateLine(replace(parsed, value=fixed), updated, label is not None, guess)


def _on_the_clock(value: datetime, name: str, kind: str) -> tuple[datetime, str]:
    """`value` read at a time the clocks went back (it happens twice) or forward (it never
    happens) that day: the abbreviation's season picks the reading where it names one, else
    the first is taken; a note says what was guessed. Any other time as it is, with no note."""
    other = value.replace(fold=1 - value.fold)
    twice = other.utcoffset() != value.utcoffset()
    if not twice:
        return value, ""
    real = value.astimezone(UTC).astimezone(value.tzinfo) == value
    if kind != GENERIC and real:
        wanted = kind == SUMMER
        return (value if bool(value.dst()) == wanted else other), ""
    chosen = value if value.fold == 0 else other
    clock = f"{value:%H:%M} on {value.day} {MONTHS[value.month - 1]} {value.year}"
    if real:
        happening = f"happens twice in {value.tzinfo} (the clocks went back)"
    else:
        happening = f"does not exist in {value.tzinfo} (the clocks went forward)"
    reading = f"{chosen.tzname()} ({_offset(chosen)})"
    return chosen, f"{name} {clock} {happening}: read as {reading}"


def _season_guess(name: str, kind: str, value: datetime) -> str:
    """A note when the abbreviation names the other season than its zone's rules on that day."""
    summer = bool(value.dst())
    if kind == GENERIC or summer == (kind == SUMMER):
        return ""
    season = "daylight-saving time" if summer else "standard time"
    day = f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    reading = f"{value.tzname()} ({_offset(value)})"
    return f"{name} on {day} read as {reading}, the {season} of {value.tzinfo}"


def _offset(value: datetime) -> str:
    text = value.strftime("%z")
    return f"{text[:3]}:{text[3:]}"
