"""`newsgen import` of WordPress exports: the real Theme Unit Test export, read where it lies,
and a hostile export written here in its structure."""

from __future__ import annotations

import gzip
import re
import time
from pathlib import Path

import pytest
from click.testing import Result

from importutil import SITE_CONFIG, WORDPRESS, imported, line_of, needs_corpora, newsgen
from newsgen.config.site import load_config
from newsgen.content.check import check_site
from newsgen.content.identity import own_alias
from newsgen.content.imports.conversions import POOL_MIN_BODIES
from newsgen.diagnostics import Level
from newsgen.runtime import workers
from pools import counted_pools
from seedutil import make_site
from sitegen import NOW, build

SECRET = "TOP-SECRET-PASSWORD-LINE"
HOSTILE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE rss [
  <!ENTITY xxe SYSTEM "file://{secret}">
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Old Gazette</title>
  <link>https://gazette.example</link>
  <wp:base_blog_url>https://gazette.example</wp:base_blog_url>
  <wp:author><wp:author_login>jdoe</wp:author_login>
    <wp:author_display_name><![CDATA[Jane Doe]]></wp:author_display_name></wp:author>
{items}
</channel>
</rss>
"""
ITEM = """  <item>
    <title>{title}</title>
    <link>https://gazette.example/{id}/</link>
    <dc:creator>{creator}</dc:creator>
    <guid isPermaLink="false">https://gazette.example/?p={id}</guid>
    <content:encoded><![CDATA[{body}]]></content:encoded>
    <excerpt:encoded><![CDATA[]]></excerpt:encoded>
    <wp:post_id>{id}</wp:post_id>
    {dates}
    <wp:post_name>{name}</wp:post_name>
    <wp:status>{status}</wp:status>
    <wp:post_type>{kind}</wp:post_type>
    <wp:post_password></wp:post_password>
    <category domain="category" nicename="politics"><![CDATA[Politics]]></category>
    <category domain="post_tag" nicename="city-hall"><![CDATA[City Hall]]></category>
    <category domain="category" nicename="uncategorized"><![CDATA[Uncategorized]]></category>
  </item>"""
DATES = (
    "<wp:post_date>2019-05-02 11:00:00</wp:post_date>"
    "<wp:post_date_gmt>2019-05-02 09:00:00</wp:post_date_gmt>"
)
SCRIPTED = (
    "First paragraph <script>alert('body')</script>with <em>style</em>.\n\n"
    "<style>body{display:none}</style><iframe src='https://evil.example/frame'>framed</iframe>"
    '<a href="javascript:alert(1)">a bad link</a> and <a href="/about/">a relative one</a>.'
    '<img src="x.jpg" onerror="alert(2)" alt="A picture">\n\n'
    '[caption id="attachment_1" width="300"]<img src="https://gazette.example/bell.jpg" '
    'alt="A bell" /> The bell on the wharf[/caption]\n\n[gallery ids="1,2,3"]\n\n'
    "Closing words [sic] stay."
)


def item(number: int, title: str, body: str = "Text.", **fields: str) -> str:
    """One item of the export, a published post unless `fields` say otherwise."""
    values = {"dates": DATES, "status": "publish", "kind": "post", "name": "", "creator": ""}
    return ITEM.format(id=number, title=title, body=body, **(values | fields))


def import_export(site: Path, export: Path, text: str) -> tuple[Path, Result]:
    """Write the export `text` to `export` and import it, which must succeed."""
    export.write_text(text, encoding="utf-8")
    result = newsgen(site, "import", str(export))
    assert result.exit_code == 0, result.output
    return export, result


def hostile_export(tmp_path: Path) -> str:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    items = [
        item(1, "Council &lt;b&gt;votes&lt;/b&gt; on budget", SCRIPTED, creator="jdoe"),
        item(2, "Entity &xxe; in the title"),
        item(3, "Laughs &lol3;"),
        item(4, "No date at all", dates=""),
        item(5, "Same headline", "One."),
        item(6, "Same headline", "Two."),
        item(
            7,
            "Work in progress",
            status="draft",
            dates=DATES.replace("2019-05-02 09", "0000-00-00 00"),
        ),
        item(8, "About us", kind="page"),
        item(9, "", "Untitled."),
    ]
    return HOSTILE.format(secret=secret, items="\n".join(items))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site", SITE_CONFIG).root


def test_a_hostile_export_imports_what_is_safe_and_refuses_the_rest_at_its_line(
    site: Path, tmp_path: Path
) -> None:
    text = hostile_export(tmp_path)
    export = tmp_path / "export.xml"
    export.write_text(text, encoding="utf-8")
    result = newsgen(site, "import", str(export))
    assert result.exit_code == 1
    shown = export.as_posix()
    item_line = {
        marker: line_of(text, marker, "<item>") for marker in ("?p=2<", "?p=3<", "?p=4<", "?p=9<")
    }
    for marker, message in (
        ("?p=2<", "error: the item uses the XML entity &xxe;, which newsgen never expands"),
        ("?p=3<", "error: the item uses the XML entity &lol3;"),
        ("?p=4<", "error: the item has no date (wp:post_date_gmt) (write it as ISO 8601"),
        ("?p=9<", "error: the item has no title (give the post a title in WordPress"),
    ):
        assert f"{shown}:{item_line[marker]}: {message}" in result.output
    page_line = line_of(text, "?p=8<", "<item>")
    assert f"{shown}:{page_line}: note: skipped 1 'page' item(s)" in result.output
    assert result.output.endswith(
        "imported 4 item(s), 0 unchanged, 0 kept as edited, 1 skipped, 4 refused\n"
    )
    files = imported(site)
    assert sorted(files) == [
        "2019/05/council-votes-on-budget.md",
        "2019/05/same-headline-2.md",
        "2019/05/same-headline.md",
        "2019/05/work-in-progress.md",
    ]
    everything = "\n".join(files.values())
    for banned in (SECRET, "<script", "alert(", "<iframe", "evil.example", "javascript:", "<style"):
        assert banned not in everything
    council = files["2019/05/council-votes-on-budget.md"]
    assert "title: Council votes on budget\n" in council
    assert "date: '2019-05-02T09:00:00+00:00'\n" in council
    assert "id: https://gazette.example/?p=1\n" in council
    assert "authors: [Jane Doe]\n" in council
    assert "source: {name: Old Gazette, url: 'https://gazette.example/1/'}\n" in council
    assert "topics: [Politics, City Hall]\n" in council
    assert "[a relative one](https://gazette.example/about/)" in council
    assert "![A bell](https://gazette.example/bell.jpg)\n\nThe bell on the wharf" in council
    assert (
        "Closing words [sic] stay." in council
        and "[gallery" not in council
        and "[caption" not in council
    )
    assert "Site Owner" not in everything
    draft = files["2019/05/work-in-progress.md"]
    assert "draft: true\n" in draft
    slugs = sorted(
        line
        for body in files.values()
        for line in body.splitlines()
        if line.startswith("slug: same")
    )
    assert slugs == ["slug: same-headline", "slug: same-headline-2"]


def test_hostile_imports_load_and_build_without_their_markup(site: Path, tmp_path: Path) -> None:
    export = tmp_path / "export.xml"
    export.write_text(hostile_export(tmp_path), encoding="utf-8")
    newsgen(site, "import", str(export))
    config = make_site(site, SITE_CONFIG)
    problems = [d for d in check_site(config, NOW) if d.level is Level.ERROR]
    assert problems == []
    build(config)
    page = site / "build" / "2019" / "05" / "02" / "council-votes-on-budget" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "Originally published by" in html and "https://gazette.example/1/" in html
    assert "alert(" not in html and "evil.example" not in html
    assert "Site Owner" not in html


def test_a_damaged_export_is_refused_at_its_line_and_nothing_is_written(
    site: Path, tmp_path: Path
) -> None:
    export = tmp_path / "cut.xml"
    text = hostile_export(tmp_path)
    export.write_text(text[: text.index("?p=5<")], encoding="utf-8")
    result = newsgen(site, "import", "--format", "wxr", str(export))
    assert result.exit_code == 1
    assert (
        f"{export.as_posix()}:" in result.output
        and ": error: not well-formed XML: " in result.output
    )
    assert not (site / "content").exists()


def test_an_export_in_another_encoding_than_it_says_is_refused_at_the_line(
    site: Path, tmp_path: Path
) -> None:
    """No encoding named means UTF-8: Windows-1252 bytes are refused at their line with the way
    out, however the file is stored."""
    text = hostile_export(tmp_path).replace("Same headline", "Caf\u00e9 reopens")
    for name in ("cp1252.xml", "cp1252.xml.gz"):
        export = tmp_path / name
        data = text.replace(' encoding="UTF-8"', "").encode("cp1252")
        export.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
        result = newsgen(site, "import", str(export))
        assert result.exit_code == 1
        line = line_of(text, "Caf\u00e9 reopens")
        assert result.output.startswith(
            f"{export.as_posix()}:{line}: error: not well-formed XML: Invalid bytes in character "
            f"encoding, line {line}, column 15 (name its encoding in its first line: "
            '<?xml version="1.0" encoding="windows-1252"?>)\n'
        )
        assert not (site / "content").exists()


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_an_export_saved_as_utf16_is_told_apart_and_imports_as_in_utf8(
    site: Path, tmp_path: Path, codec: str
) -> None:
    """Windows tools save XML as UTF-16 with a byte-order mark: no --format is needed."""
    text = hostile_export(tmp_path).replace("Same headline", "Caf\u00e9 reopens")
    plain, wide = tmp_path / "utf8.xml", tmp_path / "utf16.xml"
    plain.write_text(text, encoding="utf-8")
    wide.write_bytes(
        b"\xfe\xff" * (codec == "utf-16-be") + text.replace("UTF-8", "UTF-16").encode(codec)
    )
    other = make_site(tmp_path / "other", SITE_CONFIG).root
    expected = newsgen(other, "import", str(plain))
    result = newsgen(site, "import", str(wide))
    assert result.output.replace(wide.as_posix(), "X") == expected.output.replace(
        plain.as_posix(), "X"
    )
    assert imported(site) == imported(other) and "2019/05/cafe-reopens.md" in imported(site)


@needs_corpora
def test_the_theme_unit_test_export_imports_every_post(site: Path) -> None:
    text = WORDPRESS.read_text(encoding="utf-8")
    started = time.perf_counter()
    result = newsgen(site, "import", str(WORDPRESS))
    elapsed = time.perf_counter() - started
    shown = WORDPRESS.as_posix()
    assert result.exit_code == 1, result.output
    assert result.output.endswith(
        "imported 56 item(s), 0 unchanged, 0 kept as edited, 129 skipped, 1 refused\n"
    )
    protected = line_of(text, "/template-password-protected/</link>", "<item>")
    assert f"{shown}:{protected}: warning: 1 password-protected post(s) not imported" in (
        result.output
    )
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    untitled = line_of(text, "/edge-case-no-title/</link>", "<item>")
    assert errors == [
        f"{shown}:{untitled}: error: the item has no title (give the post a title in WordPress "
        "and export again, or write one in its <title>)"
    ]
    for kind, count in (("page", 21), ("attachment", 37), ("nav_menu_item", 70)):
        assert f"note: skipped {count} '{kind}' item(s)" in result.output
    files = imported(site)
    assert len(files) == 56
    everything = "\n".join(files.values())
    assert "<script" not in everything and "<iframe" not in everything
    assert re.findall(r"\[/?(?:caption|gallery|embed|video|audio)\b[^\]]*\][^(]", everything) == []
    assert "Site Owner" not in everything
    assert sum("draft: true\n" in text for text in files.values()) == 2
    featured = files["2012/03/template-featured-image-horizontal.md"]
    assert (
        "\nimage: https://wpthemetestdata.files.wordpress.com/2013/03/featured-image-horizontal"
        ".jpg\nimage_alt: Horizontal Featured Image\n"
    ) in featured, "a post's featured image (its _thumbnail_id attachment) is its picture"
    assert sum("\nimage: https://" in text for text in files.values()) == 6
    print(f"\nWXR import: {186 / elapsed:.0f} items/s ({elapsed:.2f} s for 186 items)")
    again = newsgen(site, "import", str(WORDPRESS))
    assert again.output.endswith(
        "imported 0 item(s), 56 unchanged, 0 kept as edited, 129 skipped, 1 refused\n"
    )
    assert imported(site) == files
    config = make_site(site, SITE_CONFIG)
    assert [d.format() for d in check_site(config, NOW) if d.level is Level.ERROR] == []


def test_the_sites_own_old_archive_keeps_its_addresses_and_credits_no_other(
    tmp_path: Path,
) -> None:
    """The export of the site's own WordPress (its links on the site's host, under http and
    with www. there): each post's old path becomes an alias, and no other publisher is
    credited; a re-import changes nothing."""
    config = "title: Gazette\nbase_url: https://gazette.example/\ntimezone: UTC\nsearch: false\n"
    site = make_site(tmp_path, config + 'article_path: "{year}/{slug}/"\n').root
    export = tmp_path / "export.xml"
    items = [
        item(41, "Bridge", "<p>Open.</p>", creator="jdoe", name="bridge"),
        item(42, "Notes", "<p>Draft.</p>", creator="jdoe", name="notes", status="draft"),
    ]
    text = HOSTILE.split("<!DOCTYPE", 1)[0] + HOSTILE.split("]>\n", 1)[1]
    text = text.format(items="\n".join(items)).replace(
        "https://gazette.example/41/", "http://www.gazette.example/2019/05/02/bridge/"
    )
    export.write_text(
        text.replace("https://gazette.example/42/", "https://gazette.example/?p=42"),
        encoding="utf-8",
    )
    assert newsgen(site, "import", str(export)).exit_code == 0
    files = imported(site)
    bridge = files["2019/05/bridge.md"]
    assert "\naliases: [/2019/05/02/bridge/]\n" in bridge
    assert "\nsource:" not in bridge and "\nsource:" not in files["2019/05/notes.md"]
    assert "aliases" not in files["2019/05/notes.md"], "an address with a query is no alias"
    assert build(load_config(site)).diagnostics == ()
    assert "url=/2019/bridge/" in (site / "build/2019/05/02/bridge/index.html").read_text("utf-8")
    again = newsgen(site, "import", str(export))
    assert "imported 0 item(s), 2 unchanged" in again.output


def test_agency_copy_filed_under_an_agencys_user_credits_the_agency_not_a_person(
    tmp_path: Path,
) -> None:
    """The site's own archive files wire copy under WordPress users named for the agencies:
    the agency becomes the story's source, never an author, nor the site's own byline."""
    config = "title: Gazette\nbase_url: https://gazette.example/\ntimezone: UTC\nsearch: false\n"
    site = make_site(tmp_path, config).root
    export = tmp_path / "export.xml"
    wire = (
        "<wp:author><wp:author_login>ap</wp:author_login>"
        "<wp:author_display_name>The Associated Press</wp:author_display_name></wp:author>"
    )
    items = [
        item(41, "Wire story", "<p>Copy.</p>", creator="ap", name="wire"),
        item(42, "Joint story", "<p>Copy.</p>", creator="Jane Doe, Reuters", name="joint"),
        item(43, "Own story", "<p>Ours.</p>", creator="jdoe", name="own"),
    ]
    text = HOSTILE.split("<!DOCTYPE", 1)[0] + HOSTILE.split("]>\n", 1)[1]
    text = text.format(items="\n".join(items)).replace("</wp:author>", "</wp:author>" + wire, 1)
    export.write_text(text, encoding="utf-8")
    result = newsgen(site, "import", str(export))
    assert result.exit_code == 0
    assert (
        f"export.xml:{line_of(text, 'Wire story', '<item>')}: note: credited 'The Associated Press' "
        "as the item's source, not as an author: it is a news agency (edit the authors and "
        "source of the imported file if it is not)\n"
    ) in result.output
    files = imported(site)
    wire_story = files["2019/05/wire.md"]
    assert "\nsource: {name: The Associated Press}\n" in wire_story
    assert "authors" not in wire_story and "\naliases: [/41/]\n" in wire_story
    joint = files["2019/05/joint.md"]
    assert "\nauthors: [Jane Doe]\nsource: {name: Reuters}\n" in joint
    own = files["2019/05/own.md"]
    assert "\nauthors: [Jane Doe]\n" in own and "source" not in own
    assert build(load_config(site)).diagnostics == ()
    page = (site / "build/2019/05/02/wire/index.html").read_text("utf-8")
    assert "Originally published by" in page and '"@type": "Person"' not in page


def test_co_authors_plus_bylines_every_author_guests_included(site: Path, tmp_path: Path) -> None:
    roe = (
        "<wp:author><wp:author_login>mroe</wp:author_login>"
        "<wp:author_display_name>Mark Roe</wp:author_display_name></wp:author>"
    )
    terms = "".join(
        f'<category domain="author" nicename="cap-{login}"><![CDATA[{login}]]></category>'
        for login in ("jdoe", "mroe", "cap-lia-ng", "cap-unknown")
    )
    guest = item(50, "Lia Ng", kind="guest-author").replace(
        "<wp:post_password></wp:post_password>",
        "<wp:postmeta><wp:meta_key>cap-user_login</wp:meta_key>"
        "<wp:meta_value>cap-lia-ng</wp:meta_value></wp:postmeta>"
        "<wp:postmeta><wp:meta_key>cap-display_name</wp:meta_key>"
        "<wp:meta_value><![CDATA[Lia Ng]]></wp:meta_value></wp:postmeta>",
    )
    post = item(51, "Joint report", creator="jdoe").replace(
        "<wp:post_password></wp:post_password>", terms
    )
    text = HOSTILE.split("<!DOCTYPE", 1)[0] + HOSTILE.split("]>\n", 1)[1]
    text = text.format(items=f"{guest}\n{post}").replace("</wp:author>", "</wp:author>" + roe, 1)
    export = tmp_path / "export.xml"
    export.write_text(text, encoding="utf-8")
    result = newsgen(site, "import", str(export))
    assert result.exit_code == 0
    assert f"export.xml:{line_of(text, 'Lia Ng', '<item>')}: note: skipped 1 'guest-author'" in (
        result.output
    )
    report = imported(site)["2019/05/joint-report.md"]
    assert "\nauthors: [Jane Doe, Mark Roe, Lia Ng, cap-unknown]\n" in report


def test_an_export_from_before_the_site_moved_to_https_updates_the_same_articles(
    site: Path, tmp_path: Path
) -> None:
    """An older export names the blog under http://www., a newer one under https, and the
    site's feed names each post by its guid: one story each time, under the id it had."""
    text = HOSTILE.split("<!DOCTYPE", 1)[0] + HOSTILE.split("]>\n", 1)[1]
    text = text.format(items=item(41, "Bridge", "<p>Open.</p>", name="bridge"))
    newer, older = tmp_path / "newer.xml", tmp_path / "older.xml"
    newer.write_text(text, encoding="utf-8")
    older.write_text(
        text.replace(
            "<wp:base_blog_url>https://gazette.example",
            "<wp:base_blog_url>http://www.gazette.example",
        ),
        encoding="utf-8",
    )
    assert "imported 1 item(s)" in newsgen(site, "import", str(newer)).output
    again = newsgen(site, "import", str(older))
    assert again.output.endswith(
        "imported 0 item(s), 1 unchanged, 0 kept as edited, 0 skipped, 0 refused\n"
    )
    feed = tmp_path / "feed.rss"
    feed.write_text(
        '<rss version="2.0"><channel><title>Old Gazette</title><item><title>Bridge open</title>'
        "<link>https://gazette.example/41/</link><guid>http://gazette.example/?p=41</guid>"
        "<pubDate>Thu, 02 May 2019 09:00:00 +0000</pubDate><description>Open.</description>"
        "</item></channel></rss>",
        encoding="utf-8",
    )
    assert "imported 1 item(s)" in newsgen(site, "import", str(feed)).output
    (bridge,) = imported(site).values()
    assert "title: Bridge open\n" in bridge and "\nid: https://gazette.example/?p=41\n" in bridge
    both = newsgen(site, "import", str(newer), str(feed))
    assert "feed.rss:1: error: the item's id 'http://gazette.example/?p=41' is also the id " in (
        both.output
    )


