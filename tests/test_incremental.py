"""Incremental builds: after any sequence of edits, the output equals a cold build byte for byte."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from newsgen.config.site import SiteConfig, load_config
from newsgen.publish.history import HISTORY_FILE
from newsgen.render.assets import theme_folder
from sitegen import article_text, build, generated_site, tree

Edit = Callable[[Path], None]


def write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def replace(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


EDITS: dict[str, Edit] = {
    "add": lambda r: write(
        r,
        "content/new.md",
        article_text("Brand new", datetime(2024, 1, 3, 12), ["Topic 1", "Fresh"]),
    ),
    "retitle": lambda r: replace(
        r, "content/00002.md", "title: Article 2", "title: Article two, retitled"
    ),
    "redate across months": lambda r: replace(r, "content/00003.md", "2024-01-04", "2024-02-10"),
    "redate across years": lambda r: replace(r, "content/00004.md", "2024-01-05", "2023-12-31"),
    "change topics": lambda r: replace(
        r, "content/00005.md", "topics: [Topic ", "topics: [Topic 9, Topic "
    ),
    "edit body": lambda r: replace(r, "content/00006.md", "Body text.", "Body text, corrected."),
    "delete": lambda r: (r / "content/00007.md").unlink(),
    "rename file": lambda r: (r / "content/00008.md").rename(r / "content/renamed.md"),
    "draft on": lambda r: replace(r, "content/00009.md", "topics:", "draft: true\ntopics:"),
    "draft off": lambda r: replace(r, "content/00009.md", "draft: true\n", ""),
    "template edit": lambda r: write(
        r,
        "templates/_card.html",
        (theme_folder("templates") / "_card.html")
        .read_text(encoding="utf-8")
        .replace("min read", "minutes"),
    ),
    "template revert": lambda r: (r / "templates/_card.html").unlink(),
    "config edit": lambda r: replace(
        r, "newsgen.yaml", "title: Test Times", "title: Test Times Daily"
    ),
    "static edit": lambda r: write(r, "static/style.css", "body { color: black; }\n"),
    "seed added": lambda r: write(
        r, "seeds/s.txt", "Seeded story\n\n1 February 2024\n\nA paragraph.\n"
    ),
    "byline": lambda r: replace(r, "content/00010.md", "topics:", "author: Olena Koval\ntopics:"),
    "correction": lambda r: replace(
        r,
        "content/00011.md",
        "topics:",
        "corrections:\n- {date: 2024-03-01, text: Fixed.}\ntopics:",
    ),
    "update": lambda r: replace(r, "content/00010.md", "topics:", "updated: 2024-05-01\ntopics:"),
    "two seeds repeat a name": lambda r: port_seeds(r, 4, 5),
    "a third seed makes it their topic": lambda r: port_seeds(r, 6),
    "one of them goes, and the topic": lambda r: (r / "seeds/port-4.txt").unlink(),
}


def port_seeds(root: Path, *days: int) -> None:
    """Seeds that repeat 'Odesa': a topic of each of them once three of them do."""
    for day in days:
        text = f"Port of Odesa reopens\n\n{day} February 2024\n\nShips left Odesa on Monday.\n"
        write(root, f"seeds/port-{day}.txt", text)


def cold_copy(site: Path, destination: Path) -> Path:
    """The same inputs in a fresh folder: no cache, no previous output; only the URL history
    (which URLs held which article) is kept, since it is what keeps moved URLs answering."""
    shutil.copytree(site, destination, ignore=shutil.ignore_patterns("build", ".newsgen"))
    history = site / ".newsgen" / HISTORY_FILE
    if history.exists():
        (destination / ".newsgen").mkdir()
        shutil.copy(history, destination / ".newsgen" / HISTORY_FILE)
    return destination


def redirect_target(config: SiteConfig, url: str) -> str | None:
    """Where the page at `url` (a folder) redirects to, or None when it is no redirect."""
    text = (config.output_path / url / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<meta http-equiv="refresh" content="0; url=/(.*)/">', text)
    return found.group(1) if found else None


def assert_same_as_cold(config: SiteConfig, tmp_path: Path, label: str) -> None:
    cold = load_config(cold_copy(config.root, tmp_path / f"cold-{label.replace(' ', '-')}"))
    build(cold)
    assert tree(config.output_path) == tree(cold.output_path), label


def test_every_edit_in_sequence_matches_a_cold_build(tmp_path: Path) -> None:
    config = generated_site(tmp_path / "site", 12)
    build(config)
    for label, edit in EDITS.items():
        edit(config.root)
        config = load_config(config.root)
        build(config)
        assert_same_as_cold(config, tmp_path, label)


@pytest.mark.parametrize("label", list(EDITS)[:9])
def test_one_edit_renders_only_what_it_touches(tmp_path: Path, label: str) -> None:
    config = generated_site(tmp_path / "site", 60, "per_page: 10\n", topics=6)
    full = build(config)
    EDITS[label](config.root)
    summary = build(config)
    if label == "rename file":  # same text and slug; only the id derived from the file name
        assert summary.pages_rendered == 1  # changes, in the article's JSON-LD
    else:
        assert 0 < summary.pages_rendered < full.pages_rendered / 2, (
            summary.pages_rendered,
            full.pages_rendered,
        )
    assert_same_as_cold(config, tmp_path, label)


def test_no_op_build_renders_nothing_and_writes_nothing(tmp_path: Path) -> None:
    config = generated_site(tmp_path, 20)
    build(config)
    summary = build(config)
    assert (summary.pages_rendered, summary.files_written, summary.files_removed) == (0, 0, 0)


def test_a_template_edit_re_renders_the_pages_made_of_it(tmp_path: Path) -> None:
    config = generated_site(tmp_path / "site", 5)
    first = build(config)
    EDITS["template edit"](config.root)  # the card, which lists show (not the 404 page)
    assert 0 < build(config).pages_rendered < first.pages
    assert_same_as_cold(config, tmp_path, "template edit")


def test_clean_renders_everything_again(tmp_path: Path) -> None:
    config = generated_site(tmp_path, 5)
    first = build(config)
    again = build(config, clean=True)
    assert again.pages_rendered == first.pages_rendered == first.pages


def test_an_output_file_deleted_by_hand_comes_back(tmp_path: Path) -> None:
    config = generated_site(tmp_path, 5)
    build(config)
    page = config.output_path / "2024/01/02/article-1/index.html"
    page.unlink()
    build(config)
    assert page.is_file()
    assert_same_as_cold(config, tmp_path, "deleted output")


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(b"this is not a database"),
        lambda path: path.write_bytes(path.read_bytes()[:200]),
        lambda path: path.write_bytes(b"\x00" * 4096),
    ],
)
def test_a_corrupt_cache_is_discarded_not_trusted(
    tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    config = generated_site(tmp_path / "site", 6)
    build(config)
    EDITS["retitle"](config.root)
    damage(config.root / ".newsgen" / "cache.sqlite")
    summary = build(config)
    assert summary.pages_rendered == summary.pages
    assert_same_as_cold(config, tmp_path, "corrupt cache")


def test_a_cache_from_another_version_is_discarded(tmp_path: Path) -> None:
    import sqlite3

    config = generated_site(tmp_path / "site", 4)
    build(config)
    with sqlite3.connect(config.root / ".newsgen" / "cache.sqlite") as connection:
        connection.execute("UPDATE meta SET value = '0:0.0.0' WHERE key = 'version'")
    assert build(config).pages_rendered == build(config, clean=True).pages


def test_a_failed_build_keeps_the_cache_consistent(tmp_path: Path) -> None:
    config = generated_site(tmp_path / "site", 6)
    build(config)
    EDITS["retitle"](config.root)
    write(config.root, "content/broken.md", "no front matter\n")
    with pytest.raises(Exception, match="no front matter"):
        build(config)
    (config.root / "content/broken.md").unlink()
    build(config)
    assert_same_as_cold(config, tmp_path, "after failure")


def counting(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[int]:
    """Count the calls of `module.name` (builds look it up when they run)."""
    calls: list[int] = []
    original = getattr(module, name)

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_feeds_and_sitemaps_are_remade_only_when_their_inputs_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsgen.render import feeds, sitemaps

    config = generated_site(tmp_path / "site", 60, "feed_items: 5\n", topics=6)
    build(config)
    made = {
        name: counting(monkeypatch, module, name)
        for module, name in [
            (feeds, "atom"),
            (feeds, "rss"),
            (feeds, "json_feed"),
            (sitemaps, "sitemaps"),
            (sitemaps, "news_sitemap"),
        ]
    }

    def remade() -> dict[str, int]:
        counts = {name: len(calls) for name, calls in made.items()}
        for calls in made.values():
            calls.clear()
        return counts

    # an old article's body: in no feed, not in the news sitemap's window, same lastmod
    replace(config.root, "content/00001.md", "Body text.", "Body text, corrected.")
    assert build(config).pages_rendered > 0
    assert remade() == dict.fromkeys(made, 0)
    assert_same_as_cold(config, tmp_path, "old body")
    # the newest article's body (and so its summary): the feeds and the news sitemap
    remade()
    replace(config.root, "content/00059.md", "Body text.", "Body text, corrected.")
    build(config)
    # atom: the site's, and the topic feeds of the article and of its neighbour (whose page
    # links to it, so a feed key that covers the neighbour's page changes)
    assert remade() == {"atom": 4, "rss": 1, "json_feed": 1, "sitemaps": 0, "news_sitemap": 1}
    assert_same_as_cold(config, tmp_path, "newest body")
    # a modification date: the sitemap's lastmod
    remade()
    replace(config.root, "content/00002.md", "topics:", "updated: 2024-06-01T10:00:00Z\ntopics:")
    build(config)
    assert remade()["sitemaps"] == 1
    assert_same_as_cold(config, tmp_path, "updated")


@pytest.mark.parametrize("count", [0, 1, 4, 5, 11])
def test_sitemap_names_are_the_files_sitemaps_makes(tmp_path: Path, count: int) -> None:
    from newsgen.render.sitemaps import SitemapUrl, sitemap_names, sitemaps

    config = generated_site(tmp_path, 0)
    entries = [SitemapUrl(f"https://test.example/{n}/") for n in range(count)]
    made = sitemaps(config, entries, limit=5)
    assert sitemap_names(count, limit=5) == list(made)


def test_a_shrinking_archive_removes_the_date_pages_it_no_longer_fills(tmp_path: Path) -> None:
    """60 articles from 2024-01-01, 10 to an archive page: 2024 has 6 pages and January 4;
    with January's last 25 and all of February deleted, 2024 keeps 1 page and January 1."""
    config = generated_site(tmp_path / "site", 60, "archive_per_page: 10\n")
    build(config)
    pages = config.output_path / "2024" / "page"
    assert sorted(p.name for p in pages.iterdir()) == ["2", "3", "4", "5", "6"]
    assert (config.output_path / "2024/01/page/4/index.html").is_file()
    for number in range(6, 60):
        (config.root / f"content/{number:05d}.md").unlink()
    summary = build(config)
    assert summary.files_removed > 0
    emptied = ["2024/page/2", "2024/page/6", "2024/01/page/4", "2024/02", "2024/02/01"]
    targets = ["2024", "2024", "2024/01", "2024", "2024"]
    assert [redirect_target(config, url) for url in emptied] == targets
    assert_same_as_cold(config, tmp_path, "shrunk")
    for number in range(6, 25):
        write(
            config.root,
            f"content/{number:05d}.md",
            article_text(f"Back {number}", datetime(2024, 1, number + 1, 9), []),
        )
    build(load_config(config.root))
    assert [redirect_target(config, f"2024/page/{n}") for n in range(2, 7)] == [
        None,
        None,
        "2024",
        "2024",
        "2024",
    ], "pages 2 and 3 list articles again"
    assert_same_as_cold(config, tmp_path, "grown")
