"""Every theme template, rendered from plain-dict contexts (hostile strings included), is valid
HTML by the Nu Html Checker and carries the head, landmark and navigation markup it promises."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from newsgen.config.site import SiteConfig
from newsgen.render.assets import collect_assets
from newsgen.render.templates import make_environment, render_page

REPO = Path(__file__).resolve().parents[1]
JAR_PLACES = [
    REPO / "tools/node_modules/vnu-jar/build/dist/vnu.jar",
    REPO / ".tools/node_modules/vnu-jar/build/dist/vnu.jar",
]
EVIL = '<script>alert(1)</script>" onmouseover="x'
EVIL_URL = "https://social.example/@koval?a=1&b='2'"
KYIV = timezone(timedelta(hours=2))
WHEN = datetime(2024, 2, 22, 10, 30, tzinfo=KYIV)


def site(search: bool = True) -> dict[str, Any]:
    return {
        "title": f"Daily {EVIL}",
        "description": f"News {EVIL}",
        "language": "en",
        "base_url": "https://news.example/",
        "home_url": "/",
        "archive_url": "/archive/",
        "topics_url": "/topics/",
        "authors_url": "/authors/",
        "corrections_url": "/corrections/",
        "search_url": "/search/",
        "search": search,
        "feed_url": "/feed.xml",
        "rss_url": "/rss.xml",
        "json_feed_url": "/feed.json",
        "publisher": "Daily",
        "publisher_logo": "",
        "params": {},
    }


def meta(kind: str, url: str, title: str, **extra: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "url": url,
        "canonical": "https://news.example" + url,
        "title": title,
        "description": f"About {title}",
        "og_type": "website",
        "feed_url": "/feed.xml",
        "image": "",
        "noindex": False,
    } | extra


def topic(name: str, slug: str, count: int = 3) -> dict[str, Any]:
    return {"name": name, "slug": slug, "url": f"/topics/{slug}/", "count": count}


def summary(number: int, title: str = "", author: str = "Olena Koval") -> dict[str, Any]:
    return {
        "slug": f"story-{number}",
        "title": title or f"Story number {number}",
        "url": f"/2024/02/22/story-{number}/",
        "date": WHEN - timedelta(days=number),
        "updated": None,
        "summary": f"What happened in story {number}: a long-enough summary sentence.",
        "author": author,
        "authors": [{"name": author, "slug": "author", "url": "/authors/author/"}],
        "source": None,
        "topics": [topic("Ukraine", "ukraine"), topic(EVIL, "evil")],
        "reading_minutes": number + 1,
        "image": "",
        "language": "ar" if number == 2 else "",  # right to left, on a left-to-right site
    }


def period(label: str, url: str, count: int = 2) -> dict[str, Any]:
    return {"label": label, "url": url, "count": count}


def one_index_page(base: str, total: int) -> dict[str, Any]:
    """The keys of a topics or authors index that fits on one page."""
    label = "A–Z" if total else ""
    ranges = [{"label": label, "url": base, "current": True}]
    return {"total": total, "pagination": pagination(1, 1, base), "ranges": ranges}


def index_ranges(base: str, current: int) -> list[dict[str, Any]]:
    """Two pages of an index, the first named by a hostile name's first letters."""
    labels = [EVIL[:3] + "–" + EVIL[:4], "O"]
    return [
        {"label": label, "url": base + ("" if n == 1 else f"page/{n}/"), "current": n == current}
        for n, label in enumerate(labels, start=1)
    ]


def pagination(page: int, pages: int, base: str) -> dict[str, Any]:
    def url(n: int) -> str:
        return base if n == 1 else f"{base}page/{n}/"

    return {
        "page": page,
        "pages": pages,
        "previous_url": url(page - 1) if page > 1 else None,
        "next_url": url(page + 1) if page < pages else None,
        "first_url": url(1),
        "last_url": url(pages),
    }


def article_context() -> dict[str, Any]:
    view = summary(0, title=EVIL, author=EVIL) | {
        "updated": WHEN + timedelta(hours=5),
        "summary": EVIL,
        "body_html": '<p>Body.</p>\n<h2 id="main-section">Main</h2>\n',
        "previous": summary(1),
        "next": summary(2, title=EVIL),
        "related": [summary(n) for n in range(3, 8)],
        "day_url": "/2024/02/22/",
        "source_url": "https://example.org/a?b=1&c=2",
        "source": {"name": EVIL, "url": "https://example.org/a?b=1&c=2", "byline": EVIL},
        "corrections": [{"date": WHEN + timedelta(hours=5), "text": EVIL}],
        "jsonld": '{"@type": "NewsArticle", "headline": "\\u003cscript\\u003e"}',
        "extra": {},
    }
    page = meta("article", "/2024/02/22/story-0/", EVIL, og_type="article")
    return {"article": view, "page": page | {"image": "https://news.example/a.jpg"}}


