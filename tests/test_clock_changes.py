"""Times of day the clocks skip or repeat in the site timezone (a daylight-saving change),
written without an offset: read as documented, with a warning (front matter) or a note
(seeds) that says which instant was taken and how to name the other."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsgen.config.site import SiteConfig
from newsgen.content.articles import read_article
from newsgen.content.clock_changes import clock_change
from newsgen.content.seeds import read_seed
from seedutil import make_site

BERLIN = ZoneInfo("Europe/Berlin")
GAP = (
    "does not exist in Europe/Berlin (the clocks went forward): it is read as "
    "2021-03-28T02:30+01:00, which the clocks showed as 2021-03-28T03:30+02:00 "
    "(write the time the clocks showed, 2021-03-28T03:30:00+02:00)"
)
TWICE = (
    "happens twice in Europe/Berlin (the clocks went back): it is read as the first, "
    "2021-10-31T02:30+02:00, not 2021-10-31T02:30+01:00 (write the offset of the one meant: "
    "2021-10-31T02:30:00+02:00 or 2021-10-31T02:30:00+01:00)"
)


@pytest.fixture
def site(tmp_path: Path) -> SiteConfig:
    return make_site(tmp_path, "timezone: Europe/Berlin\n")


def front_matter_messages(site: SiteConfig, front: str) -> list[str]:
    path = site.content_path / "a.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: T\n{front}---\nBody.\n", encoding="utf-8")
    return [d.format() for d in read_article(path, site).diagnostics]


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("date: 2021-03-28 02:30\n", f"content/a.md:3: warning: `date` 2021-03-28 02:30 {GAP}"),
        (
            "date: 2021-03-28 02:30:00\n",  # a YAML timestamp, naive
            f"content/a.md:3: warning: `date` 2021-03-28 02:30:00 {GAP}",
        ),
        ("date: 2021-10-31 02:30\n", f"content/a.md:3: warning: `date` 2021-10-31 02:30 {TWICE}"),
        (
            "date: 2021-10-30\nupdated: 2021-10-31 02:30\n",
            f"content/a.md:4: warning: `updated` 2021-10-31 02:30 {TWICE}",
        ),
    ],
)
def test_a_time_the_clocks_skip_or_repeat_is_a_warning_at_its_line(
    site: SiteConfig, front: str, expected: str
) -> None:
    """2021-03-28 02:30 in Berlin, a time no clock showed there, was taken as 02:30+01:00
    without a word, and listed at 2:30 among the day's 3:15 and 3:45."""
    assert front_matter_messages(site, front) == [expected]


@pytest.mark.parametrize(
    "front",
    [
        "date: 2021-03-28 03:30\n",
        "date: 2021-03-28T02:30:00+01:00\n",  # an offset names the instant
        "date: 2021-10-31T02:30:00+01:00\n",
        "date: 2021-10-31 03:30\n",
        "date: 2021-03-28\n",
    ],
)
def test_any_other_time_is_no_warning(site: SiteConfig, front: str) -> None:
    assert front_matter_messages(site, front) == []


def test_a_seed_date_line_the_clocks_skip_is_read_with_a_note(site: SiteConfig) -> None:
    path = site.seeds_path / "s.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("A title\n\n28 March 2021 02:30\n\nBody text.\n", encoding="utf-8")
    loaded = read_seed(path, site)
    assert loaded.article.date.utcoffset() == timedelta(hours=1)
    assert [d.format() for d in loaded.diagnostics] == [
        "seeds/s.txt:3: note: the date line is read with a guess: 28 March 2021 02:30 "
        + GAP.partition(" (write")[0]
    ]


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)))
def test_a_time_is_odd_exactly_when_it_does_not_name_one_instant(moment: datetime) -> None:
    local = moment.replace(tzinfo=BERLIN)
    instants = {local.replace(fold=fold).astimezone(UTC) for fold in (0, 1)}
    back = {each.astimezone(BERLIN).replace(tzinfo=None) for each in instants}
    plain = len(instants) == 1 and back == {moment}
    assert (clock_change(local) == "") == plain
