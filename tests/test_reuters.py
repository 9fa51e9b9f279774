"""Real-world volume: every Reuters story, turned into a raw seed, reads back exactly."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newsgen.config.site import SiteConfig
from newsgen.content.dates import MONTHS
from newsgen.content.seeds import read_seed
from newsgen.diagnostics import ContentError, Level
from newsgen.model import Loaded, Source
from seedutil import (
    DATE_FORMS,
    NUMERIC_DAY_FIRST,
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


def write_seed(site: SiteConfig, story: Story) -> Path:
    path = site.seeds_path / f"{story.number:04d}.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(story_seed(story).encode("utf-8"))
    return path


@pytest.fixture(scope="module")
def read(tmp_path_factory: pytest.TempPathFactory) -> Read:
    """Every story written as a seed file, and what read_seed made of it.

    Some seeds write their date day first in numbers (01.03.1987 14:35), so the site says so.
    """
    config = f"timezone: {ZONE}\nauthor: Desk\ndate_order: DMY\n"
    site = make_site(tmp_path_factory.mktemp("reuters"), config)
    seeds = []
    for story in reuters_stories():
        path = write_seed(site, story)
        seeds.append((story, path, read_seed(path, site)))
    return seeds


def test_without_date_order_a_numeric_date_up_to_the_12th_is_refused(
    tmp_path: Path,
) -> None:
    """The stories of 1-3 March 1987 whose seed writes 01.03.1987 could be 3 January: refused,
    each at its date line; the others of that form (26.02.1987) have one reading only."""
    site = make_site(tmp_path, f"timezone: {ZONE}\n")
    stories = [s for s in reuters_stories() if date_form(s) is NUMERIC_DAY_FIRST]
    refused = {}
    for story in stories:
        try:
            read_seed(write_seed(site, story), site)
        except ContentError as exc:
            refused[story.number] = exc.diagnostics[0].format()
    ambiguous = [s for s in stories if s.date.day <= 12 and s.date.day != s.date.month]
    assert sorted(refused) == [s.number for s in ambiguous]
    assert len(refused) == 44
    first = ambiguous[0]
    day, month = first.date.day, first.date.month
    written = f"{day:02d}.{month:02d}.1987 {first.date:%H:%M}"
    assert refused[first.number] == (
        f"seeds/{first.number:04d}.txt:3: error: the date line {written} is ambiguous: "
        f"{day} {MONTHS[month - 1]} or {MONTHS[day - 1]} {month}? (set date_order: DMY or MDY "
        f"in newsgen.yaml, or write {first.date:%Y-%m-%d %H:%M})"
    )


def test_the_corpus_is_the_expected_one(read: Read) -> None:
    assert len(read) == 925
    assert {date_form(story) for story, _, _ in read} == set(DATE_FORMS)
    assert any(len(lines) > 1 for story, _, _ in read for lines in story.wrapped)


def test_every_story_reads_back_with_its_title_date_credit_and_paragraphs(read: Read) -> None:
    wrong = []
    for story, path, loaded in read:
        article = loaded.article
        source = Source("Reuters") if story.number % 3 == 0 else None  # "By Reuters Staff"
        got = (
            article.title,
            article.date,
            article.date.utcoffset(),
            (article.authors, article.source),
            tuple(article.body.split("\n\n")),
        )
        want_date = expected_date(story, ZoneInfo(ZONE))
        want = (story.title, want_date, want_date.utcoffset(), ((), source), story.paragraphs)
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
