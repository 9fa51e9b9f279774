"""Search: Pagefind indexes of article pages only, per year on request, rebuilt only when needed."""

from __future__ import annotations

import contextlib
import errno
import functools
import gzip
import json
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from subprocess import Popen
from types import SimpleNamespace
from typing import Any, cast

import lxml.html
import pytest
from pagefind.service import get_executable

from newsgen.config.site import SiteConfig, load_config
from newsgen.diagnostics import Diagnostic, NewsgenError
from newsgen.plan import search
from newsgen.plan.archive import Archive
from newsgen.publish import files as publish_files
from newsgen.publish import indexing, pagefind
from newsgen.publish.staging_folder import StagingFolder
from newsgen.render import pages as render_pages
from newsgen.render import syndication
from sitegen import article_text, build, generated_site, leftovers, tree
from test_incremental import cold_copy


def searchable(tmp_path: Path, extra: str = "", count: int = 6) -> SiteConfig:
    config = generated_site(tmp_path, count, "search: true\n" + extra)
    (config.content_path / "old.md").write_text(
        article_text(
            "Harbour reopens", datetime(2023, 6, 1, 12), ["Harbour"], "The harbour is open again."
        ),
        encoding="utf-8",
    )
    return load_config(config.root)


def entry(folder: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(
        (folder / "pagefind-entry.json").read_text(encoding="utf-8")
    )
    return data


def page_count(folder: Path) -> int:
    languages = entry(folder)["languages"]
    assert isinstance(languages, dict)
    return sum(int(language["page_count"]) for language in languages.values())


def test_only_article_pages_are_indexed(tmp_path: Path) -> None:
    config = searchable(tmp_path)
    summary = build(config)
    assert page_count(config.output_path / "pagefind") == 7
    assert summary.pages > 7 + 10, "index pages exist but are not indexed"
    search_page = lxml.html.parse(str(config.output_path / "search/index.html"))
    assert search_page.xpath("//div[@id='search']/@data-indexes") == ["/pagefind/"]
    assert search_page.xpath("//noscript//a/@href") == ["/archive/", "/topics/"]
    home = lxml.html.parse(str(config.output_path / "index.html"))
    assert home.xpath("//form[@role='search']/@action") == ["/search/"]


def test_articles_carry_the_search_filters_and_sort_key(tmp_path: Path) -> None:
    config = searchable(tmp_path)
    build(config)
    page = lxml.html.parse(str(config.output_path / "2023/06/01/harbour-reopens/index.html"))
    (body,) = page.xpath("//article[@data-pagefind-body]")
    assert body.xpath(".//@data-pagefind-filter") == ["year:2023", "topic:Harbour"]
    assert body.xpath(".//@data-pagefind-sort") == ["date:2023-06-01T12:00:00+00:00"]


def test_a_story_s_search_image_is_its_own_photo_or_none(tmp_path: Path) -> None:
    config = searchable(tmp_path)
    photo = "image: https://photos.example/boats.jpg\nimage_alt: Boats, moored at dawn\n"
    for name, day, extra in (("with.md", 2, photo), ("without.md", 3, "")):
        text = article_text(name, datetime(2023, 6, day, 12), ["Harbour"], "Quay news.", extra)
        (config.content_path / name).write_text(text, encoding="utf-8")
    build(config)
    meta = {entry["url"]: entry["meta"] for entry in search_fragments(config.output_path)}
    assert meta["/2023/06/02/with-md/"]["image"] == "https://photos.example/boats.jpg"
    assert meta["/2023/06/02/with-md/"]["image_alt"] == "Boats, moored at dawn"
    without = lxml.html.parse(str(config.output_path / "2023/06/03/without-md/index.html"))
    assert without.xpath("//section[@class='related']//img/@src"), "a related photo is shown"
    assert meta["/2023/06/03/without-md/"]["image"] == ""


def search_fragments(output: Path) -> list[dict[str, Any]]:
    """Every page Pagefind indexed under `output`: its URL, metadata and text."""
    prefix = len(b"pagefind_dcd")
    return [
        json.loads(gzip.decompress(path.read_bytes())[prefix:])
        for path in sorted(output.glob("**/fragment/*.pf_fragment"))
    ]


def test_search_can_be_switched_off(tmp_path: Path) -> None:
    config = searchable(tmp_path)
    build(config)
    assert (config.output_path / "pagefind").is_dir()
    settings = (config.root / "newsgen.yaml").read_text(encoding="utf-8")
    assert "search: true\n" in settings
    (config.root / "newsgen.yaml").write_text(
        settings.replace("search: true\n", "search: false\n"), encoding="utf-8"
    )
    off = load_config(config.root)
    assert off.search is False
    build(off)
    assert not (off.output_path / "pagefind").exists()
    assert not (off.output_path / "search").exists()
    assert 'role="search"' not in (off.output_path / "index.html").read_text(encoding="utf-8")


def test_per_year_indexes(tmp_path: Path) -> None:
    config = searchable(tmp_path, "search_per_year: true\n")
    build(config)
    assert page_count(config.output_path / "pagefind/2024") == 6
    assert page_count(config.output_path / "pagefind/2023") == 1
    search_page = lxml.html.parse(str(config.output_path / "search/index.html"))
    assert search_page.xpath("//div[@id='search']/@data-indexes") == [
        "/pagefind/2024/ /pagefind/2023/"
    ]


def test_a_large_archive_is_split_by_year_unasked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "SPLIT_ABOVE", 6)
    config = searchable(tmp_path)
    assert not config.search_per_year
    build(config)
    assert not (config.output_path / "pagefind/pagefind-entry.json").exists()
    assert page_count(config.output_path / "pagefind/2024") == 6
    assert page_count(config.output_path / "pagefind/2023") == 1
    search_page = lxml.html.parse(str(config.output_path / "search/index.html"))
    assert search_page.xpath("//div[@id='search']/@data-indexes") == [
        "/pagefind/2024/ /pagefind/2023/"
    ]
    (config.content_path / "old.md").unlink()  # back to 6 articles: one index again
    build(config)
    assert page_count(config.output_path / "pagefind") == 6
    assert not (config.output_path / "pagefind/2024").exists()


