"""Tests for `newsgen import` and the loader: idempotence, editor safety, round trip, dedupe."""

from __future__ import annotations

import dataclasses
import hashlib
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgen.config.site import SiteConfig
from newsgen.content.articles import read_article
from newsgen.content.check import check_site
from newsgen.content.identity import derived_id
from newsgen.content.importer import import_seeds
from newsgen.content.loader import load_site
from newsgen.content.recurrence import settle_topics
from newsgen.content.seeds import read_seed, seed_sha256
from newsgen.diagnostics import ContentError, has_errors
from newsgen.model import Article
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
    return dataclasses.replace(article, source_path="", provenance=None, body_line=0, unpinned=())


def alone(article: Article, site: SiteConfig) -> Article:
    """A seed's record with its topics settled as a site of that one seed settles them."""
    (settled,) = settle_topics([article], site)
    return settled


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
    assert (result.kept, result.refused, result.written) == ((written,), (), ())
    assert path.read_text(encoding="utf-8") == edited
    assert [d.format() for d in result.diagnostics if d.level.value != "note"] == []
    assert (
        f"{written}: note: edited since it was imported: kept as it is "
        "(pass --force to replace it with a fresh import of its seed)"
    ) in [d.format() for d in result.diagnostics]
    forced = import_seeds(site, [], force=True)
    assert forced.written == (written,)
    assert "A NATO spokesman" in path.read_text(encoding="utf-8")


def test_a_forced_reimport_keeps_the_id_and_slug_an_editor_pinned(site: SiteConfig) -> None:
    (written,) = import_seeds(site, [], force=False).written
    path = site.root / written
    text = path.read_text(encoding="utf-8")
    article = read_article(path, site).article
    pinned = text.replace(f"id: {article.uid}", "id: tag:example.org,2024:nato-1")
    pinned = pinned.replace(f"slug: {article.slug}", "slug: nato-strikes")
    path.write_text(pinned, encoding="utf-8")
    assert import_seeds(site, [], force=True).written == (written,)
    again = read_article(path, site).article
    assert (again.uid, again.slug) == ("tag:example.org,2024:nato-1", "nato-strikes")
    assert import_seeds(site, [], force=False).unchanged == (written,)


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
    assert comparable(from_import) == comparable(alone(from_seed, site))
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


def test_import_never_writes_through_a_folder_linking_out_of_the_site(
    site: SiteConfig, tmp_path: Path
) -> None:
    """content/imported/ linking elsewhere: the import wrote its files there, outside the site
    (and the next build refused them as links out of it)."""
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    elsewhere.mkdir()
    site.content_path.mkdir(exist_ok=True)
    (site.content_path / "imported").symlink_to(elsewhere, target_is_directory=True)
    result = import_seeds(site, [], force=False)
    assert result.written == ()
    assert [d.format() for d in result.diagnostics if d.level.value == "error"] == [
        "content/imported: error: links to a folder outside the site (newsgen import writes "
        "only inside the site: make it a folder of the site)"
    ]
    assert list(elsewhere.iterdir()) == []


def test_import_of_named_paths_only(site: SiteConfig) -> None:
    other = site.seeds_path / "other.txt"
    other.write_text("Other story\n2024-03-01\n\nBody.\n", encoding="utf-8")
    result = import_seeds(site, [other], force=False)
    assert result.written == ("content/imported/2024/03/other-story.md",)


@needs_reuters
def test_reuters_round_trip(tmp_path: Path) -> None:
    site = make_site(tmp_path, "timezone: UTC\ndate_order: DMY\n")  # seeds write 01.03.1987
    site.seeds_path.mkdir()
    for story in reuters_stories()[:300]:
        (site.seeds_path / f"{story.number:04d}.txt").write_text(
            story_seed(story), encoding="utf-8"
        )
    built = {a.source_path: a for a in load_site(site).articles}  # topics settled across all
    result = import_seeds(site, [], force=False)
    assert len(result.written) == 300
    for written in result.written:
        imported = read_article(site.root / written, site).article
        assert imported.provenance is not None
        seed = built[imported.provenance.seed]
        if imported.slug != seed.slug:  # a recurring headline on the same day gets a number
            stem, _, number = imported.slug.rpartition("-")
            assert seed.slug.startswith(stem) and number.isdigit(), imported.slug
        assert comparable(dataclasses.replace(imported, slug=seed.slug)) == comparable(seed)
    assert not has_errors(load_site(site).diagnostics)


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


def assert_round_trip(root: Path, title: str, paragraphs: list[str]) -> None:
    """Import one seed into a site of its own (a re-import would keep an earlier slug)."""
    root.mkdir(parents=True, exist_ok=True)
    site = make_site(Path(tempfile.mkdtemp(dir=root)), "timezone: UTC\n")
    site.seeds_path.mkdir(exist_ok=True)
    seed = site.seeds_path / "x.txt"
    seed.write_text("\n\n".join([title, "2024-02-22", *paragraphs]) + "\n", encoding="utf-8")
    try:
        from_seed = read_seed(seed, site).article
    except ContentError:  # a text the seed reader refuses (e.g. no body) has nothing to import
        return
    result = import_seeds(site, [seed], force=True)
    (written,) = result.written or result.unchanged
    imported = read_article(site.root / written, site).article
    assert comparable(imported) == comparable(alone(from_seed, site))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=TITLES, paragraphs=PARAGRAPHS)
