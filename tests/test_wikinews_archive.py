"""A real archive end to end: the 4,874 English Wikinews articles of ../shared/corpora imported
with `newsgen import` (credited, and idempotent), built with `newsgen build`, then checked as
a reader's tools would: the Nu Html Checker on every page, axe on every kind of page, every
link and anchor resolving, every feed parsing (and the main feeds passing the W3C Feed
Validator), no page over 100 KB, and search finding an article by a word of its body."""

from __future__ import annotations

import functools
import html
import json
import re
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import feedparser
import lxml.etree
import pytest

from feedcheck import feed_errors
from importutil import WIKINEWS, needs_corpora, newsgen
from test_html_validity import vnu_errors
from test_site_browser import (
    ARGS,
    AXE,
    CHROMIUM,
    QuietHandler,
    axe_violations,
    page_kinds,
    sync_api,
)

pytestmark = [pytest.mark.slow, needs_corpora]
BASE_URL = "https://wikinews-archive.example/"
CONFIG = f"""\
title: Wikinews archive
description: >-
  Articles from Wikinews, the free news source, https://en.wikinews.org/, by Wikinews
  contributors, licensed under CC BY 2.5 (https://creativecommons.org/licenses/by/2.5/).
  Text was cleaned and shortened from the original.
base_url: {BASE_URL}
language: en
timezone: UTC
"""
ARTICLES = 4874
IMPORT = ("import", "--source-name", "Wikinews", "--map", "topics=categories", str(WIKINEWS))
NOTHING_ELSE = "0 unchanged, 0 kept as edited, 0 skipped, 0 refused\n"
LINK = re.compile(r'\s(?:href|src)="([^"]*)"|\ssrcset="([^"]*)"')
ANCHOR = re.compile(r'\sid="([^"]*)"')
CHOSEN = ("President of China lunches with Brazilian President", "Torto")
"""An article, and a word that only its body has (the name of the President's residence)."""
LARGEST_PAGE = 100_000


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole corpus imported into a new site and built, search included."""
    site = tmp_path_factory.mktemp("wikinews")
    (site / "newsgen.yaml").write_text(CONFIG, encoding="utf-8")
    imported = newsgen(site, *IMPORT)
    assert imported.exit_code == 0, imported.output[-2000:]
    assert imported.output.endswith(f"imported {ARTICLES} item(s), {NOTHING_ELSE}")
    files = list((site / "content" / "imported").rglob("*.md"))
    assert len(files) == ARTICLES
    credit = "source: {name: Wikinews, url: 'https://en.wikinews.org/wiki/"
    assert all(credit in path.read_text(encoding="utf-8") for path in files)
    again = newsgen(site, *IMPORT)
    origin = f"{WIKINEWS.as_posix()}:1: note: 1 column is not imported: 'origin'"
    assert again.output.startswith(origin)
    unchanged = f"{ARTICLES} unchanged, 0 kept as edited, 0 skipped, 0 refused"
    assert again.output.endswith(f"\nimported 0 item(s), {unchanged}\n")
    built = newsgen(site, "build")
    assert built.exit_code == 0, built.output[-2000:]
    assert ": error:" not in built.output
    return site / "build"


@pytest.fixture(scope="module")
def pages(archive: Path) -> dict[str, str]:
    """Every HTML page of the build, by its path under build/."""
    return {
        path.relative_to(archive).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(archive.rglob("*.html"))
        if "pagefind" not in path.parts
    }


def test_the_archive_has_every_article_and_its_periods(pages: dict[str, str]) -> None:
    articles = [p for p in pages if re.fullmatch(r"\d{4}/\d\d/\d\d/[^/]+/index\.html", p)]
    assert len(articles) == ARTICLES
    years = {p for p in pages if re.fullmatch(r"\d{4}/index\.html", p)}
    assert len(years) == 18


def test_every_page_passes_the_nu_html_checker(archive: Path, pages: dict[str, str]) -> None:
    assert len(pages) > ARTICLES
    assert vnu_errors(archive) == []


def test_no_page_is_larger_than_100_kb(pages: dict[str, str]) -> None:
    sizes = {path: len(text.encode("utf-8")) for path, text in pages.items()}
    assert {path: size for path, size in sizes.items() if size > LARGEST_PAGE} == {}


def local_target(page: str, link: str) -> tuple[str, str] | None:
    """The file under build/ a link of `page` leads to and its fragment; None for a link that
    leaves the site (another host, mailto:, data:)."""
    link = html.unescape(link)
    if link.startswith(BASE_URL):
        link = "/" + link.removeprefix(BASE_URL)
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return page, parts.fragment
    if not path.startswith("/"):
        path = "/" + (page.rpartition("/")[0] + "/" + path).lstrip("/")
    if path.endswith("/"):
        path += "index.html"
    return path.lstrip("/"), parts.fragment


def links_of(text: str) -> Iterator[str]:
    """Every href and src of a page, and every address of its srcsets."""
    for href, srcset in LINK.findall(text):
        if srcset:
            yield from (entry.split()[0] for entry in html.unescape(srcset).split(","))
        else:
            yield href


def broken_links(build: Path, pages: dict[str, str]) -> tuple[list[str], int]:
    """Links of the pages to a file or anchor the build lacks, and how many links were
    checked (links that leave the site are not)."""
    anchors = {path: set(ANCHOR.findall(text)) for path, text in pages.items()}
    broken: list[str] = []
    checked = 0
    for path, text in pages.items():
        for link in links_of(text):
            target = local_target(path, link)
            if target is None:
                continue
            checked += 1
            file, fragment = target
            if not (build / file).is_file():
                broken.append(f"{path}: {link}")
            elif fragment and file in anchors and fragment not in anchors[file]:
                broken.append(f"{path}: {link} (no such anchor)")
    return broken, checked


def test_every_link_and_anchor_resolves(archive: Path, pages: dict[str, str]) -> None:
    broken, checked = broken_links(archive, pages)
    assert checked > 20 * len(pages)
    assert broken == []


def test_the_link_check_finds_a_missing_page_and_a_missing_anchor(tmp_path: Path) -> None:
    pages = {
        "index.html": '<a href="/a/">A</a> <a href="/a/#here">here</a> <a href="/b/">B</a>'
        ' <a href="/a/#gone">gone</a> <a href="https://elsewhere.example/">out</a>',
        "a/index.html": '<h2 id="here">Here</h2>',
    }
    for path, text in pages.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    assert broken_links(tmp_path, pages) == (
        ["index.html: /b/", "index.html: /a/#gone (no such anchor)"],
        4,
    )


def test_the_link_check_maps_each_link_to_its_file_and_anchor() -> None:
    assert local_target("a/index.html", "/2005/") == ("2005/index.html", "")
    assert local_target("a/index.html", f"{BASE_URL}topics/x/#top") == (
        "topics/x/index.html",
        "top",
    )
    assert local_target("a/b/index.html", "../c.html") == ("a/b/../c.html", "")
    assert local_target("a/index.html", "#fn1") == ("a/index.html", "fn1")
    assert local_target("a/index.html", "https://en.wikinews.org/wiki/X") is None
    assert list(links_of('<img src="/a.jpg" srcset="/a-480.webp 480w, /a-800.webp 800w">')) == [
        "/a.jpg",
        "/a-480.webp",
        "/a-800.webp",
    ]


def feed_kind(data: bytes) -> str:
    """'atom', 'rss', 'sitemap' or '' by the document's root element."""
    root = lxml.etree.fromstring(data)
    return {"feed": "atom", "rss": "rss", "urlset": "sitemap", "sitemapindex": "sitemap"}.get(
        lxml.etree.QName(root).localname, ""
    )


