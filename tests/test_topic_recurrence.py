"""Tests for the names that are never topics and for topics settled across the archive."""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgen.config.site import SiteConfig, TopicSpec, load_config
from newsgen.content.importer import import_seeds
from newsgen.content.loader import load_site
from newsgen.content.recurrence import settle_topics
from newsgen.content.topics import detect_topics
from newsgen.diagnostics import NewsgenError
from newsgen.model import Article, BodyFormat
from seedutil import make_site
from sitegen import build


def proposed(*paragraphs: str, title: str = "Talks", **fields: Any) -> tuple[str, ...]:
    """What detection proposes for one seed: the vocabulary's topics, then its candidates."""
    config = SiteConfig(root=Path("/site"), **fields)
    detected = detect_topics(title, paragraphs, config)
    return (*detected.topics, *detected.candidates)


@pytest.mark.parametrize(
    "title",
    [
        "Secretary General",
        "President",
        "Prime Minister",
        "Minister",
        "Chairman",
        "CEO",
        "Spokesman",
        "Foreign Minister",
        "Attorney General",
        "Chief Executive",
        "Pope",
    ],
)
def test_a_title_of_office_alone_is_no_topic(title: str) -> None:
    assert proposed(f"The {title} spoke twice.", f"Then the {title} left.") == ()


def test_a_title_in_front_of_a_name_is_taken_off() -> None:
    found = proposed(
        "On Monday Foreign Minister Sergei Lavrov met Australian Prime Minister John Howard.",
        "Later Sergei Lavrov and John Howard spoke again.",
    )
    assert found == ("John Howard", "Sergei Lavrov")


def test_a_company_named_with_a_title_word_keeps_its_name() -> None:
    found = proposed("Shares of General Motors fell.", "Investors sold General Motors again.")
    assert found == ("General Motors",)


def test_country_codes_are_no_topics_but_organisations_are() -> None:
    text = (
        "The talks of the US and the UK with NATO, the EU and the UN went on.",
        "Later the US and the UK met NATO, the EU and the UN again.",
    )
    assert proposed(*text) == ("EU", "NATO", "UN")


def test_time_zones_are_no_topics() -> None:
    text = ("Polls closed at 18:00 GMT (14:00 EDT).", "Results came at 20:00 GMT and 16:00 EDT.")
    assert proposed(*text) == ()


def test_news_organisations_quoted_are_no_topics() -> None:
    found = proposed(
        "An official told the Financial Times and Reuters that Kyiv Post readers in Odesa wait.",
        "Reuters said, the Financial Times wrote and the Kyiv Post said that Odesa waits.",
        source_names=("Kyiv Post",),
    )
    assert found == ("Odesa",)


def test_the_vocabulary_always_wins() -> None:
    vocabulary = (TopicSpec("United States", ("US",)), TopicSpec("Reuters"), TopicSpec("CEO"))
    found = proposed("Reuters asked the CEO about the US.", topics=vocabulary)
    assert found == ("CEO", "Reuters", "United States")


def test_a_name_must_recur_in_the_article() -> None:
    assert proposed("The port of Odesa reopened.") == ()
    assert proposed("The port of Odesa reopened.", title="Port of Odesa reopens") == ("Odesa",)
    assert proposed("The port of Odesa reopened.", min_topic_mentions=1) == ("Odesa",)
    thrice = "The port of Odesa reopened and ships left Odesa for the coast of Odesa."
    assert proposed(thrice, min_topic_mentions=3) == ("Odesa",)
    assert proposed(thrice, min_topic_mentions=4) == ()


def article(name: str, topics: tuple[str, ...] = (), candidates: tuple[str, ...] = ()) -> Article:
    return Article(
        slug=name,
        title=name,
        date=datetime(2024, 2, 22, tzinfo=UTC),
        body="",
        body_format=BodyFormat.TEXT,
        source_path=f"{name}.txt",
        topics=topics,
        candidate_topics=candidates,
    )


def settled(*articles: Article, shared: int = 3) -> list[tuple[str, ...]]:
    config = SiteConfig(root=Path("/site"), min_topic_articles=shared)
    return [a.topics for a in settle_topics(articles, config)]


def test_a_candidate_is_kept_only_where_enough_articles_share_it() -> None:
    two = [article("a", candidates=("Odesa",)), article("b", candidates=("Odesa",))]
    assert settled(*two) == [(), ()]
    assert settled(*two, article("c", candidates=("Odesa",))) == [("Odesa",)] * 3
    assert settled(*two, article("c", topics=("Odesa",))) == [("Odesa",)] * 3
    assert settled(*two, shared=2) == [("Odesa",)] * 2
    assert settled(article("a", candidates=("Odesa",)), shared=1) == [("Odesa",)]


def test_a_demonym_beside_its_place_goes() -> None:
    places = [article(n, candidates=("Israel", "Israeli", "Lebanese", "Lebanon")) for n in "abc"]
    assert settled(*places) == [("Israel", "Lebanon")] * 3
    alone = [article(n, candidates=("Israeli", "Brazilian")) for n in "abc"]
    assert settled(*alone) == [("Israeli", "Brazilian")] * 3