def test_round_trip_of_arbitrary_titles_and_paragraphs(
    tmp_path: Path, title: str, paragraphs: list[str]
) -> None:
    assert_round_trip(tmp_path / "site", title, paragraphs)


def tiny_site(tmp_path: Path, seeds: dict[str, str], config: str = "timezone: UTC\n") -> SiteConfig:
    return make_site(tmp_path, config, {f"seeds/{name}": text for name, text in seeds.items()})


def test_the_imported_file_layout(tmp_path: Path) -> None:
    site = tiny_site(
        tmp_path,
        {
            "a.txt": "Kyiv: talks # resume\n22.02.2024 10:30\nBy Jane Roe\n\nFirst para.\n\nSecond.\n"
        },
        "timezone: Europe/Kyiv\nauthor: Desk\n",
    )
    (written,) = import_seeds(site, [], force=False).written
    assert written == "content/imported/2024/02/kyiv-talks-resume.md"
    text = (site.root / written).read_text(encoding="utf-8")
    digest = seed_sha256(site.seeds_path / "a.txt")
    head, checksum, body = text.partition("import_sha256: ")
    assert head == (
        "---\n"
        "title: 'Kyiv: talks # resume'\n"
        "date: '2024-02-22T10:30:00+02:00'\n"
        f"id: {derived_id('seeds/a.txt', seed=True)}\n"
        "slug: kyiv-talks-resume\n"
        "authors: [Jane Roe]\n"
        "topics: []\n"
        "summary: First para.\n"
        "format: text\n"
        "seed: seeds/a.txt\n"
        f"seed_sha256: {digest}\n"
    )
    assert body[64:] == "\n---\nFirst para.\n\nSecond.\n"
    unmarked = head + body[65:]
    assert checksum + body[:64] == "import_sha256: " + hashlib.sha256(unmarked.encode()).hexdigest()


def test_the_site_default_author_is_never_given_to_imported_text(tmp_path: Path) -> None:
    site = tiny_site(tmp_path, {"a.txt": "Title\n2024-02-22\n\nBody.\n"}, "author: Desk\n")
    (written,) = import_seeds(site, [], force=False).written
    text = (site.root / written).read_text(encoding="utf-8")
    assert "author" not in text
    assert read_article(site.root / written, site).article.authors == ()


def test_imports_are_the_same_bytes_in_any_site(tmp_path: Path) -> None:
    seeds = {"a.txt": "Alpha\n2024-02-22\n\nBody.\n", "b.txt": "Beta\n2024-03-22\n\nText.\n"}
    first = tiny_site(tmp_path / "one", seeds)
    second = tiny_site(tmp_path / "two", dict(reversed(seeds.items())))
    import_seeds(first, [], force=False)
    import_seeds(second, [second.seeds_path / "b.txt", second.seeds_path / "a.txt"], False)
    assert tree(first.content_path) == tree(second.content_path)
    assert len(tree(first.content_path)) == 2


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tiny_site(tmp_path, {"a.txt": "Alpha\n2024-02-22\n\nBody.\n"})
    (written,) = import_seeds(site, [], force=False).written
    before = tree(site.root)
    seed = site.seeds_path / "a.txt"
    seed.write_text("Alpha\n2024-02-22\n\nNew body.\n", encoding="utf-8")

    def fail(self: Path, target: Path) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "replace", fail)
    result = import_seeds(site, [], force=False)
    assert result.written == ()
    assert [d.format() for d in result.diagnostics] == [
        f"{written}: error: cannot write the imported file: Permission denied"
    ]
    assert tree(site.root) == before | {"seeds/a.txt": seed.read_bytes()}


def test_recurring_headlines_import_to_files_and_slugs_of_their_own(tmp_path: Path) -> None:
    site = tiny_site(
        tmp_path,
        {
            "a.txt": "Same title\n2024-02-22 08:00\n\nOne.\n",
            "b.txt": "Same title\n2024-02-23 08:00\n\nTwo.\n",
            "c.txt": "Same title\n2024-02-23 18:00\n\nThree.\n",
        },
    )
    result = import_seeds(site, [], force=False)
    assert result.written == (
        "content/imported/2024/02/same-title.md",
        "content/imported/2024/02/same-title-2.md",
        "content/imported/2024/02/same-title-2-2.md",
    )
    assert result.diagnostics == ()
    slugs = [read_article(site.root / path, site).article.slug for path in result.written]
    assert slugs == ["same-title", "same-title", "same-title-2"]
    assert not has_errors(load_site(site).diagnostics)
    again = import_seeds(site, [], force=False)
    assert (again.written, again.unchanged) == ((), result.written)


