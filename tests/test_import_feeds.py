"""`newsgen import` of RSS 2.0 and Atom feed files written here: fields, HTML bodies, refused
items at their lines, and importing again (unchanged, edited, --force)."""

from __future__ import annotations

import re
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importutil import SITE_CONFIG, imported, line_of, newsgen
from newsgen.config.site import load_config
from newsgen.content.imports.items import DATE_HINT, item_date
from newsgen.diagnostics import ContentError
from seedutil import make_site
from sitegen import build

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Harbour &amp; City News</title>
  <link>https://harbour.example/</link>
  <item>
    <title>Ferry service resumes</title>
    <link>https://harbour.example/news/ferry</link>
    <guid isPermaLink="false">harbour-news-101</guid>
    <pubDate>Tue, 03 Mar 2020 08:15:00 +0100</pubDate>
    <author>desk@harbour.example (Ana Lima)</author>
    <category>Transport</category>
    <category>Harbour</category>
    <description>Short version.</description>
    <content:encoded><![CDATA[<p>The ferry <strong>runs</strong> again.</p>
<script>document.cookie</script>
<ul><li>Monday</li><li>Friday</li></ul>
<p>See <a href="/timetable">the timetable</a>.</p>]]></content:encoded>
  </item>
  <item>
    <title>Market opens</title>
    <link>https://harbour.example/news/market</link>
    <pubDate>Wed, 04 Mar 2020</pubDate>
    <dc:creator>Piet Smit</dc:creator>
    <description>&lt;p&gt;Stalls &lt;em&gt;everywhere&lt;/em&gt;.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Undated story</title>
    <guid>harbour-news-103</guid>
    <description>No date.</description>
  </item>
  <item>
    <title>Garbled date</title>
    <guid>harbour-news-104</guid>
    <pubDate>sometime in spring</pubDate>
  </item>
  <item>
    <title>No id and no link</title>
    <pubDate>Thu, 05 Mar 2020 10:00:00 GMT</pubDate>
  </item>
</channel>
</rss>
"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Valley Courier</title>
  <id>tag:valley.example,2021:feed</id>
  <entry>
    <title type="html">Bridge &lt;em&gt;reopens&lt;/em&gt;</title>
    <id>tag:valley.example,2021:bridge</id>
    <link rel="alternate" href="https://valley.example/2021/bridge"/>
    <published>2021-06-01T12:30:00Z</published>
    <updated>2021-06-02T08:00:00Z</updated>
    <author><name>Mia Berg</name></author>
    <author><name>Tom Frey</name></author>
    <category term="infrastructure" label="Infrastructure"/>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Cars <b>cross</b> again.</p><iframe src="https://evil.example/"/></div></content>
  </entry>
  <entry>
    <title>School year ends</title>
    <id>tag:valley.example,2021:school</id>
    <updated>2021-06-20</updated>
    <content type="text">Pupils leave on Friday.

Teachers stay a week longer.</content>
  </entry>
  <entry>
    <title>Only updated is missing too</title>
    <id>tag:valley.example,2021:nodate</id>
  </entry>
</feed>
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site", SITE_CONFIG).root


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_rss_feed_imports_each_item_and_refuses_the_rest_at_its_line(
    site: Path, tmp_path: Path
) -> None:
    feed = write(tmp_path, "news.rss", RSS)
    result = newsgen(site, "import", str(feed))
    assert result.exit_code == 1
    shown = feed.as_posix()
    for marker, message in (
        ("Undated story", "error: the item has no date (pubDate) (write it as ISO 8601"),
        ("Garbled date", "error: the item's date (pubDate) is not a date: 'sometime in spring'"),
        ("No id and no link", "error: the item has no id (give the item a <guid>"),
    ):
        assert f"{shown}:{line_of(RSS, marker, '<item>')}: {message}" in result.output
    assert result.output.endswith(
        "imported 2 item(s), 0 unchanged, 0 kept as edited, 0 skipped, 3 refused\n"
    )
    files = imported(site)
    assert sorted(files) == ["2020/03/ferry-service-resumes.md", "2020/03/market-opens.md"]
    ferry = files["2020/03/ferry-service-resumes.md"]
    assert "date: '2020-03-03T08:15:00+01:00'\n" in ferry
    assert "authors: [Ana Lima]\n" in ferry and "desk@" not in ferry
    assert (
        "source: {name: Harbour & City News, url: 'https://harbour.example/news/ferry'}\n" in ferry
    )
    assert "topics: [Transport, Harbour]\n" in ferry
    assert "The ferry **runs** again.\n\n- Monday\n- Friday\n\n" in ferry
    assert "[the timetable](https://harbour.example/timetable)" in ferry
    assert "cookie" not in ferry
    market = files["2020/03/market-opens.md"]
    assert "date: '2020-03-04T00:00:00+02:00'\n" in market  # a day: midnight in the site zone
    assert "authors: [Piet Smit]\n" in market
    assert market.endswith("---\nStalls *everywhere*.\n")
    assert "Site Owner" not in ferry + market


