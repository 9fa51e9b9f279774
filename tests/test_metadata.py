"""Head metadata that validates: NewsArticle JSON-LD checked as Google's Article documentation
describes it, Open Graph and Twitter tags, the theme's default images, and no canonical 404."""

from __future__ import annotations

import json
import shutil
import struct
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import pytest

from newsgen.config.site import AuthorProfile, Publisher, SiteConfig, load_config
from newsgen.content.importer import import_seeds
from newsgen.model import Article, BodyFormat, Source
from newsgen.plan.archive import build_archive
from newsgen.plan.pages import plan_pages
from newsgen.plan.share import og_locale
from newsgen.render.assets import theme_folder
from seedutil import make_site, needs_reuters, reuters_stories, story_seed
from sitegen import build

GOLDEN = Path(__file__).parent / "golden" / "site"
NOW = datetime(2030, 1, 1, tzinfo=UTC)
CONFIG = SiteConfig(
    root=Path("/site"),
    base_url="https://plan.example/news/",
    search=False,
    publisher=Publisher(name="Plan Media"),
)
REUTERS = "seed_sources:\n  reuters: {name: Reuters, url: https://www.reuters.com/}\n"


def absolute_url(value: Any) -> bool:
    parts = urlsplit(value) if isinstance(value, str) else None
    return parts is not None and parts.scheme in ("http", "https") and bool(parts.netloc)


def aware_date(value: Any) -> datetime | None:
    """An ISO 8601 date-time with its UTC offset (Google: 'in ISO 8601 format'; without a
    zone it is read in Googlebot's)."""
    try:
        when = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo is not None else None


def named(thing: Any, kinds: tuple[str, ...]) -> list[str]:
    """Problems of a Person or Organization: the issue asks for an author "with name and url,
    or Organization", so an Organization's url, when given, must be absolute."""
    if not isinstance(thing, dict) or thing.get("@type") not in kinds:
        return [f"{thing!r} is not one of {kinds}"]
    problems = []
    if not isinstance(thing.get("name"), str) or not thing["name"].strip():
        problems.append(f"{thing!r} has no name")
    person = thing.get("@type") == "Person"
    if (person or "url" in thing) and not absolute_url(thing.get("url")):
        problems.append(f"{thing!r} has no absolute url")
    if "sameAs" in thing and not all(absolute_url(u) for u in thing["sameAs"]):
        problems.append(f"{thing!r} has a sameAs that is not an absolute URL")
    return problems


def news_article_problems(data: Any, canonical: str) -> list[str]:
    """What Google's Article documentation asks of a NewsArticle that `data` lacks: headline,
    image (absolute URLs), datePublished and dateModified (ISO 8601, modified not before
    published), author (Person or Organization, each with name and url), publisher with a logo;
    and, when given, the original as schema.org's isBasedOn and sourceOrganization."""
    if not isinstance(data, dict):
        return ["not a JSON object"]
    problems = []
    if data.get("@context") != "https://schema.org" or data.get("@type") != "NewsArticle":
        problems.append("not a schema.org NewsArticle")
    if not isinstance(data.get("headline"), str) or not data["headline"].strip():
        problems.append("no headline")
    images = data.get("image")
    if not isinstance(images, list) or not images or not all(map(absolute_url, images)):
        problems.append(f"image is not a list of absolute URLs: {images!r}")
    published, modified = (
        aware_date(data.get("datePublished")),
        aware_date(data.get("dateModified")),
    )
    if published is None or modified is None or modified < published:
        problems.append(f"dates: {data.get('datePublished')!r}, {data.get('dateModified')!r}")
    authors = data.get("author")
    if not isinstance(authors, list) or not authors:
        problems.append("no author")
    else:
        problems += [p for a in authors for p in named(a, ("Person", "Organization"))]
    publisher = data.get("publisher")
    problems += named(publisher, ("Organization",))
    logo = publisher.get("logo") if isinstance(publisher, dict) else None
    if not isinstance(logo, dict) or logo.get("@type") != "ImageObject":
        problems.append("publisher has no ImageObject logo")
    elif not absolute_url(logo.get("url")):
        problems.append("publisher logo is not an absolute URL")
    if data.get("mainEntityOfPage", {}).get("@id") != canonical or data.get("url") != canonical:
        problems.append("mainEntityOfPage and url are not the page's canonical address")
    if "isBasedOn" in data and not absolute_url(data["isBasedOn"]):
        problems.append("isBasedOn is not an absolute URL")
    if "sourceOrganization" in data:  # a source may have a name only
        problems += named(
            {"url": "https://x.example/"} | data["sourceOrganization"], ("Organization",)
        )
    return problems


