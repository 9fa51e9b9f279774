"""Permanent links: headline edits, moves and aliases never kill a URL or change a feed id."""

from __future__ import annotations

import shutil
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from newsgen.cli import cli
from newsgen.config.site import SiteConfig, load_config
from newsgen.content.identity import normal_alias, normal_id
from newsgen.content.loader import load_site
from newsgen.diagnostics import NewsgenError
from newsgen.publish.history import HISTORY_FILE
from seedutil import make_site, needs_reuters, reuters_stories, story_seed
from sitegen import build, tree

CONFIG = "title: Daily\nbase_url: https://news.example/\ntimezone: UTC\n"
STORY = "---\ntitle: Some headline\ndate: 2026-12-04 10:00\n{extra}---\nBody.\n"
OLD = "/2026/12/04/some-headline/"
NEW = "/2026/12/04/budget-passes-after-marathon-debate/"


def site_with_story(root: Path, extra: str = "") -> SiteConfig:
    return make_site(root, CONFIG, {"content/a.md": STORY.format(extra=extra)})


def retitle(config: SiteConfig) -> None:
    path = config.content_path / "a.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Some headline", "Budget passes after marathon debate"), "utf-8")


def feed_ids(config: SiteConfig) -> list[str]:
    feed = feedparser.parse((config.output_path / "feed.xml").read_bytes())
    return [entry.id for entry in feed.entries]


def test_a_headline_edit_leaves_a_redirect_and_keeps_the_feed_id(tmp_path: Path) -> None:
    config = site_with_story(tmp_path / "site")
    build(config)
    ids = feed_ids(config)
    retitle(config)
    summary = build(config)
    out = config.output_path
    page = (out / OLD.strip("/") / "index.html").read_text(encoding="utf-8")
    assert f'<meta http-equiv="refresh" content="0; url={NEW}">' in page
    assert f'<link rel="canonical" href="https://news.example{NEW}">' in page
    assert '<meta name="robots" content="noindex">' in page
    assert f'<a href="{NEW}">' in page
    assert (out / "_redirects").read_text(encoding="utf-8") == f"{OLD} {NEW} 301\n"
    assert OLD not in (out / "sitemap.xml").read_text(encoding="utf-8")
    assert feed_ids(config) == ids and ids[0].startswith("urn:uuid:")
    assert [d.format() for d in summary.diagnostics] == [
        f"content/a.md:1: warning: {OLD}, where an earlier build published this article, now "
        f"redirects to {NEW} (add `aliases: [{OLD}]` to its front matter, so that the redirect "
        "survives a deleted .newsgen/ folder)"
    ]
    incremental = tree(out)
    build(config, clean=True)
    assert tree(out) == incremental, "a full rebuild of the same state is byte-identical"

    path = config.content_path / "a.md"
    path.write_text(path.read_text("utf-8").replace("---\nBody", f"aliases: [{OLD}]\n---\nBody"))
    shutil.copytree(
        config.root, tmp_path / "cold", ignore=shutil.ignore_patterns("build", ".newsgen")
    )
    cold = load_config(tmp_path / "cold")
    assert build(cold).diagnostics == ()
    assert tree(cold.output_path) == incremental, "the alias makes the same redirect from nothing"


def test_a_pinned_slug_does_not_move_with_the_headline(tmp_path: Path) -> None:
    config = site_with_story(tmp_path, "slug: some-headline\n")
    build(config)
    retitle(config)
    assert build(config).diagnostics == ()
    assert "Budget passes" in (config.output_path / OLD.strip("/") / "index.html").read_text()
    assert not (config.output_path / "_redirects").exists()


