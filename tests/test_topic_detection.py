"""Tests for topic detection from vocabularies and recurring names, caps and slug merging."""

from __future__ import annotations

from pathlib import Path

from newsgen.config import SiteConfig, TopicSpec
from newsgen.topics import TopicUse, assign_topic_slugs, detect_topics

PLAIN = SiteConfig(root=Path("/site"))


def topics(
    title: str, *paragraphs: str, vocabulary: tuple[TopicSpec, ...] = (), cap: int = 8
) -> tuple[str, ...]:
    return detect_topics(
        title, paragraphs, SiteConfig(root=Path("/site"), topics=vocabulary, max_topics=cap)
    )


def test_vocabulary_matches_whole_words_possessives_and_aliases() -> None:
    vocabulary = (
        TopicSpec("Ukraine", ("Ukrainian",)),
        TopicSpec("NATO"),
        TopicSpec("Russia", ("Russian",)),
    )
    found = topics(
        "Talks",
        "Ukraine's army and Russian forces.",
        "NATONAL is not NATO's.",
        vocabulary=vocabulary,
    )
    assert found == ("NATO", "Russia", "Ukraine")


def test_vocabulary_is_case_aware() -> None:
    assert topics("Talks", "The nato summit.", vocabulary=(TopicSpec("NATO"),)) == ()


def test_recurring_names_and_acronyms_are_found() -> None:
    found = topics(
        "Minister meets the IMF",
        "Finance minister Olena Petrenko met the IMF on Monday.",
        "In March, Olena Petrenko said the IMF programme would go on.",
    )
    assert found[:2] == ("IMF", "Olena Petrenko")


def test_sentence_starts_weekdays_months_and_noise_are_never_topics() -> None:
    found = topics(
        "Markets",
        "However, prices rose on Thursday. However, Advertisement revenue fell in February.",
        "Thursday was quiet. February was not. Earlier, these words were said. Earlier, twice.",
    )
    assert found == ()


def test_wire_headlines_in_capitals_give_no_topics() -> None:
    assert topics("TEXAS COMMERCE BANCSHARES FILES PLAN", "The bank filed a plan.") == ()


def test_topics_are_capped() -> None:
    vocabulary = tuple(TopicSpec(f"Name{n}") for n in range(12))
    text = " ".join(f"Name{n}" for n in range(12))
    assert len(topics("T", text, vocabulary=vocabulary, cap=3)) == 3


def test_colliding_topic_names_merge_under_the_most_used_with_a_warning() -> None:
    uses = [
        TopicUse("Ukraine", "content/a.md", 1),
        TopicUse("ukraine", "content/b.md", 1),
        TopicUse("Ukraine", "content/c.md", 1),
    ]
    names = assign_topic_slugs(uses)
    assert names.slug_of == {"Ukraine": "ukraine", "ukraine": "ukraine"}
    assert names.name_of == {"ukraine": "Ukraine"}
    assert [d.format() for d in names.diagnostics] == [
        "content/b.md:1: warning: topic 'ukraine' is merged into 'Ukraine' (both make /topics/ukraine/) (use one spelling)"
    ]
    assert assign_topic_slugs(reversed(uses)) == names


def test_topic_slugs_are_stable_and_safe() -> None:
    names = assign_topic_slugs(
        [TopicUse(n, "a.md", 1) for n in ("C++", "../../etc", "😀", "Україна", "CON")]
    )
    assert names.slug_of["Україна"] == "ukraina"
    assert names.slug_of["../../etc"] == "etc"
    assert names.slug_of["😀"].startswith("topic-")
    assert names.slug_of["CON"] == "con-topic"
