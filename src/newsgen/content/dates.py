"""Dates: recognising the date line of a raw seed, and reading front-matter date values."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any, NoReturn
from zoneinfo import ZoneInfo

from newsgen.config.site import DateOrder

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
MONTHS = (
    *("January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
)
"""Month names for messages (the calendar module's follow the process locale)."""
DATE_WORD = re.compile(r"[^\W\d_]+['’]?[^\W\d_]*")
DAY_AND_YEAR = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\b.*\b\d{4}\b|\b\d{4}\b.*\b\d{1,2}(?:st|nd|rd|th)?\b"
)
TIME = r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
OFFSET = r"(?P<offset>Z|[+-]\d{2}:?\d{2})"
NUMBERS = r"(?P<first>\d{1,4})(?P<sep>[./ -])(?P<second_number>\d{1,2})(?P=sep)(?P<last>\d{1,4})"
NUMERIC_DATE = re.compile(rf"(?<![\d./-]){NUMBERS}(?![\d./-])")
"""Three numbers with one separator between them: a date whose month is a number."""
GLUED_NUMBERS = re.compile(r"\d[./-]+\d+[./-]+\d")
"""Three numbers joined by signs: a NUMERIC_DATE, unless more signs are glued to it
(-0001-01-01, 2024--01-01, 2024-01-01-), which dateparser would drop (a full stop ending the
line aside)."""
NUMERIC_LINE = re.compile(rf"{NUMBERS}(?:,? {TIME})?(?: ?{OFFSET})?")
"""A line that is only such a date, with an optional time and offset: read without dateparser."""
ISO_LINE = re.compile(r"(\d{4})-(\d{2})-(\d{2})([T ][\d:.]+(Z|[+-]\d{2}:?\d{2}(?::\d{2})?)?)?")
"""ISO 8601 as Python writes it: an offset may have seconds (local mean time, +00:53:28), as
`newsgen import` writes the date of a seed before standard time."""
TWO_DIGIT_YEAR = re.compile(rf"\d{{1,2}}([./-])\d{{1,2}}\1\d{{2}}(?:,? {TIME})?")
CLOCK_TIME = re.compile(rf"\b{TIME}(?:\.\d+)?(?:\s*{OFFSET})?")
"""A time of day and its offset, whose numbers are not part of the date."""
RFC2822_ZONE = re.compile(r"\d:\d{2}(?::\d{2})?\s+(?P<zone>\S+)$")
"""The zone after the time of an RFC 2822 date, which the email module reads as no zone at all
when it is -0000 (UTC, RFC 2822 3.3) or a name it does not know (JST, IST)."""
SHARED_ZONE_NAMES = {
    "IST": "India (+05:30), Irish (+01:00) or Israel (+02:00) Standard Time",
    "AST": "Atlantic (-04:00) or Arabia (+03:00) Standard Time",
}
"""Zone names several zones go by: dateparser and the email module take one (IST: Israel's,
AST: the Atlantic's), newsgen the site timezone's when it goes by that name (Asia/Kolkata,
Europe/Dublin in summer, America/Halifax in winter), else none."""
SHARED_ZONE_NAME = re.compile(rf"(?<![\w+-])(?:{'|'.join(SHARED_ZONE_NAMES)})(?![\w+-])")
DATEPARSER_SETTINGS = {
    "PARSERS": ["absolute-time"],
    "PREFER_DATES_FROM": "past",
    "REQUIRE_PARTS": ["day", "month", "year"],
    "STRICT_PARSING": True,
}
"""Absolute dates only (no "2 days ago"), which also makes parsing about three times faster;
a line naming its own zone or offset comes back aware, any other line naive. DATE_ORDER is
given per line, and only decides anything when the month is written as a number."""