def test_aliases_make_redirects_under_a_sub_path_and_escape_the_redirects_file(
    tmp_path: Path,
) -> None:
    config = make_site(
        tmp_path,
        "base_url: https://example.org/news/\n",
        {
            "content/a.md": STORY.format(
                extra="aliases: [/old story/, 'https://example.org/news/p/42', /story.php]\n"
            )
        },
    )
    build(config)
    out = config.output_path
    target = "/news/2026/12/04/some-headline/"
    assert (out / "_redirects").read_text(encoding="utf-8") == (
        f"/news/old%20story/ {target} 301\n/news/p/42/ {target} 301\n/news/story.php {target} 301\n"
    )
    assert f"url={target}" in (out / "old story" / "index.html").read_text(encoding="utf-8")
    assert (out / "p" / "42" / "index.html").is_file()
    assert not (out / "story.php").exists(), "a static host would not serve it as HTML"


@pytest.mark.parametrize(
    ("aliases", "message"),
    [
        (
            "[/2019/../x/]",
            "content/a.md:4: error: invalid alias: `/2019/../x/` is not a plain path (empty, "
            "hidden or '..' parts) (write the old address as a path, e.g. /2019/05/old-title/)",
        ),
        (
            "[/old?p=1]",
            "content/a.md:4: error: invalid alias: an alias is a path without a query (?) or "
            "fragment (#) (write the old address as a path, e.g. /2019/05/old-title/)",
        ),
        (
            "[https://elsewhere.example/x/]",
            "content/a.md:4: error: invalid alias: `https://elsewhere.example/x/` is not an "
            "address on this site (https://news.example/) (write the old address as a path, "
            "e.g. /2019/05/old-title/)",
        ),
        (
            f"[/old/{'ü' * 128}/]",
            f"content/a.md:4: error: invalid alias: a part of `/old/{'ü' * 128}/` is longer than "
            "a file name can be (255 bytes) (write the old address as a path, e.g. "
            "/2019/05/old-title/)",
        ),
        (
            "[/archive/]",
            "content/a.md:4: error: the alias /archive/ is the address of another page of the "
            "site (remove it from `aliases:`)",
        ),
        (  # the home page's file: it passed, and the build stopped on a clash in redirect.html
            "[/index.html]",
            "content/a.md:4: error: the alias /index.html is the address of another page of the "
            "site (remove it from `aliases:`)",
        ),
        (  # these four passed, their lines in _redirects sending the feed (say) away
            "[/feed.xml]",
            "content/a.md:4: error: the alias /feed.xml is the address of a file the site "
            "publishes (remove it from `aliases:`)",
        ),
        (
            "[/corrections/feed.xml]",
            "content/a.md:4: error: the alias /corrections/feed.xml is the address of a file "
            "the site publishes (remove it from `aliases:`)",
        ),
        (
            "[/static/logo.png]",
            "content/a.md:4: error: the alias /static/logo.png is the address of a file the site "
            "publishes (remove it from `aliases:`)",
        ),
        (  # its redirect page's folder and the _redirects file: a publish failed half undone
            "[/_redirects]",
            "content/a.md:4: error: the alias /_redirects/ is inside /_redirects, a file the site "
            "publishes (remove it from `aliases:`)",
        ),
        (  # its _redirects line sent every one-part address (/about/, /contact/) to the story
            "[/:old/]",
            "content/a.md:4: error: invalid alias: `/:old/` holds `*` or a part starting with "
            "`:`, which `_redirects` (Netlify, Cloudflare Pages) reads as a wildcard: its redirect "
            "would take other addresses too (write the old address as a path, e.g. "
            "/2019/05/old-title/)",
        ),
        (
            "[/2019/*]",
            "content/a.md:4: error: invalid alias: `/2019/*` holds `*` or a part starting with "
            "`:`, which `_redirects` (Netlify, Cloudflare Pages) reads as a wildcard: its redirect "
            "would take other addresses too (write the old address as a path, e.g. "
            "/2019/05/old-title/)",
        ),
        (  # its redirect page replaced the article's own page on macOS and Windows
            "[/2026/12/04/Some-Headline/]",
            "content/a.md:4: error: the alias /2026/12/04/Some-Headline/ and "
            "/2026/12/04/some-headline/ (this article's address) spell one name two ways, "
            "`Some-Headline` and `some-headline`, that differ only in case: macOS and Windows "
            "take them for one, so a site built or checked out there cannot keep both (remove "
            "it from `aliases:`)",
        ),
        (
            "[/Topics/old/]",
            "content/a.md:4: error: the alias /Topics/old/ and /topics/ (a page of the site) "
            "spell one name two ways, `Topics` and `topics`, that differ only in case: macOS "
            "and Windows take them for one, so a site built or checked out there cannot keep "
            "both (remove it from `aliases:`, or write it as /topics/old/)",
        ),
        (
            "[/caf%C3%A9/, /cafe%CC%81/]",
            "content/a.md:4: error: the alias /cafe\u0301/ and /caf\u00e9/ (an alias of "
            "content/a.md) spell one name two ways, `cafe\u0301` and `caf\u00e9`, that differ "
            "only in how an accent is encoded (NFC or NFD): macOS takes them for one, so a site "
            "built or checked out there cannot keep both (remove it from `aliases:`)",
        ),
        (  # a folder where the feed is: the build failed on macOS and Windows writing it
            "[/FEED.XML/]",
            "content/a.md:4: error: the alias /FEED.XML/ and /feed.xml (a file the site "
            "publishes) spell one name two ways, `FEED.XML` and `feed.xml`, that differ only in "
            "case: macOS and Windows take them for one, so a site built or checked out there "
            "cannot keep both (remove it from `aliases:`)",
        ),
    ],
)
def test_bad_aliases_are_errors(tmp_path: Path, aliases: str, message: str) -> None:
    config = site_with_story(tmp_path, f"aliases: {aliases}\n")
    with pytest.raises(NewsgenError) as caught:
        build(config)
    assert [d.format() for d in caught.value.diagnostics] == [message]
    assert not config.output_path.exists()


