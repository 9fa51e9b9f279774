"""The common worded dates (`Tuesday, March 3, 1987 10:00 am`, `3 березня 1987 о 14:35`) read
without dateparser, which takes some 10 ms a line: anything less plain is left to it."""

from __future__ import annotations

import re
from datetime import datetime

MONTH_NAMES = (
    ("january", "jan", "січня", "января", "januar", "jänner"),
    ("february", "feb", "лютого", "февраля", "februar"),
    ("march", "mar", "березня", "марта", "märz"),
    ("april", "apr", "квітня", "апреля"),
    ("may", "травня", "мая", "mai"),
    ("june", "jun", "червня", "июня", "juni"),
    ("july", "jul", "липня", "июля", "juli"),
    ("august", "aug", "серпня", "августа"),
    ("september", "sep", "sept", "вересня", "сентября"),
    ("october", "oct", "жовтня", "октября", "oktober", "okt"),
    ("november", "nov", "листопада", "ноября"),
    ("december", "dec", "грудня", "декабря", "dezember", "dez"),
)
MONTHS = {name: number for number, names in enumerate(MONTH_NAMES, 1) for name in names}
WEEKDAY_WORDS = (
    *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    *("mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"),
    *("понеділок", "вівторок", "середа", "четвер", "п'ятниця", "п’ятниця", "субота", "неділя"),
    *("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"),
    *("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"),
)
MONTH_WORD = "|".join(sorted(MONTHS, key=len, reverse=True))
WEEKDAY = rf"(?:(?:{'|'.join(WEEKDAY_WORDS)})\.?,?\s+)?"
YEAR_MARK = r"(?:\s*(?:р\.|г\.|року|года))?"
CLOCK = (
    r"(?:,?\s+(?:at\s+|о\s+|в\s+|um\s+|-\s+|/\s+)?(?P<hour>\d{1,2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2}))?(?:\s*(?P<half>[ap]\.?m\.?))?(?:\s+uhr)?)?"
)
ORDINAL = r"(?:st|nd|rd|th)?"
"""The English ordinal ending of a day (`3rd March 2024`, `March 3rd, 2024`)."""
DAY_FIRST = (
    rf"(?P<day>\d{{1,2}}){ORDINAL}\.?\s+(?:of\s+)?(?P<month>{MONTH_WORD})\.?,?\s+"
    rf"(?P<year>\d{{4}}){YEAR_MARK}"
)
MONTH_FIRST = rf"(?P<month2>{MONTH_WORD})\.?\s+(?P<day2>\d{{1,2}}){ORDINAL},?\s+(?P<year2>\d{{4}})"
WORDED = re.compile(rf"{WEEKDAY}(?:{DAY_FIRST}|{MONTH_FIRST}){CLOCK}", re.IGNORECASE)


def worded_date(line: str) -> datetime | None:
    """The naive date and time of a plainly worded date line; None for any other line, and
    for a day its month lacks (dateparser's path says why)."""
    match = WORDED.fullmatch(line)
    if match is None:
        return None
    parts = match.groupdict()
    hour = int(parts["hour"] or 0)
    half = (parts["half"] or "").lower().replace(".", "")
    if half and not 1 <= hour <= 12:
        return None
    if half:
        hour = hour % 12 + (12 if half == "pm" else 0)
    try:
        return datetime(
            int(parts["year"] or parts["year2"]),
            MONTHS[(parts["month"] or parts["month2"]).lower()],
            int(parts["day"] or parts["day2"]),
            hour,
            int(parts["minute"] or 0),
            int(parts["second"] or 0),
        )
    except ValueError:
        return None
