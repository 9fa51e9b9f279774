"""The adversarial site: hostile and broken content is escaped or reported, never a crash.

tests/adversarial/site/ is a hostile but valid site; tests/adversarial/broken/ holds files that
must each be refused with a `path:line: error:` message. Files git cannot hold sanely (NUL
bytes, invalid UTF-8, binary data, 20 MB, symlinks) are made here, in a temporary copy.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree, html

from newsgen.builder import BuildOptions, build_site
from newsgen.config.site import RawHtml, load_config
from newsgen.diagnostics import NewsgenError
from newsgen.model import Article, BodyFormat
from newsgen.render.markup import BodyRenderer
from sitegen import NOW

SOURCE = Path(__file__).parent / "adversarial"
BASE_URL = "https://adversarial.example/"
SITE_TITLE = "<script>alert('site title')</script> & \"Daily\""
SITE_DESCRIPTION = "<img src=x onerror=alert('site description')>"
SITE_AUTHOR = "<svg onload=alert('site author')>"
PUBLISHER = "</script><script>alert('publisher')</script>"
TITLE = "<script>alert('title')</script>"
HOSTILE_IMAGE = "https://img.example/a.jpg?\"><script>alert('image')</script>"
PUBLISHED_IMAGE = "https://img.example/a.jpg?%22%3E%3Cscript%3Ealert('image')%3C/script%3E"
"""HOSTILE_IMAGE as pages give it: percent-encoded as a browser sends it, never markup."""
TOPICS = ["<img src=x onerror=alert('topic')>", "\"><svg onload=alert('topic2')>"]
SUMMARY = "</script><script>alert('summary')</script>"
AUTHOR = "<b onmouseover=alert('author')>Eve</b>"
NEWS_TITLE = "<script>alert('news title')</script><img src=x onerror=alert('news title')>"
"""The title of an article dated in the news sitemap's window (2 days before the newest)."""
HOSTILE_PAGE = "2024/02/22/script-alert-title-script/index.html"
HOSTILE_MARKUP = (
    SITE_TITLE,
    SITE_DESCRIPTION,
    SITE_AUTHOR,
    PUBLISHER,
    "<b onmouseover=alert('param')>",
    TITLE,
    NEWS_TITLE,
    *TOPICS,
    SUMMARY,
    AUTHOR,
    "<script>alert('body')</script>",
    "<img src=x onerror=alert('img')>",
    "<iframe src=",
    "<script>alert('seed title')</script>",
    "<img src=x onerror=alert('seed body')>",
)
"""Markup from the config and the content, as written: no output file but feed.json holds it."""
MARKUP_TAGS = {"iframe", "svg", "img", "object", "embed", "b", "math", "frame"}
"""Tags the theme never uses: any of them in the output came from the content."""
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster")
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SAFE_OUTPUT_PATH = re.compile(r"[a-z0-9][a-z0-9.-]*(/[a-z0-9][a-z0-9.-]*)*")


@dataclass(frozen=True)
class Run:
    """One `newsgen build` of a copy of the site, with what surrounded it."""

    site: Path
    returncode: int
    stderr: str
    stdout: str


def newsgen_build(site: Path, *options: str) -> Run:
    """`python -m newsgen build --future` as a user runs it."""
    command = [sys.executable, "-m", "newsgen", "--site", str(site), "build", "--future"]
    result = subprocess.run(
        [*command, *options], capture_output=True, text=True, timeout=600, check=False
    )
    return Run(site, result.returncode, result.stderr, result.stdout)


def snapshot(root: Path, skip: tuple[str, ...] = ("build", ".newsgen")) -> dict[str, str]:
    """Every entry under `root` (links by target, files by content), except the `skip` folders."""
    found = {}
    for folder, folders, files in os.walk(root):
        here = Path(folder)
        folders[:] = [n for n in folders if here / n not in {root / s for s in skip}]
        for name in sorted(folders + files):
            path = here / name
            key = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[key] = "-> " + str(path.readlink())
            elif path.is_file():
                found[key] = path.read_bytes().hex()
    return found