def test_every_feed_parses(archive: Path) -> None:
    feeds = sorted(archive.rglob("*.xml"))
    kinds = {path: feed_kind(path.read_bytes()) for path in feeds}
    assert "" not in kinds.values()
    readable = [path for path, kind in kinds.items() if kind in ("atom", "rss")]
    assert len(readable) > 20
    for path in readable:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
        assert parsed.entries or path.parent.name == "corrections", path
        assert all(entry.get("id") and entry.get("title") for entry in parsed.entries), path
    for path in archive.rglob("feed.json"):
        document = json.loads(path.read_text(encoding="utf-8"))
        assert document["version"] == "https://jsonfeed.org/version/1.1"
        assert document["items"], path


def test_the_site_feeds_pass_the_w3c_feed_validator(archive: Path) -> None:
    for name in ("feed.xml", "rss.xml", "topics/politics-and-conflicts/feed.xml"):
        assert feed_errors((archive / name).read_bytes(), BASE_URL + name) == [], name


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def site_url(archive: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(archive))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_any_kind_of_page(
    browser: Any, archive: Path, site_url: str, scheme: str
) -> None:
    if not AXE.is_file():
        pytest.skip("needs axe-core: npm ci --ignore-scripts --prefix tools")
    kinds = page_kinds(archive)
    assert {"article", "home", "topic", "topics", "year", "month", "day", "archive"} <= set(kinds)
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.set_default_timeout(30_000)
    query = "?q=" + CHOSEN[1]
    found = {
        f"{kind} {url}": axe_violations(page, site_url + url + (query if kind == "search" else ""))
        for kind, url in sorted(kinds.items())
    }
    context.close()
    assert {where: issues for where, issues in found.items() if issues} == {}


def test_search_finds_the_chosen_article_by_a_word_of_its_body(browser: Any, site_url: str) -> None:
    title, word = CHOSEN
    page = browser.new_page()
    page.set_default_timeout(30_000)
    page.goto(site_url + "/")
    page.get_by_label("Search the archive").fill(word)
    page.get_by_label("Search the archive").press("Enter")
    page.wait_for_selector("#search-results li")
    # the newest years answer first; the chosen article is from an older one
    done = "!document.getElementById('search-status').textContent.includes('older years')"
    page.wait_for_function(done)
    titles = page.locator("#search-results h2").all_inner_texts()
    page.close()
    assert title in titles