def test_an_alias_windows_cannot_hold_as_a_file_is_redirected_by_redirects_only(
    tmp_path: Path,
) -> None:
    """Its redirect page used to be written anyway: a build on Windows failed on it, and a
    built site holding it could not be checked out there."""
    config = site_with_story(tmp_path, 'aliases: ["/q&a: the mayor/", /con/, /news./]\n')
    hint = (
        "a host that reads no `_redirects` (object storage) answers 404 there; spell the "
        "address so that Windows can hold it, if you can"
    )
    assert [d.format() for d in build(config).diagnostics] == [
        "content/a.md:4: warning: the alias /q&a: the mayor/ gets no redirect page, only a "
        f"`_redirects` line: `:` is a character no file name may hold on Windows ({hint})",
        "content/a.md:4: warning: the alias /con/ gets no redirect page, only a `_redirects` "
        f"line: Windows keeps the name `con` for a device ({hint})",
        "content/a.md:4: warning: the alias /news./ gets no redirect page, only a `_redirects` "
        f"line: Windows drops a dot or a space at the end of a file name ({hint})",
    ]
    out = config.output_path
    assert (out / "_redirects").read_text(encoding="utf-8") == (
        f"/con/ {OLD} 301\n/news./ {OLD} 301\n/q&a:%20the%20mayor/ {OLD} 301\n"
    )
    assert not [p for p in out.iterdir() if p.name in ("con", "news.", "q&a: the mayor")]


def test_an_alias_too_long_for_a_path_is_an_error(tmp_path: Path) -> None:
    """It passed, and the build stopped writing its page with "File name too long" and a hint
    to free disk space."""
    alias = "/" + "/".join(["a" * 250] * 9) + "/"
    config = site_with_story(tmp_path, f"aliases: [{alias}]\n")
    with pytest.raises(NewsgenError) as caught:
        build(config)
    assert [d.format() for d in caught.value.diagnostics] == [
        f"content/a.md:4: error: invalid alias: `{alias[:60]}...` is longer than a path of the "
        "site may be (2000 bytes) (write the old address as a path, e.g. /2019/05/old-title/)"
    ]


