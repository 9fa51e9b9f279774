"""The demo site in a real browser: navigation by clicking, search, phones, keyboard, axe-core."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import threading
import urllib.request
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from newsgen.config.site import load_config
from seedutil import REPO
from sitegen import build

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="needs playwright: pip install playwright"
)
CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(os.environ.get("NEWSGEN_AXE_JS", REPO / "tools/node_modules/axe-core/axe.min.js"))
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"), reason="needs Debian's chromium"
)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SEED_ARTICLE = (
    "/2024/02/22/nato-confirms-that-secretary-general-stoltenberg-recognises-ukraines-right-to/"
)
PAGES = {
    "home": "/",
    "article": SEED_ARTICLE,
    "topic": "/topics/nato/",
    "topics": "/topics/",
    "year": "/2024/",
    "month": "/2024/02/",
    "day": "/2024/02/22/",
    "archive": "/archive/",
    "search": "/search/?q=NATO",
    "404": "/404.html",
}


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


FOOTNOTES = "content/2026/09/markdown-that-newsgen-understands.md"
"""A demo article with footnotes; the test copy also gives it an alias, so a redirect exists."""


@pytest.fixture(scope="module")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site, built: every kind of page the theme has (a redirect included)."""
    demo = tmp_path_factory.mktemp("demo")
    for part in ("content", "seeds", "newsgen.yaml"):
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, demo / part)
        else:
            shutil.copy(source, demo / part)
    article = demo / FOOTNOTES
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("\n", "\naliases: [/old/markdown/]\n", 1), encoding="utf-8")
    build(load_config(demo))
    return demo / "build"


@pytest.fixture(scope="module")
def site_url(demo_build: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(demo_build))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


def test_navigation_by_clicking(page: Any, site_url: str) -> None:
    """Home -> a topic -> an article -> its day archive -> the article published before it."""
    page.goto(site_url + "/")
    page.locator("main .tags").get_by_role("link", name="Deployment").first.click()
    assert page.url.endswith("/topics/deployment/")
    page.get_by_role("link", name="Feeds and sitemaps for readers and news aggregators").click()
    assert page.locator("h1").inner_text() == "Feeds and sitemaps for readers and news aggregators"
    page.get_by_role("link", name="More from March 20, 2026").click()
    assert page.url.endswith("/2026/03/20/")
    page.get_by_role("link", name="Publishing the archive to any static host").click()
    assert page.locator("h1").inner_text() == "Publishing the archive to any static host"
    page.get_by_role("navigation", name="Previous and next articles").locator("a[rel=next]").click()
    assert page.locator("h1").inner_text() == "Feeds and sitemaps for readers and news aggregators"


def test_search_finds_the_seed_article_and_a_topic_filter_narrows(page: Any, site_url: str) -> None:
    page.goto(site_url + "/")
    page.get_by_label("Search the archive").fill("Stoltenberg")
    page.get_by_label("Search the archive").press("Enter")
    page.wait_for_selector("#search-results li")
    results = page.locator("#search-results li")
    assert results.count() == 1
    assert "Stoltenberg" in results.first.inner_text()
    assert "2024" in results.first.locator(".meta").inner_text()
    page.get_by_label("Words to find").fill("newsgen")
    page.wait_for_function("document.querySelectorAll('#search-results li').length > 2")
    everything = page.locator("#search-results li").count()
    page.get_by_label("Topic").select_option("Releases")
    page.wait_for_function(f"document.querySelectorAll('#search-results li').length < {everything}")
    titles = page.locator("#search-results h2").all_inner_texts()
    assert titles and all("newsgen 0." in title for title in titles)


def test_search_without_javascript_explains_how_to_browse(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "/search/")
    text = page.locator("main").inner_text()
    assert "Search needs JavaScript" in text
    assert page.get_by_role("link", name="the archive by date").count() == 1
    context.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_no_page_scrolls_sideways_on_a_360_px_phone(browser: Any, site_url: str, name: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(site_url + PAGES[name])
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_keyboard_reaches_the_skip_link_and_the_search_box_visibly(
    page: Any, site_url: str
) -> None:
    page.goto(site_url + "/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to content"
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0, "the focused skip link is on screen"
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-search":
            break
    assert page.evaluate("document.activeElement.id") == "site-search"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus is visible"


def page_kinds(built: Path) -> dict[str, str]:
    """One URL of each kind of page the built site has, by the kind its <body> declares
    (`data-kind`): new kinds of page join by themselves. An
    article with footnotes counts as a kind of its own."""
    found: dict[str, str] = {}
    for path in sorted(built.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        declared = re.search(r'<body data-kind="([^"]+)"', text)
        kind = declared.group(1) if declared else ""
        if kind == "article" and 'class="footnotes"' in text:
            kind = "article with footnotes"
        found.setdefault(kind, "/" + path.relative_to(built).as_posix().removesuffix("index.html"))
    return found


def axe_violations(page: Any, url: str, redirect: bool = False) -> list[str]:
    """Every axe-core violation of the page at `url`, whatever its impact."""
    if redirect:  # the page leaves at once: check it as served, less its refresh
        text = urllib.request.urlopen(url).read().decode("utf-8")
        stays = re.sub(r'<meta http-equiv="refresh"[^>]*>', "", text)
        page.route(url, lambda route: route.fulfill(body=stays, content_type="text/html"))
    page.goto(url)
    if "/search/" in url:
        page.wait_for_selector("#search-results li")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {json.dumps([n['target'] for n in v['nodes']][:3])}"
        for v in result["violations"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_of_any_impact_on_any_kind_of_page(
    browser: Any, demo_build: Path, site_url: str, scheme: str
) -> None:
    if not AXE.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"axe-core missing at {AXE}: .ci/run installs it with npm")
        pytest.skip("needs axe-core: npm ci --ignore-scripts --prefix tools")
    kinds = page_kinds(demo_build)
    expected = {"article", "article with footnotes", "home", "topic", "topics", "year", "month"}
    expected |= {"day", "archive", "search", "404", "redirect"}
    assert expected <= set(kinds), sorted(kinds)
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.set_default_timeout(15_000)
    found = {}
    for kind, url in sorted(kinds.items()):
        query = "?q=NATO" if kind == "search" else ""
        checked = axe_violations(page, site_url + url + query, redirect=kind == "redirect")
        found[f"{kind} {url}"] = checked
    context.close()
    assert {where: issues for where, issues in found.items() if issues} == {}


def test_axe_does_report_a_known_violation(page: Any, site_url: str) -> None:
    if not AXE.is_file():
        pytest.skip("needs axe-core")
    page.goto(site_url + "/")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=x.png>')"
    )
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert "image-alt" in {v["id"] for v in result["violations"]}
