"""Tests for the loader: walking content/ and seeds/, collecting every problem, `check` rules."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import unicodedata
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from newsgen.builder import BuildOptions, build_site
from newsgen.cache.store import BuildCache
from newsgen.config.site import SiteConfig
from newsgen.content import articles, loader, parsing
from newsgen.content.check import check_site
from newsgen.content.dates import DATE_FORMS_HINT
from newsgen.content.importer import import_seeds
from newsgen.content.loader import body_text, load_site
from newsgen.diagnostics import Level, NewsgenError
from newsgen.runtime import workers
from pools import alive_while_failing, counted_pools
from seedutil import SHIPPED_SEED, make_site
from sitegen import build, generated_site

NOW = datetime(2025, 1, 1, tzinfo=UTC)


def article(title: str, date: str, body: str = "Body.", extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: {date}\n{extra}---\n{body}\n"


def site_with(
    tmp_path: Path,
    files: dict[str, str],
    config: str = "timezone: UTC\nbase_url: https://t.example/\n",
) -> SiteConfig:
    return make_site(tmp_path / "site", config, files)


def formatted(diagnostics: object) -> list[str]:
    return [d.format() for d in diagnostics]  # type: ignore[attr-defined]


def test_articles_come_newest_first_then_by_slug(tmp_path: Path) -> None:
    site = site_with(
        tmp_path,
        {
            "content/b.md": article("Beta", "2024-01-02"),
            "content/a.md": article("Alpha", "2024-01-02"),
            "content/deep/er/c.md": article("Gamma", "2024-03-01"),
            "seeds/old.txt": "Delta\n2023-12-31\n\nSeed body.\n",
            "seeds/more/new.txt": "Epsilon\n2024-06-01\n\nSeed body.\n",
        },
    )
    content = load_site(site)
    assert [a.slug for a in content.articles] == ["epsilon", "gamma", "alpha", "beta", "delta"]
    assert content.diagnostics == ()


def test_hidden_files_and_editor_leftovers_are_ignored(tmp_path: Path) -> None:
    good = article("Good", "2024-01-01")
    site = site_with(
        tmp_path,
        {
            "content/good.md": good,
            "content/.hidden.md": "broken",
            "content/.git/x.md": "broken",
            "content/.#good.md": "broken",
            "content/#good.md#": "broken",
            "content/good.md~": "broken",
            "content/.good.md.swp": "broken",
            "content/notes.txt": "not an article",
            "seeds/.draft.txt": "broken",
            "seeds/x.txt~": "broken",
        },
    )
    content = load_site(site)
    assert [a.source_path for a in content.articles] == ["content/good.md"]
    assert content.diagnostics == ()


def test_a_markdown_file_spelt_otherwise_is_warned_about_not_dropped_unseen(
    tmp_path: Path,
) -> None:
    """`story.MD` (as Windows tools write it) and `story.markdown` were skipped without a word:
    the story was simply missing from the site."""
    good = article("Good", "2024-01-01")
    site = site_with(
        tmp_path,
        {
            "content/Upper.MD": good,
            "content/long.markdown": good,
            "content/.hidden.markdown": good,
            "content/notes.markdown~": good,
            "content/notes.txt": "not an article",
            "seeds/wire.TXT": "Wire\n2024-01-01\n\nText.\n",
        },
    )
    content = load_site(site)
    assert content.articles == ()
    assert formatted(content.diagnostics) == [
        "content/Upper.MD: warning: is not read: only files ending in `.md` are articles "
        "(rename it to Upper.md)",
        "content/long.markdown: warning: is not read: only files ending in `.md` are articles "
        "(rename it to long.md)",
        "seeds/wire.TXT: warning: is not read: only files ending in `.txt` are seeds (rename "
        "it to wire.txt)",
    ]


def test_names_a_checkout_on_macos_or_windows_cannot_keep_are_errors(tmp_path: Path) -> None:
    """Linux holds them all, so the site built there; a checkout on macOS or Windows lost one
    of two stories (or a picture), or failed."""
    nfc, nfd = (unicodedata.normalize(form, "café") for form in ("NFC", "NFD"))
    site = site_with(
        tmp_path,
        {
            "content/story.md": article("One", "2024-01-01"),
            "content/Story.md": article("Two", "2024-01-02"),
            f"content/{nfc}.md": article("Three", "2024-01-03"),
            f"content/{nfd}.md": article("Four", "2024-01-04"),
            "content/what?.md": article("Five", "2024-01-05"),
            "content/aux/photo.jpg": "x",
            "content/notes:old.txt": "x",
            "seeds/AC\\DC live.txt": "x",
        },
    )
    assert formatted(d for d in load_site(site).diagnostics if d.line == 0) == [
        "content/aux: error: a checkout on Windows cannot hold this name: Windows keeps the "
        "name `aux` for a device (rename it)",
        f"content/{nfc}.md: error: `{nfc}.md` and `{nfd}.md` differ only in how their accents "
        "are encoded (NFC, NFD): a checkout on macOS keeps one of the two (rename one of them)",
        "content/notes:old.txt: error: a checkout on Windows cannot hold this name: `:` is a "
        "character no file name may hold on Windows (rename it)",
        "content/story.md: error: `story.md` and `Story.md` differ only in case: a checkout on "
        "macOS or Windows keeps one of the two (rename one of them)",
        "content/what?.md: error: a checkout on Windows cannot hold this name: `?` is a "
        "character no file name may hold on Windows (rename it)",
        "seeds/AC\\DC live.txt: error: a checkout on Windows cannot hold this name: `\\` is "
        "a character no file name may hold on Windows (rename it)",
    ]


def test_every_problem_of_every_file_is_reported(tmp_path: Path) -> None:
    site = site_with(
        tmp_path,
        {
            "content/a.md": "no front matter\n",
            "content/b.md": article("B", "soon"),
            "content/c.md": article("C", "2024-01-01", extra="draft: maybe\nslug: Bad\n"),
            "content/ok.md": article("Fine", "2024-01-01"),
            "seeds/s.txt": "Only a title\n\nand text\n",
        },
    )
    content = load_site(site)
    assert [a.slug for a in content.articles] == ["fine"]
    assert formatted(content.diagnostics) == [
        "content/a.md:1: error: no front matter (did you forget the --- delimiters?)",
        f"content/b.md:3: error: `date` is not a date: 'soon' ({DATE_FORMS_HINT})",
        "content/c.md:4: error: `draft` must be true or false, got 'maybe'",
        "content/c.md:5: error: invalid slug 'Bad': a slug may only hold lowercase ASCII "
        "letters, digits and single hyphens (use 'bad')",
        "seeds/s.txt:3: error: no date found after the title (put the date on its own line "
        f"below the title; {DATE_FORMS_HINT})",
    ]


def test_one_slug_on_different_days_builds_but_one_url_twice_names_both_files(
    tmp_path: Path,
) -> None:
    site = site_with(
        tmp_path,
        {
            "content/one.md": article("Morning briefing", "2024-01-01 07:00"),
            "content/two.md": article("Morning briefing", "2024-01-02 07:00"),
            "content/three.md": article(
                "Other", "2024-01-02 09:00", extra="slug: morning-briefing\n"
            ),
            "content/four.md": article("Morning briefing", "2024-01-02 18:00"),
            "seeds/same.txt": "Morning briefing\n2024-01-02\n\nText.\n",
        },
    )
    assert formatted(load_site(site).diagnostics) == [
        "content/three.md:1: error: /2024/01/02/morning-briefing/ is also the address of "
        "content/four.md (same slug and date) (give one of them another slug, such as "
        "`slug: morning-briefing-2`)",
        "content/two.md:1: error: /2024/01/02/morning-briefing/ is also the address of "
        "content/four.md (same slug and date) (give one of them another slug, such as "
        "`slug: morning-briefing-2`)",
        "seeds/same.txt:1: error: /2024/01/02/morning-briefing/ is also the address of "
        "content/four.md (same slug and date) (give one of them another slug, such as "
        "`slug: morning-briefing-2`)",
    ]


def test_the_suggested_slug_is_free(tmp_path: Path) -> None:
    site = site_with(
        tmp_path,
        {
            "content/a.md": article("A", "2024-01-01", extra="slug: brief\n"),
            "content/b.md": article("B", "2024-01-01", extra="slug: brief-2\n"),
            "content/c.md": article("C", "2024-01-01", extra="slug: brief\n"),
        },
    )
    (problem,) = load_site(site).diagnostics
    assert problem.hint == "give one of them another slug, such as `slug: brief-3`"


def test_one_id_in_two_files_names_both(tmp_path: Path) -> None:
    pinned = "id: 0b8e5e4e-2f0c-4d5f-9d55-1b2c3d4e5f60\n"
    shouting = "id: 0B8E5E4E-2F0C-4D5F-9D55-1B2C3D4E5F60\n"
    site = site_with(
        tmp_path,
        {
            "content/story.md": article("Story", "2024-01-01", extra=pinned),
            "content/story-copy.md": article("Another", "2024-01-02", extra=shouting),
        },
    )
    assert formatted(load_site(site).diagnostics) == [
        "content/story.md:1: error: id 0b8e5e4e-2f0c-4d5f-9d55-1b2c3d4e5f60 is also the id of "
        "content/story-copy.md (each article keeps an id of its own: if one file is a copy of "
        "the other, delete the copy's `id:` line and run `newsgen check --fix`)"
    ]


def test_an_imported_seed_is_loaded_once_even_after_its_copy_was_moved(tmp_path: Path) -> None:
    site = site_with(tmp_path, {})
    site.seeds_path.mkdir()
    shutil.copy(SHIPPED_SEED, site.seeds_path)
    (written,) = import_seeds(site, [], force=False).written
    moved = site.content_path / "features" / "nato.md"
    moved.parent.mkdir()
    (site.root / written).rename(moved)
    again = import_seeds(site, [], force=False)
    assert (again.written, again.unchanged) == ((), ("content/features/nato.md",))
    content = load_site(site)
    assert [a.source_path for a in content.articles] == ["content/features/nato.md"]
    assert not [d for d in content.diagnostics if d.level is Level.ERROR]


def test_the_imported_copy_wins_even_when_an_editor_changed_it(tmp_path: Path) -> None:
    site = site_with(tmp_path, {})
    site.seeds_path.mkdir()
    shutil.copy(SHIPPED_SEED, site.seeds_path)
    (written,) = import_seeds(site, [], force=False).written
    path = site.root / written
    text = path.read_text(encoding="utf-8").replace("title: ", "title: Edited - ", 1)
    path.write_text(text.replace("format: text\n", "format: text\ndraft: true\n"), "utf-8")
    (only,) = load_site(site).articles
    assert only.title.startswith("Edited - NATO") and only.draft


def test_a_content_folder_that_is_a_dangling_link_or_a_file_fails_the_build(
    tmp_path: Path,
) -> None:
    """Read as empty, it built a site without a single article: every published story's page
    was removed (a drive not mounted, a link broken by moving the repository)."""
    site = site_with(tmp_path, {"content/a.md": article("A story", "2024-01-01")})
    build(site)
    shutil.rmtree(site.content_path)
    site.content_path.symlink_to(tmp_path / "unmounted" / "content")
    with pytest.raises(NewsgenError) as caught:
        build(site)
    assert formatted(caught.value.diagnostics) == [
        "content: error: is a link to nothing (fix its target, or mount its drive)"
    ]
    assert (site.output_path / "2024/01/01/a-story/index.html").is_file(), "left as it was"
    site.content_path.unlink()
    site.content_path.write_text("x", encoding="utf-8")
    assert formatted(load_site(site).diagnostics) == [
        "content: error: is not a folder (make it a folder, or remove it)"
    ]


def test_a_content_folder_linked_from_outside_the_site_is_named_itself(tmp_path: Path) -> None:
    """The error named its first subfolder (`content/2024`), which is no link."""
    site = site_with(tmp_path, {"content/2024/a.md": article("A story", "2024-01-01")})
    site.content_path.rename(tmp_path / "elsewhere")
    site.content_path.symlink_to(tmp_path / "elsewhere")
    assert formatted(load_site(site).diagnostics) == [
        "content: error: links to a folder outside the site (move the folder into the site)"
    ]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_links_inside_the_site_are_followed_links_out_of_it_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.md").write_text(article("Outside", "2024-01-01"), encoding="utf-8")
    site = site_with(
        tmp_path,
        {
            "content/real/inside.md": article("Inside", "2024-01-01"),
            "drafts/shared.md": article("Shared", "2024-01-02"),
        },
    )
    content = site.content_path
    (content / "out.md").symlink_to(outside / "x.md")
    (content / "outdir").symlink_to(outside, target_is_directory=True)
    (content / "nowhere.md").symlink_to(tmp_path / "missing.md")
    (content / "shared.md").symlink_to(site.root / "drafts" / "shared.md")
    (content / "again").symlink_to(content / "real", target_is_directory=True)
    (content / "real" / "loop").symlink_to(content, target_is_directory=True)
    loaded = load_site(site)
    assert sorted(a.title for a in loaded.articles) == ["Inside", "Shared"]
    assert formatted(loaded.diagnostics) == [
        "content/nowhere.md: error: is a link to nothing (remove it or fix its target)",
        "content/out.md: error: links to a file outside the site (copy it in)",
        "content/outdir: error: links to a file outside the site (copy it in)",
    ]


def test_check_adds_editorial_warnings_sorted_by_path_and_line(tmp_path: Path) -> None:
    site = site_with(
        tmp_path,
        {
            "content/future.md": article("Later", "2030-01-01"),
            "content/empty.md": "---\ntitle: Empty\ndate: 2024-01-01\n---\n",
            "content/noisy.md": article(
                "Noisy",
                "2024-01-01",
                "Text.\n\nAdvertisement:\n\nIf you notice an error, select the required text "
                "and press Ctrl + Enter to report it to the editors.",
            ),
            "content/t1.md": article("T1", "2024-01-01", extra="topics: [Home Office]\n"),
            "content/t2.md": article("T2", "2024-01-02", extra="topics: [Home office]\n"),
            "content/t3.md": article("T3", "2024-01-03", extra="topics: [Home office]\n"),
        },
    )
    everything = formatted(check_site(site, NOW))
    unpinned = [line for line in everything if "no `id:` and `slug:`" in line]
    assert len(unpinned) == 6, "each file pins neither its id nor its slug"
    found = [line for line in everything if line not in unpinned]
    assert found == [
        "content/empty.md:5: warning: the article has no body text",
        "content/future.md:3: warning: dated in the future (2030-01-01T00:00:00+00:00) "
        "(it is left out of builds without --future)",
        "content/noisy.md:7: warning: leftover scraping noise: 'Advertisement:' (delete the line)",
        "content/noisy.md:9: warning: leftover scraping noise: 'If you notice an error, select "
        "the required text and press Ctrl + Enter to report it to the editors.' "
        "(delete the line)",
        "content/t1.md:4: warning: topic 'Home Office' is merged into 'Home office' "
        "(both make /topics/home-office/) (use one spelling)",
    ]


def test_check_reports_what_the_seed_reader_found(tmp_path: Path) -> None:
    site = site_with(tmp_path, {})
    site.seeds_path.mkdir()
    shutil.copy(SHIPPED_SEED, site.seeds_path)
    found = check_site(site, NOW)
    seed = f"seeds/{SHIPPED_SEED.name}"
    assert [d.format() for d in found if d.level is Level.NOTE] == [
        f"{seed}:13: note: removed noise: 'Advertisement:'",
        f"{seed}:23: note: removed noise: 'If you notice an error, select the required text "
        "and press Ctrl + Enter to report it to the editors.'",
        f"{seed}:24: note: removed noise: 'Advertisement:'",
    ]
    assert [d.message for d in found if d.level is Level.WARNING] == [
        'possible words run together: "targetpassionately" ("target passionately"?)',
        'stray letter "s" in "urged s in"',
    ]
    assert found == sorted(found, key=lambda d: (d.path, d.line))


def test_check_of_an_empty_site_finds_nothing(tmp_path: Path) -> None:
    assert check_site(site_with(tmp_path, {}), NOW) == []


def test_check_warns_when_a_seed_changed_after_its_import(tmp_path: Path) -> None:
    site = site_with(tmp_path, {"seeds/a.txt": "Alpha\n2024-02-22\n\nBody.\n"})
    (written,) = import_seeds(site, [], force=False).written
    assert check_site(site, NOW) == []
    (site.seeds_path / "a.txt").write_text("Alpha\n2024-02-22\n\nNew body.\n", encoding="utf-8")
    assert formatted(check_site(site, NOW)) == [
        f"{written}: warning: seeds/a.txt changed since it was imported "
        "(run `newsgen import` to take the change)"
    ]
    (site.seeds_path / "a.txt").unlink()
    assert check_site(site, NOW) == []


def test_a_provenance_path_written_differently_still_names_its_seed(tmp_path: Path) -> None:
    site = site_with(tmp_path, {"seeds/a.txt": "Alpha\n2024-02-22\n\nBody.\n"})
    (written,) = import_seeds(site, [], force=False).written
    path = site.root / written
    path.write_text(
        path.read_text(encoding="utf-8").replace("seed: seeds/a.txt", "seed: ./seeds//a.txt"),
        encoding="utf-8",
    )
    assert [a.source_path for a in load_site(site).articles] == [written]


def test_a_build_holds_articles_without_their_bodies(tmp_path: Path) -> None:
    site = site_with(tmp_path, {"content/a.md": article("Alpha", "2024-01-02", "One *two* three.")})
    cache = BuildCache(tmp_path / "cache.sqlite")
    (held,) = load_site(site, cache).articles
    assert held.body == ""
    assert held.stored is not None
    assert held.word_count() == 3
    assert body_text(held, cache, site) == "One *two* three."
    (again,) = load_site(site, cache).articles  # from the cache's record, still without body
    assert again == held
    assert load_site(site).articles[0].body == "One *two* three."  # no cache: held whole


def test_a_body_the_cache_lost_is_read_again_from_its_file(tmp_path: Path) -> None:
    site = site_with(tmp_path, {"content/a.md": article("Alpha", "2024-01-02", "Kept words.")})
    (held,) = load_site(site, BuildCache(tmp_path / "cache.sqlite")).articles
    empty = BuildCache(tmp_path / "other.sqlite")
    assert body_text(held, empty, site) == "Kept words."
    (site.root / "content" / "a.md").write_text(article("Alpha", "2024-01-02", "New words."))
    with pytest.raises(NewsgenError) as failure:
        body_text(held, empty, site)
    assert formatted(failure.value.diagnostics) == [
        "content/a.md: error: changed while the site was being built (build again)"
    ]


def test_the_cache_keeps_the_texts_of_the_current_articles_only(tmp_path: Path) -> None:
    site = site_with(tmp_path, {"content/a.md": article("Alpha", "2024-01-02", "First text.")})
    build_site(site, BuildOptions())
    path = site.root / "content" / "a.md"
    path.write_text(article("Alpha", "2024-01-02", "Second text."))
    build_site(site, BuildOptions())
    with closing(sqlite3.connect(site.root / ".newsgen" / "cache.sqlite")) as connection:
        assert connection.execute("SELECT text FROM sources").fetchall() == [("Second text.",)]


def test_files_parsed_on_worker_processes_load_as_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {f"content/a{n}.md": article(f"Title {n}", f"2024-01-{n + 1:02d}") for n in range(9)}
    files["content/broken.md"] = "---\ntitle: [unclosed\n---\nBody.\n"
    files["seeds/s.txt"] = "Seed title\n2023-12-31\n\nSeed body.\n"
    site = site_with(tmp_path, files)
    alone = load_site(site, BuildCache(tmp_path / "alone.sqlite"))
    monkeypatch.setattr(parsing, "POOL_MIN_FILES", 1)
    monkeypatch.setattr(parsing, "CHUNK", 2)
    monkeypatch.setattr(parsing, "IN_FLIGHT", 3)  # several rounds of work for the pool
    assert workers.can_fork(), "the test needs a pool of worker processes"
    forked = counted_pools(monkeypatch, workers)
    pooled = load_site(site, BuildCache(tmp_path / "pooled.sqlite"))
    assert forked, "no worker was forked"
    assert pooled == alone
    assert [d.path for d in pooled.diagnostics if d.level is Level.ERROR] == ["content/broken.md"]
    assert len(pooled.articles) == 10


def test_a_load_failing_as_it_keeps_a_record_leaves_no_parsing_worker_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parsing workers end with the failure, not once the caller lets go of it."""
    files = {f"content/a{n}.md": article(f"Title {n}", f"2024-01-{n + 1:02d}") for n in range(9)}
    site = site_with(tmp_path, files)
    monkeypatch.setattr(parsing, "POOL_MIN_FILES", 1)
    monkeypatch.setattr(parsing, "CHUNK", 2)
    monkeypatch.setattr(parsing, "IN_FLIGHT", 3)
    monkeypatch.setattr(workers, "worker_count", lambda: 2)
    forked = counted_pools(monkeypatch, workers)
    kept = BuildCache.store_record

    def store_record(self: BuildCache, key: str, loaded: Any) -> None:
        if loaded.article.title == "Title 4":
            raise OSError(errno.ENOSPC, "No space left on device")
        kept(self, key, loaded)

    monkeypatch.setattr(BuildCache, "store_record", store_record)
    alive = alive_while_failing(lambda: load_site(site, BuildCache(tmp_path / "cache.sqlite")))
    assert forked == [2]
    assert alive == []