DATE_KEYS = frozenset({"date", "updated"})
"""Front-matter keys read as dates: the YAML reader keeps a date naming no real day (2024-02-30)
as its text, for parse_date_value to say what is wrong with it."""
DATE_FORMS = (
    *("2024-02-22", "2024-02-22 14:30", "2024-02-22T14:30:00+02:00", "22 February 2024"),
    *("February 22, 2024", "Thu, 22 Feb 2024 14:30:00 +0200", "22.02.2024", "22 лютого 2024"),
)
"""One example of each form of date that is read; each must read as 22 February 2024."""
DATE_FORMS_HINT = (
    f"write a date such as {'; '.join(DATE_FORMS)} "
    "(month names in English, Ukrainian, Russian or German)"
)
"""The hint of every date that cannot be read: the forms that are, as they are written."""


class DateError(ValueError):
    """Text that is meant as a date but names no day, or names one only by a guess."""

    def __init__(self, message: str, hint: str = DATE_FORMS_HINT) -> None:
        super().__init__(message)
        self.message = message
        """What is wrong, said of the value: `03/04/2024 is ambiguous: ...`."""
        self.hint = hint


@dataclass(frozen=True)
class ParsedDate:
    """A date recognised in a line of text."""

    value: datetime
    """Timezone-aware: the line's own offset, else the site timezone."""
    weekday_conflict: str = ""
    """The weekday the line names when it contradicts the date, else ''."""


def parse_date_line(
    text: str, zone: ZoneInfo, order: DateOrder = DateOrder.UNSET
) -> ParsedDate | None:
    """The date on a line that is mostly a date, or None for any other line.

    Raises DateError for a line that is plainly a date but names no day (31 February 2024)
    or could name two (03/04/2024 when `order` is unset).
    """
    line = " ".join(text.split())
    if not line or len(line) > MAX_DATE_LINE:
        return None
    if TWO_DIGIT_YEAR.fullmatch(line):
        raise DateError(f"{line} is not a date: its year has two digits")
    if not DAY_AND_YEAR.search(CLOCK_TIME.sub(" ", line)):
        return None
    from newsgen.content import clock_times  # its check: after the module's names exist

    clock_times.refuse_half_day_clock(line)
    value = _iso(line) or _rfc2822(line) or _numeric(line, order) or _worded(line)
    value = value or _natural(line, order)
    if value is None:
        clock_times.refuse_impossible_clock(line, lambda rest: _is_date(rest, zone, order))
        return None
    if value.tzinfo is not None and (named := SHARED_ZONE_NAME.search(line)) is not None:
        value = _in_shared_zone(line, named, value.replace(tzinfo=zone))
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return ParsedDate(value, _weekday_conflict(line, value))


def _is_date(line: str, zone: ZoneInfo, order: DateOrder) -> bool:
    try:
        return parse_date_line(line, zone, order) is not None
    except DateError:
        return False


def parse_date_value(value: Any, zone: ZoneInfo, order: DateOrder = DateOrder.UNSET) -> datetime:
    """A front-matter date (YAML date, datetime or text) as an aware datetime.

    Raises DateError, whose message goes after the field's name (`date` is not a date: ...).
    """
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=zone)
    if not isinstance(value, str):
        raise DateError(f"must be a date, got {type(value).__name__}")
    if not value.strip():
        raise DateError("is empty")
    parsed = parse_date_line(value, zone, order)
    if parsed is None:
        raise DateError(f"is not a date: {value!r}")
    return parsed.value


def whole_minute_offset(moment: datetime) -> datetime:
    """`moment` with an offset of whole minutes, the same instant: to be written in HTML,
    Atom, RSS, JSON-LD or a sitemap.

    A zone's local mean time before standard time had seconds in its offset (Europe/Berlin
    +00:53:28 until 1893), which none of them can carry. Such a moment is written with the
    offset rounded to the minute, its clock time moving by the seconds dropped.
    """
    offset = moment.utcoffset()
    if offset is None or not offset.seconds % 60:
        return moment
    minutes = round(offset.total_seconds() / 60)
    return moment.astimezone(timezone(timedelta(minutes=minutes)))


def _in_shared_zone(line: str, named: re.Match[str], local: datetime) -> datetime:
    """`local`, the clock time of a date whose zone is a name several zones go by (which
    dateparser reads as one of them), in the site timezone when that zone goes by the name
    then; else refused."""
    name, zones = named[0], SHARED_ZONE_NAMES[named[0]]
    if local.tzname() == name:
        return local
    meant = zones.partition(" (")[2].partition(")")[0]
    written = f"{line[: named.start()]}{meant}{line[named.end() :]}"
    hint = f"write the offset meant instead of {name}, such as {written}"
    raise DateError(f"{line} names its zone {name}, which is {zones}", hint)