def head(page: Path) -> dict[str, list[str]]:
    """Meta contents by property or name, link hrefs by rel; JSON-LD under 'jsonld'."""
    tree = lxml.html.parse(str(page))
    found: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name")
        if key:
            found.setdefault(key, []).append(meta.get("content", ""))
    for link in tree.iter("link"):
        found.setdefault(f"link:{link.get('rel')}", []).append(link.get("href", ""))
    found["jsonld"] = tree.xpath("//script[@type='application/ld+json']/text()")
    found["kind"] = tree.xpath("//body/@data-kind")
    return found


def html_pages(built: Path) -> dict[str, dict[str, list[str]]]:
    return {p.relative_to(built).as_posix(): head(p) for p in sorted(built.rglob("*.html"))}


@pytest.fixture(scope="module")
def golden(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("golden") / "site"
    shutil.copytree(GOLDEN, site)
    build(load_config(site))
    return site / "build"


def test_every_article_page_of_the_golden_site_has_a_valid_news_article(golden: Path) -> None:
    articles = {n: h for n, h in html_pages(golden).items() if h["kind"] == ["article"]}
    assert len(articles) == 3
    kinds = {}
    for name, found in articles.items():
        (script,) = found["jsonld"]
        data = json.loads(script)
        (canonical,) = found["link:canonical"]
        assert news_article_problems(data, canonical) == [], name
        kinds[name.split("/")[3]] = [a["@type"] for a in data["author"]]
        assert found["article:modified_time"] == [data["dateModified"]], name
        assert found["article:published_time"] == [data["datePublished"]], name
    assert kinds == {
        "city-council-passes-the-2024-budget": ["Person"],
        "tram-line-5-reopens-after-repairs-upgrades": ["Person"],
        "nato-confirms-that-secretary-general-stoltenberg-recognises-ukraines-right-to": [
            "Organization"  # an imported seed names no person: the publisher speaks
        ],
    }


def test_the_checks_catch_what_google_asks_for() -> None:
    """The checker itself: each missing or ill-typed property is reported."""
    canonical = "https://x.example/a/"
    good = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "A",
        "image": ["https://x.example/a.png"],
        "datePublished": "2024-01-01T10:00:00+02:00",
        "dateModified": "2024-01-01T10:00:00+02:00",
        "author": [{"@type": "Person", "name": "A", "url": "https://x.example/authors/a/"}],
        "publisher": {
            "@type": "Organization",
            "name": "X",
            "url": "https://x.example/",
            "logo": {"@type": "ImageObject", "url": "https://x.example/logo.png"},
        },
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "url": canonical,
    }
    assert news_article_problems(good, canonical) == []
    broken = [
        {"image": ["/static/share.png"]},
        {"image": []},
        {"dateModified": "2023-12-31T10:00:00+02:00"},
        {"datePublished": "2024-01-01T10:00:00"},
        {"author": [{"@type": "Person", "name": "A"}]},
        {"author": [{"@type": "Thing", "name": "A", "url": canonical}]},
        {"author": []},
        {"publisher": {"@type": "Organization", "name": "X", "url": "https://x.example/"}},
        {"headline": ""},
        {"isBasedOn": "reuters"},
        {"sourceOrganization": {"@type": "Organization", "url": "https://reuters.example/"}},
        {"sourceOrganization": {"@type": "Organization", "name": "Reuters", "url": "reuters"}},
    ]
    for change in broken:
        assert news_article_problems(good | change, canonical) != [], change


def test_every_page_has_a_share_image_locale_and_canonical_but_the_404(golden: Path) -> None:
    pages = html_pages(golden)
    share = "https://golden.example/news/static/share.png"
    for name, found in pages.items():
        assert found["og:image"] == found["twitter:image"] == [share], name
        assert found["twitter:card"] == ["summary_large_image"], name
        assert found["og:locale"] == ["en_US"], name
        if name == "404.html":
            assert "link:canonical" not in found and "og:url" not in found
            assert found["robots"] == ["noindex"]
        else:
            assert found["link:canonical"] == found["og:url"], name
            assert len(found["link:canonical"]) == 1, name
    assert (golden / "static/share.png").is_file() and (golden / "static/logo.png").is_file()


