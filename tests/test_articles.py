"""Tests for the front-matter reader: fields, defaults, and every error with its message."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgen.config.site import SiteConfig
from newsgen.content.articles import parse_article_text, read_article
from newsgen.content.dates import DATE_FORMS_HINT
from newsgen.diagnostics import ContentError
from newsgen.model import BodyFormat, Provenance, Source
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
    with pytest.raises(ContentError) as caught:
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
    assert article.authors == ("Desk",)
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
    assert (article.summary, article.authors, article.slug) == ("Teaser", ("Jane",), "my-slug")
    assert article.updated == datetime(2024, 2, 23, tzinfo=KYIV)
    assert article.draft is True
    assert (article.source, article.image) == (Source(url="https://example.org/a"), "/img/a.jpg")
    assert article.body_format is BodyFormat.TEXT
    assert article.provenance == Provenance("seeds/x.txt", "a" * 64)
    assert article.extra == (("colour", "red"),)


def test_tags_is_accepted_for_topics_and_a_single_string_too(site: SiteConfig) -> None:
    text = "---\ntitle: T\ndate: 2024-02-22\ntags: Economy\n---\nB\n"
    assert read_article(write(site, text), site).article.topics == ("Economy",)


def test_a_topic_of_invisible_characters_alone_is_dropped_like_a_blank_one(
    site: SiteConfig,
) -> None:
    text = '---\ntitle: T\ndate: 2024-02-22\ntopics: ["\\u200b", "\\u00ad", "Gaza\\u200bCity"]\n---\nB\n'
    assert read_article(write(site, text), site).article.topics == ("Gaza\u200bCity",)


def test_noncharacters_html_and_xml_forbid_leave_every_text_field(site: SiteConfig) -> None:
    text = (
        '---\ntitle: "Vote\\ufffe count\\uffff"\ndate: 2024-02-22\ntopics: ["Budget\\ufdd0"]\n'
        'summary: "Sum\\U0010fffe up"\n---\nB\n'
    )
    article = read_article(write(site, text), site).article
    assert (article.title, article.topics, article.summary) == ("Vote count", ("Budget",), "Sum up")


@pytest.mark.parametrize(
    ("field", "read"),
    [
        ("image: '{url}'", lambda a: a.image),
        ("source_url: '{url}'", lambda a: a.source.url),
        ("source: {{name: Wire, url: '{url}'}}", lambda a: a.source.url),
    ],
)
def test_a_web_url_with_spaces_or_quotes_is_published_percent_encoded(
    site: SiteConfig, field: str, read: Any
) -> None:
    url = 'https://e.example/wp content/a b.jpg?q="1"&r=<2>&s=100%&t=%2F'
    text = f"---\ntitle: T\ndate: 2024-02-22\n{field.format(url=url)}\n---\nB\n"
    article = read_article(write(site, text), site).article
    assert read(article) == (
        "https://e.example/wp%20content/a%20b.jpg?q=%221%22&r=%3C2%3E&s=100%25&t=%2F"
    )


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
    ("front", "expected"),
    [
        (
            "date: 2024-02-22 10:00\nupdated: 2024-02-22\n",
            "content/a.md:4: warning: `updated` 2024-02-22 gives no time, so it is read as the "
            "start of that day, before `date` (2024-02-22T10:00:00+02:00) (write its time too, "
            "later than the article's 10:00: 2024-02-22 HH:MM)",
        ),
        (
            "date: 2024-02-22 10:00\nupdated: '22 February 2024'\n",
            "content/a.md:4: warning: `updated` 22 February 2024 gives no time, so it is read as "
            "the start of that day, before `date` (2024-02-22T10:00:00+02:00) (write its time "
            "too, later than the article's 10:00: 2024-02-22 HH:MM)",
        ),
        (
            "date: 2024-02-22 10:00\ncorrections: [{date: 2024-02-22, text: Fixed.}]\n",
            "content/a.md:4: warning: a correction dated 2024-02-22 gives no time, so it is read "
            "as the start of that day, before `date` (2024-02-22T10:00:00+02:00) (write its time "
            "too, later than the article's 10:00: 2024-02-22 HH:MM)",
        ),
        (
            "date: 2024-02-22 10:00\nupdated: 2024-02-22 09:00\n",
            "content/a.md:4: warning: `updated` is before `date` (swap them or fix the date)",
        ),
    ],
)
def test_an_update_on_the_day_of_publication_without_a_time_says_so(
    site: SiteConfig, front: str, expected: str
) -> None:
    """`updated: 2024-02-22` on an article of 2024-02-22 10:00 was told to swap the two dates:
    a day without a time is its midnight, and the time of the update is what is missing."""
    loaded = read_article(write(site, f"---\ntitle: T\n{front}---\nB\n"), site)
    assert [d.format() for d in loaded.diagnostics] == [expected]


HINT_DATE = f"({DATE_FORMS_HINT})"
HINT_REQUIRED = "(every article needs a title and a date)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "title: T\n",
            ["content/a.md:1: error: no front matter (did you forget the --- delimiters?)"],
        ),
        (
            "\n---\ntitle: T\ndate: 2024-02-22\n---\nB\n",
            ["content/a.md:1: error: no front matter (did you forget the --- delimiters?)"],
        ),
        (
            "---\ntitle: T\ndate: 2024-02-22\n",
            [
                "content/a.md:1: error: the front matter is never closed "
                "(end the front matter with a --- line before the body)"
            ],
        ),
        (
            "---\ntitle: T\n---\nB\n",
            [f"content/a.md:1: error: missing required field `date` {HINT_REQUIRED}"],
        ),
        (
            "---\ndate: 2024-02-22\n---\nB\n",
            [f"content/a.md:1: error: missing required field `title` {HINT_REQUIRED}"],
        ),
        (
            "---\n---\nB\n",
            [
                f"content/a.md:1: error: missing required field `title` {HINT_REQUIRED}",
                f"content/a.md:1: error: missing required field `date` {HINT_REQUIRED}",
            ],
        ),
        (
            "---\ndate: 2024-02-22\ntitle: '   '\n---\nB\n",
            [f"content/a.md:3: error: `title` is empty {HINT_REQUIRED}"],
        ),
        (
            '---\ndate: 2024-02-22\ntitle: "\\u200b\\u2060\\u00ad"\n---\nB\n',
            [f"content/a.md:3: error: `title` is empty {HINT_REQUIRED}"],
        ),
        (
            '---\ntitle: T\ndate: 2024-02-22\nauthors: [Jane Doe, "\\ufeff"]\n---\nB\n',
            ["content/a.md:4: error: `authors` holds an empty name (remove it, or write the name)"],
        ),
        (
            "---\ntitle: T\ndate:\n---\nB\n",
            [f"content/a.md:3: error: `date` is empty {HINT_REQUIRED}"],
        ),
        (
            "---\ntitle: T\ndate: tomorrow-ish\n---\nB\n",
            [f"content/a.md:3: error: `date` is not a date: 'tomorrow-ish' {HINT_DATE}"],
        ),
        (
            "---\ntitle: T\ndate: 20240222\n---\nB\n",
            [f"content/a.md:3: error: `date` must be a date, got int {HINT_DATE}"],
        ),
        (
            "---\ntitle: T\ndate: 2024-02-22\nupdated: [2024]\n---\nB\n",
            [f"content/a.md:4: error: `updated` must be a date, got list {HINT_DATE}"],
        ),
        (
            "---\ntitle: [a, b]\ndate: 2024-02-22\n---\nB\n",
            ["content/a.md:2: error: `title` must be text, got list"],
        ),
        (
            "---\ntitle: T\ndate: 2024-02-22\nslug: Bad Slug\n---\nB\n",
            [
                "content/a.md:4: error: invalid slug 'Bad Slug': a slug may only hold lowercase "
                "ASCII letters, digits and single hyphens (use 'bad-slug')"
            ],
        ),
        (
            "---\ntitle: T\ndate: 2024-02-22\nslug: feed\n---\nB\n",
            ["content/a.md:4: error: invalid slug 'feed': `feed` is reserved (use 'feed-article')"],
        ),
        (
            "---\ntitle: T\ndate: 2024-02-22\ndraft: yes please\n---\nB\n",
            ["content/a.md:4: error: `draft` must be true or false, got 'yes please'"],
        ),
        (
            "---\ntitle: T\ndate: 2024-02-22\nsource_url: javascript:alert(1)\n---\nB\n",
            [
                "content/a.md:4: error: `source_url` must be an http or https URL, "
                "got 'javascript:alert(1)'"
            ],
        ),
        (
            "---\ntitle: T\ndate: 2024-02-22\nsource_url: 'http://['\n---\nB\n",
            ["content/a.md:4: error: `source_url` must be an http or https URL, got 'http://['"],
        ),
        (
            "---\ntitle: T\ndate: 2024-02-22\nsource_url: 'https:'\n---\nB\n",
            ["content/a.md:4: error: `source_url` must be an http or https URL, got 'https:'"],
        ),
        (
            "---\ntitle: T\ndate: 2024-02-22\ntopics: {a: 1}\n---\nB\n",
            ["content/a.md:4: error: `topics` must be a list of names, e.g. [Politics, Europe]"],
        ),
        (
            "---\ntitle: T\ndate: 2024-02-22\ntags: [true, [x]]\n---\nB\n",
            ["content/a.md:4: error: `tags` must be a list of names, e.g. [Politics, Europe]"],
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
            "---\ntitle: T\ndate: 2024-02-22\nseed: seeds/x.txt\nseed_sha256: abc\n---\nB\n",
            ["content/a.md:4: error: `seed` and `seed_sha256` (64 hex digits) go together"],
        ),
        (
            "---\ntitle: T\ndate: 2024-02-22\nsummary: [x]\nauthor: {a: b}\nimage: true\n---\nB\n",
            [
                "content/a.md:4: error: `summary` must be text, got list",
                "content/a.md:5: error: `author` must be a name or a list of names, e.g. [Jane Doe, John Roe]",
                "content/a.md:6: error: `image` must be text, got bool",
            ],
        ),
        (
            "---\ntitle: 'unclosed\ndate: 2024-02-22\n---\nB\n",
            [
                "content/a.md:2: error: invalid YAML: found unexpected end of stream (close the "
                "quote: a value must end with the quote mark it starts with)"
            ],
        ),
        (
            '---\ntitle: T\nsummary: "open\ndate: 2024-02-22\nauthor: A\n---\nB\n',
            [
                "content/a.md:3: error: invalid YAML: found unexpected end of stream (close the "
                "quote: a value must end with the quote mark it starts with)"
            ],
        ),
        (
            "---\ntitle: T\nno colon here\ndate: 2024-02-22\n---\nB\n",
            [
                "content/a.md:3: error: invalid YAML: could not find expected ':' (write ': ' "
                "after each key, and indent each further line of a long value)"
            ],
        ),
        (
            "---\n- a\n- b\n---\nB\n",
            [
                "content/a.md:2: error: expected a mapping of keys to values, got a list (write "
                "`key: value` lines, e.g. `title: Example`, not `- ` list items)"
            ],
        ),
        (
            "---\njust a scalar\n---\nB\n",
            [
                "content/a.md:2: error: expected a mapping of keys to values, got a str (write "
                "`key: value` lines, e.g. `title: Example`: a line without ': ' after its key is "
                "read as plain text)"
            ],
        ),
        (
            "---\n\n\ntitle: T\ndate: soon\n---\nB\n",
            [f"content/a.md:5: error: `date` is not a date: 'soon' {HINT_DATE}"],
        ),
    ],
)
def test_front_matter_errors_point_at_their_line(
    site: SiteConfig, text: str, expected: list[str]
) -> None:
    assert errors(site, text) == expected


def test_not_utf8_and_binary_files(site: SiteConfig) -> None:
    path = site.content_path / "bad.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"---\ntitle: caf\xe9\n---\n")
    with pytest.raises(ContentError) as caught:
        read_article(path, site)
    assert caught.value.diagnostics[0].format() == (
        "content/bad.md:2: error: not valid UTF-8 (re-save the file as UTF-8)"
    )
    path.write_bytes(b"\x00\x01\x02")
    with pytest.raises(ContentError) as caught:
        read_article(path, site)
    assert [d.format() for d in caught.value.diagnostics] == [
        "content/bad.md: error: this is a binary file, not a Markdown article"
    ]


def test_an_unreadable_path_is_an_error(site: SiteConfig) -> None:
    folder = site.content_path / "folder.md"
    folder.mkdir(parents=True)
    with pytest.raises(ContentError) as caught:
        read_article(folder, site)
    assert [d.format() for d in caught.value.diagnostics] == [
        "content/folder.md: error: cannot read the article: Is a directory"
    ]


FRONT_LINES = st.sampled_from(
    [
        "title: T",
        "date: 2024-02-22",
        "date: 2024-02-22 10:30",
        "date: 22 February 2024",
        "updated: 2020-01-01",
        "topics: [a, b]",
        "tags: x",
        "slug: ok-slug",
        "draft: true",
        "format: text",
        "source_url: https://example.org/",
        "seed: seeds/a.txt",
        "seed_sha256: " + "0" * 64,
        "---",
        "- x",
        "  nested: 1",
        "'",
        "&a [*a, *a]",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=300)
    | st.builds(
        lambda front, body: f"---\n{front}\n---\n{body}",
        st.text(max_size=200),
        st.text(max_size=100),
    )
    | st.builds(
        lambda lines, noise, body: "---\n" + "\n".join([*lines, noise]) + "\n---\n" + body,
        st.lists(FRONT_LINES, max_size=8),
        st.text(max_size=30),
        st.text(max_size=60),
    )
)
def test_no_text_makes_the_reader_raise_anything_but_a_content_error(text: str) -> None:
    config = SiteConfig(root=Path("/site"))
    try:
        loaded = parse_article_text(text, "content/x.md", config)
    except ContentError as exc:
        assert exc.diagnostics
        assert all(d.path == "content/x.md" and d.line >= 0 for d in exc.diagnostics)
        return
    assert loaded.article.date.tzinfo is not None
    assert loaded.article.title


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=200))
def test_no_file_makes_read_article_raise_anything_but_a_content_error(
    tmp_path: Path, data: bytes
) -> None:
    config = SiteConfig(root=tmp_path)
    path = tmp_path / "x.md"
    path.write_bytes(b"---\ntitle: T\ndate: 2024-02-22\n---\n" + data)
    try:
        loaded = read_article(path, config)
    except ContentError as exc:
        assert {d.path for d in exc.diagnostics} == {"x.md"}
        return
    assert loaded.article.title == "T"


def test_body_line_is_the_first_body_line_after_blank_lines_and_crlf(site: SiteConfig) -> None:
    text = "\ufeff---\r\ntitle: T\r\ndate: 2024-02-22 10:30\r\n---\r\n\r\n\r\nBody here.\r\n"
    article = read_article(write(site, text), site).article
    assert article.body == "Body here."
    assert article.body_line == 7
    assert article.date == datetime(2024, 2, 22, 10, 30, tzinfo=KYIV)


def test_an_empty_body_points_at_the_line_after_the_front_matter(site: SiteConfig) -> None:
    article = read_article(write(site, "---\ntitle: T\ndate: 2024-02-22\n---\n"), site).article
    assert (article.body, article.body_line, article.summary) == ("", 5, "")


def test_long_summary_is_cut_at_a_word_boundary(site: SiteConfig) -> None:
    words = " ".join(f"word{n}" for n in range(80))
    article = read_article(
        write(site, f"---\ntitle: T\ndate: 2024-02-22\n---\n**{words}**\n\nSecond.\n"), site
    ).article
    assert article.summary.endswith("…") and len(article.summary) <= 200
    assert words.startswith(article.summary[:-1] + " ")


def test_text_format_summary_is_the_first_paragraph_as_written(site: SiteConfig) -> None:
    text = "---\ntitle: T\ndate: 2024-02-22\nformat: text\n---\nA *literal* <b>.\n\nSecond.\n"
    article = read_article(write(site, text), site).article
    assert article.summary == "A *literal* <b>."
    assert article.body_format is BodyFormat.TEXT


def test_defaults_and_extra_keys(site: SiteConfig) -> None:
    text = (
        "---\ntitle: '  Spaced   out  '\ndate: 2024-02-22\nzeta: [1, 2]\nalpha: {x: y}\n"
        "topics: ['  Home  Office ', '', 2024]\nupdated: 2024-03-01\n---\nB\n"
    )
    loaded = read_article(write(site, text), site)
    article = loaded.article
    assert loaded.diagnostics == ()
    assert article.title == "Spaced out"
    assert article.slug == "spaced-out"
    assert article.authors == ("Desk",)
    assert article.topics == ("Home Office", "2024")
    assert article.extra == (("alpha", {"x": "y"}), ("zeta", [1, 2]))
    assert (article.draft, article.source, article.image, article.provenance) == (
        False,
        None,
        "",
        None,
    )


def test_source_path_is_relative_to_the_site_root(site: SiteConfig) -> None:
    path = write(site, "---\ntitle: T\ndate: 2024-02-22\n---\nB\n", "2024/02/deep.md")
    assert read_article(path, site).article.source_path == "content/2024/02/deep.md"


def test_text_that_yaml_would_read_as_a_number_is_kept_as_written(site: SiteConfig) -> None:
    """YAML 1.1 reads 3.10 as 3.1, 12:30 as 750 (base 60), 0x1F as 31 and 010 as 8: a headline
    `12:30` was published as `750`, a topic `Python 3.10` list item `3.10` as `3.1`."""
    text = (
        "---\ntitle: 12:30\ndate: 2024-02-22\nsummary: 0x1F\ntopics: [3.10, 010, 1_000]\n"
        "source: {name: +1, byline: 1.50}\ncorrections: [{date: 2024-02-23, text: 0o17}]\n"
        "image_alt: 1e3\nrank: 010\n---\nB\n"
    )
    article = read_article(write(site, text), site).article
    assert (article.title, article.summary, article.topics) == (
        "12:30",
        "0x1F",
        ("3.10", "010", "1_000"),
    )
    assert article.source == Source(name="+1", byline="1.50")
    assert (article.corrections[0].text, article.image_alt) == ("0o17", "1e3")
    assert article.extra == (("rank", 8),), "a field of the templates' own keeps YAML's types"


def test_an_id_or_slug_written_with_no_value_is_an_error(site: SiteConfig) -> None:
    """`id:` left empty took the id made from the file's name, and `slug: ~` the one made from
    the headline, without a word: neither was pinned, nor told to be (`check --fix` skips a key
    that is there)."""
    assert errors(site, "---\ntitle: T\ndate: 2024-02-22\nid:\nslug: ~\n---\nB\n") == [
        "content/a.md:4: error: `id` is empty (write it, or delete the line and run "
        "`newsgen check --fix` to pin it)",
        "content/a.md:5: error: `slug` is empty (write it, or delete the line and run "
        "`newsgen check --fix` to pin it)",
    ]


@pytest.mark.parametrize("front", ["title: &r [*r]", "topics: &r [a, *r]", "summary: &m {a: *m}"])
def test_an_alias_inside_its_own_text_field_is_refused_not_a_hang(
    site: SiteConfig, front: str
) -> None:
    """The numbers-as-written typing of text fields walked such a value for ever."""
    text = f"---\n{front}\ndate: 2024-01-01\n---\nx\n"
    found: list[ContentError] = []

    def parse() -> None:
        try:
            parse_article_text(text, "content/a.md", site)
        except ContentError as exc:
            found.append(exc)

    worker = threading.Thread(target=parse, daemon=True)
    worker.start()
    worker.join(30)
    assert not worker.is_alive(), "the front matter is read in a moment, or never"
    (refused,) = found
    assert "found unconstructable recursive node" in refused.diagnostics[0].message


@pytest.mark.parametrize(
    ("front", "message"),
    [
        (
            "source_url: https://wire.example:abc/a",
            "content/a.md:4: error: `source_url` must be an http or https URL, got "
            "'https://wire.example:abc/a'",
        ),
        (
            "image: https://cdn.example:99999/a.jpg",
            "content/a.md:4: error: `image` must be a URL or a path, got "
            "'https://cdn.example:99999/a.jpg' (give an https URL, a file beside the article "
            "(photo.jpg) or of static/ (/a.jpg))",
        ),
    ],
)
def test_a_web_address_with_a_port_that_is_no_port_is_refused(
    site: SiteConfig, front: str, message: str
) -> None:
    """It was published as it was, a link no browser can follow and the Nu checker refuses."""
    text = f"---\ntitle: T\ndate: 2024-01-01\n{front}\n---\nx\n"
    with pytest.raises(ContentError) as caught:
        parse_article_text(text, "content/a.md", site)
    assert [d.format() for d in caught.value.diagnostics] == [message]
