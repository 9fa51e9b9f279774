"""Dates are never guessed: the refusals of front matter, seeds and `date_order`, as files on
disk give them, with their exact messages."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgen.config.site import DateOrder, SiteConfig
from newsgen.content.articles import parse_article_text, read_article
from newsgen.content.dates import DATE_FORMS_HINT, MONTHS
from newsgen.content.seeds import parse_seed_text, read_seed
from newsgen.diagnostics import ContentError, NewsgenError
from seedutil import make_site

FORMS = f"({DATE_FORMS_HINT})"
ORDER_HINT = "(set date_order: DMY or MDY in newsgen.yaml, or write"


def site_with(tmp_path: Path, config: str = "") -> SiteConfig:
    return make_site(tmp_path, "base_url: https://example.org/\n" + config)


def article_errors(site: SiteConfig, front: str) -> list[str]:
    path = site.content_path / "a.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: T\n{front}---\nBody.\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        read_article(path, site)
    return [d.format() for d in caught.value.diagnostics]


def seed_path(site: SiteConfig, date_line: str) -> Path:
    path = site.seeds_path / "s.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"A title\n\n{date_line}\n\nBody text.\n", encoding="utf-8")
    return path


def seed_error(site: SiteConfig, date_line: str) -> str:
    with pytest.raises(ContentError) as caught:
        read_seed(seed_path(site, date_line), site)
    return caught.value.diagnostics[0].format()


# -- front matter -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (
            "date: 03/04/2024\n",
            [
                "content/a.md:3: error: `date` 03/04/2024 is ambiguous: 3 April or March 4? "
                f"{ORDER_HINT} 2024-04-03)"
            ],
        ),
        (
            "date: 2024-02-22\nupdated: 3.4.2024 10:30\n",
            [
                "content/a.md:4: error: `updated` 3.4.2024 10:30 is ambiguous: 3 April or March 4? "
                f"{ORDER_HINT} 2024-04-03 10:30)"
            ],
        ),
        (
            "date: 2024-02-31\n",
            [
                "content/a.md:3: error: `date` 2024-02-31 is not a date: February 2024 has no "
                f"day 31 {FORMS}"
            ],
        ),
        (
            "date: 2024-13-01 10:00\ndraft: maybe\n",
            [
                f"content/a.md:3: error: `date` 2024-13-01 10:00 is not a date: there is no month 13 {FORMS}",
                "content/a.md:4: error: `draft` must be true or false, got 'maybe'",
            ],
        ),
        (
            "date: 31 February 2024\n",
            [
                "content/a.md:3: error: `date` 31 February 2024 is not a date: February 2024 has "
                f"no day 31 {FORMS}"
            ],
        ),
        (
            "date: February 30, 2024\n",
            [
                "content/a.md:3: error: `date` February 30, 2024 is not a date: February 2024 "
                f"has no day 30 {FORMS}"
            ],
        ),
        (
            "date: '30 лютого 2024'\n",
            [
                "content/a.md:3: error: `date` 30 лютого 2024 is not a date: February 2024 has "
                f"no day 30 {FORMS}"
            ],
        ),
        (
            "date: 03/04/24\n",
            [
                f"content/a.md:3: error: `date` 03/04/24 is not a date: its year has two digits {FORMS}"
            ],
        ),
        ("date: soon\n", [f"content/a.md:3: error: `date` is not a date: 'soon' {FORMS}"]),
        ("date: 2024.5\n", [f"content/a.md:3: error: `date` must be a date, got float {FORMS}"]),
    ],
)
def test_a_front_matter_date_is_refused_saying_why(
    tmp_path: Path, front: str, expected: list[str]
) -> None:
    assert article_errors(site_with(tmp_path), front) == expected


def test_an_impossible_date_under_another_key_is_still_a_yaml_error(tmp_path: Path) -> None:
    """Only `date` and `updated` are read as dates; elsewhere quoting keeps such a value."""
    assert article_errors(site_with(tmp_path), "date: 2024-02-22\nlaunch: 2024-02-30\n") == [
        "content/a.md:4: error: `launch` is not valid: day is out of range for month "
        "(write a date that exists, e.g. 2024-02-29, or quote the value to keep it as text)"
    ]


@pytest.mark.parametrize(
    ("config", "front", "expected"),
    [
        ("date_order: DMY\n", "date: 03/04/2024\n", date(2024, 4, 3)),
        ("date_order: MDY\n", "date: 03/04/2024\n", date(2024, 3, 4)),
        ("date_order: mdy\n", "date: 03.04.2024 10:30\n", date(2024, 3, 4)),
        ("", "date: 04/04/2024\n", date(2024, 4, 4)),
        ("", "date: 13/04/2024\n", date(2024, 4, 13)),
        ("", "date: 04/13/2024\n", date(2024, 4, 13)),
    ],
)
def test_a_front_matter_date_reads_as_date_order_says(
    tmp_path: Path, config: str, front: str, expected: date
) -> None:
    site = site_with(tmp_path, config)
    path = site.content_path / "a.md"
    path.parent.mkdir(parents=True)
    path.write_text(f"---\ntitle: T\n{front}---\nBody.\n", encoding="utf-8")
    assert read_article(path, site).article.date.date() == expected


def test_a_date_that_contradicts_date_order_is_refused(tmp_path: Path) -> None:
    site = site_with(tmp_path, "date_order: MDY\n")
    assert article_errors(site, "date: 13/04/2024\n") == [
        "content/a.md:3: error: `date` 13/04/2024 does not fit date_order MDY: there is no "
        "month 13 (write 2024-04-13 if 13 April is meant)"
    ]


# -- seeds --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date_line", "expected"),
    [
        (
            "03/04/2024",
            "seeds/s.txt:3: error: the date line 03/04/2024 is ambiguous: 3 April or March 4? "
            f"{ORDER_HINT} 2024-04-03)",
        ),
        (
            "Wednesday, 03.04.2024 14:35",
            "seeds/s.txt:3: error: the date line Wednesday, 03.04.2024 14:35 is ambiguous: "
            f"3 April or March 4? {ORDER_HINT} Wednesday, 2024-04-03 14:35)",
        ),
        (
            "31 February 2024",
            "seeds/s.txt:3: error: the date line 31 February 2024 is not a date: February 2024 "
            f"has no day 31 {FORMS}",
        ),
        (
            "2024-02-31",
            "seeds/s.txt:3: error: the date line 2024-02-31 is not a date: February 2024 has no "
            f"day 31 {FORMS}",
        ),
        (
            "03/04/24",
            "seeds/s.txt:3: error: the date line 03/04/24 is not a date: its year has two "
            f"digits {FORMS}",
        ),
        (
            "Published: 31 December 2016 23:59:60 GMT",
            "seeds/s.txt:3: error: the date line 31 December 2016 23:59:60 is not a date: "
            "23:59:60 is no time of day (a leap second is no time a page or feed can give: write "
            ":59 instead of :60)",
        ),
        (
            "Top 10 stories of 2024",
            "seeds/s.txt:3: error: no date found after the title (put the date on its own line "
            f"below the title; {DATE_FORMS_HINT})",
        ),
    ],
)
def test_a_seed_date_line_is_refused_at_its_line_saying_why(
    tmp_path: Path, date_line: str, expected: str
) -> None:
    assert seed_error(site_with(tmp_path), date_line) == expected


def test_a_seed_date_line_reads_as_date_order_says(tmp_path: Path) -> None:
    site = site_with(tmp_path, "date_order: MDY\n")
    assert read_seed(seed_path(site, "03/04/2024"), site).article.date.date() == date(2024, 3, 4)
    assert seed_error(site, "13/04/2024") == (
        "seeds/s.txt:3: error: the date line 13/04/2024 does not fit date_order MDY: there is "
        "no month 13 (write 2024-04-13 if 13 April is meant)"
    )


IST = "India (+05:30), Irish (+01:00) or Israel (+02:00) Standard Time"


def test_ist_and_ast_are_refused_unless_the_site_timezone_goes_by_them(tmp_path: Path) -> None:
    """dateparser reads IST as Israel's +02:00: an Indian paper's `10:00 AM IST` (+05:30) was
    published three and a half hours late, without a word (and AST, Arabia's +03:00, seven
    hours early, as the Atlantic's)."""
    site = site_with(tmp_path)
    assert seed_error(site, "Feb 22, 2024 10:00 AM IST") == (
        f"seeds/s.txt:3: error: the date line Feb 22, 2024 10:00 AM IST names its zone IST, "
        f"which is {IST} (write the offset meant instead of IST, such as "
        "Feb 22, 2024 10:00 AM +05:30)"
    )
    assert article_errors(site, "date: 22 February 2024 10:00 IST\n") == [
        f"content/a.md:3: error: `date` 22 February 2024 10:00 IST names its zone IST, which is "
        f"{IST} (write the offset meant instead of IST, such as 22 February 2024 10:00 +05:30)"
    ]
    assert article_errors(site, "date: Thu, 22 Feb 2024 10:30:00 AST\n") == [
        "content/a.md:3: error: `date` Thu, 22 Feb 2024 10:30:00 AST names its zone AST, which "
        "is Atlantic (-04:00) or Arabia (+03:00) Standard Time (write the offset meant instead "
        "of AST, such as Thu, 22 Feb 2024 10:30:00 -04:00)"
    ]
    for zone, offset in (("Asia/Kolkata", "+05:30"), ("Asia/Jerusalem", "+02:00")):
        local = site_with(tmp_path / zone, f"timezone: {zone}\n")
        date_line = seed_path(local, "Feb 22, 2024 10:00 AM IST")
        assert (
            read_seed(date_line, local).article.date.isoformat() == f"2024-02-22T10:00:00{offset}"
        )


def test_a_seed_that_starts_with_an_ambiguous_date_has_no_title(tmp_path: Path) -> None:
    site = site_with(tmp_path)
    path = site.seeds_path / "s.txt"
    path.parent.mkdir(parents=True)
    path.write_text("03/04/2024\n\nBody text.\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        read_seed(path, site)
    assert caught.value.diagnostics[0].format() == (
        "seeds/s.txt:1: error: no title: the seed starts with its date (put the title first)"
    )


# -- the config key -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "YMD",
            "newsgen.yaml:2: error: `date_order` must be DMY or MDY, got 'YMD': a date that "
            "starts with its year is always read year, month, day",
        ),
        (
            "day-first",
            "newsgen.yaml:2: error: `date_order` must be DMY (03/04/2024 is 3 April) or MDY "
            "(03/04/2024 is March 4), got str 'day-first'",
        ),
        (
            "1",
            "newsgen.yaml:2: error: `date_order` must be DMY (03/04/2024 is 3 April) or MDY "
            "(03/04/2024 is March 4), got int 1",
        ),
        (
            "",
            "newsgen.yaml:2: error: `date_order` must be DMY (03/04/2024 is 3 April) or MDY "
            "(03/04/2024 is March 4), got nothing",
        ),
    ],
)
def test_date_order_is_dmy_or_mdy(tmp_path: Path, value: str, expected: str) -> None:
    with pytest.raises(NewsgenError) as caught:
        site_with(tmp_path, f"date_order: {value}\n")
    assert [d.format() for d in caught.value.diagnostics] == [expected]


