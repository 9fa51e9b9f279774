"""Tests for `newsgen build`: golden tree, determinism, atomic failure, pagination, links."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest

from newsgen.config.site import load_config
from newsgen.diagnostics import NewsgenError
from sitegen import article_text, build, generated_site, tree

GOLDEN = Path(__file__).parent / "golden"


def html_pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def canonical(page: Path) -> str:
    (link,) = lxml.html.parse(str(page)).xpath("//link[@rel='canonical']/@href")
    return str(link)


def test_golden_output_tree(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    site = tmp_path / "site"
    shutil.copytree(GOLDEN / "site", site)
    build(load_config(site))
    produced = tree(site / "build")
    expected_root = GOLDEN / "expected"
    if request.config.getoption("--update-golden"):
        shutil.rmtree(expected_root, ignore_errors=True)
        shutil.copytree(site / "build", expected_root)
    expected = tree(expected_root)
    assert sorted(produced) == sorted(expected), "files added or missing (pytest --update-golden)"
    changed = [name for name in produced if produced[name] != expected[name]]
    assert changed == [], "output differs from the golden tree (pytest --update-golden)"


def test_same_input_gives_byte_identical_output(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    shutil.copytree(GOLDEN / "site", first)
    shutil.copytree(GOLDEN / "site", second)
    build(load_config(first))
    build(load_config(second))
    assert tree(first / "build") == tree(second / "build")


def test_every_page_type_is_produced(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(GOLDEN / "site", site)
    build(load_config(site))
    out = site / "build"
    for name in [
        "index.html",
        "page/2/index.html",
        "2024/index.html",
        "2024/02/index.html",
        "2024/02/22/index.html",
        "2024/02/22/tram-line-5-reopens-after-repairs-upgrades/index.html",
        "archive/index.html",
        "topics/index.html",
        "topics/city/index.html",
        "topics/city/feed.xml",
        "feed.xml",
        "rss.xml",
        "feed.json",
        "sitemap.xml",
        "news-sitemap.xml",
        "robots.txt",
        "404.html",
    ]:
        assert (out / name).is_file(), name
    assert not list(out.rglob("*not-ready-yet*")), "drafts are left out"


def test_pagination_gives_each_page_its_own_canonical(tmp_path: Path) -> None:
    config = generated_site(tmp_path, 45, "per_page: 20\n", topics=1)
    build(config)
    out = config.output_path
    pages = [out / "index.html", out / "page/2/index.html", out / "page/3/index.html"]
    assert [canonical(p) for p in pages] == [
        "https://test.example/",
        "https://test.example/page/2/",
        "https://test.example/page/3/",
    ]
    assert not (out / "page/4").exists()
    counts = [len(lxml.html.parse(str(p)).xpath("//main//article")) for p in pages]
    assert counts == [20, 20, 5]
    topic_pages = sorted((out / "topics/topic-0").rglob("index.html"))
    assert len(topic_pages) == 3


def test_drafts_and_future_articles_need_their_switches(tmp_path: Path) -> None:
    config = generated_site(tmp_path, 2)
    content = config.content_path
    content.joinpath("d.md").write_text(
        article_text("Drafty", datetime(2024, 5, 1), [], extra="draft: true\n"),
        encoding="utf-8",
    )
    content.joinpath("f.md").write_text(
        article_text("Futuristic", datetime(2040, 5, 1), []),
        encoding="utf-8",
    )

    def urls_built() -> set[str]:
        return {p.parent.name for p in config.output_path.rglob("index.html")}

    build(config)
    assert not {"drafty", "futuristic"} & urls_built()
    build(config, drafts=True)
    assert "drafty" in urls_built() and "futuristic" not in urls_built()
    build(config, drafts=True, future=True)
    assert {"drafty", "futuristic"} <= urls_built()
    build(config)
    assert not {"drafty", "futuristic"} & urls_built(), "files no longer produced are removed"


def test_no_op_rebuild_writes_no_file(tmp_path: Path) -> None:
    config = generated_site(tmp_path, 5)
    assert build(config).files_written > 0
    stamps = {p: p.stat().st_mtime_ns for p in config.output_path.rglob("*") if p.is_file()}
    summary = build(config)
    assert (summary.files_written, summary.files_removed) == (0, 0)
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps


def test_clean_rewrites_every_file(tmp_path: Path) -> None:
    config = generated_site(tmp_path, 3)
    build(config)
    files = [p for p in config.output_path.rglob("*") if p.is_file()]
    summary = build(config, clean=True)
    assert summary.files_written == len(files)
    assert summary.files_removed == 0


def test_a_deleted_article_disappears_from_the_output(tmp_path: Path) -> None:
    config = generated_site(tmp_path, 5)
    build(config)
    (config.content_path / "00002.md").unlink()
    summary = build(config)
    assert summary.files_removed >= 1
    assert not list(config.output_path.rglob("article-2/index.html"))
    assert "Article 2" not in (config.output_path / "index.html").read_text(encoding="utf-8")


def test_only_files_newsgen_wrote_are_removed(tmp_path: Path) -> None:
    config = generated_site(tmp_path, 3)
    build(config)
    out = config.output_path
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref", encoding="utf-8")
    (out / "CNAME").write_text("news.example", encoding="utf-8")
    (out / "2024" / "01" / "01" / "notes.txt").write_text("mine", encoding="utf-8")
    (config.content_path / "00000.md").unlink()
    summary = build(config)
    assert not (out / "2024/01/01/article-0").exists(), "stale files and their folders go"
    assert (out / ".git" / "HEAD").read_text(encoding="utf-8") == "ref"
    assert (out / "CNAME").read_text(encoding="utf-8") == "news.example"
    assert (out / "2024/01/01/notes.txt").read_text(encoding="utf-8") == "mine"
    assert summary.files_removed == 1, "the article page (its day page now redirects)"
    manifest = json.loads((config.root / ".newsgen/manifest.json").read_text(encoding="utf-8"))
    assert manifest["output"] == "../build"
    assert manifest["files"] == sorted(
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file() and p.name not in {"HEAD", "CNAME", "notes.txt"}
    )


def test_a_file_that_became_a_folder_of_the_same_name_and_back_builds(tmp_path: Path) -> None:
    """The file the last build published stood where the folder had to go: every build failed
    telling the editor to move it out of the output folder by hand."""
    config = generated_site(tmp_path, 2)
    static = config.root / "static"
    static.mkdir()
    (static / "chart.png").write_bytes(b"a file")
    build(config)
    (static / "chart.png").unlink()
    (static / "chart.png").mkdir()
    (static / "chart.png" / "data.csv").write_bytes(b"a folder")
    build(config)
    out = config.output_path / "static" / "chart.png"
    assert (out / "data.csv").read_bytes() == b"a folder"
    shutil.rmtree(static / "chart.png")
    (static / "chart.png").write_bytes(b"a file again")
    build(config)
    assert out.read_bytes() == b"a file again"
    (config.output_path / "static" / "mine").write_bytes(b"not newsgen's")
    (static / "mine").mkdir()
    (static / "mine" / "x.txt").write_bytes(b"x")
    with pytest.raises(NewsgenError, match="a file stands where the site needs a folder"):
        build(config)
    assert (config.output_path / "static" / "mine").read_bytes() == b"not newsgen's"


@pytest.mark.parametrize("manifest", [None, "{not json", '{"output": "elsewhere", "files": []}'])
def test_without_a_trusted_manifest_nothing_is_removed(
    tmp_path: Path, manifest: str | None
) -> None:
    config = generated_site(tmp_path, 2)
    build(config)
    recorded = config.root / ".newsgen/manifest.json"
    if manifest is None:
        recorded.unlink()
    else:
        recorded.write_text(manifest, encoding="utf-8")
    (config.content_path / "00001.md").unlink()
    assert build(config).files_removed == 0
    assert (config.output_path / "2024/01/02/article-1/index.html").is_file()
    (config.content_path / "00000.md").unlink()
    assert build(config).files_removed > 0, "the manifest is trusted again after a build"
    assert not (config.output_path / "2024/01/01/article-0").exists()


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (
            lambda root: (root / "content" / "00001.md").write_text(
                "---\ntitle: x\n---\n", encoding="utf-8"
            ),
            "content/00001.md:1: error: missing required field `date`",
        ),
        (
            lambda root: (
                (root / "templates").mkdir()
                or (root / "templates" / "article.html").write_text(
                    "{% extends 'base.html' %}\n{% block main %}\n{{ article.nonexistent }}\n{% endblock %}\n",
                    encoding="utf-8",
                )
            ),
            "templates/article.html:3: error:",
        ),
        (
            lambda root: (
                (root / "templates").mkdir()
                or (root / "templates" / "home.html").write_text("{% if %}\n", encoding="utf-8")
            ),
            "templates/home.html:1: error:",
        ),
    ],
)
def test_a_failed_build_leaves_the_previous_output_byte_for_byte(
    tmp_path: Path, breakage: object, expected: str
) -> None:
    config = generated_site(tmp_path, 4)
    build(config)
    before = tree(config.output_path)
    breakage(config.root)  # type: ignore[operator]
    with pytest.raises(NewsgenError) as caught:
        build(config)
    assert any(d.format().startswith(expected) for d in caught.value.diagnostics), caught.value
    assert tree(config.output_path) == before
    assert not any((config.root / ".newsgen").glob("staging-*"))


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    config = generated_site(tmp_path, 3)
    (config.content_path / "00000.md").write_text("no front matter\n", encoding="utf-8")
    (config.content_path / "00001.md").write_text(
        "---\ntitle: t\ndate: never\n---\n", encoding="utf-8"
    )
    with pytest.raises(NewsgenError) as caught:
        build(config)
    paths = sorted({d.path for d in caught.value.diagnostics})
    assert paths == ["content/00000.md", "content/00001.md"]


def test_one_url_twice_is_an_error_but_one_slug_on_another_day_builds(tmp_path: Path) -> None:
    config = generated_site(tmp_path, 1)
    copy = config.content_path / "copy.md"
    copy.write_text(article_text("Article 0", datetime(2024, 3, 1, tzinfo=UTC), []), "utf-8")
    build(config)
    assert (config.output_path / "2024/03/01/article-0/index.html").is_file()
    copy.write_text(article_text("Article 0", datetime(2024, 1, 1, 18, tzinfo=UTC), []), "utf-8")
    with pytest.raises(
        NewsgenError, match=r"/2024/01/01/article-0/ is also the address of content/00000\.md"
    ):
        build(config)


def test_no_internal_link_points_at_a_missing_file(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(GOLDEN / "site", site)
    config = load_config(site)
    build(config)
    out = config.output_path
    prefix = "/news/"
    missing = []
    for page in html_pages(out):
        document = lxml.html.parse(str(page))
        page_url = prefix + page.relative_to(out).as_posix()
        for link in document.xpath(
            "//a/@href | //link/@href | //script/@src | //img/@src | //form/@action"
        ):
            target = urlsplit(urljoin("https://golden.example" + page_url, str(link)))
            if target.netloc != "golden.example":
                continue
            assert target.path.startswith(prefix), (page, link)
            path = out / target.path.removeprefix(prefix)
            if target.path.endswith("/"):
                path = path / "index.html"
            if target.path == "/news/search/":
                continue  # the search page comes with the search feature
            if not path.is_file():
                missing.append((page.relative_to(out).as_posix(), str(link)))
    assert missing == []


def test_under_a_sub_path_a_body_link_is_checked_as_the_browser_follows_it(
    tmp_path: Path,
) -> None:
    config = generated_site(tmp_path, 2, config="base_url: https://test.example/news/\n")
    body = "[Right](/news/2024/01/02/article-1/) and [wrong](/2024/01/02/article-1/)."
    date = datetime(2024, 1, 3, 9, tzinfo=UTC)
    (config.content_path / "links.md").write_text(article_text("Links", date, [], body), "utf-8")
    found = build(config).diagnostics
    warned = [d.format() for d in found if "no page of this site" in d.message]
    assert warned == [
        "content/links.md:6: warning: links to /2024/01/02/article-1/, which is no page of this "
        "site (fix the path, or link to the article's .md file instead)"
    ]


def test_json_ld_has_the_required_fields(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(GOLDEN / "site", site)
    build(load_config(site))
    page = site / "build/2024/02/22/tram-line-5-reopens-after-repairs-upgrades/index.html"
    (script,) = lxml.html.parse(str(page)).xpath("//script[@type='application/ld+json']/text()")
    data = json.loads(script)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Tram line 5 reopens <after> repairs & upgrades"
    assert data["datePublished"] == "2024-02-22T07:30:00+02:00"
    assert data["dateModified"] == "2024-02-23T09:00:00+02:00"
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Gazette desk",
            "url": "https://golden.example/news/authors/gazette-desk/",
        }
    ]
    assert data["publisher"]["name"] == "Golden Media"
    assert (
        data["mainEntityOfPage"]["@id"]
        == "https://golden.example/news/2024/02/22/tram-line-5-reopens-after-repairs-upgrades/"
    )
    assert data["keywords"] == ["City", "Transport"]
    assert "<after>" not in script, "no raw < inside the script element"


def test_a_site_with_only_content_builds_with_the_packaged_theme(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text(
        article_text("Alone", datetime(2024, 1, 1), ["X"]), encoding="utf-8"
    )
    summary = build(load_config(tmp_path))
    assert summary.pages > 5
    css = list((tmp_path / "build" / "static").glob("style.*.css"))
    assert len(css) == 1 and len(css[0].stem.split(".")[1]) == 10


def test_a_site_template_overrides_the_theme_by_name(tmp_path: Path) -> None:
    config = generated_site(tmp_path, 1)
    (config.root / "templates").mkdir()
    (config.root / "templates" / "404.html").write_text(
        "custom {{ site.title }}\n", encoding="utf-8"
    )
    build(config)
    assert (config.output_path / "404.html").read_text(encoding="utf-8") == "custom Test Times\n"


def test_hostile_text_is_escaped_everywhere(tmp_path: Path) -> None:
    config = generated_site(tmp_path, 1)
    evil = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    (config.content_path / "evil.md").write_text(
        f"---\ntitle: '{evil}'\ndate: 2024-06-01\ntopics: ['{evil}']\nauthor: '{evil}'\nsummary: '{evil}'\n---\n{evil}\n",
        encoding="utf-8",
    )
    build(config)
    for path in config.output_path.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml"}:
            text = path.read_text(encoding="utf-8")
            assert "<script>alert" not in text, path
            assert "<img src=x" not in text, path
    feed = json.loads((config.output_path / "feed.json").read_text(encoding="utf-8"))
    evil_item = next(item for item in feed["items"] if item["title"] == evil)
    assert evil_item["content_html"].startswith("<p>&lt;script&gt;"), (
        "JSON Feed text fields are text; HTML is escaped"
    )


def test_a_symlink_in_the_output_cannot_redirect_writes_outside(tmp_path: Path) -> None:
    config = generated_site(tmp_path / "site", 2)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    config.output_path.mkdir()
    (config.output_path / "2024").symlink_to(elsewhere)
    with pytest.raises(NewsgenError, match="would be written outside the output folder"):
        build(config)
    assert list(elsewhere.iterdir()) == []


def test_an_article_taking_a_list_pages_url_fails_the_build_untouched(tmp_path: Path) -> None:
    config = generated_site(tmp_path, 2, "article_path: '{slug}/'\n")
    build(config)
    before = tree(config.output_path)
    (config.content_path / "clash.md").write_text(
        article_text("Archive", datetime(2024, 3, 1), []), encoding="utf-8"
    )
    with pytest.raises(NewsgenError) as caught:
        build(config)
    assert [d.format() for d in caught.value.diagnostics] == [
        "content/clash.md: error: /archive/ is produced twice: by this file and by the page of"
        " templates/archive.html (change the slug or the article_path pattern)"
    ]
    assert tree(config.output_path) == before


def test_a_build_with_a_progress_bar_writes_the_same_files(tmp_path: Path) -> None:
    quiet, shown = generated_site(tmp_path / "a", 3), generated_site(tmp_path / "b", 3)
    build(quiet)
    build(shown, progress=True)
    assert tree(quiet.output_path) == tree(shown.output_path)