def output_tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def copy_site(tmp: Path) -> Path:
    site = tmp / "site"
    shutil.copytree(SOURCE / "site", site)
    (site / "content" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\xff")
    (site / "content" / "again").symlink_to(".")  # a folder reached twice is read once
    return site


# --- the hostile but valid site -----------------------------------------------------------


@pytest.fixture(scope="module")
def built_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    tmp = tmp_path_factory.mktemp("adversarial")
    site = copy_site(tmp)
    sources = snapshot(site)
    run = newsgen_build(site)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert snapshot(site) == sources, "the build changed the site's sources"
    assert sorted(p.name for p in tmp.iterdir()) == ["site"], "the build wrote beside the site"
    return run


@pytest.fixture(scope="module")
def built(built_run: Run) -> Path:
    return built_run.site / "build"


def test_topics_sharing_a_slug_are_merged_with_a_warning(built_run: Run, built: Path) -> None:
    hint = "(use one spelling)"
    assert built_run.stderr.splitlines() == [
        *CONTROL_WARNINGS,
        *DST_WARNINGS,
        f"content/topic-clash.md:4: warning: topic 'C++' is merged into 'C#' (both make /topics/c/) {hint}",
        f"content/topic-clash.md:4: warning: topic 'Cafe' is merged into 'CAFE' (both make /topics/cafe/) {hint}",
        f"content/topic-clash.md:4: warning: topic 'Café' is merged into 'CAFE' (both make /topics/cafe/) {hint}",
    ]
    tags = page(built, "2024/04/03/same-topic-slugs/index.html").findall(
        ".//ul[@class='tags']/li/a"
    )
    assert [(a.text, a.get("href")) for a in tags] == [
        ("CAFE", "/topics/cafe/"),
        ("C#", "/topics/c/"),
    ]


def html_pages(build: Path) -> list[Path]:
    return sorted(build.rglob("*.html"))


def page(build: Path, name: str) -> html.HtmlElement:
    """The parsed page; huge_tree lifts libxml2's depth limit of 256 (deep nesting is a case)."""
    return html.fromstring((build / name).read_bytes(), parser=html.HTMLParser(huge_tree=True))


def test_every_file_is_written_under_a_safe_ascii_name(built: Path) -> None:
    names = sorted(output_tree(built))
    assert len(names) > 60
    assert [n for n in names if not SAFE_OUTPUT_PATH.fullmatch(n)] == []
    assert "photo.png" not in " ".join(names), "a binary file in content/ is not published"


def test_no_page_holds_an_element_script_or_handler_from_the_content(built: Path) -> None:
    for path in html_pages(built):
        tree = page(built, path.relative_to(built).as_posix())
        for element in tree.iter(etree.Element):
            where = f"{path.relative_to(built)}: <{element.tag}>"
            theme_picture = element.tag == "img" and element.get("src") == PUBLISHED_IMAGE
            assert element.tag not in MARKUP_TAGS or theme_picture, where
            assert not [a for a in element.attrib if a.lower().startswith("on")], where
            if element.tag == "script":
                assert element.get("type") == "application/ld+json" or (
                    element.get("src", "").startswith("/static/") and not element.text
                ), where
            for attribute in URL_ATTRIBUTES:
                url = "".join(element.get(attribute, "").split()).lower()
                allowed_data = element.tag == "link" and url == "data:,"
                assert not url.startswith(("javascript:", "vbscript:")), where
                assert allowed_data or not url.startswith("data:"), where


def test_hostile_fields_are_shown_as_the_text_they_are(built: Path) -> None:
    article = page(built, HOSTILE_PAGE)
    assert article.findtext(".//h1") == TITLE
    assert article.find(".//*[@class='byline']").text_content() == f"By {AUTHOR}"
    assert article.find(".//meta[@name='description']").get("content") == SUMMARY
    image = article.find(".//meta[@property='og:image']").get("content")
    assert image == PUBLISHED_IMAGE, "the URL percent-encoded, never markup"
    tags = [a.text_content() for a in article.findall(".//ul[@class='tags']/li/a")]
    assert tags == TOPICS
    assert article.findtext(".//title") == f"{TITLE} – {SITE_TITLE}"
    assert article.find(".//a[@class='site-title']").text_content() == SITE_TITLE
    home = page(built, "index.html")
    assert home.findtext(".//title") == SITE_TITLE
    assert home.find(".//meta[@name='description']").get("content") == SITE_DESCRIPTION
    assert SUMMARY in home.text_content()


def test_site_author_and_config_values_are_escaped(built: Path) -> None:
    year_one = page(built, "0001/01/01/year-one/index.html")
    assert year_one.find(".//*[@class='byline']").text_content() == f"By {SITE_AUTHOR}"
    files = output_tree(built)
    json_feed = json.loads(files.pop("feed.json"))  # JSON strings carry text as it is
    assert json_feed["title"] == SITE_TITLE
    authors = {item["title"]: [a["name"] for a in item["authors"]] for item in json_feed["items"]}
    assert authors["Year one"] == [SITE_AUTHOR]
    assert authors[TITLE] == [AUTHOR]
    kinds = {"feed.xml", "rss.xml", "sitemap.xml", "news-sitemap.xml", "robots.txt"}
    topic_feeds = [n for n in files if n.startswith("topics/") and n.endswith("/feed.xml")]
    assert kinds <= set(files) and len(topic_feeds) >= 10
    for name, data in files.items():  # pages, Atom, RSS, topic feeds, sitemaps, JSON-LD
        assert [v for v in HOSTILE_MARKUP if v.encode() in data] == [], name
    namespaces = {"news": "http://www.google.com/schemas/sitemap-news/0.9"}
    news = etree.parse(str(built / "news-sitemap.xml"))
    assert news.findtext(".//news:name", namespaces=namespaces) == PUBLISHER


def test_a_hostile_title_in_the_news_sitemap_is_text(built: Path) -> None:
    data = (built / "news-sitemap.xml").read_bytes()
    assert b"<script" not in data and b"<img" not in data
    namespaces = {"news": "http://www.google.com/schemas/sitemap-news/0.9"}
    titles = etree.fromstring(data).findall(".//news:title", namespaces=namespaces)
    assert NEWS_TITLE in [title.text for title in titles]


def test_raw_html_in_a_markdown_body_is_shown_escaped(built: Path) -> None:
    body = page(built, HOSTILE_PAGE).find(".//div[@class='story-body']")
    text = body.text_content()
    assert "Raw <script>alert('body')</script> and <img src=x onerror=alert('img')>." in text
    assert "<iframe src=\"javascript:alert('iframe')\"></iframe>" in text
    assert "<div onclick=\"alert('div')\">a block of raw HTML</div>" in text
    assert [e.tag for e in body] == ["p"] * len(body)


def test_javascript_vbscript_and_data_links_are_not_links(built: Path) -> None:
    body = page(built, HOSTILE_PAGE).find(".//div[@class='story-body']")
    assert body.findall(".//a") == []
    text = body.text_content()
    for shown in (
        "[plain](javascript:alert('link'))",
        "[mixed case](JaVaScRiPt:alert('case'))",
        "[entity](javascript:alert('entity'))",
        "[vb](vbscript:msgbox('vb'))",
        "<javascript:alert('autolink')>",
        "![image](javascript:alert('image link'))",
        "[reference][1]",
    ):
        assert shown in text, shown


def test_json_ld_holds_the_values_and_cannot_close_its_script(built: Path) -> None:
    source = (built / HOSTILE_PAGE).read_text(encoding="utf-8")
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', source, re.S)
    assert script is not None
    assert "<" not in script.group(1) and ">" not in script.group(1)
    data = json.loads(script.group(1))
    assert data["headline"] == TITLE
    assert data["description"] == SUMMARY
    assert [person["name"] for person in data["author"]] == [AUTHOR]
    assert data["keywords"] == TOPICS
    assert data["publisher"]["name"] == PUBLISHER


def test_feeds_are_well_formed_and_hold_the_text(built: Path) -> None:
    atom = {"a": "http://www.w3.org/2005/Atom"}
    feeds = sorted(built.rglob("*.xml"))
    trees = {p.relative_to(built).as_posix(): etree.parse(str(p)) for p in feeds}
    assert len([name for name in trees if name.startswith("topics/")]) >= 10
    main = trees["feed.xml"]
    assert main.findtext("a:title", namespaces=atom) == SITE_TITLE
    assert TITLE in [t.text for t in main.findall("a:entry/a:title", namespaces=atom)]
    rss = trees["rss.xml"]  # readers take an RSS title as HTML: escaped, it shows the text
    shown = [
        html.fragment_fromstring(t.text, create_parent="div").text_content()
        for t in rss.findall("channel/item/title")
    ]
    assert TITLE in shown
    topic = trees["topics/img-src-x-onerror-alert-topic/feed.xml"]
    assert [t.text for t in topic.findall("a:entry/a:title", namespaces=atom)] == [TITLE]
    feed = json.loads((built / "feed.json").read_text(encoding="utf-8"))
    item = next(i for i in feed["items"] if i["title"] == TITLE)
    assert "<script" not in item["content_html"]
    assert "&lt;script&gt;alert(&#x27;body&#x27;)" in item["content_html"] or (
        "&lt;script&gt;alert('body')" in item["content_html"]
    )


def test_sitemaps_list_only_safe_urls_of_the_site(built: Path) -> None:
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [
        loc.text
        for name in ("sitemap.xml", "news-sitemap.xml")
        for loc in etree.parse(str(built / name)).findall(".//s:loc", namespaces=namespace)
    ]
    assert len(locations) > 20
    for url in locations:
        assert url.startswith(BASE_URL)
        assert SAFE_OUTPUT_PATH.fullmatch(url.removeprefix(BASE_URL).rstrip("/")) or url == BASE_URL


@pytest.mark.parametrize(
    ("name", "article", "topic"),
    [
        ("../../etc", "2024/03/01/etc/", "etc"),
        ("/abs", "2024/03/02/abs/", "abs"),
        ("CON", "2024/03/03/con-article/", "con-topic"),
        ("😀🔥", "2024/03/04/article-e276ae625e/", "topic-e276ae625e"),
        ("مرحبا بالعالم", "2024/03/05/mrhb-bl-lm/", "mrhb-bl-lm"),
        ("x" * 500, "2024/03/06/" + "-".join(["long"] * 16) + "/", "x" * 80),
        ("\u202etxt.exe", "2024/03/07/gnp-exe-right-to-left-override/", "txt-exe"),
    ],
)
def test_names_become_safe_slugs_and_keep_their_text(
    built: Path, name: str, article: str, topic: str
) -> None:
    assert (built / article / "index.html").is_file()
    topic_page = page(built, f"topics/{topic}/index.html")
    assert topic_page.findtext(".//h1") == name
    topics = page(built, "topics/index.html").text_content()
    assert name in topics
    tags = page(built, article + "index.html").findall(".//ul[@class='tags']/li/a")
    assert [a.text_content() for a in tags] == [name], "empty and blank topics are dropped"


@pytest.mark.parametrize(
    ("article", "published"),
    [
        # Berlin's local mean time, +00:53:28, written to the minute (HTML takes no seconds)
        ("0001/01/01/year-one/", "0001-01-01T11:59:32+00:53"),
        ("9999/12/31/year-9999/", "9999-12-31T23:59:00+01:00"),
        ("2024/03/31/dst-gap/", "2024-03-31T02:30:00+01:00"),
        ("2024/10/27/dst-fold/", "2024-10-27T02:30:00+02:00"),
        ("2024/03/31/dst-in-utc/", "2024-03-31T03:30:00+02:00"),
    ],
)
def test_dates_at_the_ends_of_the_calendar_and_across_dst(
    built: Path, article: str, published: str
) -> None:
    tree = page(built, article + "index.html")
    assert tree.find(".//h1/../p/span/time").get("datetime") == published
    assert tree.find(".//meta[@property='article:published_time']").get("content") == published


def test_an_update_in_utc_is_shown_in_the_site_zone_on_the_right_side_of_the_fold(
    built: Path,
) -> None:
    tree = page(built, "2024/03/31/dst-in-utc/index.html")
    modified = tree.find(".//meta[@property='article:modified_time']").get("content")
    assert modified == "2024-10-27T02:30:00+02:00"


def test_control_characters_never_reach_the_output(built: Path) -> None:
    for name, data in output_tree(built).items():
        if not name.endswith(".png"):  # images are binary by nature
            assert CONTROL_BYTES.search(data) is None, name
    tree = page(built, "2024/04/02/nulhere-bell-31m-escape/index.html")
    assert tree.findtext(".//h1") == "nulhere bell[31m escape"
    assert tree.find(".//*[@class='byline']").text_content() == "By Mallory"
    assert [a.text for a in tree.findall(".//ul[@class='tags']/li/a")] == ["tab here", "bell"]


def test_deeply_nested_markdown_is_rendered_whole(built: Path) -> None:
    body = page(built, "2024/04/01/deep-nesting/index.html").find(".//div[@class='story-body']")
    assert len(body.xpath("./blockquote" + "/blockquote" * 29)) == 1
    assert len(body.xpath("./ul" + "/li/ul" * 19)) == 1
    text = body.text_content()
    assert "a quote 30 levels deep" in text and "level 19" in text
    assert "[" * 2000 in text and "<div>" * 1000 in text
    assert body.xpath(".//strong[text()='emphasis']")
    assert body[-1].text == "After the nesting."


def test_markdown_nested_past_the_limit_is_shown_as_plain_text_with_nothing_lost(
    built: Path,
) -> None:
    body = page(built, "2024/04/01/too-deep/index.html").find(".//div[@class='story-body']")
    assert [e.tag for e in body] == ["p", "p", "p"]
    assert body[0].text.startswith("- level 0 - level 1 ") and "level 59" in body[0].text
    assert body[1].text == ">" * 3000 + " a quote 3000 levels deep"
    assert body[2].text == "After the nesting."


def test_template_syntax_in_content_is_text_never_run(built: Path) -> None:
    tree = page(built, "2024/04/04/7-7-raw-site-endraw/index.html")
    assert tree.findtext(".//h1") == "{{ 7*7 }} {% raw %}{{ site }}{% endraw %}"
    assert tree.find(".//meta[@name='description']").get("content") == "{{ config.__class__ }}"
    body = tree.find(".//div[@class='story-body']").text_content()
    assert "Template syntax {{ 7*7 }} and {% if true %}kept{% endif %} is text." in body


def test_a_hostile_seed_is_escaped_too(built: Path) -> None:
    tree = page(built, "2024/02/22/script-alert-seed-title-script-berlin-talks/index.html")
    assert tree.findtext(".//h1") == "<script>alert('seed title')</script> Berlin talks"
    assert "<img src=x onerror=alert('seed body')>" in tree.text_content()


def test_the_search_index_reads_the_escaped_pages_and_keeps_the_text(tmp_path: Path) -> None:
    site = copy_site(tmp_path)
    config = (site / "newsgen.yaml").read_text(encoding="utf-8")
    (site / "newsgen.yaml").write_text(config.replace("search: false", "search: true"))
    sources = snapshot(site)
    run = newsgen_build(site)
    assert run.returncode == 0, run.stderr
    assert snapshot(site) == sources, "the build changed the site's sources"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"], "the build wrote beside the site"
    article = page(site / "build", HOSTILE_PAGE)
    filters = [e.get("data-pagefind-filter") for e in article.xpath(".//*[@data-pagefind-filter]")]
    assert filters == ["year:2024", *(f"topic:{name}" for name in TOPICS)]
    test_no_page_holds_an_element_script_or_handler_from_the_content(site / "build")
    fragments = [
        json.loads(data[data.index(b"{") :])
        for path in (site / "build" / "pagefind" / "fragment").iterdir()
        if (data := gzip.decompress(path.read_bytes()))
    ]
    hostile = next(
        f for f in fragments if f["url"] == "/" + HOSTILE_PAGE.removesuffix("index.html")
    )
    assert hostile["meta"]["title"] == TITLE
    assert hostile["filters"]["topic"] == TOPICS
    assert "Raw <script>alert('body')</script> and" in hostile["content"], "text, not markup"


# --- broken files: each refused with its own message, the published site untouched ----------


LIST_HINT = "(write `key: value` lines, e.g. `title: Example`, not `- ` list items)"
STR_HINT = "(write `key: value` lines, e.g. `title: Example`: a line without ': ' after its key is read as plain text)"
TAG_HINT = "(remove the `!` tag, or quote the value to keep it as text)"
OUT_OF_RANGE = "(a date must stay within the years 1 to 9999 in UTC and in the site timezone)"
SLUG_RULE = "a slug may only hold lowercase ASCII letters, digits and single hyphens"
BROKEN = [
    "content/binary.md: error: this is a binary file, not a Markdown article",
    "content/dangling.md: error: is a link to nothing (remove it or fix its target)",
    "content/\\x1b[2Jclear\\u202egnp.md: error: a checkout on Windows cannot hold this name: `\\x1b` is a character no file name may hold on Windows (rename it)",
    "content/\\x1b[2Jclear\\u202egnp.md: error: the file is empty (write a title and a date between --- lines, or delete the file)",
    "content/duplicate-2.md:1: error: /2024/01/02/same-title/ is also the address of content/duplicate-1.md (same slug and date) (give one of them another slug, such as `slug: same-title-2`)",
    "content/empty.md: error: the file is empty (write a title and a date between --- lines, or delete the file)",
    "content/front-alias-bomb.md:2: error: YAML aliases expand to more than 150000 values (write the values out instead of repeating anchors through aliases)",
    f"content/front-list.md:2: error: expected a mapping of keys to values, got a list {LIST_HINT}",
    f"content/front-scalar.md:2: error: expected a mapping of keys to values, got a str {STR_HINT}",
    "content/huge.md: error: the file is larger than 8 MB (split it, or remove what is not article text, such as pasted images or logs)",
    "content/invalid-utf8.md:2: error: not valid UTF-8 (re-save the file as UTF-8)",
    "content/javascript-image.md:4: error: `image` must be a URL or a path, got 'javascript:alert(1)' (give an https URL, a file beside the article (photo.jpg) or of static/ (/a.jpg))",
    "content/javascript-source.md:4: error: `source_url` must be an http or https URL, got 'javascript:alert(1)'",
    "content/many-topics.md:4: error: `topics` lists 10000 names; at most 100 are allowed (keep the topics a reader would browse by)",
    "content/nul-byte.md: error: this is a binary file, not a Markdown article",
    "content/outside-folder: error: links to a file outside the site (copy it in)",
    "content/outside.md: error: links to a file outside the site (copy it in)",
    f"content/slug-1.md:4: error: invalid slug '../../etc': {SLUG_RULE} (use 'etc')",
    f"content/slug-2.md:4: error: invalid slug '/abs': {SLUG_RULE} (use 'abs')",
    f"content/slug-3.md:4: error: invalid slug 'CON': {SLUG_RULE} (use 'con-article')",
    f"content/slug-4.md:4: error: invalid slug '': {SLUG_RULE} (use 'article-e3b0c44298')",
    f"content/slug-5.md:4: error: invalid slug '{'a' * 57}...': a slug may be at most 80 characters long (use '{'a' * 80}')",
    f"content/slug-6.md:4: error: invalid slug '😀🔥': {SLUG_RULE} (use 'article-e276ae625e')",
    f"content/slug-7.md:4: error: invalid slug 'مرحبا': {SLUG_RULE} (use 'mrhb')",
    "content/topics-mapping.md:4: error: `topics` must be a list of names, e.g. [Politics, Europe]",
    "content/whitespace.md: error: the file is empty (write a title and a date between --- lines, or delete the file)",
    f"content/year-1-offset.md:3: error: `date` is out of range: 0001-01-01T00:30:00+05:00 {OUT_OF_RANGE}",
    f"content/year-9999-offset.md:3: error: `date` is out of range: 9999-12-31T23:59:00-10:00 {OUT_OF_RANGE}",
    "seeds/empty.txt: error: empty seed (a seed is a title line, a date line, then paragraphs)",
    "seeds/huge.txt: error: the file is larger than 8 MB (split it, or remove what is not article text, such as pasted images or logs)",
    "seeds/nul-byte.txt: error: this is a binary file, not a text seed",
    "seeds/outside.txt: error: links to a file outside the site (copy it in)",
    "seeds/whitespace.txt: error: empty seed (a seed is a title line, a date line, then paragraphs)",
    f"seeds/year-0.txt:2: error: the date is out of range: 0001-01-01T00:00:00+05:00 {OUT_OF_RANGE}",
]


def add_unstorable_files(site: Path, outside: Path) -> None:
    """The broken files git cannot hold sanely."""
    content, seeds = site / "content", site / "seeds"
    front = b"---\ntitle: T\ndate: 2024-01-01\n---\n"
    (content / "nul-byte.md").write_bytes(front + b"a\x00b\n")
    (content / "\x1b[2Jclear\u202egnp.md").write_text("")  # a name that would drive a terminal
    (content / "invalid-utf8.md").write_bytes(b"---\ntitle: caf\xe9\ndate: 2024-01-01\n---\nx\n")
    (content / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (content / "huge.md").write_bytes(front + b"word " * (4 * 1024 * 1024))
    names = ", ".join(f"t{number}" for number in range(10_000))
    (content / "many-topics.md").write_text(
        f"---\ntitle: Many topics\ndate: 2024-01-01\ntopics: [{names}]\n---\nx\n", encoding="utf-8"
    )
    outside.mkdir()
    (outside / "secret.md").write_text("---\ntitle: Secret\ndate: 2024-01-01\n---\nx\n")
    (outside / "secret.txt").write_text("Secret\n2024-01-01\n\nx\n")
    (content / "outside.md").symlink_to(outside / "secret.md")
    (content / "outside-folder").symlink_to(outside)
    (content / "dangling.md").symlink_to("missing.md")
    (seeds / "nul-byte.txt").write_bytes(b"Title\n2024-01-01\n\n\x00\x00\n")
    (seeds / "huge.txt").write_bytes(b"Title\n2024-01-01\n\n" + b"word " * (4 * 1024 * 1024))
    (seeds / "outside.txt").symlink_to(outside / "secret.txt")


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, dict[str, bytes]]:
    tmp = tmp_path_factory.mktemp("broken")
    site = copy_site(tmp)
    assert newsgen_build(site).returncode == 0
    published = output_tree(site / "build")
    shutil.copytree(SOURCE / "broken", site, dirs_exist_ok=True)
    outside = tmp / "outside"
    add_unstorable_files(site, outside)
    sources, beside = snapshot(site), snapshot(outside)
    run = newsgen_build(site)
    assert snapshot(site) == sources and snapshot(outside) == beside
    assert sorted(p.name for p in tmp.iterdir()) == ["outside", "site"]
    return run, published


@pytest.mark.parametrize("expected", BROKEN, ids=[line.split(":")[0] for line in BROKEN])
def test_each_broken_file_is_reported_with_its_path_and_line(
    broken: tuple[Run, dict[str, bytes]], expected: str
) -> None:
    run, _ = broken
    assert expected in run.stderr.splitlines()


def test_a_broken_site_reports_every_file_and_changes_nothing(
    broken: tuple[Run, dict[str, bytes]],
) -> None:
    run, published = broken
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert sorted(lines[:-1]) == sorted([*BROKEN, *CONTROL_WARNINGS, *DST_WARNINGS])
    assert lines[-1] == f"newsgen: {len(BROKEN)} error(s); nothing was changed"
    assert output_tree(run.site / "build") == published


def test_a_link_to_itself_is_reported_as_a_link_to_nothing(tmp_path: Path) -> None:
    site = copy_site(tmp_path)
    (site / "content" / "loop.md").symlink_to("loop.md")
    sources = snapshot(site)
    run = newsgen_build(site)
    assert run.stderr.splitlines()[:6] == [
        *CONTROL_WARNINGS,
        *DST_WARNINGS,
        "content/loop.md: error: is a link to nothing (remove it or fix its target)",
    ]
    assert snapshot(site) == sources and not (site / "build").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


CONTROL_WARNINGS = [
    f"content/control-characters.md:{line}: warning: control character {code} in {text} (delete "
    "it: the pages and feeds leave it out)"
    for line, code, text in (
        (2, "U+0000", '"nul\\x00here\\x07 bell\\x1b[31m esca"'),
        (4, "U+0007", '"bell\\x07"'),
        (5, "U+0000", '"Mallory\\x00"'),
    )
]
"""What every build of the site says of the article whose fields hold control characters."""
DST_WARNINGS = [
    "content/dst-fold.md:3: warning: `date` 2024-10-27 02:30 happens twice in Europe/Berlin (the "
    "clocks went back): it is read as the first, 2024-10-27T02:30+02:00, not "
    "2024-10-27T02:30+01:00 (write the offset of the one meant: 2024-10-27T02:30:00+02:00 or "
    "2024-10-27T02:30:00+01:00)",
    "content/dst-gap.md:3: warning: `date` 2024-03-31 02:30 does not exist in Europe/Berlin (the "
    "clocks went forward): it is read as 2024-03-31T02:30+01:00, which the clocks showed as "
    "2024-03-31T03:30+02:00 (write the time the clocks showed, 2024-03-31T03:30:00+02:00)",
]
"""What every build of the site says of its two articles at times the clocks skip or repeat."""
YAML_SIZE_HINT = "(keep front matter and newsgen.yaml short; long text belongs in the article body)"


def test_python_tags_and_oversized_front_matter_are_refused_unrun(tmp_path: Path) -> None:
    """Safe loading only: a Python tag is not run; a block over 256 KB is refused unparsed."""
    site = copy_site(tmp_path)
    marker = tmp_path / "ran"
    run_it = f"!!python/object/apply:os.system ['touch {marker}']"
    (site / "content" / "python-tag.md").write_text(
        f"---\ntitle: {run_it}\ndate: 2024-01-01\n---\nx\n", encoding="utf-8"
    )
    unparsable = "x: [" * 70_000  # invalid YAML too: the size is checked first
    (site / "content" / "huge-front.md").write_text(
        f"---\ntitle: T\ndate: 2024-01-01\n{unparsable}\n---\nx\n", encoding="utf-8"
    )
    sources = snapshot(site)
    run = newsgen_build(site)
    assert sorted(run.stderr.splitlines()) == [
        *CONTROL_WARNINGS,
        *DST_WARNINGS,
        f"content/huge-front.md:2: error: YAML block is larger than 262144 bytes {YAML_SIZE_HINT}",
        "content/python-tag.md:2: error: `title` is not valid: could not determine a "
        f"constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system' {TAG_HINT}",
        "newsgen: 2 error(s); nothing was changed",
    ]
    assert not marker.exists()
    assert snapshot(site) == sources and not (site / "build").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        (
            "title: !!python/object/apply:os.system ['touch {marker}']",
            "newsgen.yaml:1: error: `title` is not valid: could not determine a constructor "
            f"for the tag 'tag:yaml.org,2002:python/object/apply:os.system' {TAG_HINT}",
        ),
        (
            "title: T\ndescription: '" + "x" * (256 * 1024) + "'",
            f"newsgen.yaml:1: error: YAML block is larger than 262144 bytes {YAML_SIZE_HINT}",
        ),
    ],
    ids=["python-tag", "over-256-KB"],
)
def test_a_config_with_a_python_tag_or_over_256_kb_is_refused(
    tmp_path: Path, settings: str, expected: str
) -> None:
    marker = tmp_path / "ran"
    (tmp_path / "newsgen.yaml").write_text(settings.format(marker=marker), encoding="utf-8")
    with pytest.raises(NewsgenError) as caught:
        load_config(tmp_path)
    assert [d.format() for d in caught.value.diagnostics] == [expected]
    assert not marker.exists()