def test_date_order_is_unset_by_default(tmp_path: Path) -> None:
    assert site_with(tmp_path).date_order is DateOrder.UNSET
    assert site_with(tmp_path / "b", "date_order: DMY\n").date_order is DateOrder.DMY


# -- properties ---------------------------------------------------------------------------------

AMBIGUOUS = st.tuples(st.integers(1, 12), st.integers(1, 12)).filter(lambda t: t[0] != t[1])
SEPARATORS = st.sampled_from(["/", ".", "-"])
YEARS = st.integers(1000, 9999)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(AMBIGUOUS, YEARS, SEPARATORS)
def test_any_ambiguous_seed_date_line_refuses_the_seed_at_that_line(
    numbers: tuple[int, int], year: int, separator: str
) -> None:
    first, second = numbers
    line = f"{first:02d}{separator}{second:02d}{separator}{year}"
    config = SiteConfig(root=Path("/site"))
    with pytest.raises(ContentError) as caught:
        parse_seed_text(f"A title\n{line}\n\nBody.\n", "seeds/x.txt", config)
    assert [d.format() for d in caught.value.diagnostics] == [
        f"seeds/x.txt:2: error: the date line {line} is ambiguous: {first} {MONTHS[second - 1]} "
        f"or {MONTHS[first - 1]} {second}? {ORDER_HINT} {date(year, second, first).isoformat()})"
    ]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(AMBIGUOUS, YEARS, SEPARATORS)