def test_one_alias_in_two_articles_is_an_error(tmp_path: Path) -> None:
    config = site_with_story(tmp_path, "aliases: [/old/]\n")
    other = "---\ntitle: Other\ndate: 2026-12-03\naliases: [/old/]\n---\nText.\n"
    (config.content_path / "b.md").write_text(other, encoding="utf-8")
    with pytest.raises(NewsgenError, match=r"the alias /old/ is also an alias of content/a\.md"):
        build(config)


def test_an_alias_inside_a_published_file_is_an_error_and_the_site_is_kept(
    tmp_path: Path,
) -> None:
    """A redirect page in a folder named as a file the site publishes (the feed) could not be
    published beside it. (On a first build the feed is staged anew, and that clash is told as a
    file that cannot be written.)"""
    config = site_with_story(tmp_path)
    build(config)
    before = tree(config.output_path)
    story = config.content_path / "a.md"
    story.write_text(STORY.format(extra="aliases: [/feed.xml/old]\n"), encoding="utf-8")
    with pytest.raises(NewsgenError) as caught:
        build(config)
    assert [d.format() for d in caught.value.diagnostics] == [
        "content/a.md:4: error: the alias /feed.xml/old/ is inside /feed.xml, a file the site "
        "publishes (remove it from `aliases:`)"
    ]
    assert tree(config.output_path) == before


def test_a_removed_article_is_reported_once(tmp_path: Path) -> None:
    config = site_with_story(tmp_path)
    build(config)
    (config.content_path / "a.md").unlink()
    gone, emptied = build(config).diagnostics
    assert gone.format().startswith(f"build{OLD}: warning: an article published here before")
    assert emptied.format().startswith("build/: warning: 3 listing pages list no article any")
    assert build(config, clean=True).diagnostics == ()


def test_a_moved_articles_old_url_taken_by_another_story_is_reported_once(
    tmp_path: Path,
) -> None:
    config = site_with_story(tmp_path)
    build(config)
    retitle(config)
    build(config)
    (config.content_path / "b.md").write_text(STORY.format(extra=""), encoding="utf-8")
    assert [d.format() for d in build(config).diagnostics] == [
        f"content/b.md:1: warning: {OLD}, where an earlier build published content/a.md, now "
        f"shows this article: old links to that story lead here (give this article another "
        f"`slug:` if they should still reach content/a.md, now at {NEW})"
    ]
    assert build(config).diagnostics == build(config, clean=True).diagnostics == ()


def test_an_unreadable_history_is_reported_and_started_afresh(tmp_path: Path) -> None:
    config = site_with_story(tmp_path)
    build(config)
    (config.root / ".newsgen" / HISTORY_FILE).write_text("{not json", encoding="utf-8")
    (warned,) = build(config, clean=True).diagnostics
    assert warned.format().startswith(".newsgen/published.json: warning: the URL history")
    assert build(config, clean=True).diagnostics == ()


def test_check_fix_pins_ids_and_slugs_and_changes_no_output(tmp_path: Path) -> None:
    config = site_with_story(tmp_path)
    crlf = "\ufeff---\r\ntitle: Other\r\ndate: 2026-12-03\r\n---\r\nText.\r\n"
    (config.content_path / "b.md").write_bytes(crlf.encode("utf-8"))
    build(config)
    before = tree(config.output_path)
    runner = CliRunner()
    checked = runner.invoke(cli, ["--site", str(config.root), "check"])
    assert checked.output.count("no `id:` and `slug:` in the front matter") == 2
    fixed = runner.invoke(cli, ["--site", str(config.root), "check", "--fix"])
    assert fixed.exit_code == 0, fixed.output
    assert "pinned id: and slug: in content/a.md" in fixed.output
    assert "0 error(s), 0 warning(s)" in fixed.output
    data = (config.content_path / "b.md").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf---\r\nid: ") and b"\r\nslug: other\r\n" in data
    build(config)
    assert tree(config.output_path) == before, "pinning keeps every URL and feed id"
    again = runner.invoke(cli, ["--site", str(config.root), "check", "--fix"])
    assert "pinned" not in again.output


