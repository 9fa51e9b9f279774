"""What editors paste from news web pages: labelled and zoned date lines, dates above the title
or beside the byline, bylines with agencies, site names after titles, web noise, invisible
characters; each form read on its own, and the line classifier under generated input."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgen.config.site import DateOrder, SiteConfig
from newsgen.content.articles import read_article
from newsgen.content.bylines import read_byline
from newsgen.content.datelines import read_date_line
from newsgen.content.importer import import_seeds
from newsgen.content.noise import BUILT_IN_NOISE, trailing_noise, visible
from newsgen.content.seeds import parse_seed_text
from newsgen.content.titles import recurring_sites, strip_site
from newsgen.diagnostics import ContentError
from newsgen.model import Loaded, Source
from seedutil import make_site

NEW_YORK = ZoneInfo("America/New_York")
CONFIG = SiteConfig(
    root=Path("/site"),
    timezone="America/New_York",
    date_order=DateOrder.MDY,
    source_names=("Example News",),
)


def read(text: str, config: SiteConfig = CONFIG) -> Loaded:
    return parse_seed_text(text, "seeds/s.txt", config)


def offset(hours: int) -> timezone:
    return timezone(timedelta(hours=hours))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Published: 03/04/1987", datetime(1987, 3, 4, tzinfo=NEW_YORK)),
        ("Posted on March 3, 1987 at 10:00 am", datetime(1987, 3, 3, 10, tzinfo=NEW_YORK)),
        ("Опубліковано 3 березня 1987 о 14:35", datetime(1987, 3, 3, 14, 35, tzinfo=NEW_YORK)),
        ("Опубликовано: 3 марта 1987, 14:35 МСК", datetime(1987, 3, 3, 14, 35, tzinfo=offset(3))),
        (
            "Veröffentlicht am 3. März 1987, 14:35 Uhr MEZ",
            datetime(1987, 3, 3, 14, 35, tzinfo=offset(1)),
        ),
        ("July 3, 1987 10:00 AM ET", datetime(1987, 7, 3, 10, tzinfo=offset(-4))),
        ("March 3, 1987 10:00 AM ET", datetime(1987, 3, 3, 10, tzinfo=offset(-5))),
        ("3 July 1987 10:00 BST", datetime(1987, 7, 3, 10, tzinfo=offset(1))),
        ("3 July 1987 10:00 CEST", datetime(1987, 7, 3, 10, tzinfo=offset(2))),
        ("3 July 1987 10:00 PT", datetime(1987, 7, 3, 10, tzinfo=offset(-7))),
        ("3 July 1987 10:00 GMT", datetime(1987, 7, 3, 10, tzinfo=offset(0))),
        ("Tue, 03 Mar 1987 10:00:00 +0000\u200b", datetime(1987, 3, 3, 10, tzinfo=offset(0))),
        ("3 July 1987 10:00 EDT +0100", datetime(1987, 7, 3, 10, tzinfo=offset(1))),
    ],
)
def test_labelled_and_zoned_date_lines(line: str, expected: datetime) -> None:
    article = read(f"Title\n{line}\n\nBody.\n").article
    assert (article.date, article.date.utcoffset()) == (expected, expected.utcoffset())
    assert article.body == "Body."


def test_a_standard_time_name_in_summer_is_read_by_the_rules_with_a_note() -> None:
    loaded = read("Title\nJuly 3, 1987 10:00 AM EST\n\nBody.\n")
    assert loaded.article.date.utcoffset() == timedelta(hours=-4)
    assert [d.format() for d in loaded.diagnostics] == [
        "seeds/s.txt:2: note: the date line is read with a guess: EST on 3 July 1987 read as "
        "EDT (-04:00), the daylight-saving time of America/New_York"
    ]


def test_an_updated_line_gives_the_update_and_the_published_line_the_date() -> None:
    text = "Title\nUpdated: March 4, 1987 9:00 AM\nPublished: March 3, 1987 8:00 AM\n\nBody.\n"
    article = read(text).article
    assert article.date == datetime(1987, 3, 3, 8, tzinfo=NEW_YORK)
    assert article.updated == datetime(1987, 3, 4, 9, tzinfo=NEW_YORK)
    assert article.body == "Body."


def test_a_date_above_the_title() -> None:
    article = read("Tuesday, March 3, 1987\nOil prices rise\n\nBody.\n").article
    assert (article.title, article.date.day, article.body) == ("Oil prices rise", 3, "Body.")


def test_a_paragraph_below_a_date_is_no_title() -> None:
    with pytest.raises(ContentError, match="no title: the seed starts with its date"):
        read("March 3, 1987\n\nThe body starts here.\n")


@pytest.mark.parametrize(
    ("line", "authors", "source"),
    [
        ("By Jane Doe | March 3, 1987", ("Jane Doe",), None),
        ("By Jane Doe, Reuters | March 3, 1987 10:00 AM ET", ("Jane Doe",), "Reuters"),
        ("March 3, 1987 / By Jane Doe and John Roe", ("Jane Doe", "John Roe"), None),
        ("Posted on March 3, 1987 by Jane Doe", ("Jane Doe",), None),
    ],
)
def test_a_date_inside_a_byline_line(
    line: str, authors: tuple[str, ...], source: str | None
) -> None:
    article = read(f"Title\n{line}\n\nBody.\n").article
    assert (article.date.date().isoformat(), article.authors, article.body) == (
        "1987-03-03",
        authors,
        "Body.",
    )
    assert (article.source.name if article.source else None) == source


@pytest.mark.parametrize(
    ("line", "authors", "agency"),
    [
        ("By Jane Doe", ("Jane Doe",), ""),
        ("By Jane Doe and John Roe", ("Jane Doe", "John Roe"), ""),
        ("By Jane Doe, Reuters", ("Jane Doe",), "Reuters"),
        ("By Jane Doe, John Roe", ("Jane Doe", "John Roe"), ""),
        ("Jane Doe, Associated Press", ("Jane Doe",), "Associated Press"),
        ("Jane Doe and John Roe, The Example Post", ("Jane Doe", "John Roe"), "The Example Post"),
        ("Автор: Олена Петренко", ("Олена Петренко",), ""),
        ("Автор: Олена Петренко, УНІАН", ("Олена Петренко",), "УНІАН"),
        ("Автор: Иван Петров и Анна Смирнова", ("Иван Петров", "Анна Смирнова"), ""),
        ("Von Hans Müller und Eva Schmidt, dpa", ("Hans Müller", "Eva Schmidt"), "dpa"),
        ("\u200bBy Jane Doe", ("Jane Doe",), ""),
        ("By Reuters", (), "Reuters"),
        ("By The Associated Press", (), "The Associated Press"),
        ("By Reuters Staff", (), "Reuters"),
        ("By Jane Doe, Senior Correspondent", ("Jane Doe",), ""),
        ("By Jane Doe, Staff Writer, Reuters", ("Jane Doe",), "Reuters"),
        ("By Staff Writer", (), ""),
    ],
)
def test_byline_forms(line: str, authors: tuple[str, ...], agency: str) -> None:
    article = read(f"Title\n2024-02-22\n{line}\n\nBody.\n").article
    assert (article.authors, article.body) == (authors, "Body.")
    assert article.source == (Source(agency) if agency else None)


@pytest.mark.parametrize(
    "line",
    ["Paris, France", "By Monday, troops had withdrawn.", "Kyiv, Ukraine", "By the way, he said"],
)
def test_lines_that_look_like_bylines_stay_body(line: str) -> None:
    article = read(f"Title\n2024-02-22\n\n{line}\n\nBody.\n").article
    assert (article.authors, article.body) == ((), f"{line}\n\nBody.")


@pytest.mark.parametrize(
    ("title", "expected", "source"),
    [
        ("Oil prices rise | Example News", "Oil prices rise", "Example News"),
        ("Oil prices rise - example news", "Oil prices rise", "example news"),
        ("Oil prices rise — Example News", "Oil prices rise", "Example News"),
        ("Oil prices rise :: Example News", "Oil prices rise", "Example News"),
        ("Oil prices rise - analysts", "Oil prices rise - analysts", None),
        ("Oil prices rise - Example Times", "Oil prices rise - Example Times", None),
        ("IRA decommissioning complete - de Chastelain", None, None),
    ],
)
def test_a_known_site_name_comes_off_the_title(
    title: str, expected: str | None, source: str | None
) -> None:
    article = read(f"{title}\n2024-02-22\n\nBody.\n").article
    assert article.title == (expected or title)
    assert (article.source.name if article.source else None) == source


def test_a_site_name_that_ends_the_titles_of_several_seeds_comes_off_on_import(
    tmp_path: Path,
) -> None:
    site = make_site(
        tmp_path,
        "timezone: Europe/Kyiv\n",
        {
            "seeds/a.txt": "Oil prices rise - Example Times\n2024-02-22\n\nOne.\n",
            "seeds/b.txt": "Markets fall - Example Times\n2024-02-22\n\nTwo.\n",
            "seeds/d.txt": "Rates hold - Example Times\n2024-02-22\n\nFour.\n",
            "seeds/c.txt": "Talks resume - in Geneva\n2024-02-22\n\nThree.\n",
        },
    )
    result = import_seeds(site, [site.seeds_path / "a.txt"], force=False)
    (written,) = result.written
    article = read_article(site.root / written, site).article
    assert (article.title, article.source) == ("Oil prices rise", Source("Example Times"))
    assert import_seeds(site, [], force=False).unchanged == (written,)
    titles = sorted(read_article(site.root / p, site).article.title for p in _imported(site))
    assert titles == ["Markets fall", "Oil prices rise", "Rates hold", "Talks resume - in Geneva"]


def _imported(site: SiteConfig) -> list[Path]:
    return sorted((site.content_path / "imported").rglob("*.md"))


def test_recurring_sites_need_three_different_headlines() -> None:
    same = [["A - Example Times"], ["A - Example Times"], ["A | Example Times"]]
    assert recurring_sites(same) == frozenset()
    two = [["A - Example Times"], ["B | Example Times"]]
    assert recurring_sites(two) == frozenset()
    assert recurring_sites([*two, ["C — Example Times"]]) == {"example times"}
    capitals = [["US CAR SALES - ANALYSTS"], ["OIL - ANALYSTS"], ["GOLD - ANALYSTS"]]
    assert recurring_sites(capitals) == frozenset()


@pytest.mark.parametrize("suffix", ["Boris Johnson", "2", "Analysis", "Q&A", "Live"])
def test_a_person_a_number_or_a_kicker_ending_two_or_three_titles_is_no_site(suffix: str) -> None:
    people = [[f"Interview - {suffix}"], [f"Q&A - {suffix}"]]
    assert recurring_sites(people) == frozenset()
    if suffix != "Boris Johnson":
        assert recurring_sites([*people, [f"Profile - {suffix}"]]) == frozenset()


def test_noise_lines_glued_or_not_and_trailing_noise_sentences_are_removed_with_notes() -> None:
    text = (
        "Title\n2024-02-22\n\nFirst paragraph.\nPhoto: Reuters\n\n"
        "Second paragraph ends. Follow us on Twitter.\n\n\u200bAdvertisement\n\n"
        "Third.\n\nЧитайте також: Уряд ухвалив бюджет\n\n© 2024 Example News. All rights reserved.\n"
    )
    loaded = read(text)
    assert loaded.article.body == "First paragraph.\n\nSecond paragraph ends.\n\nThird."
    assert [d.format() for d in loaded.diagnostics] == [
        "seeds/s.txt:5: note: removed noise: 'Photo: Reuters'",
        "seeds/s.txt:7: note: removed noise: 'Follow us on Twitter.'",
        "seeds/s.txt:9: note: removed noise: 'Advertisement'",
        "seeds/s.txt:13: note: removed noise: 'Читайте також: Уряд ухвалив бюджет'",
        "seeds/s.txt:15: note: removed noise: '© 2024 Example News. All rights reserved.'",
    ]


@pytest.mark.parametrize(
    "paragraph",
    [
        "The photo: a crowd at the gate.",
        "Readers were asked to share their stories.",
        "She said she would follow us on the trip. Then she left.",
        "Advertisement revenue fell 3 percent.",
        "Related: the two firms share a parent. That matters.",
    ],
)
def test_sentences_of_the_article_are_never_noise(paragraph: str) -> None:
    assert read(f"Title\n2024-02-22\n\n{paragraph}\n").article.body == paragraph


def test_invisible_characters_go_and_no_break_spaces_become_spaces() -> None:
    text = "Ti\u200btle\u00ad here\n2024-02-22\n\nOne\u00a0two\u2060 th\u00adree.\n"
    article = read(text).article
    assert (article.title, article.body) == ("Title here", "One two three.")


def test_a_joiner_is_kept_where_a_script_spells_with_it() -> None:
    assert visible("می\u200cخواهم") == "می\u200cخواهم"
    assert visible("Wikinews\u200d's") == "Wikinews's"


ARTICLE_SENTENCE = st.from_regex(r"[A-Z][a-z]{2,9}( [a-z]{1,9}){2,12}\.", fullmatch=True)
NOISE = st.sampled_from(
    ["Follow us on Twitter.", "Photo: Reuters", "Share this article", "Read more: Oil rises"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(ARTICLE_SENTENCE, min_size=1, max_size=5), st.lists(NOISE, max_size=1))
def test_trailing_noise_takes_only_the_noise(sentences: list[str], noise: list[str]) -> None:
    article = " ".join(sentences)
    kept, tail = trailing_noise(" ".join([article, *noise]), (BUILT_IN_NOISE,))
    assert (kept, tail) == (article, " ".join(noise))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_the_line_classifiers_never_raise_but_date_errors(line: str) -> None:
    read_byline(line)
    strip_site(line, {"example news"})
    try:
        read_date_line(line, NEW_YORK, DateOrder.UNSET)
    except ValueError as exc:
        assert type(exc).__name__ == "DateError"


@settings(max_examples=200, deadline=None)
@given(ARTICLE_SENTENCE)
def test_a_sentence_is_never_a_byline(sentence: str) -> None:
    assert read_byline(sentence) is None
    assert read_byline(f"By {sentence}") is None


def test_a_hard_wrapped_word_that_looks_like_noise_stays() -> None:
    text = "Title\n2024-02-22\n\nProfit rose to 1.20 dlrs a\nshare.\n\nIt paid 1 dlr a\nshare\nlast year.\n"
    assert (
        read(text).article.body
        == "Profit rose to 1.20 dlrs a share.\n\nIt paid 1 dlr a share last year."
    )


def test_two_noise_sentences_glued_onto_a_paragraph_go_together() -> None:
    text = "Title\n2024-02-22\n\nThe talks resumed. Follow us on Twitter. Share this article\n"
    loaded = read(text)
    assert loaded.article.body == "The talks resumed."
    assert [d.format() for d in loaded.diagnostics] == [
        "seeds/s.txt:4: note: removed noise: 'Follow us on Twitter. Share this article'"
    ]


@pytest.mark.parametrize(
    "paragraph",
    [
        "The poll was run by\nReuters/Ipsos\nover three days.",
        "Comments\nwere closed, the spokesman said.",
        "He said the app was a\nshare\nof the market.",
    ],
)
def test_a_noise_line_inside_a_wrapped_sentence_is_the_articles_text(paragraph: str) -> None:
    loaded = read(f"Title\n2024-02-22\n\n{paragraph}\n")
    assert loaded.article.body == " ".join(paragraph.split())
    assert not any("noise" in d.message for d in loaded.diagnostics)


def test_a_sites_own_noise_pattern_matches_with_or_without_the_full_stop() -> None:
    config = dataclasses.replace(CONFIG, noise=("(?i)download our app",))
    text = "Title\n2024-02-22\n\nDownload our app.\n\nBody ends here. Download our app!\n"
    loaded = read(text, config)
    assert loaded.article.body == "Body ends here."
    assert [d.message for d in loaded.diagnostics] == [
        "removed noise: 'Download our app.'",
        "removed noise: 'Download our app!'",
    ]


@pytest.mark.parametrize(
    ("line", "offset_hours", "guess"),
    [
        (
            "Oct 25, 1987 01:30 ET",
            -4,
            "ET 01:30 on 25 October 1987 happens twice in America/New_York (the clocks went "
            "back): read as EDT (-04:00)",
        ),
        ("Oct 25, 1987 01:30 EST", -5, ""),
        ("Oct 25, 1987 01:30 EDT", -4, ""),
        (
            "April 5, 1987 02:30 ET",
            -5,
            "ET 02:30 on 5 April 1987 does not exist in America/New_York (the clocks went "
            "forward): read as EST (-05:00)",
        ),
    ],
)
def test_a_time_the_clocks_skip_or_repeat_is_read_with_a_note(
    line: str, offset_hours: int, guess: str
) -> None:
    loaded = read(f"Title\n{line}\n\nBody.\n")
    assert loaded.article.date.utcoffset() == timedelta(hours=offset_hours)
    notes = [d.message for d in loaded.diagnostics if "guess" in d.message]
    assert notes == ([f"the date line is read with a guess: {guess}"] if guess else [])
