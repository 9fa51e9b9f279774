"""Tests for date lines in seeds and date values in front matter: the forms read, the dates
refused (impossible, ambiguous, two-digit years) with their messages, and `date_order`."""

from __future__ import annotations

import email.utils
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_datetime
from hypothesis import given, settings
from hypothesis import strategies as st

from importutil import imported, newsgen
from newsgen.config.site import DateOrder
from newsgen.content.dates import (
    DATE_FORMS,
    DATE_FORMS_HINT,
    MONTHS,
    DateError,
    ParsedDate,
    parse_date_line,
    parse_date_value,
    whole_minute_offset,
)
from newsgen.content.loader import load_site
from seedutil import make_site
from sitegen import build

KYIV = ZoneInfo("Europe/Kyiv")
PLUS_TWO = timezone(timedelta(hours=2))
JST = timezone(timedelta(hours=9))
LEAP_HINT = "a leap second is no time a page or feed can give: write :59 instead of :60"
ORDER_HINT = "set date_order: DMY or MDY in newsgen.yaml, or write"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Thursday, 22 February 2024", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("22 February 2024", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("February 22, 2024", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("Feb 22, 2024", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("Thu 22 Feb 2024", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("Thursday 22 February 2024 10:30", datetime(2024, 2, 22, 10, 30, tzinfo=KYIV)),
        ("Thursday 22 February 2024 10.30", datetime(2024, 2, 22, 10, 30, tzinfo=KYIV)),
        ("2024-02-22", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("2024-02-22 10:30", datetime(2024, 2, 22, 10, 30, tzinfo=KYIV)),
        ("2024-02-22T10:30:00+02:00", datetime(2024, 2, 22, 10, 30, tzinfo=PLUS_TWO)),
        ("2024-02-22T08:30:00Z", datetime(2024, 2, 22, 8, 30, tzinfo=UTC)),
        ("2024-2-22", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("2024/02/22", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("2024.02.22 10:30 +0200", datetime(2024, 2, 22, 10, 30, tzinfo=PLUS_TWO)),
        ("22.02.2024", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("22.02.2024 14:35", datetime(2024, 2, 22, 14, 35, tzinfo=KYIV)),
        ("22.02.2024, 14:35:10", datetime(2024, 2, 22, 14, 35, 10, tzinfo=KYIV)),
        ("22.02.2024 14:35 Z", datetime(2024, 2, 22, 14, 35, tzinfo=UTC)),
        ("22/02/2024", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("22-02-2024", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("22 02 2024", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("2.22.2024", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("04/04/2024", datetime(2024, 4, 4, tzinfo=KYIV)),
        ("22.02.2024 GMT", datetime(2024, 2, 22, tzinfo=UTC)),
        ("22.02.2024.", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("Thursday, 22.02.2024", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("Thu, 22 Feb 2024 10:30:00 +0200", datetime(2024, 2, 22, 10, 30, tzinfo=PLUS_TWO)),
        ("Thu, 22 Feb 2024 10:30:00 GMT", datetime(2024, 2, 22, 10, 30, tzinfo=UTC)),
        ("22 Feb 2024 10:30:00 +0200", datetime(2024, 2, 22, 10, 30, tzinfo=PLUS_TWO)),
        ("22 лютого 2024", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("Четвер, 22 лютого 2024 року", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("п’ятниця, 23 лютого 2024", datetime(2024, 2, 23, tzinfo=KYIV)),
        ("22 февраля 2024 г.", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("четверг, 22 февраля 2024", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("22. Februar 2024", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("Donnerstag, 22. Februar 2024", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("  Thursday,\u00a022 February 2024  ", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("Sat, 03 Feb 0001 00:00:00 +0000", datetime(1, 2, 3, tzinfo=UTC)),
        ("Thu, 22 Feb 2024 10:30:00 -0000", datetime(2024, 2, 22, 10, 30, tzinfo=UTC)),
        ("February 22nd, 2024", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("Thursday, February 22nd, 2024 at 10:30 am", datetime(2024, 2, 22, 10, 30, tzinfo=KYIV)),
        ("22nd February 2024", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("1st of March, 2024", datetime(2024, 3, 1, tzinfo=KYIV)),
        ("Thu, 22 Feb 2024 10:30:00 JST", datetime(2024, 2, 22, 10, 30, tzinfo=JST)),
        ("Thu, 22 Feb 2024 10:30", datetime(2024, 2, 22, 10, 30, tzinfo=KYIV)),
    ],
)
def test_date_forms(line: str, expected: datetime) -> None:
    parsed = parse_date_line(line, KYIV)
    assert parsed == ParsedDate(expected)
    assert parsed.value.utcoffset() == expected.utcoffset()


def test_naive_times_take_the_site_zone_with_its_summer_offset() -> None:
    parsed = parse_date_line("1 July 2024 12:00", KYIV)
    assert parsed is not None
    assert parsed.value.utcoffset() == timedelta(hours=3)
    assert parsed.value.tzinfo is KYIV


@pytest.mark.parametrize(
    ("line", "named"),
    [
        ("Friday, 22 February 2024", "friday"),
        ("Fri, 22 Feb 2024 10:30:00 +0200", "friday"),
        ("середа, 22 лютого 2024", "середа"),
        ("пятница, 22 февраля 2024", "пятница"),
        ("Montag, 22. Februar 2024", "montag"),
        ("Friday, 22.02.2024", "friday"),
    ],
)
def test_a_weekday_that_contradicts_the_date_is_reported(line: str, named: str) -> None:
    parsed = parse_date_line(line, KYIV)
    assert parsed is not None
    assert parsed.value.date() == date(2024, 2, 22)
    assert parsed.weekday_conflict == named


@pytest.mark.parametrize(
    "line",
    [
        "",
        "   ",
        "Advertisement:",
        "May Day rally",
        "In 2024 NATO said 22 allies would meet",
        "On 22 February 2024 the NATO secretary general said that Ukraine may strike targets",
        "Top 10 stories of 2024",
        "2024 in 12 photos",
        "2024",
        "February 2024",
        "22 February",
        "22.02.2024 and more",
        "03.04.2024 and more",
        "Published on the 22nd of the month, 2024, in Kyiv by staff",
        "1 2024",
        "20240222",
        "Sat, 03 Feb 24 00:00:00 +0000",
        "123.12.2024",
        "-0001-01-01",  # year 1 before Christ: the sign is not dropped
        "-2024-01-01",
        "--2024-01-01",
        "2024--01-01",
        "2024-01-01-",
        "22..02.2024",
    ],
)
def test_lines_that_are_not_dates(line: str) -> None:
    assert parse_date_line(line, KYIV) is None


def refusal(line: str, order: DateOrder = DateOrder.UNSET) -> tuple[str, str]:
    with pytest.raises(DateError) as caught:
        parse_date_line(line, KYIV, order)
    return caught.value.message, caught.value.hint


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("31 February 2024", "31 February 2024 is not a date: February 2024 has no day 31"),
        ("February 30, 2024", "February 30, 2024 is not a date: February 2024 has no day 30"),
        ("Feb 29, 2023", "Feb 29, 2023 is not a date: February 2023 has no day 29"),
        ("Feb 29th, 2023", "Feb 29th, 2023 is not a date: February 2023 has no day 29"),
        (
            "Thursday, 31 April 2024 10:30",
            "Thursday, 31 April 2024 10:30 is not a date: April 2024 has no day 31",
        ),
        ("32 February 2024", "32 February 2024 is not a date: February 2024 has no day 32"),
        ("30 лютого 2024", "30 лютого 2024 is not a date: February 2024 has no day 30"),
        ("31. Juni 2024", "31. Juni 2024 is not a date: June 2024 has no day 31"),
        ("2024-02-31", "2024-02-31 is not a date: February 2024 has no day 31"),
        ("2023-02-29T10:00:00Z", "2023-02-29T10:00:00Z is not a date: February 2023 has no day 29"),
        ("2024-13-01", "2024-13-01 is not a date: there is no month 13"),
        ("2024-00-10", "2024-00-10 is not a date: there is no month 0"),
        ("0000-01-01", "0000-01-01 is not a date: there is no year 0"),
        ("2024/04/31", "2024/04/31 is not a date: April 2024 has no day 31"),
        ("31.02.2024", "31.02.2024 is not a date: February 2024 has no day 31"),
        ("02/30/2024", "02/30/2024 is not a date: February 2024 has no day 30"),
        ("00/05/2024", "00/05/2024 is not a date: May 2024 has no day 0"),
        ("13/13/2024", "13/13/2024 is not a date: there is no month 13"),
        ("03/04/24", "03/04/24 is not a date: its year has two digits"),
        ("3.4.24 10:30", "3.4.24 10:30 is not a date: its year has two digits"),
    ],
)
def test_a_date_that_names_no_day_is_refused_saying_why(line: str, message: str) -> None:
    assert refusal(line) == (message, DATE_FORMS_HINT)


@pytest.mark.parametrize(
    ("line", "clock"),
    [
        ("February 22, 2024 0:30 p.m.", "0:30 p.m."),
        ("2024-02-22 22:00 PM", "22:00 PM"),
        ("22/02/2024 13:05 pm", "13:05 pm"),
    ],
)
def test_a_time_of_no_12_hour_clock_is_refused(line: str, clock: str) -> None:
    """dateparser read `0:30 p.m.` as 00:30 (not 12:30) and `22:00 PM` as 22:00, guessing."""
    assert refusal(line) == (
        f"{line} is not a date: {clock} is no time of a 12-hour clock",
        "write the hour from 1 to 12 before a.m. or p.m., or a 24-hour time without them",
    )
    assert parse_date_line("February 22, 2024 12:30 a.m.", KYIV) == ParsedDate(
        datetime(2024, 2, 22, 0, 30, tzinfo=KYIV)
    )


@pytest.mark.parametrize(
    ("line", "clock", "hint"),
    [
        ("2016-12-31T23:59:60Z", "23:59:60", LEAP_HINT),
        ("Sat, 31 Dec 2016 23:59:60 +0000", "23:59:60", LEAP_HINT),
        ("31 December 2016 23:59:60", "23:59:60", LEAP_HINT),
        ("2024-02-22T24:00:00+01:00", "24:00", "write 00:00 of the next day instead of 24:00"),
        ("2024-02-22 25:00", "25:00", "write a time from 00:00 to 23:59"),
        ("22.02.2024 10:61", "10:61", "write a time from 00:00 to 23:59"),
    ],
)
def test_a_time_no_clock_shows_is_refused_saying_why(line: str, clock: str, hint: str) -> None:
    """A leap second, 24:00 or 25:00 made the line no date at all: `is not a date: '...'` in
    front matter, `no date found after the title` in a seed, without saying what was wrong."""
    assert refusal(line) == (f"{line} is not a date: {clock} is no time of day", hint)


@pytest.mark.parametrize(
    ("line", "message", "rewritten"),
    [
        ("03/04/2024", "03/04/2024 is ambiguous: 3 April or March 4?", "2024-04-03"),
        ("3.4.2024", "3.4.2024 is ambiguous: 3 April or March 4?", "2024-04-03"),
        ("03-04-2024", "03-04-2024 is ambiguous: 3 April or March 4?", "2024-04-03"),
        ("03 04 2024", "03 04 2024 is ambiguous: 3 April or March 4?", "2024-04-03"),
        (
            "03.04.2024 10:30 +0200",
            "03.04.2024 10:30 +0200 is ambiguous: 3 April or March 4?",
            "2024-04-03 10:30 +0200",
        ),
        (
            "Wednesday, 03/04/2024",
            "Wednesday, 03/04/2024 is ambiguous: 3 April or March 4?",
            "Wednesday, 2024-04-03",
        ),
        ("03.04.2024 GMT", "03.04.2024 GMT is ambiguous: 3 April or March 4?", "2024-04-03 GMT"),
        ("03/04 2024", "03/04 2024 is ambiguous: 3 April or March 4?", "2024-04-03"),
    ],
)
def test_a_numeric_date_that_reads_two_ways_is_refused_without_date_order(
    line: str, message: str, rewritten: str
) -> None:
    assert refusal(line) == (message, f"{ORDER_HINT} {rewritten}")
    parsed = parse_date_line(rewritten, KYIV)
    assert parsed is not None
    assert parsed.value.date() == date(2024, 4, 3)


@pytest.mark.parametrize(
    ("line", "order", "expected"),
    [
        ("03/04/2024", DateOrder.DMY, date(2024, 4, 3)),
        ("03/04/2024", DateOrder.MDY, date(2024, 3, 4)),
        ("3-4-2024 10:30", DateOrder.MDY, date(2024, 3, 4)),
        ("Wednesday, 03.04.2024", DateOrder.DMY, date(2024, 4, 3)),
        ("03/04 2024", DateOrder.MDY, date(2024, 3, 4)),
        ("04/04/2024", DateOrder.MDY, date(2024, 4, 4)),
        ("2024/03/04", DateOrder.MDY, date(2024, 3, 4)),
        ("2024-03-04", DateOrder.MDY, date(2024, 3, 4)),
        ("4 March 2024", DateOrder.MDY, date(2024, 3, 4)),
        ("March 4, 2024", DateOrder.DMY, date(2024, 3, 4)),
    ],
)
def test_date_order_decides_only_numeric_dates_with_the_year_last(
    line: str, order: DateOrder, expected: date
) -> None:
    parsed = parse_date_line(line, KYIV, order)
    assert parsed is not None
    assert parsed.value.date() == expected


@pytest.mark.parametrize(
    ("line", "order", "message", "hint"),
    [
        (
            "13/04/2024",
            DateOrder.MDY,
            "13/04/2024 does not fit date_order MDY: there is no month 13",
            "write 2024-04-13 if 13 April is meant",
        ),
        (
            "04/13/2024 10:30",
            DateOrder.DMY,
            "04/13/2024 10:30 does not fit date_order DMY: there is no month 13",
            "write 2024-04-13 10:30 if April 13 is meant",
        ),
        (
            "31.02.2024",
            DateOrder.MDY,
            "31.02.2024 does not fit date_order MDY: there is no month 31",
            DATE_FORMS_HINT,
        ),
        (
            "02/30/2024",
            DateOrder.MDY,
            "02/30/2024 is not a date: February 2024 has no day 30",
            DATE_FORMS_HINT,
        ),
    ],
)
def test_a_date_that_contradicts_date_order_is_refused(
    line: str, order: DateOrder, message: str, hint: str
) -> None:
    assert refusal(line, order) == (message, hint)


def test_every_form_the_hint_lists_is_read_as_the_date_it_shows() -> None:
    prefix, suffix = (
        "write a date such as ",
        " (month names in English, Ukrainian, Russian or German)",
    )
    assert DATE_FORMS_HINT.startswith(prefix)
    assert DATE_FORMS_HINT.endswith(suffix)
    listed = DATE_FORMS_HINT.removeprefix(prefix).removesuffix(suffix).split("; ")
    assert listed == list(DATE_FORMS)
    for form in listed:
        parsed = parse_date_line(form, KYIV)
        assert parsed is not None, form
        assert parsed.value.date() == date(2024, 2, 22), form
        assert parsed.weekday_conflict == "", form


# -- properties ---------------------------------------------------------------------------------

Render = Callable[[datetime], str]


def _babel(pattern: str, locale: str) -> Render:
    return lambda moment: format_datetime(moment, pattern, locale=locale)


FORMS: dict[str, tuple[Render, str]] = {
    "iso date": (lambda m: f"{m.year:04d}-{m:%m-%d}", "day"),
    "iso minute": (lambda m: f"{m.year:04d}-{m:%m-%d %H:%M}", "minute"),
    "iso offset": (lambda m: f"{m.year:04d}-{m:%m-%dT%H:%M:%S}+02:00", "second"),
    "year first": (lambda m: f"{m.year:04d}/{m.month}/{m.day}", "day"),
    "day first, day over 12": (lambda m: f"{m:%d.%m}.{m.year:04d} {m:%H:%M}", "minute"),
    "rfc 2822": (lambda m: email.utils.format_datetime(m.replace(tzinfo=PLUS_TWO)), "second"),
    "day month year": (_babel("d MMMM y", "en"), "day"),
    "month day, year": (_babel("MMMM d, y", "en"), "day"),
    "weekday, day month year": (_babel("EEEE, d MMMM y", "en"), "day"),
    "short month": (_babel("MMM d, y HH:mm", "en"), "minute"),
    "ukrainian": (_babel("EEEE, d MMMM y", "uk"), "day"),
    "russian": (_babel("d MMMM y HH:mm", "ru"), "minute"),
    "german": (_babel("EEEE, d. MMMM y", "de"), "day"),
}
"""Each form dates are read in, and how much of the time of day it keeps."""
TEXT_YEARS = st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9999, 12, 31, 23, 59))
"""Dates whose year has four digits, as dates written in words must have."""


def _kept(moment: datetime, precision: str) -> datetime:
    kept = {"day": 3, "minute": 5, "second": 6}[precision]
    return datetime(*moment.timetuple()[:kept])  # type: ignore[misc]


@pytest.mark.parametrize("form", sorted(FORMS))
@settings(max_examples=40, deadline=None)
@given(moment=TEXT_YEARS)
def test_any_date_written_in_any_form_reads_back_as_that_date(form: str, moment: datetime) -> None:
    render, precision = FORMS[form]
    if form.startswith("day first") and moment.day <= 12 and moment.day != moment.month:
        moment = moment.replace(day=13 + moment.day % 16)
    line = render(moment)
    parsed = parse_date_line(line, KYIV)
    assert parsed is not None, line
    assert parsed.value.replace(tzinfo=None) == _kept(moment, precision), line
    assert parsed.weekday_conflict == "", line


NUMERIC_SEPARATORS = st.sampled_from(["/", ".", "-", " "])
TWO_NUMBERS = st.tuples(st.integers(1, 12), st.integers(1, 12)).filter(lambda t: t[0] != t[1])


def _number(value: int, padded: bool) -> str:
    return f"{value:02d}" if padded else str(value)


@settings(max_examples=200, deadline=None)
@given(
    TWO_NUMBERS,
    st.integers(1000, 9999),
    NUMERIC_SEPARATORS,
    st.booleans(),
    st.sampled_from(["", " 10:30", " 23:59:59", " 08:00 +0200", " 14:35 Z"]),
)
def test_any_numeric_date_that_reads_two_ways_is_refused_without_date_order(
    numbers: tuple[int, int], year: int, separator: str, padded: bool, clock: str
) -> None:
    first, second = numbers
    written = separator.join([_number(first, padded), _number(second, padded), str(year)])
    line = written + clock
    message, hint = refusal(line)
    assert message == (
        f"{line} is ambiguous: {first} {MONTHS[second - 1]} or {MONTHS[first - 1]} {second}?"
    )
    day_first = date(year, second, first)
    assert hint == f"{ORDER_HINT} {day_first.isoformat()}{clock}"
    rewritten = parse_date_line(hint.removeprefix(f"{ORDER_HINT} "), KYIV)
    assert rewritten is not None
    assert rewritten.value.date() == day_first
    with pytest.raises(DateError):
        parse_date_value(line, KYIV)


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)),
    st.sampled_from([DateOrder.DMY, DateOrder.MDY]),
    NUMERIC_SEPARATORS,
    st.booleans(),
    st.sampled_from(["", " 10:30", " 23:59:59"]),
)
def test_with_date_order_any_numeric_date_reads_in_that_order(
    day: date, order: DateOrder, separator: str, padded: bool, clock: str
) -> None:
    parts = (day.day, day.month) if order is DateOrder.DMY else (day.month, day.day)
    line = separator.join([*(_number(p, padded) for p in parts), str(day.year)]) + clock
    parsed = parse_date_line(line, KYIV, order)
    assert parsed is not None, line
    assert parsed.value.date() == day
    assert parse_date_value(line, KYIV, order).date() == day


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.sampled_from(list(DateOrder)))
def test_any_line_gives_an_aware_date_none_or_a_date_error(line: str, order: DateOrder) -> None:
    try:
        parsed = parse_date_line(line, KYIV, order)
    except DateError as exc:
        assert exc.message and exc.hint
        return
    assert parsed is None or parsed.value.utcoffset() is not None


# -- front-matter values ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2024, 2, 22), datetime(2024, 2, 22, tzinfo=KYIV)),
        (datetime(2024, 2, 22, 10, 30), datetime(2024, 2, 22, 10, 30, tzinfo=KYIV)),
        (
            datetime(2024, 2, 22, 10, 30, tzinfo=PLUS_TWO),
            datetime(2024, 2, 22, 10, 30, tzinfo=PLUS_TWO),
        ),
        ("2024-02-22", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("2024-02-22 10:30", datetime(2024, 2, 22, 10, 30, tzinfo=KYIV)),
        ("2024-02-22T10:30:00+02:00", datetime(2024, 2, 22, 10, 30, tzinfo=PLUS_TWO)),
        ("22 лютого 2024", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("February 22, 2024", datetime(2024, 2, 22, tzinfo=KYIV)),
    ],
)
def test_front_matter_values(value: object, expected: datetime) -> None:
    parsed = parse_date_value(value, KYIV)
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    ("value", "message", "hint"),
    [
        ("soon", "is not a date: 'soon'", DATE_FORMS_HINT),
        ("", "is empty", DATE_FORMS_HINT),  # it said: is not a date: ''
        (" \u00a0", "is empty", DATE_FORMS_HINT),
        ("2024-02-30", "2024-02-30 is not a date: February 2024 has no day 30", DATE_FORMS_HINT),
        ("03/04/2024", "03/04/2024 is ambiguous: 3 April or March 4?", f"{ORDER_HINT} 2024-04-03"),
        (20240222, "must be a date, got int", DATE_FORMS_HINT),
        (None, "must be a date, got NoneType", DATE_FORMS_HINT),
        (True, "must be a date, got bool", DATE_FORMS_HINT),
        (["2024-02-22"], "must be a date, got list", DATE_FORMS_HINT),
    ],
)
def test_front_matter_values_that_are_not_dates(value: object, message: str, hint: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date_value(value, KYIV)
    assert (caught.value.message, caught.value.hint) == (message, hint)


def test_a_time_of_day_is_not_read_as_part_of_the_date() -> None:
    assert parse_date_value("22 February 2024 10:30", KYIV).time() == time(10, 30)
    with pytest.raises(DateError, match=r"^is not a date: '10:30:45'$"):
        parse_date_value("10:30:45", KYIV)
    with pytest.raises(DateError, match=r"^is not a date: '22 Feb 24 10:30:45'$"):
        parse_date_value("22 Feb 24 10:30:45", KYIV)


def test_a_local_mean_time_offset_is_written_to_the_minute_at_the_same_instant() -> None:
    """Berlin kept +00:53:28 until 1893: HTML, Atom and RSS dates hold no seconds in an offset."""
    moment = parse_date_value("1890-05-01 10:00", ZoneInfo("Europe/Berlin"))
    assert moment.utcoffset() == timedelta(minutes=53, seconds=28), "the article keeps its time"
    written = whole_minute_offset(moment)
    assert (written, written.isoformat()) == (moment, "1890-05-01T09:59:32+00:53")
    summer = datetime(2024, 5, 1, 10, tzinfo=KYIV)
    assert whole_minute_offset(summer) is summer


def test_pages_and_feeds_of_an_article_before_standard_time_carry_valid_dates(
    tmp_path: Path,
) -> None:
    site = make_site(
        tmp_path,
        "base_url: https://t.example/\ntimezone: Europe/Berlin\nsearch: false\n",
        {"content/a.md": "---\ntitle: Old\ndate: 1890-05-01 10:00\nslug: old\n---\nText.\n"},
    )
    build(site)
    page = (site.output_path / "1890/05/01/old/index.html").read_text("utf-8")
    assert '<time datetime="1890-05-01T09:59:32+00:53">' in page
    assert '"datePublished":"1890-05-01T09:59:32+00:53"' in page
    assert "<published>1890-05-01T09:59:32+00:53</published>" in (
        site.output_path / "feed.xml"
    ).read_text("utf-8")
    assert "<pubDate>Thu, 01 May 1890 09:59:32 +0053</pubDate>" in (
        site.output_path / "rss.xml"
    ).read_text("utf-8")


def test_a_seed_before_standard_time_imports_as_a_date_the_build_reads(tmp_path: Path) -> None:
    """`newsgen import` wrote `date: 1890-01-01T00:00:00+00:53:28` (Berlin's local mean time),
    which the next build refused as no date: the offset's seconds were not read."""
    seed = "Canal opens\n\n1 January 1890 10:00\n\nThe emperor opened the canal.\n"
    site = make_site(tmp_path, "timezone: Europe/Berlin\n", {"seeds/old.txt": seed})
    assert newsgen(site.root, "import").exit_code == 0
    (text,) = imported(site.root).values()
    assert "\ndate: 1890-01-01T10:00:00+00:53:28\n" in text
    (site.root / "seeds/old.txt").unlink()
    (article,) = load_site(site).articles
    assert article.date == datetime(1890, 1, 1, 10, tzinfo=ZoneInfo("Europe/Berlin"))
    assert article.date.utcoffset() == timedelta(minutes=53, seconds=28)