def test_a_published_post_without_its_utc_time_is_read_in_the_site_timezone_with_a_note(
    site: Path, tmp_path: Path
) -> None:
    local_only = DATES.replace("2019-05-02 09:00:00", "0000-00-00 00:00:00")
    items = [
        item(41, "Local only", dates=local_only),
        item(42, "Draft", dates=local_only, status="draft"),
        item(43, "Both", name="both"),
    ]
    text = HOSTILE.split("<!DOCTYPE", 1)[0] + HOSTILE.split("]>\n", 1)[1]
    text = text.format(items="\n".join(items))
    export = tmp_path / "export.xml"
    export.write_text(text, encoding="utf-8")
    result = newsgen(site, "import", str(export))
    assert result.exit_code == 0
    notes = [line for line in result.output.splitlines() if "wp:post_date_gmt" in line]
    assert notes == [
        f"{export.as_posix()}:{line_of(text, 'Local only', '<item>')}: note: the post has no "
        "wp:post_date_gmt: its wp:post_date 2019-05-02 11:00:00 is read in the site timezone "
        "(Europe/Kyiv) (check its date if the blog kept another timezone)"
    ]
    assert "date: '2019-05-02T11:00:00+03:00'\n" in imported(site)["2019/05/local-only.md"]


def test_the_old_slugs_wordpress_redirected_keep_answering(tmp_path: Path) -> None:
    config = "title: Gazette\nbase_url: https://gazette.example/\ntimezone: UTC\nsearch: false\n"
    site = make_site(tmp_path, config + 'article_path: "{year}/{slug}/"\n').root
    olds = "".join(
        f"<wp:postmeta><wp:meta_key>_wp_old_slug</wp:meta_key><wp:meta_value>{old}"
        "</wp:meta_value></wp:postmeta>"
        for old in ("bridge-closed", "bridge-draft")
    )
    post = item(41, "Bridge", "<p>Open.</p>", name="bridge").replace(
        "<wp:post_password></wp:post_password>", olds
    )
    text = HOSTILE.split("<!DOCTYPE", 1)[0] + HOSTILE.split("]>\n", 1)[1]
    text = text.format(items=post).replace(
        "https://gazette.example/41/", "https://gazette.example/2019/05/02/bridge/"
    )
    export = tmp_path / "export.xml"
    export.write_text(text, encoding="utf-8")
    assert newsgen(site, "import", str(export)).exit_code == 0
    bridge = imported(site)["2019/05/bridge.md"]
    assert (
        "\naliases: [/2019/05/02/bridge/, /2019/05/02/bridge-closed/, /2019/05/02/bridge-draft/]\n"
    ) in bridge
    assert build(load_config(site)).diagnostics == ()
    moved = (site / "build/2019/05/02/bridge-closed/index.html").read_text("utf-8")
    assert "url=/2019/bridge/" in moved