def test_pages_that_would_share_an_output_path_fail_the_build(tmp_path: Path) -> None:
    site = copy_site(tmp_path)
    config = (site / "newsgen.yaml").read_text(encoding="utf-8")
    (site / "newsgen.yaml").write_text(config + 'article_path: "{slug}/"\n', encoding="utf-8")
    for name, front in {
        "archive": "title: Archive",
        "year": 'title: A year\nslug: "2024"',
        "topics": "title: Topics",
    }.items():
        text = f"---\n{front}\ndate: 2024-05-01\n---\nx\n"
        (site / "content" / f"{name}.md").write_text(text, encoding="utf-8")
    run = newsgen_build(site)
    hint = "(change the slug or the article_path pattern)"
    assert sorted(run.stderr.splitlines()) == [
        f"content/archive.md: error: /archive/ is produced twice: by this file and by the page of templates/archive.html {hint}",
        f"content/topics.md: error: /topics/ is produced twice: by this file and by the page of templates/topics.html {hint}",
        f"content/year.md: error: /2024/ is produced twice: by this file and by the page of templates/year.html {hint}",
        "newsgen: 3 error(s); nothing was changed",
    ]
    assert not (site / "build").exists()


# --- raw HTML policy and the output folder -------------------------------------------------


def hostile_body(raw_html: RawHtml) -> str:
    body = Article(
        slug="a",
        title="A",
        date=NOW,
        body="<b>bold</b> <script>x()</script> <i onclick='y()'>i</i>",
        body_format=BodyFormat.MARKDOWN,
        source_path="content/a.md",
    )
    return BodyRenderer(raw_html=raw_html).render(body)