def _worded(line: str) -> datetime | None:
    from newsgen.content.worded_dates import worded_date  # its patterns: 2 ms to compile

    return worded_date(line)


def _iso(line: str) -> datetime | None:
    match = ISO_LINE.fullmatch(line)
    if match is None:
        return None
    try:
        return datetime.fromisoformat(line)
    except ValueError:
        _check_calendar(line, *(int(part) for part in match.groups()[:3]))
        return None


def _rfc2822(line: str) -> datetime | None:
    if not re.search(r"\d{2}:\d{2}", line) or "," not in line[:5]:
        return None
    try:
        import email.utils  # 4 ms, for the rare e-mail style date

        value = email.utils.parsedate_to_datetime(line)
    except (TypeError, ValueError, IndexError):
        return None
    if value.tzinfo is None and (zone := RFC2822_ZONE.search(line)) is not None:
        if zone["zone"] != "-0000":  # a zone it does not know (JST): dateparser's to read
            return None
        value = value.replace(tzinfo=UTC)
    # the email module puts years below 100 in 1950-2049, also when written 0024: not a guess
    return value if str(value.year) in re.findall(r"\d{4}", line) else None


def _numeric(line: str, order: DateOrder) -> datetime | None:
    """A line that is a date in numbers only (22.02.2024 14:35), read without dateparser."""
    match = NUMERIC_LINE.fullmatch(line)
    if match is None:
        return None
    day = _numeric_day(match, line, order)
    if day is None:
        return None
    parts = match.groupdict()
    hour, minute, second = (int(parts[name] or 0) for name in ("hour", "minute", "second"))
    try:
        return datetime.combine(day, time(hour, minute, second), tzinfo=_offset(parts["offset"]))
    except ValueError:
        return None