def test_a_large_year_is_indexed_in_parts_new_articles_in_the_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "PART_SIZES", (4,))
    config = searchable(tmp_path, "search_per_year: true\n")
    build(config)
    assert page_count(config.output_path / "pagefind/2024") == 4
    assert page_count(config.output_path / "pagefind/2024-2") == 2
    assert page_count(config.output_path / "pagefind/2023") == 1
    search_page = lxml.html.parse(str(config.output_path / "search/index.html"))
    assert search_page.xpath("//div[@id='search']/@data-indexes") == [
        "/pagefind/2024-2/ /pagefind/2024/ /pagefind/2023/"
    ]
    oldest = tree(config.output_path / "pagefind/2024")
    (config.content_path / "late.md").write_text(
        article_text("Late news", datetime(2024, 12, 1, 9), ["Topic 1"]), encoding="utf-8"
    )
    build(config)
    assert tree(config.output_path / "pagefind/2024") == oldest
    assert page_count(config.output_path / "pagefind/2024-2") == 3


def test_a_year_of_1001_articles_is_indexed_in_three_parts_the_newest_in_the_last() -> None:
    slugs = tuple(f"a{number}" for number in range(1001))  # newest first, as the archive's
    archive = cast(Archive, SimpleNamespace(order=slugs, years={2024: slugs}))
    groups = search.search_groups(archive, cast(SiteConfig, SimpleNamespace(search_per_year=False)))
    assert [(name, len(part)) for name, part in groups.items()] == [
        ("2024", 500),
        ("2024-2", 500),
        ("2024-3", 1),
    ]
    assert groups["2024-3"] == ("a0",)
    assert groups["2024"][-1] == "a1000"


def test_the_search_page_lists_the_newest_part_first_past_nine_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "PART_SIZES", (1,))
    monkeypatch.setattr(search, "MAX_PARTS", 100)
    config = searchable(tmp_path, "search_per_year: true\n", count=11)
    build(config)
    search_page = lxml.html.parse(str(config.output_path / "search/index.html"))
    listed = search_page.xpath("//div[@id='search']/@data-indexes")[0].split()
    parts = [f"/pagefind/2024-{n}/" for n in range(11, 1, -1)]
    assert listed == [*parts, "/pagefind/2024/", "/pagefind/2023/"]