@pytest.mark.parametrize("pooled", [False, True])
def test_a_first_builds_records_are_found_by_their_bytes_once_touched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pooled: bool
) -> None:
    """A first build keys each record in the worker that parses it (nothing is looked up
    before); a later build finds it by the file's bytes, as it would a record it keyed."""
    files = {f"content/a{n}.md": article(f"T{n}", "2024-01-02") for n in range(4)}
    site = site_with(tmp_path, {**files, "seeds/s.txt": "Seed title\n2023-12-31\n\nBody.\n"})
    if pooled:
        monkeypatch.setattr(parsing, "POOL_MIN_FILES", 1)
    cache = BuildCache(tmp_path / "cache.sqlite")
    first = load_site(site, cache)
    cache.commit()
    for path in [*site.content_path.iterdir(), *site.seeds_path.iterdir()]:
        os.utime(path, (1_700_000_000, 1_700_000_000))  # another mtime: not found by stat
    with monkeypatch.context() as patched:
        patched.setattr(parsing, "_parse", lambda *args: pytest.fail("parsed again"))
        assert load_site(site, BuildCache(tmp_path / "cache.sqlite")) == first


def test_a_file_seen_unchanged_is_found_in_the_cache_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = site_with(
        tmp_path, {f"content/a{n}.md": article(f"T{n}", "2024-01-02") for n in range(3)}
    )
    for path in site.content_path.iterdir():  # settled: old enough for its mtime to vouch for it
        os.utime(path, (1_700_000_000, 1_700_000_000))
    cache = BuildCache(tmp_path / "cache.sqlite")
    first = load_site(site, cache)
    cache.commit()
    monkeypatch.setattr(loader, "read_limited", lambda *args: pytest.fail("read again"))
    monkeypatch.setattr(articles, "read_limited", lambda *args: pytest.fail("parsed again"))
    assert load_site(site, BuildCache(tmp_path / "cache.sqlite")) == first


