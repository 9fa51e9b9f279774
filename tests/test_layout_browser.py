"""Layout in a real browser: card grids without gaps, period boxes on the column's edges, the
topics index's order switch, and the indexes cut into pages."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from newsgen.config.site import load_config
from sitegen import BASE_CONFIG, article_text, build
from test_indexes import newsroom
from test_site_browser import ARGS, AXE, CHROMIUM, QuietHandler, axe_violations

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
)
WIDTHS = {"mobile": 375, "tablet": 768, "desktop": 1280}
COUNTS = range(1, 8)
START = datetime.fromisoformat("2022-01-10T09:00:00+00:00")


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """28 articles from 2022 to 2025, 40 days apart: the topic `Count k` has k of them."""
    root = tmp_path_factory.mktemp("layout")
    (root / "newsgen.yaml").write_text(BASE_CONFIG + "per_page: 20\n", encoding="utf-8")
    (root / "content").mkdir()
    owners = [count for count in COUNTS for _ in range(count)]
    for number, count in enumerate(owners):
        text = article_text(
            f"Story {number}", START + timedelta(days=40 * number), [f"Count {count}"]
        )
        (root / "content" / f"{number:02d}.md").write_text(text, encoding="utf-8")
    build(load_config(root))
    with serving(root / "build") as url:
        yield url


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """The URL of an HTTP server of `folder` while the block runs."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


def boxes(browser: Any, url: str, width: int, script: str, **options: Any) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900}, **options)
    try:
        page = context.new_page()
        page.goto(url)
        return page.evaluate(script)
    finally:
        context.close()


CARDS = """() => {
  const edges = (e) => { const b = e.getBoundingClientRect(); return [b.left, b.right, b.top]; };
  return [edges(document.querySelector(".cards")), [...document.querySelectorAll(".cards > .card")].map(edges)];
}"""


def rows(cards: list[list[float]]) -> list[list[list[float]]]:
    """Cards grouped by the line they sit on."""
    lines: dict[int, list[list[float]]] = {}
    for card in cards:
        lines.setdefault(round(card[2]), []).append(card)
    return [lines[top] for top in sorted(lines)]


@pytest.mark.parametrize("width", list(WIDTHS), ids=list(WIDTHS))
@pytest.mark.parametrize(
    ("path", "count"),
    [(f"/topics/count-{n}/", n) for n in COUNTS] + [("/", 20), ("/page/2/", 8)],
)
def test_every_row_of_cards_spans_the_grid(
    browser: Any, site_url: str, width: str, path: str, count: int
) -> None:
    (left, right, _), cards = boxes(browser, site_url + path, WIDTHS[width], CARDS)
    assert len(cards) == count
    for line in rows(cards):
        assert min(c[0] for c in line) == pytest.approx(left, abs=1), (path, line)
        assert max(c[1] for c in line) == pytest.approx(right, abs=1), (path, line)
    assert len(rows(cards)) < count or WIDTHS[width] < 700 or count == 1, "cards share lines"


PERIOD_NAV = """() => {
  const edges = (e) => { const b = e.getBoundingClientRect(); return [b.left, b.right, e.rel]; };
  return [edges(document.querySelector(".page-header")),
          [...document.querySelectorAll(".period-nav")].map((nav) => [...nav.querySelectorAll("a")].map(edges))];
}"""


@pytest.mark.parametrize("width", [320, 375, 390, 412, 600, 751, 768, 1280])
@pytest.mark.parametrize(("path", "links"), [("/2023/", 2), ("/2022/", 1), ("/2024/", 1)])
def test_period_boxes_line_up_with_the_content_column(
    browser: Any, site_url: str, width: int, path: str, links: int
) -> None:
    """Narrower than two boxes side by side (752 px), each box fills the column; wider, the
    earlier box starts at its left edge and the later one ends at its right."""
    (left, right, _), navs = boxes(browser, site_url + path, width, PERIOD_NAV)
    assert len(navs) == 2
    for nav in navs:
        assert len(nav) == links
        for box_left, box_right, rel in nav:
            if width < 752:
                assert (box_left, box_right) == pytest.approx((left, right), abs=0.5), (rel, nav)
            elif rel == "prev":
                assert box_left == pytest.approx(left, abs=0.5)
            else:
                assert box_right == pytest.approx(right, abs=0.5)
            assert width < 752 or box_right - box_left < (right - left) / 2


ORDER = "() => [...document.querySelectorAll('#topic-list a')].map((a) => a.textContent)"
AZ = [f"Count {n}" for n in COUNTS]


def test_the_topics_switch_re_sorts_the_one_list(browser: Any, site_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + "/topics/")
    assert page.locator("#topic-list li").count() == 7, "each topic once"
    assert page.evaluate(ORDER) == AZ
    page.get_by_label("Most covered").check()
    assert page.evaluate(ORDER) == AZ[::-1]
    assert page.locator("#topic-list li .count").first.inner_text() == "7"
    page.get_by_label("A–Z").check()
    assert page.evaluate(ORDER) == AZ
    context.close()


def test_without_javascript_the_topics_are_a_to_z_with_no_switch(
    browser: Any, site_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "/topics/")
    assert not page.locator("#topic-order").is_visible()
    assert page.locator("#topic-list a").all_inner_texts() == AZ
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_pages_of_the_indexes_have_no_axe_violation(
    browser: Any, tmp_path: Path, scheme: str
) -> None:
    """The pager of letter ranges, the most covered list and a later page, on a phone."""
    if not AXE.is_file():
        pytest.skip("needs axe-core: npm ci --ignore-scripts --prefix tools")
    config = newsroom(tmp_path / "site")
    build(config)
    context = browser.new_context(color_scheme=scheme, viewport={"width": 375, "height": 900})
    page = context.new_page()
    with serving(config.output_path) as url:
        found = {
            where: axe_violations(page, url + where)
            for where in ("/topics/", "/topics/page/2/", "/authors/page/2/")
        }
    context.close()
    assert found == {where: [] for where in found}