@pytest.mark.parametrize(
    ("articles", "size"),
    [(1, 200), (400, 200), (1000, 200), (1001, 500), (2500, 500), (2501, 1000), (9000, 1000)],
)
def test_a_year_s_parts_are_small_and_few(articles: int, size: int) -> None:
    assert search.part_size(articles) == size
    parts = -(-articles // size)
    assert parts <= search.MAX_PARTS or size == search.LARGEST_PART


def test_a_no_op_build_leaves_the_index_untouched(tmp_path: Path) -> None:
    config = searchable(tmp_path)
    build(config)
    index = config.output_path / "pagefind"
    stamps = {p: p.stat().st_mtime_ns for p in index.rglob("*") if p.is_file()}
    summary = build(config)
    assert summary.files_written == 0
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps


def test_an_edit_re_indexes_only_its_year(tmp_path: Path) -> None:
    config = searchable(tmp_path, "search_per_year: true\n")
    build(config)
    year_2023 = tree(config.output_path / "pagefind/2023")
    before_2024 = tree(config.output_path / "pagefind/2024")
    path = config.content_path / "00001.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Body text.", "Lighthouse keepers."),
        encoding="utf-8",
    )
    build(config)
    assert tree(config.output_path / "pagefind/2023") == year_2023
    assert tree(config.output_path / "pagefind/2024") != before_2024
    assert page_count(config.output_path / "pagefind/2024") == 6


def test_incremental_and_cold_builds_index_the_same_pages(tmp_path: Path) -> None:
    config = searchable(tmp_path / "site")
    build(config)
    (config.content_path / "00002.md").unlink()
    build(config)
    cold = load_config(cold_copy(config.root, tmp_path / "cold"))
    build(cold)
    assert tree(config.output_path, search_index=False) == tree(
        cold.output_path, search_index=False
    )
    assert (
        page_count(config.output_path / "pagefind")
        == page_count(cold.output_path / "pagefind")
        == 6
    )


def test_a_failed_build_leaves_the_index_as_it_was(tmp_path: Path) -> None:
    config = searchable(tmp_path)
    build(config)
    before = tree(config.output_path)
    (config.content_path / "bad.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    with pytest.raises(NewsgenError):
        build(config)
    assert tree(config.output_path) == before


@pytest.mark.parametrize(
    ("program", "expected"),
    [
        (
            "#!/bin/sh\necho 'Error: the index is on fire' >&2\nexit 3\n",
            "status 3: Error: the index is on fire",
        ),
        (None, "No such file or directory"),
    ],
)
def test_a_pagefind_that_fails_is_reported_and_the_site_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, program: str | None, expected: str
) -> None:
    config = searchable(tmp_path / "site")
    build(config)
    before = tree(config.output_path)
    binary = tmp_path / "pagefind"
    if program is not None:
        binary.write_text(program, encoding="utf-8")
        binary.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(binary))
    (config.content_path / "old.md").write_text(
        article_text("Harbour shut", datetime(2023, 6, 1, 12), ["Harbour"], "Closed."), "utf-8"
    )
    with pytest.raises(NewsgenError) as raised:
        build(config)
    (problem,) = raised.value.diagnostics
    assert problem.path == "search"
    assert problem.message.startswith("Pagefind could not index the site: ")
    assert expected in problem.message
    assert problem.hint == "build with --no-search to publish without search"
    assert tree(config.output_path) == before
    assert not (config.root / ".newsgen/search").exists()