def test_an_atom_feed_imports_its_entries(site: Path, tmp_path: Path) -> None:
    feed = write(tmp_path, "courier.atom", ATOM)
    result = newsgen(site, "import", str(feed))
    assert result.exit_code == 1
    nodate = line_of(ATOM, "Only updated is missing", "<entry>")
    assert f"{feed.as_posix()}:{nodate}: error: the item has no date (published or updated)" in (
        result.output
    )
    files = imported(site)
    bridge = files["2021/06/bridge-reopens.md"]
    assert "title: Bridge reopens\n" in bridge
    assert "date: '2021-06-01T12:30:00+00:00'\n" in bridge
    assert "id: tag:valley.example,2021:bridge\n" in bridge
    assert "authors: [Mia Berg, Tom Frey]\n" in bridge
    assert "source: {name: Valley Courier, url: 'https://valley.example/2021/bridge'}\n" in bridge
    assert "topics: [Infrastructure]\n" in bridge
    assert bridge.endswith("---\nCars **cross** again.\n")
    school = files["2021/06/school-year-ends.md"]
    assert "format: text\n" in school
    assert school.endswith("---\nPupils leave on Friday.\n\nTeachers stay a week longer.\n")


def test_importing_a_feed_again_writes_nothing_keeps_edits_and_force_replaces_them(
    site: Path, tmp_path: Path
) -> None:
    feed = write(tmp_path, "feed.xml", ATOM)
    newsgen(site, "import", str(feed))
    before = imported(site)
    again = newsgen(site, "import", str(feed))
    assert again.output.endswith(
        "imported 0 item(s), 2 unchanged, 0 kept as edited, 0 skipped, 1 refused\n"
    )
    assert imported(site) == before
    # an editor moves one file and edits the other: the import follows the move, keeps the edit
    moved = site / "content" / "bridge.md"
    (site / "content" / "imported" / "2021" / "06" / "bridge-reopens.md").rename(moved)
    school = site / "content" / "imported" / "2021" / "06" / "school-year-ends.md"
    edited = school.read_text(encoding="utf-8").replace("on Friday", "on Thursday")
    school.write_text(edited, encoding="utf-8")
    kept = newsgen(site, "import", str(feed))
    assert "content/imported/2021/06/school-year-ends.md: note: edited since it was imported: " in (
        kept.output
    )
    assert "(pass --force to replace it with a fresh import of its item)" in kept.output
    assert kept.output.endswith(
        "imported 0 item(s), 1 unchanged, 1 kept as edited, 0 skipped, 1 refused\n"
    )
    assert school.read_text(encoding="utf-8") == edited
    assert not (site / "content" / "imported" / "2021" / "06" / "bridge-reopens.md").exists()
    # a changed headline keeps the id and the slug: the page stays where it was
    write(tmp_path, "feed.xml", ATOM.replace("School year ends", "School year ends early"))
    forced = newsgen(site, "import", "--force", str(feed))
    assert forced.output.endswith(
        "imported 1 item(s), 1 unchanged, 0 kept as edited, 0 skipped, 1 refused\n"
    )
    text = school.read_text(encoding="utf-8")
    assert "title: School year ends early\n" in text and "slug: school-year-ends\n" in text
    assert "on Friday" in text


