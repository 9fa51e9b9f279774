"""Tests for the archive: order, drafts and future articles, date groups, topics, neighbours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from newsgen.config.site import SiteConfig
from newsgen.diagnostics import warning
from newsgen.model import Article, BodyFormat
from newsgen.plan.archive import MAX_RELATED, Archive, build_archive

UTC_SITE = SiteConfig(root=Path("/site"))
KYIV_SITE = SiteConfig(root=Path("/site"), timezone="Europe/Kyiv")
NOW = datetime(2030, 1, 1, tzinfo=UTC)


def story(
    slug: str, when: str, topics: tuple[str, ...] = (), draft: bool = False, path: str = ""
) -> Article:
    return Article(
        slug=slug,
        title=slug.title(),
        date=datetime.fromisoformat(when),
        body="Body.",
        body_format=BodyFormat.MARKDOWN,
        source_path=path or f"content/{slug}.md",
        topics=topics,
        draft=draft,
        uid=slug,
    )


def archive_of(*articles: Article, config: SiteConfig = UTC_SITE, **switches: bool) -> Archive:
    return build_archive(
        articles, config, switches.get("drafts", False), switches.get("future", False), NOW
    )


def test_articles_are_ordered_newest_first_with_ties_by_slug() -> None:
    archive = archive_of(
        story("b", "2024-01-01T10:00:00+00:00"),
        story("old", "2023-06-01T10:00:00+00:00"),
        story("a", "2024-01-01T12:00:00+02:00"),  # the same instant as b
        story("new", "2024-03-01T10:00:00+00:00"),
    )
    assert archive.order == ("new", "a", "b", "old")
    assert archive.position == {"new": 0, "a": 1, "b": 2, "old": 3}
    assert set(archive.articles) == {"new", "a", "b", "old"}


def test_previous_and_next_follow_time() -> None:
    archive = archive_of(
        story("first", "2024-01-01T00:00:00+00:00"),
        story("second", "2024-01-02T00:00:00+00:00"),
        story("third", "2024-01-03T00:00:00+00:00"),
    )
    assert [archive.older(s) for s in archive.order] == ["second", "first", None]
    assert [archive.newer(s) for s in archive.order] == [None, "third", "second"]


def test_drafts_and_future_articles_are_left_out_unless_included() -> None:
    articles = [
        story("shown", "2024-01-01T00:00:00+00:00"),
        story("at-now", NOW.isoformat()),
        story("draft", "2024-01-01T00:00:00+00:00", draft=True),
        story("future", (NOW + timedelta(seconds=1)).isoformat()),
        story("future-draft", "2031-01-01T00:00:00+00:00", draft=True),
    ]
    assert archive_of(*articles).order == ("at-now", "shown")
    assert archive_of(*articles, drafts=True).order == ("at-now", "draft", "shown")
    assert archive_of(*articles, future=True).order == ("future", "at-now", "shown")
    assert archive_of(*articles, drafts=True, future=True).order == (
        "future-draft",
        "future",
        "at-now",
        "draft",
        "shown",
    )


def test_left_out_articles_leave_no_trace_in_indexes() -> None:
    archive = archive_of(
        story("shown", "2024-01-01T00:00:00+00:00", ("Shared",)),
        story("draft", "2024-01-01T00:00:00+00:00", ("Shared", "Secret"), draft=True),
    )
    assert set(archive.topics) == {"shared"}
    assert archive.topics["shared"].articles == ("shown",)
    assert archive.related == {"shown": ()}


def test_dates_are_grouped_in_the_site_timezone() -> None:
    late_utc = story("late", "2024-01-31T23:30:00+00:00")  # 1 February 01:30 in Kyiv
    early = story("early", "2024-01-31T08:00:00+00:00")
    new_year = story("eve", "2024-12-31T22:30:00+00:00")  # 2025 in Kyiv
    utc = archive_of(late_utc, early, new_year)
    kyiv = archive_of(late_utc, early, new_year, config=KYIV_SITE)
    assert utc.days == {(2024, 1, 31): ("late", "early"), (2024, 12, 31): ("eve",)}
    assert kyiv.days == {(2024, 1, 31): ("early",), (2024, 2, 1): ("late",), (2025, 1, 1): ("eve",)}
    assert kyiv.months == {(2024, 1): ("early",), (2024, 2): ("late",), (2025, 1): ("eve",)}
    assert kyiv.years == {2024: ("late", "early"), 2025: ("eve",)}
    assert kyiv.local_dates["late"].isoformat() == "2024-02-01T01:30:00+02:00"


def test_periods_are_oldest_first_and_their_articles_newest_first() -> None:
    archive = archive_of(
        story("c", "2025-03-02T00:00:00+00:00"),
        story("a", "2023-05-01T09:00:00+00:00"),
        story("b", "2023-05-01T18:00:00+00:00"),
    )
    assert list(archive.years) == [2023, 2025]
    assert list(archive.months) == [(2023, 5), (2025, 3)]
    assert archive.days[(2023, 5, 1)] == ("b", "a")


def test_topics_are_keyed_by_slug_with_their_articles_newest_first() -> None:
    archive = archive_of(
        story("x", "2024-01-01T00:00:00+00:00", ("Energy Policy", "EU")),
        story("y", "2024-02-01T00:00:00+00:00", ("EU",)),
        story("z", "2024-03-01T00:00:00+00:00", ("Energy Policy",)),
    )
    assert list(archive.topics) == ["energy-policy", "eu"]
    assert archive.topics["eu"].name == "EU"
    assert archive.topics["eu"].articles == ("y", "x")
    assert archive.topics["energy-policy"].articles == ("z", "x")
    assert archive.article_topics["x"] == ("energy-policy", "eu")


def test_names_with_one_slug_merge_under_the_most_used_name_with_a_warning() -> None:
    archive = archive_of(
        story("a", "2024-01-01T00:00:00+00:00", ("New York",)),
        story("b", "2024-01-02T00:00:00+00:00", ("New York",)),
        story("c", "2024-01-03T00:00:00+00:00", ("new-york", "New York")),
    )
    assert list(archive.topics) == ["new-york"]
    assert archive.topics["new-york"].name == "New York"
    assert archive.topics["new-york"].articles == ("c", "b", "a")
    assert archive.article_topics["c"] == ("new-york",), "one topic given twice counts once"
    assert archive.diagnostics == (
        warning(
            "content/c.md",
            1,
            "topic 'new-york' is merged into 'New York' (both make /topics/new-york/)",
            "use one spelling",
        ),
    )


def test_related_articles_share_the_most_topics_then_are_nearest_in_time_newer_first() -> None:
    archive = archive_of(
        story("subject", "2024-06-10T00:00:00+00:00", ("A", "B", "C")),
        story("three", "2024-01-01T00:00:00+00:00", ("A", "B", "C")),
        story("two-near", "2024-06-09T00:00:00+00:00", ("A", "B")),
        story("two-far", "2024-02-01T00:00:00+00:00", ("B", "C")),
        story("z-newer", "2024-06-12T00:00:00+00:00", ("C",)),  # as near as one-older
        story("one-older", "2024-06-05T00:00:00+00:00", ("A",)),
        story("one-oldest", "2024-03-01T00:00:00+00:00", ("A",)),
        story("none", "2024-06-10T01:00:00+00:00", ("D",)),
    )
    assert archive.related["subject"] == ("three", "two-near", "two-far", "z-newer", "one-older")
    assert len(archive.related["subject"]) == MAX_RELATED
    assert archive.related["none"] == ()


@given(
    st.lists(
        st.tuples(st.integers(0, 60), st.sets(st.sampled_from("ABCDE"), max_size=3)),
        min_size=1,
        max_size=30,
    )
)
def test_related_never_holds_the_article_itself_and_always_shares_a_topic(
    rows: list[tuple[int, set[str]]],
) -> None:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    articles = [
        story(f"s{n}", (start + timedelta(days=day)).isoformat(), tuple(sorted(topics)))
        for n, (day, topics) in enumerate(rows)
    ]
    archive = archive_of(*articles)
    shuffled = archive_of(*reversed(articles))
    assert shuffled == archive, "the input order does not matter"
    for slug, related in archive.related.items():
        assert slug not in related
        assert len(related) == len(set(related)) <= MAX_RELATED
        mine = set(archive.article_topics[slug])
        assert all(mine & set(archive.article_topics[other]) for other in related)