def test_each_index_is_made_as_soon_as_its_pages_are_staged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind indexes 2024's articles (rendered first, the newest) while 2023's article and
    the archive pages render, rather than once every page is rendered; and the index is the
    one each year's pages make. (Search is given every core: this is when an index starts, not
    how many run at once.)"""
    monkeypatch.setattr(render_pages, "SEARCH_CORES", 0)
    config = searchable(tmp_path, "search_per_year: true\n")
    events: list[str] = []
    rendered = pagefind.SearchUpdate.rendered

    def page_staged(update: pagefind.SearchUpdate, url: str) -> None:
        events.append(url)
        rendered(update, url)

    monkeypatch.setattr(pagefind.SearchUpdate, "rendered", page_staged)
    note_index_starts(monkeypatch, events)
    build(config)
    old_article = next(url for url in events if url.startswith("/2023/"))
    assert events.index("index 2024") < events.index(old_article) < events.index("index 2023")
    assert events.index("index 2023") < events.index("/"), "the home page renders meanwhile"
    assert page_count(config.output_path / "pagefind/2024") == 6
    assert page_count(config.output_path / "pagefind/2023") == 1


def test_while_a_first_build_renders_pagefind_keeps_to_the_lowest_core(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The render leaves one core to search (its workers keep off it): until every page is
    rendered, one Pagefind runs at a time, on that core; then every slot is open again."""
    config = searchable(tmp_path, "search_per_year: true\n")
    starts: list[tuple[int, int | None, bool]] = []
    start, all_rendered = indexing.Indexer._start, pagefind.SearchUpdate.all_rendered
    done = threading.Event()

    def noted_start(indexer: indexing.Indexer, group: str, urls: Sequence[str]) -> Any:
        run = start(indexer, group, urls)
        starts.append((indexer.placement.slots, run.core, done.is_set()))
        return run

    def noted_end(update: pagefind.SearchUpdate) -> None:
        done.set()
        all_rendered(update)
        starts.append((update.indexer.placement.slots, None, True))

    monkeypatch.setattr(indexing.Indexer, "_start", noted_start)
    monkeypatch.setattr(pagefind.SearchUpdate, "all_rendered", noted_end)
    build(config)
    lowest, every_slot = min(os.sched_getaffinity(0)), min(len(os.sched_getaffinity(0)), 4)
    assert (1, lowest, False) in starts, "2024's index starts while 2023's page renders"
    assert all((slots, core) == (1, lowest) for slots, core, ended in starts if not ended)
    assert (every_slot, None, True) in starts
    assert page_count(config.output_path / "pagefind/2023") == 1


def test_an_index_waiting_for_a_process_starts_while_the_feeds_are_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One Pagefind at a time: 2024's index runs once the pages are rendered, and 2023's,
    waiting for it, starts as soon as it ends, while the feeds are still being written,
    not once they all are."""
    config = searchable(tmp_path / "site", "search_per_year: true\n")
    feeds_begun, ended = tmp_path / "feeds-begun", tmp_path / "ended"
    one_pagefind_held_until(tmp_path, monkeypatch, feeds_begun, f"touch {ended}\n")
    events: list[str] = []
    note_index_starts(monkeypatch, events)
    written = syndication.feeds_and_sitemaps

    def feeds(*args: Any) -> Iterator[tuple[str, bytes]]:
        files = iter(written(*args))
        feeds_begun.touch()
        yield next(files)
        waited = 0.0
        while not ended.exists() and waited < 60:  # 2024's Pagefind ends
            waited += 0.01
            time.sleep(0.01)
        yield from files
        events.append("feeds written")

    monkeypatch.setattr(syndication, "feeds_and_sitemaps", feeds)
    build(config)
    assert events == ["index 2024", "index 2023", "feeds written"]
    assert page_count(config.output_path / "pagefind/2023") == 1


def test_of_the_indexes_waiting_for_a_process_the_largest_starts_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One Pagefind at a time, held until every page is staged: 2023's index (one article)
    and 2022's (three), both waiting then, start largest first, so that a build's last
    process is a short one rather than a long one alone on a core."""
    config = searchable(tmp_path / "site", "search_per_year: true\n")
    for day in (1, 2, 3):
        text = article_text(f"Story {day}", datetime(2022, 3, day, 9), ["Harbour"], "Text.")
        (config.content_path / f"story-{day}.md").write_text(text, encoding="utf-8")
    feeds_begun = tmp_path / "feeds-begun"
    one_pagefind_held_until(tmp_path, monkeypatch, feeds_begun)
    started: list[str] = []
    note_index_starts(monkeypatch, started)
    written = syndication.feeds_and_sitemaps

    def feeds(*args: Any) -> Iterator[tuple[str, bytes]]:
        feeds_begun.touch()
        yield from written(*args)

    monkeypatch.setattr(syndication, "feeds_and_sitemaps", feeds)
    build(config)
    assert started == ["index 2024", "index 2022", "index 2023"]
    assert page_count(config.output_path / "pagefind/2022") == 3


