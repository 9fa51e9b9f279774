"""Tests for topic detection in seeds and for topic slugs shared across the site."""

from __future__ import annotations

import itertools
import unicodedata
from pathlib import Path

from newsgen.config.site import SiteConfig, TopicSpec, load_config
from newsgen.content.loader import load_site
from newsgen.content.names import NameUse, assign_slugs, name_line
from newsgen.content.seeds import read_seed
from newsgen.content.topics import detect_topics
from seedutil import SHIPPED_SEED

VOCABULARY = (
    TopicSpec("Ukraine", ("Ukrainian",)),
    TopicSpec("Russia", ("Russian",)),
    TopicSpec("NATO"),
)


def topics(
    title: str,
    *paragraphs: str,
    vocabulary: tuple[TopicSpec, ...] = (),
    language: str = "en",
) -> tuple[str, ...]:
    """What detection proposes for one article: the vocabulary's topics, then its candidates."""
    config = SiteConfig(root=Path("/site"), topics=vocabulary, language=language)
    detected = detect_topics(title, paragraphs, config)
    return (*detected.topics, *detected.candidates)


def test_the_shipped_seed_with_the_demo_vocabulary() -> None:
    """The demo's four topics; Kyiv is only a candidate, which one article cannot confirm; the
    Financial Times (quoted), the US (a country code) and the Secretary General (a title) are
    not even candidates."""
    config = load_config(SHIPPED_SEED.parent.parent)
    article = read_seed(SHIPPED_SEED, config).article
    assert article.topics == ("Ukraine", "Russia", "Jens Stoltenberg", "NATO")
    assert article.candidate_topics == ("Kyiv",)
    settled = load_site(config).articles
    assert [a.topics for a in settled if a.source_path == article.source_path] == [
        ("Ukraine", "Russia", "Jens Stoltenberg", "NATO")
    ]


def test_the_shipped_seed_without_a_vocabulary_proposes_only_names() -> None:
    config = SiteConfig(root=SHIPPED_SEED.parent.parent)
    article = read_seed(SHIPPED_SEED, config).article
    assert article.topics == ()
    assert article.candidate_topics == ("Ukraine", "NATO", "Jens Stoltenberg", "Russia", "Kyiv")


def test_a_title_in_title_case_is_not_one_long_name() -> None:
    found = topics(
        "Stocks Rise As Oil Prices Fall In Asian Trade", "Oil prices fell on Monday in Asia."
    )
    assert found == ()


def test_a_name_in_the_title_counts_only_as_a_whole_word() -> None:
    assert topics("Asian markets rally", "Stocks in Asia rose.") == ()
    assert topics("Asia markets rally", "Stocks in Asia rose.") == ("Asia",)


def test_names_made_of_common_words_are_found_inside_sentences() -> None:
    found = topics(
        "Envoy speaks",
        "The envoy met the Financial Times in New York.",
        "In New York the Financial Times said the United States and the United States envoy met.",
    )
    assert found == ("New York", "United States")  # the Financial Times is quoted, not a topic


def test_calendar_words_at_the_end_of_a_name_are_dropped() -> None:
    assert topics("Cocoa", "Shipments to New York Dec 3 and to New York Sept 9.") == ("New York",)


def test_a_demonym_joins_its_country_when_no_vocabulary_names_them() -> None:
    found = topics(
        "Talks", "Troops left Russia.", "In Russia, Russian forces and Russian ships stayed."
    )
    assert found == ("Russia",)


def test_the_pronoun_i_is_never_a_topic() -> None:
    assert topics("Interview", "As I said, I know.", "I think I will.") == ()
    assert topics("Interview", "Well, I've said it.", "Then I’ve gone, so I've left.") == ()


def test_a_lowercase_vocabulary_term_matches_in_any_case() -> None:
    found = topics(
        "Summit",
        "Climate change is here. We discussed climate change.",
        vocabulary=(TopicSpec("climate change"),),
    )
    assert found == ("climate change",)


