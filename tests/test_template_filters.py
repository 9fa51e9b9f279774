"""The `time` filter shows what Babel shows, though it keeps what it formatted by clock time."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta, timezone
from unittest import mock
from zoneinfo import ZoneInfo

from babel.dates import format_time, parse_pattern
from hypothesis import given
from hypothesis import strategies as st

from newsgen.render import templates

LOCALES = ["en", "en_AU", "de", "fr", "ja", "ar", "hi", "zh_Hant", "ko", "fa", "my"]
ZONES = [UTC, ZoneInfo("Europe/Paris"), ZoneInfo("America/New_York"), timezone(timedelta(hours=5, minutes=30))]  # fmt: skip


@functools.cache
def time_filter(locale: str) -> Callable[[datetime | time], str]:
    """One filter per locale for the whole test, so what it keeps meets many values."""
    return templates.time_filter(locale)


@given(
    st.datetimes(datetime(1990, 1, 1), datetime(2040, 1, 1), timezones=st.sampled_from(ZONES)),
    st.sampled_from(LOCALES),
)
def test_the_time_filter_shows_what_babel_shows(moment: datetime, locale: str) -> None:
    assert time_filter(locale)(moment) == format_time(moment, "short", locale=locale)


@given(st.times(timezones=st.sampled_from(ZONES)), st.sampled_from(LOCALES))
def test_a_time_of_day_shows_its_own_clock(moment: time, locale: str) -> None:
    """Aware times of one instant are equal; each shows its own clock all the same."""
    assert time_filter(locale)(moment) == format_time(moment, "short", locale=locale)


def test_times_of_one_instant_show_their_own_clocks() -> None:
    shown = templates.time_filter("en")
    assert shown(time(10, 0, tzinfo=UTC)) == "10:00\u202fAM"
    assert shown(time(11, 0, tzinfo=timezone(timedelta(hours=1)))) == "11:00\u202fAM"


def test_a_pattern_showing_more_than_the_clock_time_is_formatted_each_time() -> None:
    """No locale's short time shows a zone; were one to, a time would be kept by its instant."""
    paris = datetime(2024, 1, 1, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
    same_clock = (paris, paris.replace(tzinfo=UTC))
    shown = mock.Mock(side_effect=lambda value, *_, **__: value.isoformat())
    with mock.patch.object(templates, "format_time", shown):
        kept = templates.time_filter("en")
        assert kept(same_clock[0]) == kept(same_clock[1])  # the clock's 9:00 once
        zoned = parse_pattern("h:mm a z")
        with mock.patch.object(templates, "get_time_format", return_value=zoned):
            each = templates.time_filter("en")
            assert each(same_clock[0]) != each(same_clock[1])