NAMES = st.sampled_from(["Odesa", "Kyiv", "NATO", "Israel", "Israeli", "IMF"])
ARTICLES = st.lists(
    st.tuples(st.lists(NAMES, max_size=3, unique=True), st.lists(NAMES, max_size=3, unique=True)),
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(ARTICLES, st.integers(min_value=1, max_value=4), st.randoms(use_true_random=False))
def test_settling_keeps_given_topics_and_ignores_order(
    specs: list[tuple[list[str], list[str]]], shared: int, rng: random.Random
) -> None:
    articles = [
        article(f"a{n}", tuple(topics), tuple(c for c in candidates if c not in topics))
        for n, (topics, candidates) in enumerate(specs)
    ]
    config = SiteConfig(root=Path("/site"), min_topic_articles=shared)
    result = {a.slug: a for a in settle_topics(articles, config)}
    shuffled = list(articles)
    rng.shuffle(shuffled)
    assert {a.slug: a for a in settle_topics(shuffled, config)} == result
    for before in articles:
        after = result[before.slug]
        assert after.topics[: len(before.topics)] == before.topics
        assert set(after.topics) <= {*before.topics, *before.candidate_topics}
        assert after.candidate_topics == ()
    assert settle_topics(list(result.values()), config) == tuple(result.values())


SEED = "Port of {place} reopens\n\n{day} February 2024\n\nShips left {place} on Monday.\n"


def seed(root: Path, name: str, place: str = "Odesa", day: int = 1) -> None:
    path = root / "seeds" / f"{name}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SEED.format(place=place, day=day), encoding="utf-8")


def topics_of(config: SiteConfig) -> dict[str, tuple[str, ...]]:
    return {a.source_path: a.topics for a in load_site(config).articles}


def test_the_archive_decides_and_a_build_publishes_the_topic_page(tmp_path: Path) -> None:
    config = make_site(tmp_path, "search: false\n")
    seed(config.root, "a", day=1)
    seed(config.root, "b", day=2)
    assert set(topics_of(config).values()) == {()}
    build(config)
    assert not (config.output_path / "topics" / "odesa").exists()
    seed(config.root, "c", day=3)
    assert set(topics_of(config).values()) == {("Odesa",)}
    build(config)
    assert (config.output_path / "topics" / "odesa" / "index.html").is_file()


def test_an_editors_topics_are_never_filtered_and_count_for_seeds(tmp_path: Path) -> None:
    front = "---\ntitle: Notes\ndate: 2024-02-03\ntopics: [US, Secretary General, Reuters, Odesa]"
    config = make_site(tmp_path, "", {"content/notes.md": front + "\n---\nBody.\n"})
    seed(config.root, "a", day=1)
    seed(config.root, "b", day=2)
    assert topics_of(config) == {
        "content/notes.md": ("US", "Secretary General", "Reuters", "Odesa"),
        "seeds/a.txt": ("Odesa",),
        "seeds/b.txt": ("Odesa",),
    }


def test_importing_one_seed_gives_what_importing_them_all_does(tmp_path: Path) -> None:
    config = make_site(tmp_path, "")
    for name, day in (("a", 1), ("b", 2), ("c", 3)):
        seed(config.root, name, day=day)
    seed(config.root, "d", place="Lviv", day=4)
    first = import_seeds(config, [config.seeds_path / "a.txt"], force=False)
    (written,) = first.written
    assert "\ntopics: [Odesa]\n" in (config.root / written).read_text(encoding="utf-8")
    everything = import_seeds(config, [], force=False)
    assert everything.unchanged == (written,)
    assert len(everything.written) == 3
    assert set(topics_of(config).values()) == {("Odesa",), ()}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "min_topic_mentions: 0\n",
            "newsgen.yaml:1: error: `min_topic_mentions` must be a whole number of at least 1, "
            "got int 0",
        ),
        (
            "title: T\nmin_topic_articles: three\n",
            "newsgen.yaml:2: error: `min_topic_articles` must be a whole number of at least 1, "
            "got str 'three'",
        ),
        (
            "min_topic_article: 2\n",
            "newsgen.yaml:1: error: unknown key `min_topic_article` "
            "(did you mean `min_topic_articles`?)",
        ),
    ],
)
def test_the_thresholds_are_validated(tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / "newsgen.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(NewsgenError) as caught:
        load_config(tmp_path)
    assert [d.format() for d in caught.value.diagnostics] == [expected]


def test_the_thresholds_are_read(tmp_path: Path) -> None:
    (tmp_path / "newsgen.yaml").write_text(
        "min_topic_mentions: 3\nmin_topic_articles: 5\n", encoding="utf-8"
    )
    config = load_config(tmp_path)
    assert (config.min_topic_mentions, config.min_topic_articles) == (3, 5)
    assert dataclasses.replace(config, min_topic_mentions=2, min_topic_articles=3) == (
        SiteConfig(root=tmp_path.resolve())
    )