def note_index_starts(monkeypatch: pytest.MonkeyPatch, events: list[str]) -> None:
    """Each index noted in `events` ('index 2024') as its Pagefind starts."""
    start = indexing.Indexer._start

    def index_started(indexer: indexing.Indexer, group: str, urls: Sequence[str]) -> Any:
        events.append(f"index {group}")
        return start(indexer, group, urls)

    monkeypatch.setattr(indexing.Indexer, "_start", index_started)


def one_pagefind_held_until(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, begun: Path, after: str = ""
) -> None:
    """One Pagefind process at a time, each run waiting for the file `begun` to exist, then
    running the lines `after` once it ends."""
    wrapped_pagefind(tmp_path, monkeypatch, f"while [ ! -e {begun} ]; do sleep 0.01; done\n", after)
    monkeypatch.setattr(indexing, "MAX_PROCESSES", 1)


def wrapped_pagefind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, before: str, after: str = ""
) -> None:
    """Builds run Pagefind through a shell script: the lines `before`, Pagefind, then the
    lines `after` (its exit status kept)."""
    real = get_executable()
    assert real is not None
    run = f'"{real}" "$@"\nstatus=$?\n{after}exit $status\n' if after else f'exec "{real}" "$@"\n'
    wrapper = tmp_path / "pagefind"
    wrapper.write_text(f"#!/bin/sh\n{before}{run}", encoding="utf-8")
    wrapper.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(wrapper))


def cores_seen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The file where each Pagefind started writes the cores it may run on."""
    seen = tmp_path / "cores"
    wrapped_pagefind(tmp_path, monkeypatch, f"grep Cpus_allowed_list /proc/self/status >> {seen}\n")
    return seen


def pagefind_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The file where each Pagefind started writes its arguments, one run a line."""
    runs = tmp_path / "runs"
    wrapped_pagefind(tmp_path, monkeypatch, f'echo "$@" >> {runs}\n')
    return runs


def index_files(folder: Path) -> dict[str, bytes]:
    """The files of the indexes under `folder`, but those Pagefind writes otherwise from one run
    to the next (its filters and metadata, and the entry naming them: upstream #638)."""
    varying = (".pf_meta", ".pf_filter", "pagefind-entry.json")
    found = (p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(varying))
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in found}


def test_a_cold_build_indexes_the_pages_where_they_are_staged_an_edit_through_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each page of a cold build is staged at its place in the new tree: Pagefind reads them
    there, matched by a glob, with no folder of links to make and remove. An edit that adds a
    2024 article re-indexes 2024's published pages too: through links, as they lie in two
    places. The indexes are those a folder of links gives."""
    config = searchable(tmp_path / "site", "search_per_year: true\n")
    runs = pagefind_runs(tmp_path, monkeypatch)
    build(config)
    cold = runs.read_text().splitlines()
    assert len(cold) == 2
    assert all("/staging-" in run and "/tree --output-path" in run for run in cold)
    assert sorted(run.partition("--glob ")[2] for run in cold) == [
        "2023/06/01/harbour-reopens/index.html",
        "2024/01/{" + ",".join(f"0{n + 1}/article-{n}/index.html" for n in range(5, -1, -1)) + "}",
    ]
    linked = searchable(tmp_path / "linked", "search_per_year: true\n")
    with monkeypatch.context() as patched:
        patched.setattr(indexing, "_glob", lambda names: None)
        build(linked)
    assert index_files(config.output_path / "pagefind") == index_files(
        linked.output_path / "pagefind"
    )
    for year in ("2023", "2024"):
        assert page_count(config.output_path / "pagefind" / year) == page_count(
            linked.output_path / "pagefind" / year
        )
    runs.unlink()
    text = article_text("Ferry returns", datetime(2024, 1, 3, 18), ["Weather"], "It sails.")
    (config.content_path / "ferry.md").write_text(text, encoding="utf-8")
    build(config)
    (edit,) = runs.read_text().splitlines()
    assert "--glob" not in edit and "/pages-" in edit
    assert page_count(config.output_path / "pagefind/2024") == 7


def test_a_site_under_a_path_is_indexed_with_its_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind names a page by its place in the folder it reads: for a site published under
    /news/, that is a folder of links laid out under news/."""
    config = searchable(tmp_path / "site", "base_url: https://test.example/news/\n")
    runs = pagefind_runs(tmp_path, monkeypatch)
    build(config)
    (run,) = runs.read_text().splitlines()
    assert "--glob" not in run
    assert page_count(config.output_path / "pagefind") == 7
    fragments = (config.output_path / "pagefind/fragment").iterdir()
    found = {json.loads(gzip.decompress(f.read_bytes())[12:])["url"] for f in fragments}
    assert "/news/2023/06/01/harbour-reopens/" in found and len(found) == 7


