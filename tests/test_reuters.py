"""Real-world volume: every Reuters story, turned into a raw seed, reads back exactly."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newsgen.content.seeds import read_seed
from newsgen.diagnostics import Level
from newsgen.model import Loaded
from seedutil import (
    BYLINE,
    DATE_FORMS,
    Story,
    date_form,
    expected_date,
    make_site,
    needs_reuters,
    reuters_stories,
    story_seed,
)

pytestmark = needs_reuters

ZONE = "America/New_York"
Read = list[tuple[Story, Path, Loaded]]


@pytest.fixture(scope="module")
def read(tmp_path_factory: pytest.TempPathFactory) -> Read:
    """Every story written as a seed file, and what read_seed made of it."""
    site = make_site(tmp_path_factory.mktemp("reuters"), f"timezone: {ZONE}\nauthor: Desk\n")
    site.seeds_path.mkdir()
    seeds = []
    for story in reuters_stories():
        path = site.seeds_path / f"{story.number:04d}.txt"
        path.write_bytes(story_seed(story).encode("utf-8"))
        seeds.append((story, path, read_seed(path, site)))
    return seeds


def test_the_corpus_is_the_expected_one(read: Read) -> None:
    assert len(read) == 925
    assert {date_form(story) for story, _, _ in read} == set(DATE_FORMS)
    assert any(len(lines) > 1 for story, _, _ in read for lines in story.wrapped)


def test_every_story_reads_back_with_its_title_date_author_and_paragraphs(read: Read) -> None:
    wrong = []
    for story, path, loaded in read:
        article = loaded.article
        author = BYLINE.removeprefix("By ") if story.number % 3 == 0 else "Desk"
        got = (
            article.title,
            article.date,
            article.date.utcoffset(),
            article.author,
            tuple(article.body.split("\n\n")),
        )
        want_date = expected_date(story, ZoneInfo(ZONE))
        want = (story.title, want_date, want_date.utcoffset(), author, story.paragraphs)
        if got != want:
            wrong.append((path.name, got[:4], want[:4]))
    assert wrong == []


def test_noise_is_removed_and_noted_at_its_line_in_every_story(read: Read) -> None:
    for _, path, loaded in read:
        lines = path.read_bytes().decode("utf-8").splitlines()
        notes = [d for d in loaded.diagnostics if d.level is Level.NOTE]
        assert [(d.line, d.message) for d in notes] == [
            (lines.index("Advertisement:") + 1, "removed noise: 'Advertisement:'")
        ], path.name
        assert "Advertisement:" not in loaded.article.body


def test_few_damage_warnings_over_the_corpus(read: Read) -> None:
    warnings = [d for _, _, loaded in read for d in loaded.diagnostics if d.level is Level.WARNING]
    assert len(warnings) < len(read) / 10, [d.format() for d in warnings]