def contexts() -> dict[str, tuple[str, dict[str, Any]]]:
    """(template, context) per output file name: every template, edge cases included."""
    day = period("22 February 2024", "/2024/02/22/")
    groups = [period("February 2024", "/2024/02/") | {"articles": [summary(1), summary(2)]}]
    months = [period("January 2024", "/2024/01/"), period(EVIL, "/2024/02/")]
    topics = [topic(EVIL, "evil", 1), topic("Ukraine", "ukraine", 9)]
    return {
        "article": ("article.html", article_context()),
        "home": (
            "home.html",
            {
                "page": meta("home", "/", "Latest news"),
                "articles": [summary(n) for n in range(5)],
                "pagination": pagination(1, 9, "/"),
                "topic": None,
            },
        ),
        "home-5": (
            "home.html",
            {
                "page": meta("home", "/page/5/", "Latest news (page 5)"),
                "articles": [summary(n) for n in range(3)],
                "pagination": pagination(5, 9, "/"),
                "topic": None,
            },
        ),
        "home-empty": (
            "home.html",
            {
                "page": meta("home", "/", "Latest news"),
                "articles": [],
                "pagination": pagination(1, 1, "/"),
                "topic": None,
            },
        ),
        "topic": (
            "topic.html",
            {
                "page": meta("topic", "/topics/evil/page/2/", EVIL),
                "articles": [summary(1, title=EVIL)],
                "topic": topics[0],
                "pagination": pagination(2, 2, "/topics/evil/"),
            },
        ),
        "topics": (
            "topics.html",
            {
                "page": meta("topics", "/topics/", "Topics"),
                "topics_az": topics,
                "topics_by_size": topics[::-1],
                **one_index_page("/topics/", len(topics)),
            },
        ),
        "topics-paged": (
            "topics.html",
            {
                "page": meta("topics", "/topics/", "Topics"),
                "topics_az": topics[:1],
                "topics_by_size": topics[::-1],
                "total": 2,
                "pagination": pagination(1, 2, "/topics/"),
                "ranges": index_ranges("/topics/", 1),
            },
        ),
        "topics-empty": (
            "topics.html",
            {
                "page": meta("topics", "/topics/", "Topics"),
                "topics_az": [],
                "topics_by_size": [],
                **one_index_page("/topics/", 0),
            },
        ),
        "year": (
            "year.html",
            {
                "page": meta("year", "/2024/", "2024"),
                "period": period("2024", "/2024/"),
                "groups": groups,
                "pagination": pagination(1, 1, "/2024/"),
                "previous": period("2023", "/2023/"),
                "next": None,
            },
        ),
        "month": (
            "month.html",
            {
                "page": meta("month", "/2024/02/", "February 2024"),
                "period": period("February 2024", "/2024/02/"),
                "groups": [day | {"articles": [summary(1)]}],
                "pagination": pagination(1, 1, "/2024/02/"),
                "previous": None,
                "next": period("March 2024", "/2024/03/"),
            },
        ),
        "day": (
            "day.html",
            {
                "page": meta("day", "/2024/02/22/", "22 February 2024"),
                "period": day,
                "groups": [day | {"articles": [summary(1)]}],
                "pagination": pagination(1, 1, "/2024/02/22/"),
                "previous": period("21 February 2024", "/2024/02/21/"),
                "next": period("23 February 2024", "/2024/02/23/"),
            },
        ),
        "day-3": (
            "day.html",
            {
                "page": meta("day", "/2024/02/22/page/3/", "22 February 2024 (page 3)"),
                "period": day | {"count": 250},
                "groups": [day | {"count": 250, "articles": [summary(1), summary(2)]}],
                "pagination": pagination(3, 5, "/2024/02/22/"),
                "previous": period("21 February 2024", "/2024/02/21/"),
                "next": period("23 February 2024", "/2024/02/23/"),
            },
        ),
        "archive": (
            "archive.html",
            {
                "page": meta("archive", "/archive/", "Archive"),
                "years": [period("2024", "/2024/") | {"months": months}],
            },
        ),
        "archive-empty": (
            "archive.html",
            {"page": meta("archive", "/archive/", "Archive"), "years": []},
        ),
        "search": (
            "search.html",
            {"page": meta("search", "/search/", "Search"), "indexes": ["/pagefind/"]},
        ),
        "404": ("404.html", {"page": meta("404", "/404.html", "Page not found", noindex=True)}),
        **credit_contexts(),
    }