def test_a_file_of_unknown_format_is_refused_with_the_choice(site: Path, tmp_path: Path) -> None:
    odd = write(tmp_path, "notes.dat", "just some words\n")
    result = newsgen(site, "import", str(odd))
    assert result.exit_code == 1
    assert result.output.startswith(
        f"{odd.as_posix()}: error: cannot tell which format this file is in "
        "(name it with --format seeds|wxr|feed|jsonl|csv)\n"
    )
    as_feed = newsgen(site, "import", "--format", "feed", str(odd))
    assert ": error: not well-formed XML: " in as_feed.output
    not_a_feed = write(tmp_path, "other.xml", "<html><body/></html>")
    refused = newsgen(site, "import", "--format", "feed", str(not_a_feed))
    assert f"{not_a_feed.as_posix()}:1: error: not an RSS or Atom feed" in refused.output
    nothing = newsgen(site, "import", "--format", "feed")
    assert "newsgen: error: --format feed needs the file to import" in nothing.output
    feed = write(tmp_path, "news.rss", RSS)
    mixed = newsgen(site, "import", str(write(tmp_path, "a.txt", "Title\n")), str(feed))
    assert "error: seed texts and archive files are imported in separate runs" in mixed.output
    assert not (site / "content").exists()


PICTURED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">
<channel>
  <title>Harbour News</title>
  <item>
    <title>Storm</title><guid>s-1</guid><pubDate>Tue, 03 Mar 2020 08:15:00 +0100</pubDate>
    <description>Text.</description>
    <media:group>
      <media:content url="https://cdn.harbour.example/storm.mp4" medium="video"/>
      <media:content url="https://cdn.harbour.example/storm.jpg" type="image/jpeg">
        <media:title>Waves over the pier</media:title>
        <media:credit>Ana Lima/Harbour News</media:credit>
      </media:content>
      <media:description type="html">The &lt;b&gt;pier&lt;/b&gt; at noon</media:description>
    </media:group>
  </item>
  <item>
    <title>Market</title><guid>s-2</guid><pubDate>Wed, 04 Mar 2020</pubDate>
    <description>Text.</description>
    <enclosure url="https://cdn.harbour.example/talk.mp3" type="audio/mpeg" length="1"/>
    <enclosure url="https://cdn.harbour.example/market.png" type="image/png" length="1"/>
  </item>
  <item>
    <title>Podcast</title><guid>s-3</guid><pubDate>Thu, 05 Mar 2020</pubDate>
    <description>Text.</description>
    <enclosure url="https://cdn.harbour.example/talk.mp3" type="audio/mpeg" length="1"/>
    <media:thumbnail url="javascript:alert(1)"/>
  </item>
</channel>
</rss>
"""


def test_a_feeds_media_and_image_enclosures_are_its_items_pictures(
    site: Path, tmp_path: Path
) -> None:
    feed = tmp_path / "pictured.rss"
    feed.write_text(PICTURED, encoding="utf-8")
    atom = tmp_path / "pictured.atom"
    atom.write_text(
        ATOM.replace(
            "<entry>",
            '<entry><link rel="enclosure" type="image/webp" href="https://valley.example/a.webp"/>',
            1,
        ),
        encoding="utf-8",
    )
    result = newsgen(site, "import", str(feed), str(atom))
    assert "imported 5 item(s)" in result.output, "the Atom entry without a date is refused"
    files = imported(site)
    storm, market, podcast = (
        next(t for t in files.values() if f"title: {n}\n" in t)
        for n in ("Storm", "Market", "Podcast")
    )
    assert (
        "image: https://cdn.harbour.example/storm.jpg\nimage_alt: Waves over the pier\n"
        "image_caption: The pier at noon\nimage_credit: Ana Lima/Harbour News\n"
    ) in storm
    assert "\nimage: https://cdn.harbour.example/market.png\n" in market
    assert "image" not in podcast.replace("import_sha256", "")
    assert sum("\nimage: https://valley.example/a.webp\n" in t for t in files.values()) == 1
    build(load_config(site))
    page = next((site / "build").glob("2020/03/03/storm/index.html")).read_text("utf-8")
    assert 'src="https://cdn.harbour.example/storm.jpg"' in page and "Ana Lima/Harbour News" in page


RELATIVE = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">
<channel>
  <title>Harbour News</title>
  <link>https://harbour.example/</link>
  <item>
    <title>Linkless</title><guid>r-1</guid><pubDate>Tue, 03 Mar 2020 08:15:00 +0100</pubDate>
    <description>&lt;p&gt;See &lt;img src="/uploads/pier.jpg" alt="Pier"&gt; and
      &lt;a href="other.html"&gt;more&lt;/a&gt; or &lt;a href="#top"&gt;up&lt;/a&gt;.&lt;/p&gt;</description>
    <media:thumbnail url="/uploads/thumb.jpg"/>
  </item>
</channel>
</rss>
"""
BASED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://valley.example/blog/">
  <title>Valley Courier</title>
  <entry xml:base="2021/">
    <title>Bridge</title><id>tag:valley.example,2021:bridge</id>
    <link href="bridge.html"/><published>2021-06-01T12:30:00Z</published>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>The
      <a href="../map.html">map</a>.</p><p><img src="img/b.jpg" alt="Bridge"/></p></div></content>
  </entry>
