"""The topics and authors indexes: A to Z in pages of `index_per_page`, named by letters."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from newsgen.config.site import SiteConfig, load_config
from newsgen.plan.indexes import letter_ranges
from sitegen import article_text, build, generated_site
from test_incremental import assert_same_as_cold, redirect_target

TOPICS = ["Farming", "aid", "Elections", "Brexit", "Energy", "Climate", "Defence"]
PEOPLE = ["Olena Koval", "Ann Lee", "Zoe Park"]
SCRIPT = re.compile(r'<script src="[^"]*/topics\.\w+\.js"')
"""The switch's script, fingerprinted."""
A_TO_Z = ["aid", "Brexit", "Climate", "Defence", "Elections", "Energy", "Farming"]


def newsroom(root: Path, config: str = "index_per_page: 2\n") -> SiteConfig:
    """Seven articles, one per topic (Energy on two more), bylined in turn by three people."""
    config_site = generated_site(root, 0, config)
    for number, topic in enumerate([*TOPICS, "Energy", "Energy"]):
        text = article_text(
            f"Story {number}",
            datetime(2024, 1, number + 1, 9),
            [topic],
            extra=f"author: {PEOPLE[number % 3]}\n",
        )
        (root / "content" / f"{number:05d}.md").parent.mkdir(exist_ok=True)
        (root / "content" / f"{number:05d}.md").write_text(text, encoding="utf-8")
    return config_site


def html(config: SiteConfig, url: str) -> str:
    return (config.output_path / url.strip("/") / "index.html").read_text(encoding="utf-8")


def a_to_z(page: str) -> list[str]:
    """The names of the A-Z list of an index page."""
    (items,) = re.findall(r'<ul [^>]*class="topic-list topic-columns[^"]*">(.*?)</ul>', page, re.S)
    return re.findall(r'<a href="[^"]+">([^<]+)</a>', items)


def pager(page: str) -> list[tuple[str, str]]:
    """(href, label) of each link of the index's pager, the current one's label starred."""
    (nav,) = re.findall(r'<nav class="pager index-pager"[^>]*>(.*?)</nav>', page, re.S)
    links = re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', nav)
    return [(href, label + ("*" if current else "")) for href, current, label in links]


def test_page_labels_are_the_letters_where_the_first_and_last_names_part() -> None:
    pages = [["aid", "Brexit"], ["Climate", "cyber"], ["Elections", "Energy"], ["Farming"], []]
    assert letter_ranges(pages) == ["A–B", "Cl–Cy", "El–En", "F", ""]
    assert letter_ranges([["Sam", "Sam Smith"], ["Sam Smith", "sam smith"]]) == ["Sam–Sam S", "S"]


def test_a_long_topics_index_is_cut_into_pages_named_by_letters(tmp_path: Path) -> None:
    config = newsroom(tmp_path / "site")
    build(config)
    urls = ["/topics/", "/topics/page/2/", "/topics/page/3/", "/topics/page/4/"]
    pages = [html(config, url) for url in urls]
    assert not (config.output_path / "topics/page/5").exists()
    assert [name for page in pages for name in a_to_z(page)] == A_TO_Z
    labels = ["A–B", "C–D", "El–En", "F"]
    assert pager(pages[1]) == [
        (url, label + ("*" if url == urls[1] else ""))
        for url, label in zip(urls, labels, strict=True)
    ]
    assert "<title>Topics C–D – Test Times</title>" in pages[1]
    assert '<meta name="description" content="Every topic of the archive, C–D.">' in pages[1]
    assert '<link rel="canonical" href="https://test.example/topics/page/2/">' in pages[1]
    assert "<title>Topics – Test Times</title>" in pages[0]
    assert all("7 topics, A–Z" in page for page in pages)
    sitemap = (config.output_path / "sitemap.xml").read_text(encoding="utf-8")
    assert all(f"<loc>https://test.example{url}</loc>" in sitemap for url in urls)


def test_several_pages_list_the_most_covered_on_page_1_instead_of_a_switch(
    tmp_path: Path,
) -> None:
    config = newsroom(tmp_path / "site", "index_per_page: 5\n")
    build(config)
    first, second = html(config, "/topics/"), html(config, "/topics/page/2/")
    (top,) = re.findall(
        r'<h2 id="most-covered">Most covered</h2>\s*<ol[^>]*>(.*?)</ol>', first, re.S
    )
    assert re.findall(r">([^<]+)</a> <span class=\"count\">(\d+)", top)[:2] == [
        ("Energy", "3"),
        ("aid", "1"),
    ]
    assert "Most covered" not in second
    assert "topic-order" not in first + second and not SCRIPT.search(first + second)


def test_one_page_keeps_the_switch_and_no_pager(tmp_path: Path) -> None:
    config = newsroom(tmp_path / "site", "")
    build(config)
    page = html(config, "/topics/")
    assert a_to_z(page) == A_TO_Z
    assert 'id="topic-order"' in page and SCRIPT.search(page)
    assert "index-pager" not in page and "<h2" not in page.split("<main", 1)[1]
    assert not (config.output_path / "topics/page").exists()
    assert "index-pager" not in html(config, "/authors/")


def test_the_authors_index_is_cut_the_same_way(tmp_path: Path) -> None:
    config = newsroom(tmp_path / "site")
    build(config)
    first, second = html(config, "/authors/"), html(config, "/authors/page/2/")
    assert a_to_z(first) + a_to_z(second) == ["Ann Lee", "Olena Koval", "Zoe Park"]
    assert pager(second) == [("/authors/", "A–O"), ("/authors/page/2/", "Z*")]
    assert "<title>Authors Z – Test Times</title>" in second
    assert "<h2>Z</h2>" in second and "3 authors" in second


def test_a_shrinking_index_removes_its_pages_and_equals_a_cold_build(tmp_path: Path) -> None:
    config = newsroom(tmp_path / "site")
    build(config)
    assert (config.output_path / "topics/page/4/index.html").is_file()
    for number in (0, 2, 4, 5, 6, 7, 8):  # leaves aid and Brexit, by Ann Lee and Olena Koval
        (config.root / f"content/{number:05d}.md").unlink()
    summary = build(load_config(config.root))
    assert summary.files_removed > 0
    emptied = ["topics/page/2", "topics/page/4", "authors/page/2"]
    assert [redirect_target(config, url) for url in emptied] == ["topics", "topics", "authors"]
    assert a_to_z(html(config, "/topics/")) == ["aid", "Brexit"]
    assert_same_as_cold(config, tmp_path, "shrunk")
    text = article_text("Back", datetime(2024, 2, 1, 9), ["Zebra", "Yak"], extra="author: Zed\n")
    (config.root / "content/back.md").write_text(text, encoding="utf-8")
    build(load_config(config.root))
    assert pager(html(config, "/topics/page/2/"))[-1] == ("/topics/page/2/", "Y–Z*")
    assert_same_as_cold(config, tmp_path, "grown")
