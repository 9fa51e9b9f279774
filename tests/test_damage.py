"""Tests for damaged-text detection: words run together and stray letters, by word frequency."""

from __future__ import annotations

import pytest

from newsgen.content.damage import find_damage, has_word_list
from seedutil import needs_reuters, reuters_stories

HINT = " (kept as written; fix it by hand)"


def flags(text: str, language: str = "en") -> list[str]:
    return [d.message for d in find_damage([(7, text)], "seeds/x.txt", language)]


def test_the_shipped_seed_damage_with_path_line_and_hint() -> None:
    found = find_damage(
        [(19, "strikes on military targetpassionately urged\u00a0s in Russia")], "seeds/x.txt", "en"
    )
    assert [d.format() for d in found] == [
        'seeds/x.txt:19: warning: possible words run together: "targetpassionately" '
        '("target passionately"?)' + HINT,
        'seeds/x.txt:19: warning: stray letter "s" in "urged\u00a0s in"' + HINT,
    ]


def test_a_lost_space_before_a_function_word_is_found() -> None:
    assert flags("the governmentand people") == [
        'possible words run together: "governmentand" ("government and"?)'
    ]


@pytest.mark.parametrize(
    "word",
    ["subproducts", "nonbuilding", "surrenderred", "respresenting", "bargainers", "centralled"],
)
def test_prefixes_and_typos_with_short_rare_halves_are_not_run_together(word: str) -> None:
    assert flags(f"the {word} were") == []


@pytest.mark.parametrize(
    "text",
    [
        "TARGETPASSIONATELY",
        "Targetpassionately said",
        "targetpassionately-style",
        "targetpassionately's",
        "www.targetpassionately.com",
        "short onetwo",
    ],
)
def test_capitals_hyphens_possessives_addresses_and_short_words_are_left_alone(
    text: str,
) -> None:
    assert flags(text) == []


@pytest.mark.parametrize(
    "text",
    [
        'Brazil"s output',
        "urged s, in",
        "urged s",
        "s in",
        "(s) and",
        "p.m. and a.m.",
        "the 5 s",
    ],
)
def test_a_stray_letter_needs_a_word_and_spaces_on_both_sides(text: str) -> None:
    assert flags(text) == []


def test_stray_letters_quote_the_text_as_written() -> None:
    assert flags("one  x\ttwo") == ['stray letter "x" in "one  x\ttwo"']


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Що ж робити з цим, я не знаю", "uk", []),
        ("Він пішов ґ до міста", "uk", ['stray letter "ґ" in "пішов ґ до"']),
        ("Что ж, если б знать", "ru", []),
        ("Er kam x nach Hause", "de", ['stray letter "x" in "kam x nach"']),
        ("They urged s in", "en-GB", ['stray letter "s" in "urged s in"']),
        ("They urged s in", "fr", []),
    ],
)
def test_languages_use_their_own_words(text: str, language: str, expected: list[str]) -> None:
    assert flags(text, language) == expected


def test_without_a_word_list_nothing_is_judged() -> None:
    assert not has_word_list("xx")
    assert has_word_list("uk")
    assert flags("military targetpassionately urged s in", "xx") == []


@needs_reuters
def test_false_alarms_over_the_reuters_corpus() -> None:
    """13 warnings over 125,818 words: citruspulp, truckstops and wheatgrowers are run
    together; announcecement is a typo; the other nine are rare compounds and jargon."""
    stories = reuters_stories()
    words = sum(len(p.split()) for s in stories for p in s.paragraphs)
    found = [
        d.message
        for s in stories
        for d in find_damage(enumerate([s.title, *s.paragraphs]), "x", "en")
    ]
    assert not [m for m in found if m.startswith("stray letter")]
    assert len(found) <= 15, found
    assert words > 120_000