@pytest.mark.parametrize(("others", "in_place"), [(18, True), (19, False)])
def test_pages_among_many_other_folders_are_read_through_links(
    tmp_path: Path, others: int, in_place: bool
) -> None:
    """Two staged pages under a folder holding other folders: read where they are while that
    folder holds at most 10 folders a page (Pagefind walks them all), else through links."""
    folder = StagingFolder(tmp_path)
    folder.make()
    names = ["news/a/index.html", "news/b/index.html"]
    for name in [*names, *(f"news/other-{n}/index.html" for n in range(others))]:
        folder.path_for(name, os.fspath(tmp_path / "published" / name)).write_text("page")
    assert folder.below["news"] == others + 2
    assert folder.in_tree(names, "news") is in_place
    assert not folder.in_tree([*names, "news/c/index.html"], "news"), "c is not staged"


@pytest.mark.parametrize(
    ("names", "glob"),
    [
        (["2024/01/02/a/index.html", "2024/03/b/index.html"], ("2024", "2024/{01/02/a/index.html,03/b/index.html}")),
        (["2024/a/index.html", "2023/b/index.html"], ("", "{2024/a/index.html,2023/b/index.html}")),
        (["2024/a/index.html"], ("2024/a", "2024/a/index.html")),
        (["2024/a,b/index.html", "2024/c/index.html"], None),
        (["2024/{a}/index.html", "2024/c/index.html"], None),
        (["2024/*/index.html", "2024/c/index.html"], None),
        (["2024/été/index.html", "2024/c/index.html"], None),
        ([f"2024/{n:060}/index.html" for n in range(2000)], None),
        ([], None),
    ],
)  # fmt: skip
def test_the_glob_of_the_staged_pages(names: list[str], glob: tuple[str, str] | None) -> None:
    assert indexing._glob(names) == glob


def test_each_pagefind_runs_on_a_core_of_its_own_when_there_is_one_per_core(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two indexes to make, as many as processes at once (on a 2-core machine): each Pagefind
    on one core; the build's own threads keep every core. An edit then re-indexes one year:
    fewer indexes than processes, so its Pagefind may use every core."""
    config = searchable(tmp_path / "site", "search_per_year: true\n")
    seen = cores_seen(tmp_path, monkeypatch)
    cores = os.sched_getaffinity(0)
    slots = min(len(cores), indexing.MAX_PROCESSES)
    build(config)
    assert os.sched_getaffinity(0) == cores
    allowed = [line.split(":")[1].strip() for line in seen.read_text().splitlines()]
    assert len(allowed) == 2
    pinned = len(cores) <= indexing.MAX_PROCESSES and slots <= 2
    assert all(mask.isdigit() for mask in allowed) == pinned
    assert page_count(config.output_path / "pagefind/2023") == 1
    seen.unlink()
    with (config.content_path / "old.md").open("a", encoding="utf-8") as article:
        article.write("\nThe ferry runs again.\n")
    build(config)
    (mask,) = (line.split(":")[1].strip() for line in seen.read_text().splitlines())
    assert mask.isdigit() == (slots == 1)


def test_a_page_that_fails_to_render_ends_the_indexing_under_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edited article's index is being made (by a Pagefind that takes half a minute) when
    the home page fails to render: the build stops at once, its Pagefind ended (killed, never
    finished), nothing published."""
    config = searchable(tmp_path / "site", "search_per_year: true\n")
    build(config)
    before = tree(config.output_path)
    slow = tmp_path / "pagefind"
    slow.write_text("#!/bin/sh\nexec sleep 30\n", encoding="utf-8")
    slow.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(slow))
    started: list[Popen[bytes]] = []
    start = indexing._pagefind

    def recorded(*args: Any) -> tuple[Popen[bytes], Path]:
        process, log = start(*args)
        started.append(process)
        return process, log

    monkeypatch.setattr(indexing, "_pagefind", recorded)
    with (config.content_path / "old.md").open("a", encoding="utf-8") as article:
        article.write("\nThe ferry runs again.\n")
    (config.root / "templates").mkdir()
    (config.root / "templates/home.html").write_text("{{ no_such_thing }}", encoding="utf-8")
    with pytest.raises(NewsgenError) as raised:
        build(config)
    assert [d.message for d in raised.value.diagnostics] == ["'no_such_thing' is undefined (on /)"]
    (process,) = started
    assert process.returncode == -signal.SIGKILL, "ended, and reaped, before it finished"
    assert tree(config.output_path) == before
    assert not (config.root / ".newsgen/search").exists()


