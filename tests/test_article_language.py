"""An article in another language than the site's (`language:`): its headline, body, cards and
rows are marked with it (and its direction), as are its metadata and news sitemap entry."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newsgen.config.site import SiteConfig
from newsgen.diagnostics import NewsgenError
from seedutil import make_site
from sitegen import build
from test_feed_validity import feed_files, problems
from test_html_validity import vnu_errors

CONFIG = "title: Daily\nbase_url: https://news.example/\ntimezone: UTC\nsearch: false\n"


def story(title: str, day: int, extra: str = "", body: str = "Words.") -> str:
    return (
        f"---\ntitle: {title}\ndate: 2026-12-0{day} 10:00\ntopics: [Bridges]\n{extra}---\n{body}\n"
    )


def site(root: Path, french: str = "language: fr_CA\n") -> SiteConfig:
    return make_site(
        root,
        CONFIG,
        {
            "content/fr.md": story("Le pont est ouvert", 4, french, "Le pont a ouvert."),
            "content/en.md": story("Bridge opens", 5),
            "content/ar.md": story("جسر جديد", 3, "language: ar\n", "نص الخبر."),
            "content/same.md": story("Same tongue", 2, "language: EN\n"),
        },
    )


def read(config: SiteConfig, url: str) -> str:
    path = config.output_path / url.strip("/") / ("index.html" if url.endswith("/") else "")
    return path.read_text(encoding="utf-8")


def test_an_article_in_another_language_is_marked_with_it_everywhere(tmp_path: Path) -> None:
    config = site(tmp_path)
    build(config)
    page = read(config, "/2026/12/04/le-pont-est-ouvert/")
    assert '<h1 class="headline" lang="fr-CA">Le pont est ouvert</h1>' in page
    assert '<div class="story-body" lang="fr-CA">' in page
    assert '<meta property="og:locale" content="fr_CA">' in page
    assert '"inLanguage":"fr-CA"' in page
    assert page.startswith('<!doctype html>\n<html lang="en">'), "searched in the site's index"
    home = read(config, "/")
    assert 'href="/2026/12/04/le-pont-est-ouvert/" lang="fr-CA">Le pont' in home
    assert re.search(r'href="/2026/12/03/[a-z-]+/" lang="ar" dir="rtl">جسر', home)
    assert 'href="/2026/12/05/bridge-opens/">Bridge' in home, "the site's own language: no mark"
    assert 'href="/2026/12/02/same-tongue/">Same' in home, "`EN` is the site's language"
    rows = read(config, "/2026/12/")
    assert 'class="row-title" href="/2026/12/04/le-pont-est-ouvert/" lang="fr-CA">' in rows
    english = read(config, "/2026/12/05/bridge-opens/")
    assert '<span lang="fr-CA">Le pont est ouvert</span>' in english, "the previous story"
    assert '<meta property="og:locale" content="en_US">' in english
    items = json.loads(read(config, "/feed.json"))["items"]
    assert [item.get("language") for item in items] == [None, "fr-CA", "ar", None]
    atom = read(config, "/feed.xml")
    assert re.findall(r"<entry(?: xml:lang=\"([\w-]+)\")?>", atom) == ["", "fr-CA", "ar", ""]
    assert atom.count("<entry") == 4
    rss = read(config, "/rss.xml")
    assert re.findall(r"<dc:language>([\w-]+)</dc:language>", rss) == ["fr-CA", "ar"]
    assert "<dc:language>" in rss.split("Le pont est ouvert", 1)[1].split("</item>", 1)[0]
    topic = read(config, "/topics/bridges/feed.xml")
    assert re.findall(r"<entry(?: xml:lang=\"([\w-]+)\")?>", topic) == ["", "fr-CA", "ar", ""]
    news = (config.output_path / "news-sitemap.xml").read_text(encoding="utf-8")
    assert re.findall(r"<news:language>(\w+)</news:language>", news) == ["en", "fr", "ar"]


@pytest.mark.slow
def test_pages_with_articles_in_other_languages_pass_the_nu_html_checker(tmp_path: Path) -> None:
    config = site(tmp_path)
    build(config)
    assert vnu_errors(config.output_path) == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("klingon-x", "unknown language code 'klingon-x'"),
        ("[fr]", "`language` must be text, got list"),
    ],
)
def test_an_unknown_language_is_an_error_at_its_line(
    tmp_path: Path, value: str, message: str
) -> None:
    config = site(tmp_path, f"language: {value}\n")
    with pytest.raises(NewsgenError) as raised:
        build(config)
    (found,) = raised.value.diagnostics
    assert found.format().startswith(f"content/fr.md:5: error: {message}")


def test_feeds_with_articles_in_other_languages_pass_the_w3c_feed_validator(
    tmp_path: Path,
) -> None:
    config = site(tmp_path)
    build(config)
    feeds = feed_files(config)
    assert any(b'<entry xml:lang="ar">' in data for data in feeds.values())
    assert problems(feeds) == []
    bad = {url: data.replace(b'xml:lang="ar"', b'xml:lang="a r"') for url, data in feeds.items()}
    assert problems(bad), "the validator judges the entries' languages"