def test_named_paths_folders_repeats_and_paths_outside_the_site(tmp_path: Path) -> None:
    site = tiny_site(
        tmp_path / "site",
        {"a.txt": "Alpha\n2024-02-22\n\nBody.\n", "more/b.txt": "Beta\n2024-03-22\n\nText.\n"},
    )
    stray = tmp_path / "stray.txt"
    stray.write_text("Stray\n2024-02-22\n\nBody.\n", encoding="utf-8")
    a = site.seeds_path / "a.txt"
    result = import_seeds(site, [a, site.seeds_path, a, stray], force=False)
    assert result.written == (
        "content/imported/2024/02/alpha.md",
        "content/imported/2024/03/beta.md",
    )
    assert [d.format() for d in result.diagnostics] == [
        f"{stray.as_posix()}: error: is outside the site (copy it into seeds/ first)"
    ]


def test_a_hand_written_file_in_the_way_is_refused(tmp_path: Path) -> None:
    site = tiny_site(tmp_path, {"a.txt": "Alpha\n2024-02-22\n\nBody.\n"})
    mine = site.content_path / "imported" / "2024" / "02" / "alpha.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("---\ntitle: Mine\ndate: 2024-01-01\n---\nMine.\n", encoding="utf-8")
    result = import_seeds(site, [], force=False)
    assert result.written == ("content/imported/2024/02/alpha-2.md",)
    assert mine.read_text(encoding="utf-8").endswith("Mine.\n")


YAML_TRICKS = [
    "Kyiv: the talks resume",
    "'Quoted' and \"double\" quotes",
    "# not a comment",
    "- not a list item",
    "--- not a fence",
    "? not a key",
    "yes",
    "null",
    "2024-02-22",
    "1e3",
    "&anchor *alias",
    "!tag value",
    "@handle and `backticks`",
    "| pipe > fold",
    "{braces} [brackets], commas",
    "% percent",
    "Зеленський у Києві: «переговори»",
    "emoji 🇺🇦 and ẞ and ﬁ ligature",
    "tab\tinside",
    "trailing colon:",
    "Ends with a backslash \\",
]


@pytest.mark.parametrize("title", YAML_TRICKS)
def test_round_trip_of_titles_yaml_would_misread(tmp_path: Path, title: str) -> None:
    paragraph = f"{title} — {title[::-1]}"
    site = tiny_site(tmp_path, {"x.txt": f"{title}\n2024-02-22 10:15\n\n{paragraph}\n\nTwo.\n"})
    from_seed = read_seed(site.seeds_path / "x.txt", site).article
    (written,) = import_seeds(site, [], force=False).written
    imported = read_article(site.root / written, site).article
    assert comparable(imported) == comparable(alone(from_seed, site))
    assert from_seed.title == " ".join(title.split())


YAML_TITLES = st.builds(
    lambda trick, tail: f"{trick}{tail}",
    st.sampled_from(YAML_TRICKS),
    st.text(alphabet=":#'\"-?{}[]&*!|>%@`,\\ aZ9é", max_size=12),
).filter(lambda t: not t.strip().lower().startswith("by "))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=YAML_TITLES, paragraphs=st.lists(YAML_TITLES, min_size=1, max_size=3))
def test_round_trip_of_yaml_special_titles_and_paragraphs(
    tmp_path: Path, title: str, paragraphs: list[str]
) -> None:
    assert_round_trip(tmp_path / "site", title, paragraphs)


def test_a_huge_file_in_the_way_is_refused_unread(site: SiteConfig) -> None:
    from newsgen.content.articles import MAX_FILE_BYTES

    (written,) = import_seeds(site, [], force=False).written
    path = site.root / written
    with path.open("r+b") as file:
        file.truncate(8 * MAX_FILE_BYTES)  # sparse: no disk, but reading it whole is 64 MB
    before = bytes_read()
    assert import_seeds(site, [], force=False).kept == (written,)
    assert bytes_read() - before < MAX_FILE_BYTES
    assert import_seeds(site, [], force=True).written == (written,)
    assert path.stat().st_size < MAX_FILE_BYTES


def bytes_read() -> int:
    """Bytes this process has read through system calls so far (Linux /proc)."""
    for line in Path("/proc/self/io").read_text(encoding="ascii").splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    raise AssertionError("no rchar in /proc/self/io")


def test_an_import_takes_no_name_that_differs_from_a_file_only_in_case(tmp_path: Path) -> None:
    """Beside an editor's `Storm.md`, a `storm.md` would be lost by a checkout on macOS or
    Windows: the import takes `storm-2.md`, as `newsgen new` does."""
    config = make_site(tmp_path, "timezone: UTC\n")
    config.seeds_path.mkdir()
    seed = "Storm\n\n2024-02-22\n\nThe storm came ashore at dawn.\n"
    (config.seeds_path / "storm.txt").write_text(seed, encoding="utf-8")
    month = config.content_path / "imported" / "2024" / "02"
    month.mkdir(parents=True)
    (month / "Storm.md").write_text("notes of the editor, no article\n", encoding="utf-8")
    import_seeds(config, [], force=False)
    assert sorted(p.name for p in month.iterdir()) == ["Storm.md", "storm-2.md"]