def _offset(text: str | None) -> timezone | None:
    if text is None:
        return None
    if text == "Z":
        return UTC
    digits = text[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return timezone(-offset if text[0] == "-" else offset)


def _numeric_day(match: re.Match[str], line: str, order: DateOrder) -> date | None:
    """The day three numbers name: year first is always year-month-day; year last is
    day-month or month-day, as `order` says or, unset, as the only reading that is a date."""
    first, second, last = match.group("first", "second_number", "last")
    if len(first) == 4 and len(last) <= 2:
        return _check_calendar(line, int(first), int(second), int(last))
    if len(first) > 2 or len(last) != 4:
        return None
    a, b, year = int(first), int(second), int(last)
    if order is DateOrder.UNSET:
        if _is_month(a) and _is_month(b) and a != b:
            _ambiguous(line, date(year, b, a), date(year, a, b))
        day, month = (a, b) if _is_month(b) else (b, a)
    else:
        day, month = (a, b) if order is DateOrder.DMY else (b, a)
        if not _is_month(month):
            _contradiction(line, order, year, day, month)
    return _check_calendar(line, year, month, day)


def _is_month(number: int) -> bool:
    return 1 <= number <= 12


def _ambiguous(line: str, day_first: date, month_first: date) -> NoReturn:
    """Refuse a date that reads as two days, the day-first one before the month-first one."""
    day_month = f"{day_first.day} {MONTHS[day_first.month - 1]}"
    month_day = f"{MONTHS[month_first.month - 1]} {month_first.day}"
    message = f"{line} is ambiguous: {day_month} or {month_day}?"
    hint = f"set date_order: DMY or MDY in newsgen.yaml, or write {_rewritten(line, day_first)}"
    raise DateError(message, hint)


def _contradiction(line: str, order: DateOrder, year: int, day: int, month: int) -> NoReturn:
    """Refuse a date that `order` reads with a month over 12, suggesting the other reading."""
    message = f"{line} does not fit date_order {order.value}: there is no month {month}"
    if not _is_month(day) or _calendar_problem(year, day, month):
        raise DateError(message)
    name = MONTHS[day - 1]
    meant = f"{month} {name}" if order is DateOrder.MDY else f"{name} {month}"
    other = _rewritten(line, date(year, day, month))
    raise DateError(message, f"write {other} if {meant} is meant")


def _rewritten(line: str, day: date) -> str:
    """`line` with its numeric date written year-month-day, which no date_order changes."""
    match = NUMERIC_DATE.search(line)
    if match is None:
        return day.isoformat()
    return line[: match.start()] + day.isoformat() + line[match.end() :]


def _calendar_problem(year: int, month: int, day: int) -> str:
    """Why year, month and day name no day of the calendar, or '' when they do."""
    if not 1 <= year <= 9999:
        return f"there is no year {year}"
    if not _is_month(month):
        return f"there is no month {month}"
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return f"{MONTHS[month - 1]} {year} has no day {day}"
    return ""


def _check_calendar(line: str, year: int, month: int, day: int) -> date:
    problem = _calendar_problem(year, month, day)
    if problem:
        raise DateError(f"{line} is not a date: {problem}")
    return date(year, month, day)


def _natural(line: str, order: DateOrder) -> datetime | None:
    """A date with words in it (a month name, a weekday, a zone), read by dateparser.

    dateparser guesses the order of day and month written as numbers (it reads 03/04 2024 as
    3 April): a line with three numbers is read both ways, and when the readings differ the
    line is ambiguous unless `order` decides.
    """
    if len(DATE_WORD.findall(line)) > 4:
        return None
    match = NUMERIC_DATE.search(line.rstrip("."))  # a full stop may end the line
    if match is None and GLUED_NUMBERS.search(line):
        return None
    numbers = re.findall(r"\d+", CLOCK_TIME.sub(" ", line))
    if len(numbers) < 3:
        value = _dateparser(line, "DMY")
        if value is None:
            _refuse_impossible(line, numbers)
        return value
    if match is not None and len(match.group("first")) == 4:
        value = _dateparser(line, "YMD")
        day = _numeric_day(match, line, order) if value else None
        return value if value and value.date() == day else None
    readings = {each: _dateparser(line, each.value) for each in (DateOrder.DMY, DateOrder.MDY)}
    day_first, month_first = readings[DateOrder.DMY], readings[DateOrder.MDY]
    if day_first is None or month_first is None or day_first == month_first:
        value = day_first or month_first
    elif order is DateOrder.UNSET:
        _ambiguous(line, day_first.date(), month_first.date())
    else:
        value = readings[order]
    if value is not None and match is not None:
        day = _numeric_day(match, line, order)
        return value if value.date() == day else None
    return value


def _refuse_impossible(line: str, numbers: list[str]) -> None:
    """Raise DateError for a day its month lacks (31 February 2024), found by reading the
    line again as the 1st of that month; return None for a line that is no date at all."""
    days = [n for n in numbers if len(n) <= 2]
    years = [n for n in numbers if len(n) == 4]
    if len(days) != 1 or len(years) != 1 or len(numbers) != 2:
        return
    hidden = CLOCK_TIME.sub(lambda m: "x" * len(m.group()), line)
    where = re.search(rf"(?<!\d){days[0]}(?!\d)", hidden)
    if where is None:
        return
    first_of_month = _dateparser(line[: where.start()] + "1" + line[where.end() :], "DMY")
    if first_of_month is not None and first_of_month.year == int(years[0]):
        _check_calendar(line, first_of_month.year, first_of_month.month, int(days[0]))


def _dateparser(line: str, order: str) -> datetime | None:
    import dateparser  # slow to import: only seeds with textual dates need it

    cyrillic = CYRILLIC.search(line) is not None
    languages = [code for code in LANGUAGES if (code in ("uk", "ru")) == cyrillic]
    settings = {**DATEPARSER_SETTINGS, "DATE_ORDER": order}
    try:
        value = dateparser.parse(line, languages=languages, settings=settings)
    except (ValueError, OverflowError):  # a date past year 9999, or that no calendar has
        return None
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
