"""Dates: recognising the date line of a raw seed, and reading front-matter date values."""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from typing import Any
from zoneinfo import ZoneInfo

MAX_DATE_LINE = 60
"""A longer line is prose, not a date line."""
LANGUAGES = ["en", "uk", "ru", "de"]
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
"""dateparser tries only the languages of the line's script: half the time per line."""
WEEKDAYS = {
    "en": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
    "uk": ["понеділок", "вівторок", "середа", "четвер", "п'ятниця", "субота", "неділя"],
    "ru": ["понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"],
    "de": ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"],
}
SHORT_WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DATE_WORD = re.compile(r"[^\W\d_]+['’]?[^\W\d_]*")
NUMERIC_DATE = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")
DAY_AND_YEAR = re.compile(r"\b\d{1,2}\b.*\b\d{4}\b|\b\d{4}\b.*\b\d{1,2}\b")
DATEPARSER_SETTINGS = {
    "DATE_ORDER": "DMY",
    "PARSERS": ["absolute-time"],
    "PREFER_DATES_FROM": "past",
    "REQUIRE_PARTS": ["day", "month", "year"],
    "STRICT_PARSING": True,
}
"""Absolute dates only (no "2 days ago"), which also makes parsing about three times faster;
a line naming its own zone or offset comes back aware, any other line naive."""


@dataclass(frozen=True)
class ParsedDate:
    """A date recognised in a line of text."""

    value: datetime
    """Timezone-aware: the line's own offset, else the site timezone."""
    weekday_conflict: str = ""
    """The weekday the line names when it contradicts the date, else ''."""


def parse_date_line(text: str, zone: ZoneInfo) -> ParsedDate | None:
    """The date on a line that is mostly a date, or None for any other line."""
    line = " ".join(text.split())
    if not line or len(line) > MAX_DATE_LINE or not DAY_AND_YEAR.search(line):
        return None
    value = _iso(line) or _rfc2822(line) or _numeric(line) or _natural(line)
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return ParsedDate(value, _weekday_conflict(line, value))


def parse_date_value(value: Any, zone: ZoneInfo) -> datetime:
    """A front-matter date (YAML date, datetime or text) as an aware datetime."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=zone)
    if not isinstance(value, str):
        raise ValueError(f"expected a date, got {type(value).__name__}")
    parsed = parse_date_line(value, zone)
    if parsed is None:
        raise ValueError(f"not a date: {value!r}")
    return parsed.value


def _iso(line: str) -> datetime | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?", line):
        return None
    try:
        return datetime.fromisoformat(line)
    except ValueError:
        return None


def _rfc2822(line: str) -> datetime | None:
    if not re.search(r"\d{2}:\d{2}", line) or "," not in line[:5]:
        return None
    try:
        return email.utils.parsedate_to_datetime(line)
    except (TypeError, ValueError, IndexError):
        return None


def _numeric(line: str) -> datetime | None:
    match = NUMERIC_DATE.search(line)
    rest = line[match.end() :].strip() if match else ""
    if (
        match is None
        or line[: match.start()].strip()
        or not re.fullmatch(r"(\d{1,2}:\d{2})?", rest)
    ):
        return None
    day, month, year = (int(part) for part in match.groups())
    hour, minute = (int(p) for p in rest.split(":")) if rest else (0, 0)
    try:
        return datetime(year, month, day, hour, minute)
    except ValueError:
        return None


def _natural(line: str) -> datetime | None:
    words = [w.lower() for w in DATE_WORD.findall(line)]
    if len(words) > 4:
        return None
    import dateparser  # slow to import: only seeds with textual dates need it

    cyrillic = CYRILLIC.search(line) is not None
    languages = [code for code in LANGUAGES if (code in ("uk", "ru")) == cyrillic]
    value = dateparser.parse(line, languages=languages, settings=DATEPARSER_SETTINGS)
    offset = value.utcoffset() if value else None
    if value is None or offset is None:
        return value
    return value.replace(tzinfo=timezone(offset))


def _weekday_conflict(line: str, value: datetime) -> str:
    words = {w.lower().replace("’", "'") for w in DATE_WORD.findall(line)}
    for names in WEEKDAYS.values():
        for number, name in enumerate(names):
            named = name in words or (names is WEEKDAYS["en"] and SHORT_WEEKDAYS[number] in words)
            if named and number != value.weekday():
                return name
    return ""