@pytest.mark.parametrize(
    "front",
    [
        "{title: Flow style, date: 2026-12-03}\n",  # the lines would have gone before the brace
        "!!map\ntitle: Tagged\ndate: 2026-12-03\n",
    ],
)
def test_check_fix_never_breaks_front_matter_it_cannot_add_lines_to(
    tmp_path: Path, front: str
) -> None:
    """Lines under --- are keys only in a block mapping: elsewhere --fix wrote them all the same,
    and the valid article it was asked to pin no longer read."""
    config = make_site(tmp_path, CONFIG, {"content/b.md": f"---\n{front}---\nText.\n"})
    before = (config.content_path / "b.md").read_bytes()
    fixed = CliRunner().invoke(cli, ["--site", str(config.root), "check", "--fix"])
    assert fixed.exit_code == 1
    (article,) = load_site(config).articles
    (message,) = [line for line in fixed.output.splitlines() if "error:" in line]
    assert message == (
        "content/b.md:1: error: cannot write its `id:` and `slug:`: its front matter is not one "
        "`key: value` line after another, so lines put under --- would not be read as keys "
        f"(write `id: {article.uid}`, `slug: {article.slug}` into it by hand)"
    )
    assert (config.content_path / "b.md").read_bytes() == before


def test_morning_briefings_on_two_days_build(tmp_path: Path) -> None:
    brief = "---\ntitle: Morning briefing\ndate: 2026-12-0{day} 07:00\n---\nNews.\n"
    config = make_site(tmp_path, CONFIG, {f"content/{d}.md": brief.format(day=d) for d in (3, 4)})
    build(config)
    for day in (3, 4):
        assert (config.output_path / f"2026/12/0{day}/morning-briefing/index.html").is_file()


@given(st.text(max_size=60))
def test_aliases_are_plain_site_paths_or_refused(text: str) -> None:
    path, problem = normal_alias(text, "https://news.example/")
    assert bool(path) != bool(problem)
    if path:
        parts = path.split("/")
        assert path.startswith("/") and ".." not in parts and "?" not in path
        assert not any(part.startswith(".") for part in parts)


@given(st.text(max_size=80))
def test_ids_are_uuids_or_uris_or_refused(text: str) -> None:
    uid = normal_id(text)
    assert uid == "" or ":" in uid or len(uid) == 36
    assert not any(c.isspace() for c in uid)


@needs_reuters
def test_925_reuters_stories_import_and_build_without_errors(tmp_path: Path) -> None:
    config = make_site(tmp_path, CONFIG + "date_order: DMY\n")
    config.seeds_path.mkdir()
    stories = reuters_stories()
    for story in stories:
        path = config.seeds_path / f"{story.number:04d}.txt"
        path.write_text(story_seed(story), encoding="utf-8")
    done = CliRunner().invoke(cli, ["--site", str(config.root), "import"])
    assert done.exit_code == 0, done.output
    assert f"imported {len(stories)} seed(s)" in done.output and len(stories) == 925
    summary = build(config, search=False)
    assert not [d for d in summary.diagnostics if d.level.value == "error"]
    articles = config.output_path.glob("19*/*/*/*/index.html")
    assert len([p for p in articles if "page" not in p.parts]) == 925


def many_stories(root: Path, count: int) -> SiteConfig:
    brief = "---\ntitle: Story {n}\ndate: 2026-11-0{n} 10:00\n---\nNews.\n"
    return make_site(
        root, CONFIG, {f"content/s{n}.md": brief.format(n=n) for n in range(1, count + 1)}
    )


