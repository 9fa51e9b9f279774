"""Tests for topic detection from vocabularies and recurring names, caps and slug merging."""

from __future__ import annotations

from pathlib import Path

from newsgen.config.site import SiteConfig, TopicSpec
from newsgen.content.names import NameUse, assign_slugs
from newsgen.content.topics import detect_topics

PLAIN = SiteConfig(root=Path("/site"))


def topics(
    title: str, *paragraphs: str, vocabulary: tuple[TopicSpec, ...] = (), cap: int = 8
) -> tuple[str, ...]:
    config = SiteConfig(root=Path("/site"), topics=vocabulary, max_topics=cap)
    detected = detect_topics(title, paragraphs, config)
    return (*detected.topics, *detected.candidates)


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
        NameUse("Ukraine", "content/a.md", 1),
        NameUse("ukraine", "content/b.md", 1),
        NameUse("Ukraine", "content/c.md", 1),
    ]
    names = assign_slugs("topic", uses)
    assert names.slug_of == {"Ukraine": "ukraine", "ukraine": "ukraine"}
    assert names.name_of == {"ukraine": "Ukraine"}
    assert [d.format() for d in names.diagnostics] == [
        "content/b.md:1: warning: topic 'ukraine' is merged into 'Ukraine' (both make /topics/ukraine/) (use one spelling)"
    ]
    assert assign_slugs("topic", reversed(uses)) == names


def test_topic_slugs_are_stable_and_safe() -> None:
    names = assign_slugs(
        "topic", [NameUse(n, "a.md", 1) for n in ("C++", "../../etc", "😀", "Україна", "CON")]
    )
    assert names.slug_of["Україна"] == "ukraina"
    assert names.slug_of["../../etc"] == "etc"
    assert names.slug_of["😀"].startswith("topic-")
    assert names.slug_of["CON"] == "con-topic"


MERGED_FILES = {
    "content/a.md": "---\ntitle: A\ndate: 2024-03-01\ntopics:\n  - News\n  - Cafe\n---\nBody.\n",
    "content/b.md": "---\ntitle: B\ndate: 2024-03-02\ntopics: [Cafe]\n---\nBody.\n",
    "content/c.md": (
        "---\ntitle: C\ndate: 2024-03-03\nauthor: X\ntopics:\n"
        '  - "News"\n  - "Caf\\u00e9"\n---\nBody.\n'
    ),
    "content/d.md": "---\ntitle: D\ndate: 2024-03-04\ntags: [CAFE, Cafe]\n---\nBody.\n",
    "content/e.md": "---\ntitle: E\ndate: 2024-03-05\ntags: CAFÉ!\n---\nBody.\n",
}


def test_a_merged_topic_is_reported_where_its_article_writes_it(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from newsgen.content.check import check_site

    root = tmp_path / "site"
    for name, text in MERGED_FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / "newsgen.yaml").write_text("title: T\nbase_url: https://t.example/\n", "utf-8")
    from newsgen.config.site import load_config

    found = check_site(load_config(root), datetime(2030, 1, 1, tzinfo=UTC))
    merged = sorted(d.format().split(" (both")[0] for d in found if "merged" in d.message)
    assert merged == [
        "content/c.md:7: warning: topic 'Café' is merged into 'Cafe'",  # its list item
        "content/d.md:4: warning: topic 'CAFE' is merged into 'Cafe'",  # a flow list: the key
        "content/e.md:4: warning: topic 'CAFÉ!' is merged into 'Cafe'",  # a lone name
    ]


def test_a_topic_that_cannot_be_located_keeps_the_given_line(tmp_path: Path) -> None:
    from newsgen.content.names import name_locator

    locate = name_locator(tmp_path, "topic")
    (tmp_path / "seed.txt").write_text("Title\n\nMarch 3, 2024\n\nBody.\n", encoding="utf-8")
    (tmp_path / "broken.md").write_text("---\ntopics: [a\n---\n", encoding="utf-8")
    (tmp_path / "other.md").write_text("---\ntopics: [Cafe]\n---\n", encoding="utf-8")
    assert locate(NameUse("Cafe", "seed.txt", 1)) == 1
    assert locate(NameUse("Cafe", "broken.md", 1)) == 1
    assert locate(NameUse("Cafe", "missing.md", 0)) == 0
    assert locate(NameUse("Cafe", "other.md", 1)) == 2