def test_no_two_pages_share_a_description(golden: Path) -> None:
    """Later pages of a list say which page they are: search engines flag repeats."""
    pages = html_pages(golden)
    descriptions = Counter(found["description"][0] for found in pages.values())
    assert [text for text, count in descriptions.items() if count > 1] == []
    assert pages["page/2/index.html"]["description"] == [
        "A small site whose output is checked file by file (page 2)."
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "en_US"),
        ("uk", "uk_UA"),
        ("de", "de_DE"),
        ("pt-BR", "pt_BR"),
        ("en-GB", "en_GB"),
        ("zh-Hant", "zh_TW"),
        ("zh-Hans", "zh_CN"),
        ("pa-Arab", "pa_PK"),
        ("sr-Latn", "sr_RS"),
    ],
)
def test_og_locale_has_a_territory(language: str, expected: str) -> None:
    assert og_locale(language) == expected


@pytest.mark.parametrize(
    ("language", "direction"),
    [
        *((language, ' dir="rtl"') for language in ("ar", "he", "fa-IR", "ur")),
        *((language, "") for language in ("en", "zh-Hant", "sr-Latn")),
    ],
)
def test_a_site_in_a_right_to_left_language_is_marked_rtl(
    tmp_path: Path, language: str, direction: str
) -> None:
    """Arabic or Hebrew laid out left to right puts punctuation and numbers in the wrong place."""
    site = make_site(tmp_path, f"language: {language}\nsearch: false\n")
    site.content_path.mkdir()
    (site.content_path / "a.md").write_text("---\ntitle: A\ndate: 2024-02-22\n---\nText.\n")
    (site.content_path / "b.md").write_text("---\ntitle: B\ndate: 2024-02-23\n---\nText.\n")
    build(site)
    (site.content_path / "b.md").unlink()  # its day now redirects
    build(site)
    expected = f'<html lang="{language}"{direction}>'
    for page in ("index.html", "2024/02/22/a/index.html", "2024/02/23/index.html"):
        assert expected in (site.output_path / page).read_text("utf-8"), page


def test_a_ukrainian_site_declares_uk_ua(tmp_path: Path) -> None:
    site = make_site(tmp_path, "language: uk\nsearch: false\n")
    (site.content_path).mkdir()
    (site.content_path / "a.md").write_text("---\ntitle: A\ndate: 2024-02-22\n---\nText.\n")
    build(site)
    assert head(site.output_path / "index.html")["og:locale"] == ["uk_UA"]


def test_theme_images_have_the_sizes_google_asks_for() -> None:
    """Share image 1200 wide at 16:9; logo square, at least 112 pixels."""

    def size(name: str) -> tuple[int, int]:
        data = (theme_folder("static") / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
        width, height = struct.unpack(">II", data[16:24])
        return width, height

    assert size("share.png") == (1200, 675)
    assert size("logo.png") == (512, 512)


def article(**fields: Any) -> Article:
    values: dict[str, Any] = {
        "slug": "story",
        "uid": "story",
        "title": "Story",
        "date": datetime(2024, 1, 2, 9, tzinfo=UTC),
        "body": "Some words here.",
        "body_format": BodyFormat.MARKDOWN,
        "source_path": "content/story.md",
    }
    return Article(**(values | fields))


def json_ld(story: Article, config: SiteConfig = CONFIG) -> dict[str, Any]:
    archive = build_archive([story], config, False, False, NOW)
    (page,) = [p for p in plan_pages(archive, config) if p.article]
    data: dict[str, Any] = json.loads(page.context["article"]["jsonld"])
    assert news_article_problems(data, page.context["page"]["canonical"]) == []
    return data


def test_an_author_with_a_profile_links_their_page_here_and_their_profiles_elsewhere() -> None:
    profile = AuthorProfile(
        name="Olena Koval",
        url="https://koval.example/",
        same_as=("https://social.example/@koval", "https://koval.example/"),
    )
    config = SiteConfig(**(vars(CONFIG) | {"authors": (profile,)}))
    data = json_ld(article(authors=("Olena Koval", "Petro Sirko")), config)
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Olena Koval",
            "url": "https://plan.example/news/authors/olena-koval/",
            "sameAs": ["https://koval.example/", "https://social.example/@koval"],
        },
        {
            "@type": "Person",
            "name": "Petro Sirko",
            "url": "https://plan.example/news/authors/petro-sirko/",
        },
    ]