def test_pictures_on_the_sites_own_host_are_told_once_to_be_moved(tmp_path: Path) -> None:
    config = "title: Gazette\nbase_url: https://gazette.example/\ntimezone: UTC\nsearch: false\n"
    site = make_site(tmp_path, config).root
    items = [
        item(41, "Bridge", '<img src="/wp-content/uploads/2019/05/bridge.jpg" alt="Bridge">'),
        item(42, "Pier", '<img src="http://www.gazette.example/wp-content/uploads/pier.jpg">'),
        item(43, "Elsewhere", '<img src="https://cdn.example/far.jpg" alt="Far">'),
    ]
    text = HOSTILE.split("<!DOCTYPE", 1)[0] + HOSTILE.split("]>\n", 1)[1]
    text = text.format(items="\n".join(items))
    export = tmp_path / "export.xml"
    export.write_text(text, encoding="utf-8")
    result = newsgen(site, "import", str(export))
    told = [line for line in result.output.splitlines() if "own host" in line]
    assert told == [
        f"export.xml:{line_of(text, 'Bridge', '<item>')}: note: 2 picture(s) of the imported "
        "items are on the site's own host, as "
        "https://gazette.example/wp-content/uploads/2019/05/bridge.jpg: the old system served "
        "them (copy its files into static/ (static/wp-content/uploads/2019/05/bridge.jpg) before "
        "the new site replaces it, or those pictures will not show)"
    ]
    assert "own host" not in newsgen(site, "import", str(export)).output