def fill_the_disk(monkeypatch: pytest.MonkeyPatch, at: Callable[[Path], bool]) -> None:
    """The disk is full when a file or folder `at` tells of is moved."""
    move_file = publish_files.move_file

    def disk_full(source: Path, target: Path) -> None:
        if at(source):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        move_file(source, target)

    monkeypatch.setattr(publish_files, "move_file", disk_full)


def one_problem(config: SiteConfig) -> Diagnostic:
    """The one problem a build of `config` fails with."""
    with pytest.raises(NewsgenError) as raised:
        build(config)
    (problem,) = raised.value.diagnostics
    return problem


def test_an_index_that_cannot_be_staged_is_reported_and_the_site_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills up as Pagefind's files are moved into the staging folder: one error
    names the index file, the published site and its index stay, nothing is left behind."""
    config = searchable(tmp_path / "site")
    build(config)
    before = tree(config.output_path)
    with (config.content_path / "old.md").open("a", encoding="utf-8") as article:
        article.write("\nThe ferry runs again.\n")
    fill_the_disk(monkeypatch, lambda source: "index-" in source.parent.name)
    problem = one_problem(config)
    assert re.fullmatch(r"cannot write pagefind/\S+: No space left on device", problem.message)
    assert tree(config.output_path) == before
    assert leftovers(config.root) == []
    monkeypatch.undo()
    build(config)
    assert page_count(config.output_path / "pagefind") == 7
    assert leftovers(config.root) == []


def test_a_new_index_is_staged_whole_an_edit_s_file_by_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first build's index is a new folder: moved into the staging folder in one rename. An
    edit's replaces a published one: its files are moved one by one, each kept if unchanged."""
    config = searchable(tmp_path / "site", "search_per_year: true\n")
    moved: list[str] = []
    move_file = publish_files.move_file

    def moving(source: Path, target: Path) -> None:
        if source.is_relative_to(config.root / ".newsgen/search"):
            moved.append(source.relative_to(config.root / ".newsgen/search").as_posix())
        move_file(source, target)

    monkeypatch.setattr(publish_files, "move_file", moving)
    build(config)
    assert sorted(moved) == ["index-0", "index-1"]
    assert page_count(config.output_path / "pagefind/2024") == 6
    assert page_count(config.output_path / "pagefind/2023") == 1
    moved.clear()
    with (config.content_path / "old.md").open("a", encoding="utf-8") as article:
        article.write("\nThe ferry runs again.\n")
    build(config)
    assert len(moved) > 3 and all(name.startswith("index-0/") for name in moved)
    assert page_count(config.output_path / "pagefind/2023") == 1


def test_a_first_index_that_cannot_be_staged_is_reported_and_nothing_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = searchable(tmp_path / "site")
    fill_the_disk(monkeypatch, lambda source: source.name.startswith("index-"))
    problem = one_problem(config)
    assert problem.path.endswith("/tree/pagefind")
    assert problem.message == "cannot write: No space left on device"
    assert not config.output_path.exists()
    assert leftovers(config.root) == []
    monkeypatch.undo()
    build(config)
    assert page_count(config.output_path / "pagefind") == 7


