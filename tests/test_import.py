"""Tests for `newsgen import` and the loader: idempotence, editor safety, round trip, dedupe."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgen.articles import read_article
from newsgen.config import SiteConfig
from newsgen.diagnostics import ContentError
from newsgen.importer import import_seeds
from newsgen.loader import check_site, load_site
from newsgen.model import Article
from newsgen.seeds import read_seed
from seedutil import SHIPPED_SEED, make_site, needs_reuters, reuters_stories, story_seed

VOCABULARY = (
    "topics:\n  - NATO\n  - {name: Ukraine, aliases: [Ukrainian]}\n"
    "  - {name: Russia, aliases: [Russian]}\n"
)


@pytest.fixture
def site(tmp_path: Path) -> SiteConfig:
    config = make_site(tmp_path, "timezone: Europe/Kyiv\n" + VOCABULARY)
    (config.seeds_path).mkdir()
    (config.seeds_path / SHIPPED_SEED.name).write_bytes(SHIPPED_SEED.read_bytes())
    return config


def comparable(article: Article) -> Article:
    """The record without what legitimately differs between a seed and its imported copy."""
    return dataclasses.replace(article, source_path="", provenance=None, body_line=0)


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_import_writes_one_markdown_file_per_seed(site: SiteConfig) -> None:
    result = import_seeds(site, [], force=False)
    (written,) = result.written
    assert written.startswith("content/imported/2024/02/nato-confirms-")
    text = (site.root / written).read_text(encoding="utf-8")
    assert "format: text\n" in text
    assert f"seed: seeds/{SHIPPED_SEED.name}\n" in text
    assert "seed_sha256: " in text


def test_reimport_is_byte_identical_and_reported_unchanged(site: SiteConfig) -> None:
    import_seeds(site, [], force=False)
    before = tree(site.content_path)
    result = import_seeds(site, [], force=False)
    assert result.written == () and len(result.unchanged) == 1
    assert tree(site.content_path) == before


def test_an_edited_import_is_never_overwritten_without_force(site: SiteConfig) -> None:
    (written,) = import_seeds(site, [], force=False).written
    path = site.root / written
    edited = path.read_text(encoding="utf-8").replace("A NATO spokesman", "A NATO spokesperson")
    path.write_text(edited, encoding="utf-8")
    result = import_seeds(site, [], force=False)
    assert result.refused == (written,)
    assert path.read_text(encoding="utf-8") == edited
    assert [d.format() for d in result.diagnostics if d.level.value == "error"] == [
        f"{written}: error: edited since it was imported: not overwritten "
        "(pass --force to replace it with a fresh import of its seed)"
    ]
    forced = import_seeds(site, [], force=True)
    assert forced.written == (written,)
    assert "A NATO spokesman" in path.read_text(encoding="utf-8")


def test_a_changed_seed_updates_an_untouched_import(site: SiteConfig) -> None:
    (written,) = import_seeds(site, [], force=False).written
    seed = site.seeds_path / SHIPPED_SEED.name
    seed.write_text(
        seed.read_text(encoding="utf-8") + "\nA new closing paragraph.\n", encoding="utf-8"
    )
    assert import_seeds(site, [], force=False).written == (written,)
    assert "A new closing paragraph." in (site.root / written).read_text(encoding="utf-8")


def test_loading_the_imported_file_gives_the_same_record_as_the_seed(site: SiteConfig) -> None:
    (written,) = import_seeds(site, [], force=False).written
    from_seed = read_seed(site.seeds_path / SHIPPED_SEED.name, site).article
    from_import = read_article(site.root / written, site).article
    assert comparable(from_import) == comparable(from_seed)
    assert from_import.provenance is not None
    assert from_import.provenance.seed == f"seeds/{SHIPPED_SEED.name}"


def test_a_build_never_shows_a_seed_and_its_import_twice(site: SiteConfig) -> None:
    assert len(load_site(site).articles) == 1
    import_seeds(site, [], force=False)
    content = load_site(site)
    assert len(content.articles) == 1
    assert content.articles[0].source_path.startswith("content/imported/")


def test_check_still_reports_damage_in_the_imported_copy(site: SiteConfig) -> None:
    import_seeds(site, [], force=False)
    found = [d.message for d in check_site(site, datetime.now(UTC))]
    assert 'possible words run together: "targetpassionately" ("target passionately"?)' in found
    assert 'stray letter "s" in "urged s in"' in found


def test_a_seed_that_cannot_be_read_is_reported_and_others_still_import(site: SiteConfig) -> None:
    (site.seeds_path / "broken.txt").write_text("No date here\n\nJust text.\n", encoding="utf-8")
    result = import_seeds(site, [], force=False)
    assert len(result.written) == 1
    assert any(
        d.format().startswith("seeds/broken.txt:3: error: no date found")
        for d in result.diagnostics
    )


def test_import_of_named_paths_only(site: SiteConfig) -> None:
    other = site.seeds_path / "other.txt"
    other.write_text("Other story\n2024-03-01\n\nBody.\n", encoding="utf-8")
    result = import_seeds(site, [other], force=False)
    assert result.written == ("content/imported/2024/03/other-story.md",)


@needs_reuters
def test_reuters_round_trip(tmp_path: Path) -> None:
    site = make_site(tmp_path, "timezone: UTC\n")
    site.seeds_path.mkdir()
    for story in reuters_stories()[:300]:
        (site.seeds_path / f"{story.number:04d}.txt").write_text(
            story_seed(story), encoding="utf-8"
        )
    result = import_seeds(site, [], force=False)
    assert len(result.written) + sum("imports to" in d.message for d in result.diagnostics) == 300
    for written in result.written:
        imported = read_article(site.root / written, site).article
        assert imported.provenance is not None
        seed = read_seed(site.root / imported.provenance.seed, site).article
        assert comparable(imported) == comparable(seed)


TITLES = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
    min_size=1,
    max_size=80,
).filter(lambda t: t.strip() and not t.strip().lower().startswith("by "))
PARAGRAPHS = st.lists(
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
        min_size=1,
        max_size=120,
    ).filter(str.strip),
    min_size=1,
    max_size=4,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=TITLES, paragraphs=PARAGRAPHS)
def test_round_trip_of_arbitrary_titles_and_paragraphs(
    tmp_path: Path, title: str, paragraphs: list[str]
) -> None:
    site = make_site(tmp_path / "site", "timezone: UTC\n")
    site.seeds_path.mkdir(exist_ok=True)
    seed = site.seeds_path / "x.txt"
    seed.write_text("\n\n".join([title, "2024-02-22", *paragraphs]) + "\n", encoding="utf-8")
    try:
        from_seed = read_seed(seed, site).article
    except ContentError:  # a text the seed reader refuses (e.g. no body) has nothing to import
        return
    result = import_seeds(site, [seed], force=True)
    (written,) = result.written or result.unchanged
    assert comparable(read_article(site.root / written, site).article) == comparable(from_seed)
