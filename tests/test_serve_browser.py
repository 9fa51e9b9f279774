"""A real browser on `newsgen serve`: edits show up by themselves, build errors in an overlay."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

import newsgen
from newsgen.builder import BuildOptions
from newsgen.config.site import load_config
from newsgen.serve.livereload import SearchState
from newsgen.serve.session import DevSession, real_build

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="needs playwright: .venv/bin/pip install playwright"
)
CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium: apt-get install -y chromium"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
WAIT_MS = 20_000
ARTICLE_URL = "2025/01/02/story/"


def article(title: str) -> str:
    return f"---\ntitle: {title}\ndate: 2025-01-02T09:00:00+00:00\nslug: story\n---\nThe body.\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "templates").mkdir()
    config = "title: Live Times\ntimezone: UTC\nsearch: false\n"
    (root / "newsgen.yaml").write_text(config, encoding="utf-8")
    (root / "content/story.md").write_text(article("First headline"), encoding="utf-8")
    return root


@pytest.fixture
def session(site: Path) -> Iterator[DevSession]:
    options = BuildOptions(now=datetime.now().astimezone())
    with DevSession(load_config(site), real_build(options), ("127.0.0.1", 0)) as running:
        yield running


@pytest.fixture
def page(session: DevSession) -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            opened = browser.new_page()
            opened.set_default_timeout(WAIT_MS)
            yield opened
        finally:
            browser.close()


def published(session: DevSession, text: str) -> None:
    """Wait until the build has published the article page with `text`."""
    built = session.server.site.output / ARTICLE_URL / "index.html"
    deadline = time.monotonic() + WAIT_MS / 1000
    while text not in built.read_text(encoding="utf-8"):
        assert time.monotonic() < deadline, f"{text!r} was never published"
        time.sleep(0.02)


def test_edits_and_errors_show_in_the_open_page(site: Path, session: DevSession, page: Any) -> None:
    expect = sync_api.expect
    page.goto(session.url + ARTICLE_URL)
    headline = page.locator("main h1")
    overlay = page.get_by_role("alert")
    expect(headline).to_have_text("First headline")

    (site / "content/story.md").write_text(article("Second headline"), encoding="utf-8")
    expect(headline).to_have_text("Second headline", timeout=WAIT_MS)  # the preview, at once
    published(session, "Second headline")  # then the build: the template is broken after it

    broken = '{% extends "base.html" %}\n{% block main %}\n{% if %}\n{% endblock %}\n'
    (site / "templates/article.html").write_text(broken, encoding="utf-8")
    expect(overlay).to_contain_text("templates/article.html:3: error:", timeout=WAIT_MS)
    expect(headline).to_have_text("Second headline")

    (site / "templates/article.html").unlink()
    expect(overlay).to_have_count(0, timeout=WAIT_MS)
    expect(headline).to_have_text("Second headline")

    markup = (
        '{% extends "base.html" %}\n{% block main %}{% include "<b>x</b>.html" %}{% endblock %}'
    )
    (site / "templates/article.html").write_text(markup, encoding="utf-8")
    expect(overlay).to_contain_text("templates/<b>x</b>.html", timeout=WAIT_MS)
    expect(overlay.locator("b")).to_have_count(0)

    (site / "templates/article.html").unlink()
    (site / "content/story.md").write_text(article("Third headline"), encoding="utf-8")
    expect(headline).to_have_text("Third headline", timeout=WAIT_MS)
    expect(overlay).to_have_count(0)

    built = session.server.site.output / ARTICLE_URL / "index.html"
    assert "Third headline" in built.read_text(encoding="utf-8")
    assert "data-newsgen-live" not in built.read_text(encoding="utf-8")


def test_pages_say_while_the_search_index_catches_up(session: DevSession, page: Any) -> None:
    expect = sync_api.expect
    live = session.server.live
    page.goto(session.url + ARTICLE_URL)
    badge = page.locator("#newsgen-search-status")
    expect(badge).to_have_count(0)
    live.search(SearchState.UPDATING)
    expect(badge).to_have_text("Search index updating…", timeout=WAIT_MS)
    expect(badge).to_have_attribute("role", "status")
    page.reload()  # a page opened meanwhile is told at once
    expect(badge).to_have_text("Search index updating…", timeout=WAIT_MS)
    page.evaluate("() => { window.kept = true; }")
    live.search(SearchState.FAILED)
    expect(badge).to_contain_text("the update failed (see the terminal)", timeout=WAIT_MS)
    live.search(SearchState.READY)
    expect(badge).to_have_count(0, timeout=WAIT_MS)
    assert page.evaluate("() => window.kept === true")  # only the search page reloads


def test_the_search_page_reloads_once_its_index_is_up_to_date(
    session: DevSession, page: Any
) -> None:
    live = session.server.live
    live.search(SearchState.UPDATING)
    page.goto(session.url + ARTICLE_URL)
    page.evaluate(
        "() => { const m = document.createElement('div'); m.id = 'search'; "
        "document.body.append(m); window.notReloaded = true; }"
    )
    sync_api.expect(page.locator("#newsgen-search-status")).to_have_count(1, timeout=WAIT_MS)
    with page.expect_navigation(timeout=WAIT_MS):
        live.search(SearchState.READY)
    assert page.evaluate("() => window.notReloaded === undefined")


def test_a_preview_reloads_its_own_page_once(session: DevSession, page: Any) -> None:
    expect = sync_api.expect
    live = session.server.live
    here = "/" + ARTICLE_URL
    badge = page.locator("#newsgen-search-status")
    page.goto(session.url + ARTICLE_URL)

    def after_the_events_so_far(state: SearchState, shown: int) -> None:
        """Events arrive in order: once this one shows, the ones before it were handled."""
        live.search(state)
        expect(badge).to_have_count(shown, timeout=WAIT_MS)

    page.evaluate("() => { window.kept = true; }")
    live.previewed(["/elsewhere/", "/elsewhere/index.html"])
    after_the_events_so_far(SearchState.UPDATING, 1)
    assert page.evaluate("() => window.kept === true")  # another page's preview

    with page.expect_navigation(timeout=WAIT_MS):
        live.previewed([here, here + "index.html"])
    expect(badge).to_have_count(1, timeout=WAIT_MS)  # the reloaded page listens: it was greeted
    page.evaluate("() => { window.kept = true; }")
    live.succeeded([here, here + "index.html"])
    after_the_events_so_far(SearchState.READY, 0)
    assert page.evaluate("() => window.kept === true")  # the build published what it showed

    with page.expect_navigation(timeout=WAIT_MS):
        live.failed((), reload=True)  # a failed build after a preview: back to the last good
    expect(page.get_by_role("alert")).to_be_visible(timeout=WAIT_MS)
    page.evaluate("() => { window.kept = true; }")
    after_the_events_so_far(SearchState.UPDATING, 1)
    assert page.evaluate("() => window.kept === true")  # the remembered failure: no reload loop

    live.succeeded([here, here + "index.html"])  # the fix, previewed here, is published
    expect(page.get_by_role("alert")).to_have_count(0, timeout=WAIT_MS)
    assert page.evaluate("() => window.kept === true")


def test_a_template_edit_shows_at_once_on_the_open_page(
    site: Path, session: DevSession, page: Any
) -> None:
    """The page's script tells the server where it is open, so that a template edit is
    previewed there (tests/test_preview.py shows it is the preview, before the build)."""
    page.goto(session.url + ARTICLE_URL)
    deadline = time.monotonic() + WAIT_MS / 1000
    while session.server.live.open_pages() != ["/" + ARTICLE_URL]:
        assert time.monotonic() < deadline, session.server.live.open_pages()
        time.sleep(0.02)
    theme = Path(newsgen.__file__).parent / "theme/templates/base.html"
    edited = theme.read_text(encoding="utf-8").replace("</main>", "</main><p id=added>Added</p>")
    (site / "templates/base.html").write_text(edited, encoding="utf-8")
    sync_api.expect(page.locator("#added")).to_have_text("Added", timeout=WAIT_MS)
