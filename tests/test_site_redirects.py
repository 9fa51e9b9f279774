"""`redirects:` in newsgen.yaml: old paths of the site (an old system's sections, a page that
moved) leading to pages of the site, and every way such a redirect can be wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgen.config.site import SiteConfig, load_config
from newsgen.diagnostics import NewsgenError
from seedutil import make_site
from sitegen import build

CONFIG = "title: Daily\nbase_url: https://news.example/news/\ntimezone: UTC\nsearch: false\n"
STORY = "---\ntitle: Storm\ndate: 2026-12-04 10:00\ntopics: [Weather]\n{extra}---\nBody.\n"


def site(root: Path, redirects: str, extra: str = "") -> SiteConfig:
    files = {"content/a.md": STORY.format(extra=extra)}
    return make_site(root, f"{CONFIG}redirects:\n{redirects}", files)


def test_old_paths_lead_to_pages_of_the_site(tmp_path: Path) -> None:
    config = site(tmp_path, "  /category/weather: /topics/weather/\n  /about.php: /archive/\n")
    assert build(config).diagnostics == ()
    out = config.output_path
    assert (out / "_redirects").read_text(encoding="utf-8") == (
        "/news/about.php /news/archive/ 301\n/news/category/weather/ /news/topics/weather/ 301\n"
    )
    page = (out / "category/weather/index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=/news/topics/weather/">' in page
    assert "<h1>This page has moved</h1>" in page
    assert '<a href="/news/topics/weather/">Weather</a>' in page
    assert not (out / "about.php").exists(), "a static host would not serve it as HTML"


def test_a_redirect_from_a_name_windows_cannot_hold_is_a_redirects_line_only(
    tmp_path: Path,
) -> None:
    config = site(tmp_path, "  /aux/: /archive/\n")
    assert [d.format() for d in build(config).diagnostics] == [
        "newsgen.yaml:5: warning: the redirect of /aux/ gets no redirect page, only a "
        "`_redirects` line: Windows keeps the name `aux` for a device (a host that reads no "
        "`_redirects` (object storage) answers 404 there; spell the address so that Windows "
        "can hold it, if you can)"
    ]
    assert (config.output_path / "_redirects").read_text(encoding="utf-8") == (
        "/news/aux/ /news/archive/ 301\n"
    )
    assert not (config.output_path / "aux").exists()


def test_a_redirect_wins_over_an_emptied_listing(tmp_path: Path) -> None:
    config = site(tmp_path, "  /elsewhere/: /archive/\n")
    build(config)
    path = config.content_path / "a.md"
    path.write_text(path.read_text("utf-8").replace("Weather", "Climate"), encoding="utf-8")
    settings = config.root / "newsgen.yaml"
    settings.write_text(f"{CONFIG}redirects:\n  /topics/weather/: /topics/climate/\n", "utf-8")
    assert build(load_config(config.root)).diagnostics == ()
    page = (config.output_path / "topics/weather/index.html").read_text(encoding="utf-8")
    assert "url=/news/topics/climate/" in page and "This page has moved" in page


@pytest.mark.parametrize(
    ("redirects", "extra", "message"),
    [
        (
            "  /archive/: /topics/\n",
            "",
            "newsgen.yaml:5: error: /archive/ is the address of a page of the site (remove it "
            "from `redirects:`, or name a page the build publishes)",
        ),
        (
            "  /old/: /nowhere/\n",
            "",
            "newsgen.yaml:5: error: /old/ would lead to /nowhere/, which is no page of the site "
            "(remove it from `redirects:`, or name a page the build publishes)",
        ),
        (
            "  /feed.xml: /topics/\n",
            "",
            "newsgen.yaml:5: error: the redirect of /feed.xml is the address of a file the site "
            "publishes (remove it from `redirects:`)",
        ),
        (  # its redirect page replaced the archive page on macOS and Windows
            "  /Archive/: /topics/\n",
            "",
            "newsgen.yaml:5: error: the redirect of /Archive/ and /archive/ (a page of the site) "
            "spell one name two ways, `Archive` and `archive`, that differ only in case: macOS "
            "and Windows take them for one, so a site built or checked out there cannot keep "
            "both (remove it from `redirects:`)",
        ),
        (
            "  /Old/: /topics/\n",
            "aliases: [/old/]\n",
            "newsgen.yaml:5: error: the redirect of /Old/ and /old/ (an alias of content/a.md) "
            "spell one name two ways, `Old` and `old`, that differ only in case: macOS and "
            "Windows take them for one, so a site built or checked out there cannot keep both "
            "(remove it from `redirects:`)",
        ),
        (
            "  /old/: /topics/\n",
            "aliases: [/old/]\n",
            "newsgen.yaml:5: error: /old/ is an old address of content/a.md (remove it from "
            "`redirects:`, or name a page the build publishes)",
        ),
    ],
)
def test_a_redirect_that_cannot_be_is_refused(
    tmp_path: Path, redirects: str, extra: str, message: str
) -> None:
    config = site(tmp_path, redirects, extra)
    with pytest.raises(NewsgenError) as caught:
        build(config)
    assert [d.format() for d in caught.value.diagnostics] == [message]
    assert not config.output_path.exists()


@pytest.mark.parametrize(
    ("redirects", "message"),
    [
        (
            "  old/: /topics/\n",
            "newsgen.yaml:5: error: `redirects` maps paths from the site's root, such as "
            "redirects: {/category/politics/: /topics/politics/}: 'old/'",
        ),
        (
            "  /a/../b/: /topics/\n",
            "newsgen.yaml:5: error: `redirects`: `/a/../b/` is not a plain path (empty, hidden or "
            "'..' parts)",
        ),
        (
            "  /a: /topics/\n  /a/: /archive/\n",
            "newsgen.yaml:5: error: `redirects` gives /a/ twice: as '/a' and '/a/'",
        ),
        (
            "  /a/: /topics/\n  /a/: /archive/\n",
            "newsgen.yaml:7: error: `/a/` is given twice in one mapping (keep one of them)",
        ),
        (
            "  - /a/\n",
            "newsgen.yaml:5: error: `redirects` must be a mapping of old paths to new ones, e.g. redirects: {/category/politics/: /topics/politics/}",
        ),
    ],
)
def test_a_bad_redirects_setting_is_refused_at_its_line(
    tmp_path: Path, redirects: str, message: str
) -> None:
    with pytest.raises(NewsgenError) as caught:
        site(tmp_path, redirects)
    assert [d.format() for d in caught.value.diagnostics] == [message]


def test_a_key_given_twice_inside_front_matter_is_refused_at_its_line(tmp_path: Path) -> None:
    extra = "corrections:\n  - date: 2026-12-05\n    text: First.\n    text: Second.\n"
    config = make_site(tmp_path, CONFIG, {"content/a.md": STORY.format(extra=extra)})
    with pytest.raises(NewsgenError) as caught:
        build(config)
    assert [d.format() for d in caught.value.diagnostics] == [
        "content/a.md:8: error: `text` is given twice in one mapping (keep one of them)"
    ]


def test_check_tells_what_planning_the_pages_would_refuse(tmp_path: Path) -> None:
    """`newsgen check` plans the pages too: an alias that is a page and a redirect that leads
    nowhere are errors there, not only at the build."""
    from click.testing import CliRunner

    from newsgen.cli import cli

    config = site(tmp_path, "  /old/: /nowhere/\n", "aliases: [/archive/]\n")
    result = CliRunner().invoke(cli, ["--site", str(config.root), "check"])
    assert result.exit_code == 1
    assert (
        "content/a.md:5: error: the alias /archive/ is the address of another page of the site "
        "(remove it from `aliases:`)"
    ) in result.output
    assert "newsgen.yaml:5: error: /old/ would lead to /nowhere/" in result.output
    assert not config.output_path.exists()