def test_names_in_other_languages() -> None:
    found = topics(
        "Президент у Києві",
        "Президент Володимир Зеленський прибув до Києва.",
        "Володимир Зеленський сказав, що НАТО допоможе.",
        language="uk",
    )
    assert found == ("Володимир Зеленський",)  # Києві once, Києва once: two forms


def test_a_language_without_a_word_list_still_finds_acronyms() -> None:
    assert topics("Talks", "The IMF met.", "The IMF left.", language="xx") == ("IMF",)


def test_equal_counts_are_ordered_alphabetically() -> None:
    assert topics("Talks", "The IMF, the EU and NATO met.", "NATO, the EU and the IMF left.") == (
        "EU",
        "IMF",
        "NATO",
    )


def test_slugs_of_c_and_cpp_collide_and_merge_under_the_most_used() -> None:
    uses = [
        NameUse("C++", "content/a.md", 3),
        NameUse("C", "content/b.md", 2),
        NameUse("C", "content/c.md", 1),
    ]
    names = assign_slugs("topic", uses)
    assert names.slug_of == {"C": "c", "C++": "c"}
    assert names.name_of == {"c": "C"}
    assert [d.format() for d in names.diagnostics] == [
        "content/a.md:3: warning: topic 'C++' is merged into 'C' (both make /topics/c/) "
        "(use one spelling)"
    ]


def test_a_tie_in_uses_goes_to_the_alphabetically_first_name() -> None:
    names = assign_slugs("topic", [NameUse("ukraine", "b.md", 1), NameUse("Ukraine", "a.md", 1)])
    assert names.name_of == {"ukraine": "Ukraine"}
    assert [d.message for d in names.diagnostics] == [
        "topic 'ukraine' is merged into 'Ukraine' (both make /topics/ukraine/)"
    ]


def test_slugs_do_not_depend_on_the_order_of_uses() -> None:
    uses = [
        NameUse("C++", "content/a.md", 3),
        NameUse("C", "content/b.md", 2),
        NameUse("c", "content/c.md", 5),
        NameUse("Kyiv", "content/a.md", 4),
        NameUse("Kyiv", "content/c.md", 6),
    ]
    first = assign_slugs("topic", uses)
    assert all(assign_slugs("topic", order) == first for order in itertools.permutations(uses))
    assert first.name_of == {"c": "C", "kyiv": "Kyiv"}


def test_distinct_names_keep_distinct_slugs_without_warnings() -> None:
    names = assign_slugs(
        "topic", [NameUse("NATO", "a.md", 1), NameUse("Jens Stoltenberg", "a.md", 1)]
    )
    assert names.slug_of == {"Jens Stoltenberg": "jens-stoltenberg", "NATO": "nato"}
    assert names.diagnostics == ()


def test_a_name_typed_with_decomposed_accents_is_the_same_name() -> None:
    """`Économie` typed on a Mac (NFD) was merged into the other `Économie` with a warning
    naming two spellings that look alike, and might have been shown decomposed."""
    nfc, nfd = (unicodedata.normalize(form, "Économie") for form in ("NFC", "NFD"))
    names = assign_slugs(
        "topic",
        [NameUse(nfd, "a.md", 1), NameUse(nfd, "b.md", 1), NameUse(nfc, "c.md", 1)],
    )
    assert names.slug_of == {nfc: "economie", nfd: "economie"}
    assert names.name_of == {"economie": nfc}
    assert names.diagnostics == ()


def test_no_uses_give_no_topics() -> None:
    names = assign_slugs("topic", [])
    assert (names.slug_of, names.name_of, names.diagnostics) == ({}, {}, ())


def test_a_topics_line_is_the_editors_line(tmp_path: Path) -> None:
    """YAML breaks lines at U+2028 too; an editor shows it inside a line."""
    path = tmp_path / "a.md"
    path.write_text('---\ntitle: "A\u2028B"\ntopics:\n  - Rail\n  - Roads\n---\nBody.\n', "utf-8")
    assert name_line(path, "Roads", 0) == 5
    assert name_line(path, "Trams", 0) == 3