@pytest.mark.parametrize(
    ("url", "alias"),
    [
        ("http://www.gazette.example/2019/05/bridge/", "/2019/05/bridge/"),
        ("https://gazette.example/caf%C3%A9", "/café/"),
        ("https://gazette.example/story.php", "/story.php"),
        ("https://gazette.example/?p=41", ""),
        ("https://gazette.example/", ""),
        ("https://gazette.example:8443/x/", ""),
        ("https://other.example/x/", ""),
        ("ftp://gazette.example/x/", ""),
        ("https://gazette.example/a/../b/", ""),
        ("/relative/", ""),
        ("https://gazette.example:abc/x/", ""),
        ("https://gazette.example:99999/x/", ""),
        ("http://[::1/x/", ""),
    ],
)
def test_an_own_alias_is_a_plain_path_on_the_sites_host(url: str, alias: str) -> None:
    assert own_alias(url, "https://gazette.example/") == alias
    assert (
        own_alias(
            url.replace("gazette.example/", "gazette.example/news/", 1),
            "https://gazette.example/news/",
        )
        == alias
    )


ATTACHMENT = """  <item>
    <title>Photo</title>
    <excerpt:encoded><![CDATA[The <em>bridge</em> at dawn]]></excerpt:encoded>
    <wp:post_id>{id}</wp:post_id>
    <wp:post_type>attachment</wp:post_type>
    <wp:attachment_url>{url}</wp:attachment_url>
    <wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>
      <wp:meta_value><![CDATA[Cars  on the <b>bridge</b>]]></wp:meta_value></wp:postmeta>
  </item>"""


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://gazette.example/files/bridge.jpg",
            "image: https://gazette.example/files/bridge.jpg\nimage_alt: Cars on the bridge\n"
            "image_caption: The bridge at dawn\n",
        ),
        ("javascript:alert(1)", ""),
    ],
)
def test_a_featured_image_is_the_posts_picture_when_it_is_on_the_web(
    tmp_path: Path, url: str, expected: str
) -> None:
    site = make_site(tmp_path, SITE_CONFIG).root
    post = item(41, "Bridge", "<p>Open.</p>", creator="jdoe", name="bridge").replace(
        "</item>",
        "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
        "<wp:meta_value>90</wp:meta_value></wp:postmeta></item>",
    )
    text = HOSTILE.split("<!DOCTYPE", 1)[0] + HOSTILE.split("]>\n", 1)[1]
    export = tmp_path / "export.xml"
    export.write_text(text.format(items=post + ATTACHMENT.format(id=90, url=url)), "utf-8")
    assert newsgen(site, "import", str(export)).exit_code == 0
    (written,) = imported(site).values()
    assert ("\nimage" in written) == bool(expected)
    assert expected in written