def person(name: str, slug: str, count: int = 2) -> dict[str, Any]:
    return {"name": name, "slug": slug, "url": f"/authors/{slug}/", "count": count}


def credit_contexts() -> dict[str, tuple[str, dict[str, Any]]]:
    """Author pages (with a hostile profile, and without one), the authors index and the
    corrections page, full and empty."""
    profile = {"bio": EVIL, "profile_url": "https://example.org/?a=1&b=2", "same_as": [EVIL_URL]}
    evil = person(EVIL, "evil", 1) | {"feed_url": "/authors/evil/feed.xml"} | profile
    plain = person("Olena Koval", "olena-koval", 12) | {"feed_url": "/authors/olena-koval/feed.xml"}
    plain |= {"bio": "", "profile_url": "", "same_as": []}
    fixed = [{"date": WHEN + timedelta(days=1), "text": EVIL}, {"date": WHEN, "text": "Earlier."}]
    two = summary(1) | {"authors": [person(EVIL, "evil"), person("Olena Koval", "olena-koval")]}
    feed = {"feed_url": "/corrections/feed.xml"}
    return {
        "author": (
            "author.html",
            {
                "page": meta("author", "/authors/evil/", EVIL, feed_url="/authors/evil/feed.xml"),
                "author": evil,
                "articles": [two],
                "pagination": pagination(1, 1, "/authors/evil/"),
            },
        ),
        "author-2": (
            "author.html",
            {
                "page": meta("author", "/authors/olena-koval/page/2/", "Olena Koval (page 2)"),
                "author": plain,
                "articles": [summary(n) for n in range(3)],
                "pagination": pagination(2, 3, "/authors/olena-koval/"),
            },
        ),
        "authors": (
            "authors.html",
            {
                "page": meta("authors", "/authors/", "Authors"),
                "authors": [person(EVIL, "evil", 1), person("Olena Koval", "olena-koval", 12)],
                **one_index_page("/authors/", 2),
            },
        ),
        "authors-paged": (
            "authors.html",
            {
                "page": meta("authors", "/authors/page/2/", "Authors O"),
                "authors": [person("Olena Koval", "olena-koval", 12)],
                "total": 2,
                "pagination": pagination(2, 2, "/authors/"),
                "ranges": index_ranges("/authors/", 2),
            },
        ),
        "authors-empty": (
            "authors.html",
            {
                "page": meta("authors", "/authors/", "Authors"),
                "authors": [],
                **one_index_page("/authors/", 0),
            },
        ),
        "corrections": (
            "corrections.html",
            {
                "page": meta("corrections", "/corrections/", "Corrections", **feed),
                "articles": [summary(1, title=EVIL) | {"corrections": fixed}],
                "pagination": pagination(1, 2, "/corrections/"),
            },
        ),
        "corrections-empty": (
            "corrections.html",
            {
                "page": meta("corrections", "/corrections/", "Corrections", **feed),
                "articles": [],
                "pagination": pagination(1, 1, "/corrections/"),
            },
        ),
    }


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every context rendered, with search on; also the article and home with search off."""
    root = tmp_path_factory.mktemp("site")
    config = SiteConfig(root=root, base_url="https://news.example/")
    environment = make_environment(config, collect_assets(config))
    pages: dict[str, str] = {}
    for name, (template, context) in contexts().items():
        pages[name] = render_page(environment, template, {"site": site()} | context, config)
    for name in ("article", "home"):
        template, context = contexts()[name]
        quiet = {"site": site(search=False)} | context
        pages[f"{name}-nosearch"] = render_page(environment, template, quiet, config)
    out = root / "out"
    out.mkdir()
    for name, text in pages.items():
        (out / f"{name}.html").write_text(text, encoding="utf-8")
    return pages


def vnu_jar() -> Path:
    places = [Path(os.environ["NEWSGEN_VNU_JAR"])] if os.environ.get("NEWSGEN_VNU_JAR") else []
    jar = next((p for p in places + JAR_PLACES if p.is_file()), None)
    if shutil.which("java") and jar is not None:
        return jar
    if os.environ.get("CI"):
        pytest.fail("CI must run the Nu Html Checker: java or vnu.jar is missing")
    pytest.skip(
        "the Nu Html Checker needs java and vnu.jar (set NEWSGEN_VNU_JAR, or run "
        "`npm ci --ignore-scripts --prefix tools`)"
    )


def vnu_errors(files: list[Path]) -> list[str]:
    """One JVM for every file: the checker is slow to start."""
    command = ["java", "-jar", str(vnu_jar()), "--errors-only", "--format", "json"]
    done = subprocess.run(
        [*command, *map(str, files)], capture_output=True, text=True, check=False, timeout=600
    )
    messages = json.loads(done.stderr or '{"messages": []}')["messages"]
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages]


def test_every_template_passes_the_nu_html_checker(
    rendered: dict[str, str], tmp_path: Path
) -> None:
    files = []
    for name, text in rendered.items():
        files.append(tmp_path / f"{name}.html")
        files[-1].write_text(text, encoding="utf-8")
    assert len(files) == 25
    assert vnu_errors(files) == []


def test_the_checker_reports_a_broken_page(tmp_path: Path) -> None:
    broken = tmp_path / "broken.html"
    broken.write_text("<!doctype html><html><body><p><div></p><b id=x id=y>", encoding="utf-8")
    errors = vnu_errors([broken])
    assert errors and all(e.startswith("broken.html:") for e in errors)


@pytest.mark.parametrize("name", [name for name in contexts() if name != "search"] + ["search"])
def test_hostile_text_is_escaped_everywhere(rendered: dict[str, str], name: str) -> None:
    assert "<script>alert(1)" not in rendered[name]
    assert '" onmouseover="x' not in rendered[name]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered[name]


def head_of(text: str) -> dict[str, str]:
    """Head metadata by key: meta names/properties, link rels (alternates by type)."""
    tree = lxml_html.fromstring(text)
    found = {
        f"meta:{m.get('name') or m.get('property')}": m.get("content", "")
        for m in tree.iter("meta")
        if m.get("name") or m.get("property")
    }
    found |= {
        f"link:{ln.get('rel')}:{ln.get('type', '')}": ln.get("href", "") for ln in tree.iter("link")
    }
    found["title"] = tree.findtext(".//title") or ""
    found["lang"] = tree.get("lang", "")
    found["charset"] = "yes" if tree.xpath("//meta[@charset='utf-8']") else ""
    return found


def test_every_page_has_the_head_a_news_site_needs(rendered: dict[str, str]) -> None:
    for name, text in rendered.items():
        head = head_of(text)
        wanted = [
            "meta:viewport",
            "meta:description",
            "meta:og:title",
            "meta:og:description",
            "meta:og:type",
            "meta:og:site_name",
            "meta:og:image",
            "meta:twitter:card",
            "meta:twitter:image",
            "link:alternate:application/atom+xml",
            "link:alternate:application/rss+xml",
            "link:alternate:application/feed+json",
        ]
        assert [key for key in wanted if not head.get(key)] == [], name
        assert head["lang"] == "en" and head["charset"] == "yes", name
        assert head["meta:og:locale"] == "en_US", name
        if name == "404":  # an error page is no address to declare as canonical
            assert "link:canonical:" not in head and "meta:og:url" not in head
        else:
            assert head["link:canonical:"] == head["meta:og:url"] != "", name
        assert head["title"].endswith(f"Daily {EVIL}"), name


def test_article_head_has_its_image_dates_and_json_ld(rendered: dict[str, str]) -> None:
    head = head_of(rendered["article"])
    assert head["meta:og:image"] == "https://news.example/a.jpg"
    assert head["meta:twitter:card"] == "summary_large_image"
    assert head["meta:og:type"] == "article"
    assert head["meta:article:published_time"] == "2024-02-22T10:30:00+02:00"
    assert head["meta:article:modified_time"] == "2024-02-22T15:30:00+02:00"
    assert head["meta:article:author"] == "https://news.example/authors/author/"
    home = head_of(rendered["home"])
    assert home["meta:og:image"] == home["meta:twitter:image"]
    assert home["meta:og:image"] == "https://news.example/static/share.png"
    assert home["meta:twitter:card"] == "summary_large_image"
    tree = lxml_html.fromstring(rendered["article"])
    (script,) = tree.xpath("//script[@type='application/ld+json']")
    assert json.loads(script.text)["headline"] == "<script>"


def test_article_page_shows_everything_about_the_article(rendered: dict[str, str]) -> None:
    tree = lxml_html.fromstring(rendered["article"])
    main = tree.get_element_by_id("main")
    assert main.tag == "main"
    assert main.findtext(".//h1") == EVIL
    times = [t.get("datetime") for t in main.xpath(".//header//time")]
    assert times == ["2024-02-22T10:30:00+02:00", "2024-02-22T15:30:00+02:00"]
    assert "By " + EVIL in main.text_content()
    assert "1 min read" in main.text_content()
    assert main.xpath(".//div[@class='story-body']/h2[@id='main-section']")
    assert [a.get("href") for a in main.xpath(".//a[.='Ukraine']")][:1] == ["/topics/ukraine/"]
    assert main.xpath(".//a[@href='/2024/02/22/' and .='More from February 22, 2024']")
    pager = main.xpath(".//nav[@aria-label='Previous and next articles']")[0]
    assert [a.get("rel") for a in pager.iter("a")] == ["prev", "next"]
    related = main.xpath(".//section[@class='related']//h3/a/@href")
    assert related == [f"/2024/02/22/story-{n}/" for n in range(3, 8)]


def test_search_form_only_when_the_site_has_search(rendered: dict[str, str]) -> None:
    tree = lxml_html.fromstring(rendered["home"])
    (form,) = tree.xpath("//header//form[@role='search']")
    assert (form.get("action"), form.get("method")) == ("/search/", "get")
    assert form.xpath(".//input[@name='q']/@id") == ["site-search"]
    assert form.xpath(".//label[@for='site-search']/text()") == ["Search the archive"]
    nav = tree.xpath("//nav[@aria-label='Sections']//a/text()")
    assert nav == ["Home", "Archive", "Topics", "Search"]
    quiet = lxml_html.fromstring(rendered["home-nosearch"])
    assert quiet.xpath("//form") == []
    assert quiet.xpath("//nav[@aria-label='Sections']//a/text()") == ["Home", "Archive", "Topics"]


def test_skip_link_landmarks_and_current_section(rendered: dict[str, str]) -> None:
    for name, text in rendered.items():
        tree = lxml_html.fromstring(text)
        body = tree.find("body")
        assert body[0].get("href") == "#main" and body[0].text == "Skip to content", name
        assert [child.tag for child in body[1:]] == ["header", "main", "footer"], name
    current = {
        name: lxml_html.fromstring(text).xpath("//nav[@aria-label='Sections']//a[@aria-current]")
        for name, text in rendered.items()
    }
    assert [a.text for a in current["topic"]] == ["Topics"]
    assert [a.text for a in current["day"]] == ["Archive"]
    assert current["404"] == []


def pager_links(text: str) -> list[tuple[str, str, str]]:
    tree = lxml_html.fromstring(text)
    links = tree.xpath("//nav[@aria-label='Pages']//a")
    return [
        (a.text_content(), a.get("href"), a.get("rel") or a.get("aria-current") or "")
        for a in links
    ]


def test_pagination_numbers_pages_around_the_current_one(rendered: dict[str, str]) -> None:
    assert pager_links(rendered["home-5"]) == [
        ("← Newer", "/page/4/", "prev"),
        ("Page 1", "/", ""),
        ("Page 4", "/page/4/", ""),
        ("Page 5", "/page/5/", "page"),
        ("Page 6", "/page/6/", ""),
        ("Page 9", "/page/9/", ""),
        ("Older →", "/page/6/", "next"),
    ]
    assert pager_links(rendered["home"])[0] == ("Page 1", "/", "page")
    assert pager_links(rendered["topic"])[-1] == ("Page 2", "/topics/evil/page/2/", "page")
    assert pager_links(rendered["home-empty"]) == []
    assert "Nothing has been published here yet." in rendered["home-empty"]


def test_period_pages_link_their_neighbours_and_groups(rendered: dict[str, str]) -> None:
    tree = lxml_html.fromstring(rendered["day"])
    navs = tree.xpath("//nav[starts-with(@aria-label, 'Earlier and later periods')]")
    assert len(navs) == 2
    assert [(a.get("rel"), a.get("href")) for a in navs[0].iter("a")] == [
        ("prev", "/2024/02/21/"),
        ("next", "/2024/02/23/"),
    ]
    year = lxml_html.fromstring(rendered["year"])
    assert year.xpath("//section[@class='period']/h2/a/@href") == ["/2024/02/"]
    assert year.xpath("//section[@class='period']//li[@class='row']/a/@href") == [
        "/2024/02/22/story-1/",
        "/2024/02/22/story-2/",
    ]
    assert not year.xpath("//*[@class='summary' or contains(@class, 'card')]"), "rows, not cards"
    assert pager_links(rendered["year"]) == []


def test_a_later_page_of_a_period_keeps_its_neighbours_and_numbers_its_pages(
    rendered: dict[str, str],
) -> None:
    tree = lxml_html.fromstring(rendered["day-3"])
    assert tree.xpath("//header//p[@class='muted']/text()") == ["250 articles, page 3 of 5"]
    for nav in tree.xpath("//nav[starts-with(@aria-label, 'Earlier and later periods')]"):
        assert [a.get("href") for a in nav.iter("a")] == ["/2024/02/21/", "/2024/02/23/"]
    assert pager_links(rendered["day-3"]) == [
        ("← Previous", "/2024/02/22/page/2/", "prev"),
        ("Page 1", "/2024/02/22/", ""),
        ("Page 2", "/2024/02/22/page/2/", ""),
        ("Page 3", "/2024/02/22/page/3/", "page"),
        ("Page 4", "/2024/02/22/page/4/", ""),
        ("Page 5", "/2024/02/22/page/5/", ""),
        ("Next →", "/2024/02/22/page/4/", "next"),
    ]
    rows = tree.xpath("//li[@class='row']")
    assert [r.xpath("time/text()")[0] for r in rows] == ["10:30\u202fAM"] * 2, (
        "the time, in the site language"
    )


def test_the_topics_index_lists_each_topic_once_a_to_z_with_a_hidden_switch(
    rendered: dict[str, str],
) -> None:
    tree = lxml_html.fromstring(rendered["topics"])
    items = tree.xpath("//ul[@id='topic-list']/li")
    names = [li.xpath("a")[0].text_content() for li in items]
    assert len(tree.xpath("//main//a[starts-with(@href, '/topics/')]")) == len(names)
    assert names == [t["name"] for t in contexts()["topics"][1]["topics_az"]]
    counts = [li.xpath("span[@class='count']")[0].text for li in items]
    assert counts == [str(t["count"]) for t in contexts()["topics"][1]["topics_az"]]
    (switch,) = tree.xpath("//form[@id='topic-order']")
    assert switch.get("hidden") is not None, "shown by topics.js only"
    assert switch.xpath(".//input/@value") == ["az", "count"]
    assert tree.xpath("//script/@src")[-1].startswith("/static/topics.")


def test_an_index_in_pages_names_them_by_letters_and_lists_the_most_covered(
    rendered: dict[str, str],
) -> None:
    first = lxml_html.fromstring(rendered["topics-paged"])
    (pager,) = first.xpath("//nav[@class='pager index-pager']")
    assert [a.get("href") for a in pager.iter("a")] == ["/topics/", "/topics/page/2/"]
    assert pager.xpath(".//a[@aria-current='page']/text()") == [EVIL[:3] + "–" + EVIL[:4]]
    assert first.xpath("//section[@class='most-covered']//li/a/text()") == ["Ukraine", EVIL]
    assert first.xpath("//ul[contains(@class, 'topic-columns')]/li/a/text()") == [EVIL]
    assert not first.xpath("//form[@id='topic-order']")
    assert not first.xpath("//script[contains(@src, 'topics.')]")
    second = lxml_html.fromstring(rendered["authors-paged"])
    assert second.xpath("//nav[@class='pager index-pager']//a[@aria-current]/text()") == ["O"]
    assert second.xpath("//main//h2/text()") == ["O"]
    assert second.xpath("//header/p[@class='muted']/text()") == ["2 authors"]
    one = lxml_html.fromstring(rendered["authors"])
    assert not one.xpath("//nav[contains(@class, 'index-pager')]") and not one.xpath("//main//h2")


def test_the_archive_page_says_what_it_lists(rendered: dict[str, str]) -> None:
    tree = lxml_html.fromstring(rendered["archive"])
    assert tree.xpath("//header/p[@class='muted']/text()") == [
        "Every year and month with articles, the newest year first."
    ]
    assert tree.xpath("//ul[@class='month-list']/li/a/@href") == ["/2024/01/", "/2024/02/"]