def test_raw_html_is_escaped_sanitized_or_trusted_as_the_site_says() -> None:
    assert "<b>" not in hostile_body(RawHtml.ESCAPE)
    assert hostile_body(RawHtml.SANITIZE) == "<p><b>bold</b>  <i>i</i></p>\n"
    assert hostile_body(RawHtml.TRUSTED) == (
        "<p><b>bold</b> <script>x()</script> <i onclick='y()'>i</i></p>\n"
    )


def built_with_raw_html(tmp_path: Path, setting: str) -> html.HtmlElement:
    site = copy_site(tmp_path)
    config = (site / "newsgen.yaml").read_text(encoding="utf-8")
    (site / "newsgen.yaml").write_text(config + f"markdown_raw_html: {setting}\n", "utf-8")
    sources = snapshot(site)
    build_site(load_config(site), BuildOptions(now=NOW, future=True))
    assert snapshot(site) == sources, "the build changed the site's sources"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"], "the build wrote beside the site"
    story: html.HtmlElement = page(site / "build", HOSTILE_PAGE).find(".//div[@class='story-body']")
    return story


def test_markdown_raw_html_true_keeps_markup_but_no_script_handler_or_frame(
    tmp_path: Path,
) -> None:
    body = built_with_raw_html(tmp_path, "true")
    assert body.find(".//div").text == "a block of raw HTML", "the raw <div> block is HTML now"
    tags = {element.tag for element in body.iter()}
    assert not tags & {"script", "iframe", "svg", "object", "embed", "style"}
    handlers = [name for e in body.iter() for name in e.attrib if name.startswith("on")]
    assert handlers == []
    links = [e.get("href", "") + e.get("src", "") for e in body.iter()]
    assert [link for link in links if "script:" in link.lower()] == []


