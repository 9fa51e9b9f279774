"""Tests for date lines in seeds and date values in front matter."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgen.content.dates import ParsedDate, parse_date_line, parse_date_value

KYIV = ZoneInfo("Europe/Kyiv")
PLUS_TWO = timezone(timedelta(hours=2))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Thursday, 22 February 2024", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("22 February 2024", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("February 22, 2024", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("Feb 22, 2024", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("Thu 22 Feb 2024", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("Thursday 22 February 2024 10:30", datetime(2024, 2, 22, 10, 30, tzinfo=KYIV)),
        ("2024-02-22", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("2024-02-22 10:30", datetime(2024, 2, 22, 10, 30, tzinfo=KYIV)),
        ("2024-02-22T10:30:00+02:00", datetime(2024, 2, 22, 10, 30, tzinfo=PLUS_TWO)),
        ("2024-02-22T08:30:00Z", datetime(2024, 2, 22, 8, 30, tzinfo=UTC)),
        ("22.02.2024", datetime(2024, 2, 22, tzinfo=KYIV)),
        ("22.02.2024 14:35", datetime(2024, 2, 22, 14, 35, tzinfo=KYIV)),
        ("22/02/2024", datetime(2024, 2, 22, tzinfo=KYIV)),
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
        "2024-02-30",
        "32 February 2024",
        "31.02.2024",
        "22.02.2024 and more",
        "Published on the 22nd of the month, 2024, in Kyiv by staff",
        "1 2024",
    ],
)
def test_lines_that_are_not_dates(line: str) -> None:
    assert parse_date_line(line, KYIV) is None


@given(st.text(max_size=80))
@settings(max_examples=300, deadline=None)
def test_any_line_gives_an_aware_date_or_none(line: str) -> None:
    parsed = parse_date_line(line, KYIV)
    assert parsed is None or parsed.value.utcoffset() is not None


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
    ],
)
def test_front_matter_values(value: object, expected: datetime) -> None:
    parsed = parse_date_value(value, KYIV)
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("soon", "not a date: 'soon'"),
        ("2024-02-30", "not a date: '2024-02-30'"),
        (20240222, "expected a date, got int"),
        (None, "expected a date, got NoneType"),
        (True, "expected a date, got bool"),
        (["2024-02-22"], "expected a date, got list"),
    ],
)
def test_front_matter_values_that_are_not_dates(value: object, reason: str) -> None:
    with pytest.raises(ValueError, match="^" + reason.replace("(", r"\(") + "$"):
        parse_date_value(value, KYIV)