</feed>
"""


def test_relative_addresses_are_read_against_the_feed_and_its_xml_base(
    site: Path, tmp_path: Path
) -> None:
    result = newsgen(
        site,
        "import",
        str(write(tmp_path, "a.rss", RELATIVE)),
        str(write(tmp_path, "b.atom", BASED)),
    )
    assert result.exit_code == 0, result.output
    files = imported(site)
    linkless = files["2020/03/linkless.md"]
    assert "![Pier](https://harbour.example/uploads/pier.jpg)" in linkless
    assert "[more](https://harbour.example/other.html) or [up](#top)." in linkless
    assert "\nimage: https://harbour.example/uploads/thumb.jpg\n" in linkless
    bridge = files["2021/06/bridge.md"]
    assert (
        "source: {name: Valley Courier, url: 'https://valley.example/blog/2021/bridge.html'}"
        in bridge
    )
    assert "[map](https://valley.example/blog/map.html)" in bridge
    assert "![Bridge](https://valley.example/blog/2021/img/b.jpg)" in bridge
    build(load_config(site))


def test_a_relative_address_with_nothing_to_read_it_against_refuses_the_item(
    site: Path, tmp_path: Path
) -> None:
    text = RELATIVE.replace("<link>https://harbour.example/</link>", "")
    feed = write(tmp_path, "a.rss", text)
    result = newsgen(site, "import", str(feed))
    assert result.exit_code == 1
    assert result.output.startswith(
        f"{feed.as_posix()}:{line_of(text, 'Linkless', '<item>')}: error: the item links to the "
        "relative address '/uploads/pier.jpg', and has no address of its own to read it against "
        "(give the item a <link> to its page (or the feed one), or name the old site with "
        "--source-name NAME --source-url URL)\n"
    )
    assert not (site / "content" / "imported").exists()
    named = newsgen(
        site,
        "import",
        "--source-name",
        "Harbour",
        "--source-url",
        "https://harbour.example/x/",
        str(feed),
    )
    assert named.exit_code == 0, named.output
    assert (
        "![Pier](https://harbour.example/uploads/pier.jpg)" in imported(site)["2020/03/linkless.md"]
    )


@pytest.mark.parametrize(
    ("inside", "message"),
    [
        (
            "Ferry&nbsp;runs",
            "Entity 'nbsp' not defined, line 3, column 39 (write &#160; in place of &nbsp;: "
            "XML itself knows only &amp; &lt; &gt; &quot; &apos;)",
        ),
        (
            "Ferry &copyx; runs",
            "Entity 'copyx' not defined, line 3, column 41 (write the text it stands for in "
            "place of &copyx;: XML itself knows only &amp; &lt; &gt; &quot; &apos;)",
        ),
        (
            "Ferry\x0bruns",
            "PCDATA invalid Char value 11, line 3, column 33 "
            "(remove the control character there: XML cannot hold it, even in CDATA)",
        ),
    ],
)
def test_a_feed_that_is_not_xml_is_refused_at_the_line_and_column_of_the_fault(
    site: Path, tmp_path: Path, inside: str, message: str
) -> None:
    text = (
        '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>T</title>\n'
        f"<item><guid>a</guid><title>{inside}</title></item>\n</channel></rss>\n"
    )
    feed = write(tmp_path, "old.rss", text)
    result = newsgen(site, "import", str(feed))
    assert result.exit_code == 1
    assert result.output.startswith(f"{feed.as_posix()}:3: error: not well-formed XML: {message}\n")


ELSEWHERE = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Valley Courier</title>
  <entry>
    <title>Held elsewhere</title><id>tag:valley.example,2021:a</id>
    <updated>2021-06-01T12:30:00Z</updated>
    <summary type="html">&lt;p&gt;The council &lt;b&gt;met&lt;/b&gt;.&lt;/p&gt;</summary>
    <content type="text/html" src="https://valley.example/full/a.html"/>
  </entry>
  <entry>
    <title>Plain by its MIME type</title><id>tag:valley.example,2021:b</id>
    <updated>2021-06-02T12:30:00Z</updated>
    <content type="text/plain">Fish &amp; chips &lt;b&gt; at noon.</content>
  </entry>
  <entry>
    <title>A picture as content</title><id>tag:valley.example,2021:c</id>
    <updated>2021-06-03T12:30:00Z</updated>
    <summary>The new bridge.</summary>
    <content type="image/png">iVBORw0KGgo=</content>
  </entry>
</feed>
"""


