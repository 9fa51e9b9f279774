"""The demo site in a real browser: navigation by clicking, search, phones, keyboard, axe-core."""

from __future__ import annotations

import functools
import json
import os
import shutil
import threading
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


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    demo = tmp_path_factory.mktemp("demo")
    for part in ("content", "seeds", "newsgen.yaml"):
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, demo / part)
        else:
            shutil.copy(source, demo / part)
    build(load_config(demo))
    handler = functools.partial(QuietHandler, directory=str(demo / "build"))
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


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_serious_or_critical_violation(page: Any, site_url: str, name: str) -> None:
    if not AXE.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"axe-core missing at {AXE}: .ci/run installs it with npm")
        pytest.skip("needs axe-core: npm ci --ignore-scripts --prefix tools")
    page.goto(site_url + PAGES[name])
    if name == "search":
        page.wait_for_selector("#search-results li")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {json.dumps([n['target'] for n in v['nodes']][:3])}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


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