def test_a_new_article_path_is_told_once_and_check_fix_writes_every_alias(
    tmp_path: Path,
) -> None:
    config = many_stories(tmp_path / "site", 7)
    build(config)
    settings = config.root / "newsgen.yaml"
    settings.write_text(CONFIG + 'article_path: "news/{year}/{slug}/"\n', encoding="utf-8")
    config = load_config(config.root)
    (moved,) = build(config).diagnostics
    assert moved.format() == (
        "content/: warning: 7 articles are published at new URLs, and their old URLs redirect "
        "to them: content/s1.md (was /2026/11/01/story-1/), content/s2.md (was "
        "/2026/11/02/story-2/), content/s3.md (was /2026/11/03/story-3/), content/s4.md (was "
        "/2026/11/04/story-4/), content/s5.md (was /2026/11/05/story-5/) and 2 more (run "
        "`newsgen check --fix` to write each old URL into its article's `aliases:`, so that "
        "the redirects survive a deleted .newsgen/ folder)"
    )
    published = tree(config.output_path)
    fixed = CliRunner().invoke(cli, ["--site", str(config.root), "check", "--fix"])
    assert fixed.exit_code == 0, fixed.output
    assert "pinned id:, slug: and aliases: in content/s7.md" in fixed.output
    text = (config.content_path / "s7.md").read_text(encoding="utf-8")
    assert text.startswith("---\nid: ") and "\naliases: [/2026/11/07/story-7/]\n" in text
    assert build(config).diagnostics == ()
    assert tree(config.output_path) == published, "the aliases make the same redirects"
    shutil.copytree(config.root, tmp_path / "cold", ignore=shutil.ignore_patterns(".newsgen"))
    shutil.rmtree(tmp_path / "cold" / "build")
    cold = load_config(tmp_path / "cold")
    assert build(cold).diagnostics == ()
    assert tree(cold.output_path) == published, "without the URL history too"


def test_many_removed_articles_are_told_in_one_warning(tmp_path: Path) -> None:
    config = many_stories(tmp_path, 7)
    build(config)
    for n in range(1, 8):
        (config.content_path / f"s{n}.md").unlink()
    told = [d.format() for d in build(config).diagnostics]
    assert told[0].startswith(
        "build/: warning: 7 articles published before are no longer published (deleted, "
    )
    assert told[0].endswith(
        "/2026/11/05/story-5/ and 2 more (restore them, or give the articles that replace them "
        "`aliases:` with their addresses)"
    )
    assert len(told) == 2 and "listing pages" in told[1]


def test_check_fix_leaves_an_aliases_list_to_the_editor(tmp_path: Path) -> None:
    config = site_with_story(tmp_path, "id: urn:x:a\nslug: some-headline\naliases: [/older/]\n")
    build(config)
    path = config.content_path / "a.md"
    path.write_text(path.read_text("utf-8").replace("slug: some-headline", "slug: other"))
    build(config)
    before = path.read_bytes()
    fixed = CliRunner().invoke(cli, ["--site", str(config.root), "check", "--fix"])
    assert (
        f"content/a.md:1: warning: earlier builds published this article at {OLD}, which its "
        "`aliases:` do not give (add them to its `aliases:` list, so that their redirects "
        "survive a deleted .newsgen/)"
    ) in fixed.output
    assert path.read_bytes() == before


def test_an_alias_problem_is_told_at_the_aliases_line(tmp_path: Path) -> None:
    config = site_with_story(tmp_path, "aliases:\n  - /older/\n  - /archive\n")
    with pytest.raises(NewsgenError) as caught:
        build(config)
    assert [d.format() for d in caught.value.diagnostics] == [
        "content/a.md:4: error: the alias /archive/ is the address of another page of the site "
        "(remove it from `aliases:`)"
    ]
    config = site_with_story(tmp_path / "other", "aliases:\n  - /older/\n  - /archive/\n")
    with pytest.raises(NewsgenError) as caught:
        build(config)
    assert caught.value.diagnostics[0].line == 6, "at its own line when written as it is read"