def test_an_atom_content_held_elsewhere_gives_way_to_the_summary_with_a_note(
    site: Path, tmp_path: Path
) -> None:
    feed = write(tmp_path, "elsewhere.atom", ELSEWHERE)
    result = newsgen(site, "import", str(feed))
    assert result.exit_code == 0
    shown = feed.as_posix()
    held = line_of(ELSEWHERE, "Held elsewhere", "<entry>")
    picture = line_of(ELSEWHERE, "A picture as content", "<entry>")
    assert (
        f"{shown}:{held}: note: the entry's content is at https://valley.example/full/a.html, not "
        "text in the feed: imported its summary (add its text to the imported file by hand)\n"
        f"{shown}:{picture}: note: the entry's content is image/png, not text in the feed: "
        "imported its summary (add its text to the imported file by hand)\n"
    ) in result.output
    files = imported(site)
    assert files["2021/06/held-elsewhere.md"].endswith("---\nThe council **met**.\n")
    plain = files["2021/06/plain-by-its-mime-type.md"]
    assert "format: text\n" in plain and plain.endswith("---\nFish & chips <b> at noon.\n")
    assert files["2021/06/a-picture-as-content.md"].endswith("---\nThe new bridge.\n")


RDF = """<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
  xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://old.example/">
    <title>Old Times</title><link>https://old.example/</link><description>News</description>
    <items><rdf:Seq><rdf:li rdf:resource="https://old.example/2004/mill"/></rdf:Seq></items>
  </channel>
  <item rdf:about="https://old.example/2004/mill">
    <title>Mill reopens</title>
    <link>https://old.example/2004/mill</link>
    <description>The &lt;a href="/mill"&gt;mill&lt;/a&gt; is back.</description>
    <dc:date>2004-03-01T10:00:00+01:00</dc:date>
    <dc:creator>Joe Bloggs</dc:creator>
    <dc:subject>Industry</dc:subject>
  </item>
</rdf:RDF>
"""


def test_an_rss_1_feed_imports_its_items(site: Path, tmp_path: Path) -> None:
    feed = write(tmp_path, "old.rdf", RDF)
    result = newsgen(site, "import", str(feed))
    assert result.exit_code == 0, result.output
    mill = imported(site)["2004/03/mill-reopens.md"]
    assert (
        "---\ntitle: Mill reopens\ndate: '2004-03-01T10:00:00+01:00'\n"
        "id: https://old.example/2004/mill\nslug: mill-reopens\nauthors: [Joe Bloggs]\n"
        "source: {name: Old Times, url: 'https://old.example/2004/mill'}\ntopics: [Industry]\n"
    ) in mill
    assert mill.endswith("---\nThe [mill](https://old.example/mill) is back.\n")


ZONES = {"GMT": 0, "UT": 0, "EST": -5, "EDT": -4, "CST": -6, "PDT": -7, "+0100": 1, "-0330": -3.5}