def test_any_ambiguous_front_matter_date_is_refused_at_its_line(
    numbers: tuple[int, int], year: int, separator: str
) -> None:
    first, second = numbers
    value = f"{first}{separator}{second}{separator}{year}"
    config = SiteConfig(root=Path("/site"))
    text = f"---\ntitle: T\ndate: {value}\n---\nBody.\n"
    with pytest.raises(ContentError) as caught:
        parse_article_text(text, "content/x.md", config)
    assert [d.format() for d in caught.value.diagnostics] == [
        f"content/x.md:3: error: `date` {value} is ambiguous: {first} {MONTHS[second - 1]} or "
        f"{MONTHS[first - 1]} {second}? {ORDER_HINT} {date(year, second, first).isoformat()})"
    ]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)),
    st.sampled_from([DateOrder.DMY, DateOrder.MDY]),
    SEPARATORS,
)
def test_with_date_order_any_seed_and_front_matter_date_reads_in_that_order(
    day: date, order: DateOrder, separator: str
) -> None:
    parts = (day.day, day.month) if order is DateOrder.DMY else (day.month, day.day)
    written = separator.join([f"{parts[0]:02d}", f"{parts[1]:02d}", str(day.year)])
    config = SiteConfig(root=Path("/site"), date_order=order)
    seed = parse_seed_text(f"A title\n{written}\n\nBody.\n", "seeds/x.txt", config)
    article = parse_article_text(
        f"---\ntitle: T\ndate: {written}\n---\nB\n", "content/x.md", config
    )
    midnight = datetime.combine(day, datetime.min.time())
    assert seed.article.date.replace(tzinfo=None) == midnight
    assert article.article.date.replace(tzinfo=None) == midnight