def test_markdown_raw_html_trusted_passes_html_through(tmp_path: Path) -> None:
    body = built_with_raw_html(tmp_path, "trusted")
    assert body.find(".//iframe") is not None
    assert body.find(".//div").get("onclick") == "alert('div')"


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        (
            "output_dir: .",
            "newsgen.yaml:2: error: `output_dir` must not be the site folder itself (use a folder of its own, such as build)",
        ),
        (
            "output_dir: ./",
            "newsgen.yaml:2: error: `output_dir` must not be the site folder itself (use a folder of its own, such as build)",
        ),
        (
            "output_dir: content",
            "newsgen.yaml:2: error: `output_dir` 'content' overlaps `content_dir` ('content') (give each its own folder)",
        ),
        (
            "output_dir: content/build",
            "newsgen.yaml:2: error: `output_dir` 'content/build' overlaps `content_dir` ('content') (give each its own folder)",
        ),
        (
            "output_dir: seeds",
            "newsgen.yaml:2: error: `output_dir` 'seeds' overlaps `seeds_dir` ('seeds') (give each its own folder)",
        ),
        (
            "output_dir: static/site",
            "newsgen.yaml:2: error: `output_dir` 'static/site' overlaps the static/ folder (give each its own folder)",
        ),
        (
            "output_dir: templates",
            "newsgen.yaml:2: error: `output_dir` 'templates' overlaps the templates/ folder (give each its own folder)",
        ),
        (
            "output_dir: .newsgen",
            "newsgen.yaml:2: error: `output_dir` '.newsgen' overlaps the .newsgen/ folder (give each its own folder)",
        ),
        (
            "content_dir: .",
            "newsgen.yaml:2: error: `output_dir` 'build' overlaps `content_dir` ('.') (give each its own folder)",
        ),
        (
            "content_dir: build/articles",
            "newsgen.yaml:2: error: `output_dir` 'build' overlaps `content_dir` ('build/articles') (give each its own folder)",
        ),
        (
            "output_dir: public\nseeds_dir: public/seeds",
            "newsgen.yaml:2: error: `output_dir` 'public' overlaps `seeds_dir` ('public/seeds') (give each its own folder)",
        ),
        (  # one folder on macOS and Windows: the build wrote among the articles
            "output_dir: Content",
            "newsgen.yaml:2: error: `output_dir` 'Content' overlaps `content_dir` ('content') (give each its own folder)",
        ),
        (
            "output_dir: Static/site",
            "newsgen.yaml:2: error: `output_dir` 'Static/site' overlaps the static/ folder (give each its own folder)",
        ),
    ],
)
def test_the_output_folder_must_be_a_folder_of_its_own(
    tmp_path: Path, settings: str, expected: str
) -> None:
    (tmp_path / "newsgen.yaml").write_text(f"title: T\n{settings}\n", encoding="utf-8")
    with pytest.raises(NewsgenError) as caught:
        load_config(tmp_path)
    assert [d.format() for d in caught.value.diagnostics] == [expected]


@pytest.mark.parametrize(
    "url",
    [
        "'https://x.example/\"><script>'",
        "https://x.example/a b",
        "javascript:alert(1)//x.example/",
        "https://x.example/?q=<b>",
        "https://x.example/#top",
        "'http://[/'",
    ],
)
def test_a_base_url_holding_markup_spaces_or_a_query_is_refused(tmp_path: Path, url: str) -> None:
    (tmp_path / "newsgen.yaml").write_text(f"title: T\nbase_url: {url}\n", encoding="utf-8")
    with pytest.raises(NewsgenError) as caught:
        load_config(tmp_path)
    assert [d.format() for d in caught.value.diagnostics] == [
        "newsgen.yaml:2: error: `base_url` must be an absolute http(s) URL such as https://example.org/"
    ]


@pytest.mark.parametrize("folder", ["build", "public/html", "out", "contents"])
def test_an_output_folder_of_its_own_is_accepted(tmp_path: Path, folder: str) -> None:
    (tmp_path / "newsgen.yaml").write_text(f"output_dir: {folder}\n", encoding="utf-8")
    assert load_config(tmp_path).output_dir == folder