@settings(max_examples=150, deadline=None)
@given(
    st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2049, 12, 31, 23, 59)),
    st.sampled_from(sorted(ZONES)),
    st.booleans(),
)
def test_rfc_822_dates_with_two_digit_years_read_as_rfc_2822_says(
    moment: datetime, zone: str, seconds: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        config = load_config(make_site(Path(folder), "timezone: UTC\n").root)
    clock = "%H:%M:%S" if seconds else "%H:%M"
    text = moment.strftime(f"%a, %d %b %y {clock} {zone}")
    read = item_date(text, config, ("old.rss", 3), "date (pubDate)")
    offset = timezone(timedelta(hours=ZONES[zone]))
    expected = moment.replace(second=moment.second if seconds else 0, microsecond=0)
    assert read == expected.replace(tzinfo=offset)


@pytest.mark.parametrize("text", ["Mon, 05 Jan 98 10:00 XYZ", "Thu, 22 Feb 2024 10:30:00 XYZ"])
def test_an_rfc_822_date_in_a_zone_no_reader_knows_is_no_date(site: Path, text: str) -> None:
    """A two-digit year or not, a zone nothing knows is refused, never read in another."""
    with pytest.raises(ContentError) as refused:
        item_date(text, load_config(site), ("old.rss", 3), "date (pubDate)")
    assert refused.value.diagnostics[0].format() == (
        f"old.rss:3: error: the item's date (pubDate) is not a date: {text!r} ({DATE_HINT})"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thu, 22 Feb 2024 10:30:00 -0000", "2024-02-22T10:30:00+00:00"),  # UTC, RFC 2822 3.3
        ("Thu, 22 Feb 2024 10:30:00 JST", "2024-02-22T10:30:00+09:00"),
        ("Thu, 22 Feb 2024 10:30:00 AEST", "2024-02-22T10:30:00+10:00"),
        ("Thu, 22 Feb 2024 10:30:00 +0000", "2024-02-22T10:30:00+00:00"),
        ("Thu, 22 Feb 2024 10:30:00", "2024-02-22T10:30:00+02:00"),  # no zone: the site's
    ],
)
def test_an_rfc_822_date_keeps_its_zone_when_python_does_not_know_it(
    site: Path, text: str, expected: str
) -> None:
    """The email module reads -0000 and a zone name it does not know as no zone at all: the
    time was taken in the site timezone (Kyiv), two or seven hours off, without a word."""
    read = item_date(text, load_config(site), ("news.rss", 3), "date (pubDate)")
    assert read.isoformat() == expected


PLAYED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Valley Courier</title>
  <entry>
    <title>Flood in pictures</title><id>tag:valley.example,2021:flood</id>
    <link href="https://valley.example/flood"/><updated>2021-06-01T12:30:00Z</updated>
    <content type="html">&lt;p&gt;The river rose.&lt;/p&gt;
      &lt;iframe src="https://www.youtube.com/embed/abc"&gt;&lt;/iframe&gt;
      &lt;video controls&gt;&lt;source src="/clips/flood.mp4"&gt;&lt;/video&gt;
      [gallery ids="1,2"]</content>
  </entry>
</feed>
"""


def test_an_embedded_player_or_shortcode_left_out_is_named_in_a_note(
    site: Path, tmp_path: Path
) -> None:
    feed = write(tmp_path, "played.atom", PLAYED)
    result = newsgen(site, "import", str(feed))
    line = (
        f"{feed.as_posix()}:{line_of(PLAYED, 'Flood in pictures', '<entry>')}: note: removed the "
    )
    player = "(newsgen never embeds another site's player: link to it in the text if it matters)"
    for removed in (
        "shortcode [gallery] (WordPress made its content; add what it showed by hand if it "
        "matters)",
        f"embedded player https://www.youtube.com/embed/abc {player}",
        f"embedded player /clips/flood.mp4 {player}",
    ):
        assert f"{line}{removed}\n" in result.output
    assert imported(site)["2021/06/flood-in-pictures.md"].endswith("---\nThe river rose.\n")


def test_every_creator_of_an_rss_item_is_its_author(site: Path, tmp_path: Path) -> None:
    text = (
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>H</title>'
        "<item><title>Joint</title><guid>j-1</guid><pubDate>Tue, 03 Mar 2020 08:15:00 +0100</pubDate>"
        "<dc:creator>Ana Lima</dc:creator><dc:creator>Piet Smit</dc:creator><description>x</description></item>"
        "<item><title>Desk</title><guid>j-2</guid><pubDate>Tue, 03 Mar 2020 09:15:00 +0100</pubDate>"
        "<author>a@h.example (Ana Lima)</author><author>p@h.example (Piet Smit)</author>"
        "<description>y</description></item></channel></rss>"
    )
    result = newsgen(site, "import", str(write(tmp_path, "joint.rss", text)))
    assert result.exit_code == 0, result.output
    files = imported(site)
    for name in ("joint", "desk"):
        assert "\nauthors: [Ana Lima, Piet Smit]\n" in files[f"2020/03/{name}.md"]


def test_an_atom_entry_naming_no_author_has_its_feeds(site: Path, tmp_path: Path) -> None:
    text = ATOM.replace(
        '<title type="text">Valley Courier</title>',
        '<title type="text">Valley Courier</title><author><name>Courier Desk</name></author>',
    )
    newsgen(site, "import", str(write(tmp_path, "courier.atom", text)))
    files = imported(site)
    assert "\nauthors: [Mia Berg, Tom Frey]\n" in files["2021/06/bridge-reopens.md"]
    assert "\nauthors: [Courier Desk]\n" in files["2021/06/school-year-ends.md"]


NETSCAPE = """<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
  "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old Times</title><link>https://old.example/</link>
