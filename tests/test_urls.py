"""Tests for slugs and URLs: transliteration, safety, output paths."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsgen.config.site import SiteConfig
from newsgen.content.slugs import MAX_SLUG_LENGTH, SLUG_PATTERN, slug_for, slug_problem
from newsgen.plan import urls
from newsgen.publish import files as file_ops


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Зеленський у Києві", "zelenskii-u-kiievi"),
        ("NATO confirms Ukraine's right", "nato-confirms-ukraines-right"),
        ("Kyiv’s allies", "kyivs-allies"),
        ("Straße in München", "strasse-in-munchen"),
        ("../../etc/passwd", "etc-passwd"),
        ("CON", "con-article"),
    ],
)
def test_slugs_are_ascii_and_readable(title: str, slug: str) -> None:
    assert slug_for(title) == slug


def test_text_without_letters_gets_a_stable_hashed_slug() -> None:
    assert slug_for("😀😀") == slug_for("😀😀")
    assert slug_for("😀😀").startswith("article-")
    assert slug_for("😀😀", kind="topic").startswith("topic-")
    assert slug_for("😀😀") != slug_for("🙂")


@given(st.text(max_size=300))
def test_every_text_gives_a_valid_slug(text: str) -> None:
    slug = slug_for(text)
    assert SLUG_PATTERN.fullmatch(slug)
    assert len(slug) <= MAX_SLUG_LENGTH
    assert slug_problem(slug) == ""


@pytest.mark.parametrize(
    ("slug", "problem"),
    [
        ("Upper", "lowercase ASCII"),
        ("a--b", "single hyphens"),
        ("../x", "lowercase ASCII"),
        ("", "lowercase ASCII"),
        ("a" * 81, "at most 80"),
        ("nul", "reserved"),
    ],
)
def test_bad_slugs_are_explained(slug: str, problem: str) -> None:
    assert problem in slug_problem(slug)


def test_article_url_uses_the_site_timezone() -> None:
    config = SiteConfig(root=Path("/site"), timezone="Europe/Kyiv")
    late_utc = datetime(2024, 2, 21, 23, 30, tzinfo=UTC)
    assert urls.article(config, "x", late_utc) == "/2024/02/22/x/"


def test_article_url_follows_the_configured_pattern() -> None:
    config = SiteConfig(root=Path("/site"), article_path="news/{year}/{slug}/")
    assert urls.article(config, "x", datetime(2024, 2, 22, tzinfo=UTC)) == "/news/2024/x/"


def test_index_urls() -> None:
    assert urls.home() == "/"
    assert urls.home(2) == "/page/2/"
    assert urls.year(2024) == "/2024/"
    assert urls.month(2024, 2) == "/2024/02/"
    assert urls.day(2024, 2, 3) == "/2024/02/03/"
    assert urls.topic("nato") == "/topics/nato/"
    assert urls.topic("nato", 3) == "/topics/nato/page/3/"
    assert urls.topic_feed("nato") == "/topics/nato/feed.xml"


def test_links_and_absolute_urls_honour_a_sub_path() -> None:
    config = SiteConfig(root=Path("/site"), base_url="https://example.org/news/")
    assert urls.href(config, "/2024/") == "/news/2024/"
    assert urls.absolute(config, "/2024/") == "https://example.org/news/2024/"


@pytest.mark.parametrize(
    ("url", "path"),
    [("/", "index.html"), ("/2024/02/", "2024/02/index.html"), ("/feed.xml", "feed.xml")],
)
def test_output_files(url: str, path: str) -> None:
    assert urls.output_file(url) == PurePosixPath(path)


@pytest.mark.parametrize(
    "url", ["2024/", "/../etc/", "/a/../../b", "//evil/", "/a\\b", "/.hidden/", "/a\x00b"]
)
def test_unsafe_urls_are_refused(url: str) -> None:
    with pytest.raises(urls.UnsafePathError):
        urls.output_file(url)


def test_inside_refuses_symlinks_leaving_the_root(tmp_path: Path) -> None:
    root = tmp_path / "build"
    root.mkdir()
    (root / "escape").symlink_to(tmp_path)
    assert urls.inside(root, PurePosixPath("a/index.html")) == root.resolve() / "a/index.html"
    with pytest.raises(urls.UnsafePathError):
        urls.inside(root, PurePosixPath("escape/x.html"))


def test_output_name_is_output_file_as_a_string() -> None:
    for url in ["/", "/a/", "/a/b.xml", "/2024/05/01/slug/", "/topics/x/page/2/"]:
        assert urls.output_name(url) == str(urls.output_file(url))


def test_step_inside_follows_a_plain_step_without_resolving(tmp_path: Path) -> None:
    root = tmp_path.resolve()
    (root / "a").mkdir()
    assert urls.step_inside(root, str(root), "a") == str(root / "a")
    assert urls.step_inside(root, str(root), "missing") == str(root / "missing")


def test_step_inside_resolves_a_link_that_stays_inside(tmp_path: Path) -> None:
    root = tmp_path.resolve()
    (root / "real").mkdir()
    (root / "alias").symlink_to(root / "real")
    assert urls.step_inside(root, str(root), "alias") == str(root / "real")


@pytest.mark.parametrize("target", ["..", "/", "loop", "../nowhere"])
def test_step_inside_refuses_a_link_leaving_or_looping(tmp_path: Path, target: str) -> None:
    root = (tmp_path / "build").resolve()
    root.mkdir()
    (root / "link").symlink_to(target if target != "loop" else "link")
    with pytest.raises(urls.UnsafePathError):
        urls.step_inside(root, str(root), "link")


@pytest.mark.parametrize("name", ["", ".", "..", "a/b"])
def test_step_inside_refuses_names_that_are_not_one_step(tmp_path: Path, name: str) -> None:
    root = tmp_path.resolve()
    with pytest.raises(urls.UnsafePathError):
        urls.step_inside(root, str(root), name)


@given(st.text(alphabet="/.ab\\\x00", max_size=12))
def test_a_checked_url_gets_the_name_output_name_gives_it(url: str) -> None:
    try:
        expected = urls.output_name(url)
    except urls.UnsafePathError:
        return
    assert urls.checked_names([url]) == [expected]


@given(st.text(alphabet="/.ab", max_size=12))
def test_a_plain_manifest_name_has_no_empty_dot_or_dot_dot_step(name: str) -> None:
    steps = name.split("/")
    expected = not name.startswith("/") and all(s not in ("", ".", "..") for s in steps)
    assert file_ops.plain(name) == expected
