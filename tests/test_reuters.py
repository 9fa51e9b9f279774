"""Real-world volume: every Reuters story, turned into a raw seed, reads back exactly."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import pytest

from newsgen.config import SiteConfig
from newsgen.seeds import read_seed
from seedutil import DATE_FORMS, Story, make_site, needs_reuters, reuters_stories, story_seed

pytestmark = needs_reuters

TIME_PRECISION = {0: "day", 1: "day", 2: "day", 3: "day", 4: "second", 5: "minute", 6: "second"}


@pytest.fixture(scope="module")
def imported(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[SiteConfig, list[tuple[Story, Path]]]:
    site = make_site(tmp_path_factory.mktemp("reuters"), "timezone: UTC\n")
    written = []
    for story in reuters_stories():
        path = site.root / "seeds" / f"{story.number:04d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(story_seed(story), encoding="utf-8")
        written.append((story, path))
    return site, written


def test_the_corpus_is_the_expected_one(
    imported: tuple[SiteConfig, list[tuple[Story, Path]]],
) -> None:
    _, written = imported
    assert len(written) >= 900


def test_every_story_reads_back_with_its_title_date_and_paragraphs(
    imported: tuple[SiteConfig, list[tuple[Story, Path]]],
) -> None:
    site, written = imported
    wrong = []
    for story, path in written:
        article = read_seed(path, site).article
        expected_date = story.date.replace(tzinfo=UTC)
        precision = TIME_PRECISION[story.number % len(DATE_FORMS)]
        if precision == "day":
            expected_date = expected_date.replace(hour=0, minute=0, second=0)
        elif precision == "minute":
            expected_date = expected_date.replace(second=0)
        got = (article.title, article.date, tuple(article.body.split("\n\n")))
        want = (story.title, expected_date, story.paragraphs)
        if got != want:
            wrong.append((path.name, got[:2], want[:2]))
    assert wrong == []


def test_noise_is_removed_from_every_story(
    imported: tuple[SiteConfig, list[tuple[Story, Path]]],
) -> None:
    site, written = imported
    for _, path in written[:200]:
        loaded = read_seed(path, site)
        assert "Advertisement:" not in loaded.article.body
        assert any("removed noise" in d.message for d in loaded.diagnostics)