<item><title>Caf&eacute; opens</title><link>https://old.example/cafe</link>
<pubDate>Mon, 05 Jan 98 10:00 EST</pubDate>
<description>The caf&eacute; &amp; bar&nbsp;opened &mdash; at last.</description></item>
</channel></rss>
"""


def test_html_entities_of_an_rss_091_doctype_are_their_characters(
    site: Path, tmp_path: Path
) -> None:
    feed = tmp_path / "old.rss"
    feed.write_bytes(NETSCAPE.encode("latin-1"))
    result = newsgen(site, "import", str(feed))
    assert result.exit_code == 0, result.output
    cafe = imported(site)["1998/01/cafe-opens.md"]
    assert "title: Café opens\n" in cafe and "date: '1998-01-05T10:00:00-05:00'\n" in cafe
    assert cafe.endswith("---\nThe café &amp; bar\xa0opened — at last.\n")
    defined = NETSCAPE.replace('rss-0.91.dtd">', 'rss-0.91.dtd" [<!ENTITY eacute "e">]>')
    feed.write_bytes(defined.encode("latin-1"))
    refused = newsgen(site, "import", str(feed))
    assert (
        f"{feed.as_posix()}:5: error: the item uses the XML entity &eacute;, which newsgen never expands"
        in (refused.output)
    )


def test_a_podcast_episode_has_its_summary_and_its_author(site: Path, tmp_path: Path) -> None:
    text = (
        '<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>'
        "<title>Harbour Talk</title><link>https://harbour.example/</link><item>"
        "<title>Episode 12</title><guid>ep-12</guid><pubDate>Tue, 03 Mar 2020 08:15:00 +0100</pubDate>"
        "<itunes:author>Ana Lima</itunes:author><itunes:summary>Fish &amp; ships &lt;live&gt;.\n\n"
        'Part two.</itunes:summary><enclosure url="https://harbour.example/12.mp3" '
        'type="audio/mpeg" length="1"/></item></channel></rss>'
    )
    result = newsgen(site, "import", str(write(tmp_path, "talk.rss", text)))
    assert result.exit_code == 0, result.output
    episode = imported(site)["2020/03/episode-12.md"]
    assert "\nauthors: [Ana Lima]\n" in episode
    assert episode.endswith("---\nFish &amp; ships &lt;live>.\n\nPart two.\n")


def test_an_item_in_another_language_than_the_sites_is_imported_with_it(
    site: Path, tmp_path: Path
) -> None:
    """A French feed imported into an English site: its items say `language: fr-CA` (an
    entry's own xml:lang wins over its feed's); one in a region of the site's language, an
    unknown code, and a feed without one say nothing."""
    rss = RSS.replace(
        "<link>https://harbour.example/</link>",
        "<link>https://harbour.example/</link><language>fr_CA</language>",
    )
    atom = ATOM.replace(
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        ('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">'),
    ).replace("  <entry>\n", '  <entry xml:lang="de">\n', 1)
    for name, text in (("fr.rss", rss), ("valley.atom", atom)):
        result = newsgen(site, "import", str(write(tmp_path, name, text)))
        assert "wrote content/imported/" in result.output  # (the fixtures refuse some items)
    languages = {
        path: re.findall(r"^language: (.+)$", text, re.MULTILINE)
        for path, text in imported(site).items()
    }
    assert languages["2020/03/ferry-service-resumes.md"] == ["fr-CA"]
    assert languages["2021/06/bridge-reopens.md"] == ["de"]
    others = [path for path in languages if path.startswith("2021/") and "bridge" not in path]
    assert others and all(languages[path] == [] for path in others), "en-GB on an en site"