def test_a_first_builds_records_outlive_its_pruning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build forgets the records it did not use: those a first build made are used."""
    config = generated_site(tmp_path, 3)
    build(config)
    for path in config.content_path.iterdir():
        os.utime(path, (1_700_000_000, 1_700_000_000))  # found by their bytes, not their stat
    monkeypatch.setattr(parsing, "_parse", lambda *args: pytest.fail("parsed again"))
    build(config)


def test_check_warns_about_markdown_the_page_would_not_show(tmp_path: Path) -> None:
    """Cells past a table's header columns, and footnotes never referred to, are dropped by
    the renderer: `check` names their lines."""
    body = (
        "Said[^1].\n\n| a | b |\n|---|:-:|\n| 1 | 2 | 3 |\n| x \\| y | z |\n| `p|q` |\n\n"
        "- | in | list |\n\n[^1]: Kept.\n[^spare]: Never used.\n"
    )
    pinned = "id: urn:x:1\nslug: a\n"
    site = site_with(tmp_path, {"content/a.md": article("A", "2024-02-22", body, pinned)})
    assert formatted(check_site(site, NOW)) == [
        "content/a.md:11: warning: this table row has 3 cells but its header row 2: the cells "
        "past column 2 are not shown (add the columns to the header row, or join the cells)",
        "content/a.md:18: warning: footnote [^spare] is never referred to: it is not shown "
        "(add [^spare] where the note belongs, or delete it)",
    ]
    (site.content_path / "a.md").write_text(article("A", "2024-02-22", "No | table [^x", pinned))
    assert check_site(site, NOW) == []


def test_a_file_or_folder_whose_name_is_not_utf8_is_refused_not_a_traceback(
    tmp_path: Path,
) -> None:
    """Its name came as lone surrogates, which the article's id (made from the file name)
    could not encode: check and build stopped with a UnicodeEncodeError traceback."""
    article = "---\ntitle: T\ndate: 2024-02-22\n---\nBody.\n"
    config = make_site(tmp_path / "site", "", {"content/ok.md": article})
    content = os.fsencode(config.content_path)
    try:
        Path(os.fsdecode(content + b"/caf\xe9.md")).write_text(article, encoding="utf-8")
        Path(os.fsdecode(content + b"/d\xff")).mkdir()
    except OSError:
        pytest.skip("this file system takes UTF-8 names only")
    Path(os.fsdecode(content + b"/d\xff/in.md")).write_text(article, encoding="utf-8")
    loaded = load_site(config)
    assert [d.format() for d in loaded.diagnostics] == [
        "content/caf\\xe9.md: error: the name is not UTF-8 (rename it in UTF-8)",
        "content/d\\xff: error: the name is not UTF-8 (rename it in UTF-8)",
    ]
    assert [a.source_path for a in loaded.articles] == ["content/ok.md"]


def test_check_names_the_date_lines_of_a_seed_dated_in_the_future(tmp_path: Path) -> None:
    """A seed's future date and `Updated` date were reported at no line (`seeds/a.txt:
    warning: ...`): the editor had to look for them."""
    text = "Mars landing\n\nBy Desk\nMarch 3, 2099\nUpdated: March 4, 2099\n\nBody text.\n"
    site = make_site(tmp_path, "timezone: UTC\n", {"seeds/a.txt": text})
    found = [line for line in formatted(check_site(site, NOW)) if "future" in line]
    assert found == [
        "seeds/a.txt:4: warning: dated in the future (2099-03-03T00:00:00+00:00) "
        "(it is left out of builds without --future)",
        "seeds/a.txt:5: warning: `updated` is dated in the future (2099-03-04T00:00:00+00:00) "
        "(it keeps the story at the top of the feeds until then: fix the date)",
    ]