def test_an_archive_whose_last_article_goes_has_no_index_and_its_search_page_says_so(
    tmp_path: Path,
) -> None:
    config = generated_site(tmp_path, 1, "search: true\n")
    build(config)
    assert page_count(config.output_path / "pagefind") == 1
    for article in config.content_path.glob("*.md"):
        article.unlink()
    build(config)
    assert not (config.output_path / "pagefind").exists()
    search_page = lxml.html.parse(str(config.output_path / "search/index.html"))
    assert search_page.xpath("//div[@id='search']/@data-indexes") == [""]
    with browsing(config.output_path) as (page, site_url):
        page.goto(f"{site_url}/search/")
        status = page.locator("#search-status")
        page.wait_for_function("document.getElementById('search-status').textContent !== ''")
        assert status.inner_text() == (
            "There is nothing to search yet: no article has been published."
        )
        assert page.locator("#search form").is_hidden()


@contextlib.contextmanager
def browsing(folder: Path) -> Iterator[tuple[Any, str]]:
    """A headless Chromium page, and the URL that serves `folder` (Python's http.server)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            try:
                yield browser.new_page(), f"http://127.0.0.1:{server.server_address[1]}"
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()


def test_search_pages_across_yearly_indexes_in_a_browser(tmp_path: Path) -> None:
    config = searchable(tmp_path, "search_per_year: true\n")
    (config.content_path / "new-harbour.md").write_text(
        article_text(
            "Harbour crane arrives", datetime(2024, 3, 1, 8), ["Harbour"], "A new harbour crane."
        ),
        encoding="utf-8",
    )
    build(config)
    with browsing(config.output_path) as (page, site_url):
        page.goto(f"{site_url}/search/?q=harbour")
        page.wait_for_function("document.querySelectorAll('#search-results li').length === 2")
        page.get_by_label("Year").select_option("2023")
        page.wait_for_function("document.querySelectorAll('#search-results li').length === 1")
        assert "Harbour reopens" in page.locator("#search-results").inner_text()
        page.get_by_label("Year").select_option("")
        page.get_by_label("Order").select_option("date")
        page.wait_for_function("document.querySelectorAll('#search-results li').length === 2")
        assert page.locator("#search-results h2").all_inner_texts() == [
            "Harbour crane arrives",
            "Harbour reopens",
        ]


def test_the_newest_indexes_answer_first_and_the_older_years_follow(tmp_path: Path) -> None:
    config = generated_site(tmp_path, 0, "search: true\nsearch_per_year: true\n")
    config.content_path.mkdir()
    for year in range(2015, 2025):
        text = article_text(f"Harbour news of {year}", datetime(year, 5, 1, 9), ["Harbour"])
        (config.content_path / f"{year}.md").write_text(text, encoding="utf-8")
    build(load_config(config.root))
    entries: list[str] = []
    held: list[Any] = []
    released = threading.Event()

    def hold(route: Any) -> None:
        """The older years' index files wait until released."""
        if released.is_set():
            route.continue_()
        else:
            held.append(route)

    with browsing(config.output_path) as (page, site_url):
        page.context.route(re.compile(r"/pagefind/20(1[5-9]|2[0-2])/"), hold)
        page.context.on("request", lambda r: entries.append(r.url.split("?")[0]))
        page.goto(f"{site_url}/search/?q=harbour")
        page.wait_for_function("document.querySelectorAll('#search-results li').length === 2")
        status = page.locator("#search-status")
        assert status.inner_text() == (
            "2 articles found in the latest years; searching older years…"
        )
        loaded = [e.split("/")[-2] for e in entries if e.endswith("/pagefind-entry.json")]
        assert loaded[:2] == ["2024", "2023"]
        released.set()
        for route in held:
            route.continue_()
        page.wait_for_function("document.querySelectorAll('#search-results li').length === 10")
        page.wait_for_function(
            "document.getElementById('search-status').textContent === '10 articles found.'"
        )
        assert len(page.locator("#search-year option").all_inner_texts()) == 11