def test_without_a_person_the_publisher_is_the_author() -> None:
    config = SiteConfig(
        **(vars(CONFIG) | {"publisher": Publisher(name="Plan Media", url="https://media.example/")})
    )
    data = json_ld(article(), config)
    organization = {"@type": "Organization", "name": "Plan Media", "url": "https://media.example/"}
    assert data["author"] == [organization]
    assert data["publisher"] == organization | {
        "logo": {"@type": "ImageObject", "url": "https://plan.example/news/static/logo.png"}
    }


@pytest.mark.parametrize(
    ("own", "site", "expected"),
    [
        ("https://cdn.example/a.jpg", "static/site.png", "https://cdn.example/a.jpg"),
        ("", "static/site.png", "https://plan.example/news/static/site.png"),
        ("", "https://cdn.example/site.png", "https://cdn.example/site.png"),
        ("", "", "https://plan.example/news/static/share.png"),
    ],
)
def test_the_image_is_the_articles_else_the_sites_else_the_themes(
    own: str, site: str, expected: str
) -> None:
    config = SiteConfig(**(vars(CONFIG) | {"image": site}))
    assert json_ld(article(image=own), config)["image"] == [expected]


def test_a_configured_logo_replaces_the_themes() -> None:
    config = SiteConfig(**(vars(CONFIG) | {"publisher": Publisher(logo="static/mark.png")}))
    logo = json_ld(article(), config)["publisher"]["logo"]
    assert logo == {"@type": "ImageObject", "url": "https://plan.example/news/static/mark.png"}


def test_a_source_becomes_is_based_on_and_source_organization() -> None:
    original = "https://wire.example/world/2024/01/02/story-123"
    data = json_ld(article(source=Source(name="Wire", url=original, byline="By A. Reporter")))
    assert data["isBasedOn"] == original
    assert data["sourceOrganization"] == {
        "@type": "Organization",
        "name": "Wire",
        "url": "https://wire.example/",
    }
    named_only = json_ld(article(source=Source(name="Wire")))
    assert named_only["author"] == [{"@type": "Organization", "name": "Wire"}]
    assert "isBasedOn" not in named_only
    assert named_only["sourceOrganization"] == {"@type": "Organization", "name": "Wire"}


@needs_reuters
def test_imported_reuters_stories_credit_reuters_and_name_no_false_author(tmp_path: Path) -> None:
    config = "base_url: https://wire.example/\ntimezone: UTC\ndate_order: DMY\nsearch: false\n"
    site = make_site(tmp_path, config + "author: Desk\n" + REUTERS)
    folder = site.seeds_path / "reuters"
    folder.mkdir(parents=True)
    stories = reuters_stories()[:25]
    for story in stories:
        (folder / f"{story.number:04d}.txt").write_text(story_seed(story), encoding="utf-8")
    assert len(import_seeds(site, [], force=False).written) == 25
    build(site)
    pages = {n: h for n, h in html_pages(site.output_path).items() if h["kind"] == ["article"]}
    assert len(pages) == 25
    reuters = {"@type": "Organization", "name": "Reuters", "url": "https://www.reuters.com/"}
    bylines: Counter[str] = Counter()
    for name, found in pages.items():
        (script,) = found["jsonld"]
        data = json.loads(script)
        assert news_article_problems(data, found["link:canonical"][0]) == [], name
        assert data["isBasedOn"] == "https://www.reuters.com/", name
        assert data["sourceOrganization"]["name"] == "Reuters", name
        (author,) = data["author"]
        bylines[author["name"]] += 1
        assert author == reuters, name  # never the site's own, nor its author Desk
        assert found.get("article:author", []) == [], name
    signed = sum(1 for story in stories if story.number % 3 == 0)  # "By Reuters Staff"
    assert signed > 0
    assert bylines == {"Reuters": 25}  # an agency's byline names no person