def test_a_password_protected_post_is_not_imported_and_is_told(site: Path, tmp_path: Path) -> None:
    """Its text was for the readers with the password: as a draft in content/, it was in the
    clear for anyone with the site's files, and one edit from being published."""
    secret = item(43, "For members", "<p>The members' secret.</p>").replace(
        "<wp:post_password></wp:post_password>", "<wp:post_password>enter</wp:post_password>"
    )
    text = HOSTILE.split("<!DOCTYPE", 1)[0] + HOSTILE.split("]>\n", 1)[1]
    text = text.format(items="\n".join([item(41, "Open", "<p>For all.</p>"), secret, secret]))
    export, result = import_export(site, tmp_path / "export.xml", text)
    line = line_of(text, "?p=43<", "<item>")
    assert (
        f"{export.as_posix()}:{line}: warning: 2 password-protected post(s) not imported, the "
        "first here: only readers with the password could read them, and content/ would hold "
        "their text for anyone with the site's files (to publish one, remove its password in "
        "WordPress and export again)"
    ) in result.output
    files = imported(site)
    assert list(files) == ["2019/05/open.md"]
    assert all("secret" not in text for text in files.values())


def test_an_export_of_many_posts_converts_each_body_for_its_own_post(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Enough posts that their bodies are converted on forked workers: each body and note
    lands on its own post."""
    assert workers.can_fork(), "the test needs a pool of worker processes"
    forked = counted_pools(monkeypatch, workers)
    count = POOL_MIN_BODIES + 40
    bodies = {n: f"<p>Story <b>{n}</b>.</p>" for n in range(1, count + 1)}
    bodies[170] += '<iframe src="https://video.example/170"></iframe>'
    bodies[230] += '[gallery ids="1,2"]'
    items = "".join(item(n, f"Post {n}", bodies[n], name=f"post-{n}") for n in bodies)
    export = tmp_path / "many.xml"
    export.write_text(HOSTILE.format(secret="/nonexistent", items=items), encoding="utf-8")
    result = newsgen(site, "import", str(export))
    assert result.exit_code == 0, result.output
    assert forked, "no worker was forked"
    files = imported(site)
    for n in bodies:
        assert files[f"2019/05/post-{n}.md"].endswith(f"---\nStory **{n}**.\n")
    written = export.read_text(encoding="utf-8")
    player = f"{export.as_posix()}:{line_of(written, 'Post 170<', '<item>')}: note: removed the"
    assert f"{player} embedded player https://video.example/170 " in result.output
    gallery = f"{export.as_posix()}:{line_of(written, 'Post 230<', '<item>')}: note: removed the"
    assert f"{gallery} shortcode [gallery] " in result.output
    assert result.output.count("note: removed the") == 2


COMMENT = (
    "<wp:comment><wp:comment_id>{n}</wp:comment_id><wp:comment_author><![CDATA[Reader]]>"
    "</wp:comment_author><wp:comment_content><![CDATA[Great story.]]></wp:comment_content>"
    "<wp:comment_approved>1</wp:comment_approved></wp:comment>"
)


def test_readers_comments_are_left_out_with_a_note_counting_them(
    site: Path, tmp_path: Path
) -> None:
    """Comments are no articles: never imported, never lost without a word either."""
    quiet = item(1, "No comment")
    discussed = item(2, "Discussed").replace("</item>", COMMENT.format(n=1) * 2 + "</item>")
    page = item(3, "About", kind="page").replace("</item>", COMMENT.format(n=3) + "</item>")
    again = item(4, "Again").replace("</item>", COMMENT.format(n=4) + "</item>")
    text = HOSTILE.format(secret="/none", items=quiet + discussed + page + again)
    export, result = import_export(site, tmp_path / "talk.xml", text)
    line = line_of(text, "Discussed", "<item>")
    assert (
        f"{export.as_posix()}:{line}: note: left out 3 readers' comment(s) of the posts, the "
        "first here (newsgen publishes no comments: keep the export, which holds them, if they "
        "matter)\n"
    ) in result.output
    assert all("Great story" not in written for written in imported(site).values())
