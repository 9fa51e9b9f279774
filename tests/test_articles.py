"""Tests for the front-matter reader: fields, defaults, and every error with its message."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgen.articles import parse_article_text, read_article
from newsgen.config import SiteConfig
from newsgen.diagnostics import NewsgenError
from newsgen.model import BodyFormat, Provenance
from seedutil import make_site

KYIV = ZoneInfo("Europe/Kyiv")


@pytest.fixture
def site(tmp_path: Path) -> SiteConfig:
    return make_site(tmp_path, "timezone: Europe/Kyiv\nauthor: Desk\n")


def write(site: SiteConfig, text: str, name: str = "a.md") -> Path:
    path = site.content_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def errors(site: SiteConfig, text: str) -> list[str]:
    with pytest.raises(NewsgenError) as caught:
        read_article(write(site, text), site)
    return [d.format() for d in caught.value.diagnostics]


def test_minimal_article(site: SiteConfig) -> None:
    article = read_article(
        write(site, "---\ntitle: Hello\ndate: 2024-02-22\n---\nFirst *para*.\n\nSecond.\n"), site
    ).article
    assert article.title == "Hello"
    assert article.date == datetime(2024, 2, 22, tzinfo=KYIV)
    assert article.slug == "hello"
    assert article.summary == "First para."
    assert article.author == "Desk"
    assert article.body == "First *para*.\n\nSecond."
    assert article.body_format is BodyFormat.MARKDOWN
    assert article.body_line == 5
    assert article.source_path == "content/a.md"


def test_every_field(site: SiteConfig) -> None:
    text = (
        "---\ntitle: Full\ndate: 2024-02-22T10:30:00+02:00\nupdated: 2024-02-23\n"
        "topics: [Ukraine, NATO, Ukraine]\nsummary: Teaser\nauthor: Jane\nslug: my-slug\n"
        "draft: true\nsource_url: https://example.org/a\nimage: /img/a.jpg\nformat: text\n"
        "seed: seeds/x.txt\nseed_sha256: " + "a" * 64 + "\ncolour: red\n---\nBody\n"
    )
    article = read_article(write(site, text), site).article
    assert article.topics == ("Ukraine", "NATO")
    assert (article.summary, article.author, article.slug) == ("Teaser", "Jane", "my-slug")
    assert article.updated == datetime(2024, 2, 23, tzinfo=KYIV)
    assert article.draft is True
    assert (article.source_url, article.image) == ("https://example.org/a", "/img/a.jpg")
    assert article.body_format is BodyFormat.TEXT
    assert article.provenance == Provenance("seeds/x.txt", "a" * 64)
    assert article.extra == (("colour", "red"),)


def test_tags_is_accepted_for_topics_and_a_single_string_too(site: SiteConfig) -> None:
    text = "---\ntitle: T\ndate: 2024-02-22\ntags: Economy\n---\nB\n"
    assert read_article(write(site, text), site).article.topics == ("Economy",)


def test_unicode_title_gives_an_ascii_slug(site: SiteConfig) -> None:
    text = "---\ntitle: Зеленський у Києві\ndate: 2024-02-22\n---\nB\n"
    assert read_article(write(site, text), site).article.slug == "zelenskii-u-kiievi"


def test_summary_skips_headings_and_strips_markup(site: SiteConfig) -> None:
    text = (
        "---\ntitle: T\ndate: 2024-02-22\n---\n## Heading\n\nA [link](http://x.org) and `code`.\n"
    )
    assert read_article(write(site, text), site).article.summary == "A link and code."


def test_updated_before_date_is_a_warning(site: SiteConfig) -> None:
    text = "---\ntitle: T\ndate: 2024-02-22\nupdated: 2024-02-01\n---\nB\n"
    loaded = read_article(write(site, text), site)
    assert [d.format() for d in loaded.diagnostics] == [
        "content/a.md:4: warning: `updated` is before `date` (swap them or fix the date)"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "title: T\n",
            [
                "content/a.md:1: error: no front matter (start the file with a --- line, the YAML "
                "fields, then another --- line)"
            ],
        ),
        (
            "---\ntitle: T\n---\nB\n",
            [
                "content/a.md:2: error: missing required field `date` (every article needs a title and a date)"
            ],
        ),
        (
            "---\ndate: 2024-02-22\n---\nB\n",
            [
                "content/a.md:2: error: missing required field `title` (every article needs a title and a date)"
            ],
        ),
        (
            "---\ntitle: T\ndate: tomorrow-ish\n---\nB\n",
            [
                "content/a.md:3: error: `date` is not a date: not a date: 'tomorrow-ish' "
                "(use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+02:00)"
            ],
        ),
        (
            "---\ntitle: [a, b]\ndate: 2024-02-22\n---\nB\n",
            ["content/a.md:2: error: `title` must be text, got list"],
        ),
        (
            "---\ntitle: T\ndate: 2024-02-22\nslug: Bad Slug\n---\nB\n",
            [
                "content/a.md:4: error: invalid slug 'Bad Slug': a slug may only hold lowercase ASCII "
                "letters, digits and single hyphens (use 'bad-slug')"
            ],
        ),
        (
            "---\ntitle: T\ndate: 2024-02-22\ndraft: yes please\n---\nB\n",
            ["content/a.md:4: error: `draft` must be true or false, got 'yes please'"],
        ),
        (
            "---\ntitle: T\ndate: 2024-02-22\nsource_url: javascript:alert(1)\n---\nB\n",
            [
                "content/a.md:4: error: `source_url` must be an http or https URL, got 'javascript:alert(1)'"
            ],
        ),
        (
            "---\ntitle: T\ndate: 2024-02-22\ntopics: {a: 1}\n---\nB\n",
            ["content/a.md:4: error: `topics` must be a list of names, e.g. [Politics, Europe]"],
        ),
        (
            "---\ntitle: T\ndate: 2024-02-22\ntopics: [a]\ntags: [b]\n---\nB\n",
            ["content/a.md:5: error: both `topics` and `tags` are given (keep one of them)"],
        ),
        (
            "---\ntitle: T\ndate: 2024-02-22\nformat: html\n---\nB\n",
            ["content/a.md:4: error: `format` must be one of markdown, text, got 'html'"],
        ),
        (
            "---\ntitle: T\ndate: 2024-02-22\nseed: seeds/x.txt\n---\nB\n",
            ["content/a.md:4: error: `seed` and `seed_sha256` (64 hex digits) go together"],
        ),
        (
            "---\ntitle: T\ndate: 2024-02-22\nsummary: [x]\nauthor: {a: b}\n---\nB\n",
            [
                "content/a.md:4: error: `summary` must be text, got list",
                "content/a.md:5: error: `author` must be text, got dict",
            ],
        ),
        (
            "---\ntitle: 'unclosed\ndate: 2024-02-22\n---\nB\n",
            ["content/a.md:4: error: invalid YAML"],
        ),
        (
            "---\n- a\n- b\n---\nB\n",
            ["content/a.md:2: error: expected a mapping of keys to values, got a list"],
        ),
        (
            "---\njust a scalar\n---\nB\n",
            ["content/a.md:2: error: expected a mapping of keys to values, got a str"],
        ),
    ],
)
def test_front_matter_errors_point_at_their_line(
    site: SiteConfig, text: str, expected: list[str]
) -> None:
    found = errors(site, text)
    assert len(found) == len(expected)
    for message, start in zip(found, expected, strict=True):
        assert message.startswith(start)


def test_not_utf8_and_binary_files(site: SiteConfig) -> None:
    path = site.content_path / "bad.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"---\ntitle: caf\xe9\n---\n")
    with pytest.raises(NewsgenError) as caught:
        read_article(path, site)
    assert caught.value.diagnostics[0].format() == (
        "content/bad.md:2: error: not valid UTF-8 (re-save the file as UTF-8)"
    )
    path.write_bytes(b"\x00\x01\x02")
    with pytest.raises(NewsgenError, match="binary file"):
        read_article(path, site)


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=300)
    | st.builds(
        lambda front, body: f"---\n{front}\n---\n{body}",
        st.text(max_size=200),
        st.text(max_size=100),
    )
)
def test_no_text_makes_the_reader_raise_anything_but_a_content_error(text: str) -> None:
    config = SiteConfig(root=Path("/site"))
    try:
        loaded = parse_article_text(text, "content/x.md", config)
    except NewsgenError as exc:
        assert exc.diagnostics
        assert all(d.path == "content/x.md" for d in exc.diagnostics)
        return
    assert loaded.article.date.tzinfo is not None
    assert loaded.article.title
