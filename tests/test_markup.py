"""Article bodies: CommonMark with extensions, no raw HTML, no script links, stable heading ids;
plain text as escaped paragraphs."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsgen
from newsgen.config.site import RawHtml
from newsgen.model import Article, BodyFormat
from newsgen.render.markup import BodyRenderer, body_key, heading_id, markdown_parser, text_to_html


def article(body: str, body_format: BodyFormat = BodyFormat.MARKDOWN, slug: str = "a") -> Article:
    date = datetime(2024, 1, 1, tzinfo=UTC)
    return Article(slug, "T", date, body, body_format, "content/a.md", uid=slug)


def markdown(body: str) -> str:
    return BodyRenderer().render(article(body))


def test_commonmark_with_tables_strikethrough_and_footnotes() -> None:
    body = "Said ~~Tuesday~~ *Wednesday*.[^1]\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n[^1]: Fixed."
    assert markdown(body) == (
        '<p>Said <s>Tuesday</s> <em>Wednesday</em>.<sup class="footnote-ref">'
        '<a href="#fn1" id="fnref1">[1]</a></sup></p>\n'
        '<table>\n<thead>\n<tr>\n<th>a</th>\n<th style="text-align:right">b</th>\n</tr>\n'
        '</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td style="text-align:right">2</td>\n</tr>\n'
        "</tbody>\n</table>\n"
        '<hr class="footnotes-sep" />\n<section class="footnotes">\n'
        '<ol class="footnotes-list">\n<li id="fn1" class="footnote-item"><p>Fixed. '
        '<a href="#fnref1" class="footnote-backref">↩︎</a></p>\n</li>\n</ol>\n</section>\n'
    )


def test_headings_h2_to_h4_get_stable_unique_ids() -> None:
    body = "# Top\n\n## Who said what?\n\n### Who said what?\n\n#### Київ, 2024\n\n##### Deep"
    assert markdown(body) == (
        "<h1>Top</h1>\n"
        '<h2 id="who-said-what">Who said what?</h2>\n'
        '<h3 id="who-said-what-1">Who said what?</h3>\n'
        '<h4 id="київ-2024">Київ, 2024</h4>\n'
        "<h5>Deep</h5>\n"
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Main", "main-section"),
        ("Related heading", "related-heading-section"),
        ("site search", "site-search-section"),
        ("fn1", "fn1-section"),
        ("fnref2", "fnref2-section"),
        ("!!!", "section"),
        ("  Spaced out  ", "spaced-out"),
        ("Mainly", "mainly"),
    ],
)
def test_heading_ids_never_clash_with_the_theme_or_come_out_empty(
    title: str, expected: str
) -> None:
    assert heading_id(title) == expected


def test_no_heading_takes_an_id_of_the_article_page_itself() -> None:
    templates = Path(newsgen.__file__).parent / "theme" / "templates"
    names = ("base.html", "article.html", "_corrections.html", "_list.html")
    written = " ".join((templates / name).read_text("utf-8") for name in names)
    page_ids = set(re.findall(r'\bid="([^"{}]+)"', written))
    assert {"main", "corrections-heading", "related-heading"} <= page_ids
    assert [i for i in sorted(page_ids) if heading_id(i.replace("-", " ")) == i] == []


def test_raw_html_in_markdown_is_escaped() -> None:
    assert markdown('<script>alert(1)</script>\n\nHi <b onclick="x">there</b>') == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
        "<p>Hi &lt;b onclick=&quot;x&quot;&gt;there&lt;/b&gt;</p>\n"
    )


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "javascript&colon;alert(1)",
        "javas&#99;ript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "file:///etc/passwd",
    ],
)
def test_script_and_data_links_do_not_survive(url: str) -> None:
    for body in (f"[click]({url})", f"<{url}>", f"[click][r]\n\n[r]: {url}"):
        html = markdown(body)
        assert "<a" not in html, body
        assert 'href="' not in html, body


def test_links_and_images_with_a_user_name_or_password_stay_text() -> None:
    """A page may not link to a URL holding credentials (the Nu checker refuses it)."""
    body = (
        "[x](https://me:secret@x.example/) <https://me@x.example/b> ![i](http://me@x.example/a.png)"
        " [m](mailto:a@b.example) [ok](https://x.example/@me?a=@b)"
    )
    assert markdown(body) == (
        "<p>[x](https://me:secret@x.example/) &lt;https://me@x.example/b&gt; "
        "![i](http://me@x.example/a.png) "
        '<a href="mailto:a@b.example">m</a> <a href="https://x.example/@me?a=@b">ok</a></p>\n'
    )
    raw = '<a href="https://me:secret@x.example/">x</a><q cite="//me@x.example/">y</q>'
    html = BodyRenderer(raw_html=RawHtml.SANITIZE).render(article(raw))
    assert html == "<p><a>x</a><q>y</q></p>\n"


def test_ordinary_links_and_images_survive_and_bare_urls_stay_text() -> None:
    assert markdown("[a](https://x.example/?q=1&r=2) ![pic](/img/p.png) https://y.example") == (
        '<p><a href="https://x.example/?q=1&amp;r=2">a</a> <img src="/img/p.png" alt="pic" /> '
        "https://y.example</p>\n"
    )


def test_plain_text_is_escaped_paragraphs_never_markup() -> None:
    text = "# Not a heading *or emphasis*\nsame <b>paragraph</b>\n\n\n  \nSecond & last\r\n"
    assert BodyRenderer().render(article(text, BodyFormat.TEXT)) == (
        "<p># Not a heading *or emphasis* same &lt;b&gt;paragraph&lt;/b&gt;</p>\n"
        "<p>Second &amp; last</p>\n"
    )


def test_blank_lines_with_spaces_and_windows_newlines_split_paragraphs() -> None:
    assert text_to_html("one\r\n \t\r\ntwo\n\nthree") == "<p>one</p>\n<p>two</p>\n<p>three</p>\n"
    assert text_to_html("\n\n  \n") == ""


def test_control_characters_html_forbids_are_dropped() -> None:
    assert markdown("bell\x07 and\x1b escape\x85") == "<p>bell and escape</p>\n"
    assert BodyRenderer().render(article("a\x00b\x0bc", BodyFormat.TEXT)) == "<p>abc</p>\n"


def test_noncharacters_html_forbids_are_dropped() -> None:
    assert markdown("a\ufffeb\uffff c\ufdd0 d\U0010ffff") == "<p>ab c d</p>\n"
    assert BodyRenderer().render(article("a\U0001fffeb", BodyFormat.TEXT)) == "<p>ab</p>\n"
    kept = "\ufdcf \ufdf0 \ufffd \U0001f600 \U0010fffd \u4e2d"  # beside them, but characters
    assert markdown(f"{kept}\x07\ufdef") == f"<p>{kept}</p>\n"


def test_each_body_is_rendered_once_per_renderer() -> None:
    renderer = BodyRenderer()
    first = renderer.render(article("*one*"))
    assert renderer.render(article("*changed*")) is first
    assert renderer.render(article("*changed*", slug="b")) == "<p><em>changed</em></p>\n"


def test_body_key_depends_on_format_and_text_only() -> None:
    assert body_key(article("x")) == body_key(article("x", slug="other"))
    assert body_key(article("x")) != body_key(article("x", BodyFormat.TEXT))
    assert body_key(article("x")) != body_key(article("y"))


def test_a_renderer_keys_each_record_of_an_article_by_its_own_body() -> None:
    """The key a renderer made for an article is not given for an edited record of it (the
    same uid), as an edit's build asks for the old record's key and the new one's."""
    renderer = BodyRenderer()
    old, edited = article("x"), article("y")
    assert renderer.retain(old) == body_key(old)
    assert renderer.retain(edited) == body_key(edited) != body_key(old)
    assert renderer.retain(old) == body_key(old)


def test_parser_factory_gives_independent_parsers() -> None:
    first, second = markdown_parser(), markdown_parser()
    assert first is not second
    assert first.options["html"] is False and first.options["linkify"] is False


@given(st.text())
def test_plain_text_never_produces_a_tag_of_its_own(text: str) -> None:
    html = text_to_html(text).replace("<p>", "").replace("</p>", "")
    assert "<" not in html and ">" not in html


@given(st.text(alphabet=st.sampled_from(list("<>/scriptSCRIPT ='\"\n[]()!:*#|-~`&a"))))
def test_markdown_never_lets_raw_tags_through(text: str) -> None:
    html = markdown_parser().render(text).lower()
    assert "<script" not in html
    assert "<a" not in html or 'href="' in html


def test_sanitized_raw_html_keeps_what_markdown_itself_writes() -> None:
    body = "## Head\n\nSaid.[^1]\n\n| a |\n|--:|\n| 1 |\n\n3. three\n\n[^1]: Fixed."
    renderer = BodyRenderer(raw_html=RawHtml.SANITIZE)
    assert renderer.render(article(body)) == markdown(body).replace(" />", ">")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('<span style="color:red;text-align:left" class="x">p</span>', "<span>p</span>"),
        ('<td style="color:red">x</td>', "x"),
        ('<a href="javascript:alert(1)" target="_blank">x</a>', "<a>x</a>"),
        ("<style>p{}</style><form><input></form>x", "x"),
        (
            '<img src="https://example.org/a.png" onerror="x()">',
            '<img src="https://example.org/a.png" alt="">',
        ),
    ],
)
def test_sanitized_raw_html_drops_scripts_styles_and_handlers(raw: str, expected: str) -> None:
    html = BodyRenderer(raw_html=RawHtml.SANITIZE).render(article(raw))
    assert html.strip().removeprefix("<p>").removesuffix("</p>") == expected


def test_the_raw_html_policy_is_part_of_the_cache_key() -> None:
    keys = {body_key(article("<b>x</b>"), policy) for policy in RawHtml}
    assert len(keys) == len(RawHtml)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            '<table><tr><td colspan="0" rowspan="-1">a</td><td colspan="1001">b</td>'
            '<td colspan="2" rowspan="0">c</td><th scope="bogus">d</th><th scope="Col">e</th>'
            "</tr></table>",
            '<table><tbody><tr><td>a</td><td>b</td><td colspan="2" rowspan="0">c</td>'
            '<th>d</th><th scope="Col">e</th></tr></tbody></table>',
        ),
        (
            '<table char="x" charoff="2"><colgroup span="0"><col span="-1"></colgroup>'
            '<tr><th headers="h">a</th><td headers="h2">b</td></tr></table>',
            "<table><colgroup><col></colgroup><tbody><tr><th>a</th><td>b</td></tr></tbody></table>",
        ),
        (
            '<img src="a b.png" alt="x" width="-5" height="1.5"><img src="c.png" alt="" width="8">',
            '<p><img src="a%20b.png" alt="x"><img src="c.png" alt="" width="8"></p>',
        ),
        ('<ol start="abc"><li>a</li></ol><ol start="-3"><li>b</li></ol>', None),
        (
            '<del datetime="yesterday">a</del><ins datetime="2024-13-45">b</ins>'
            '<del datetime="2024-01-02">c</del><ins datetime="2024-01-02T10:00Z">d</ins>',
            '<p><del>a</del><ins>b</ins><del datetime="2024-01-02">c</del>'
            '<ins datetime="2024-01-02T10:00Z">d</ins></p>',
        ),
        (
            '<span lang="x y">a</span><span lang="en_GB">b</span><span lang="">c</span>'
            '<a href="/x" hreflang="!!">d</a><span lang="zh-Hant">e</span>',
            '<p><span>a</span><span>b</span><span lang="">c</span><a href="/x">d</a>'
            '<span lang="zh-Hant">e</span></p>',
        ),
        (
            '<q cite="not a url">a</q> <a href="https://x.example/a b?q=%zz">b</a>',
            '<p><q cite="not%20a%20url">a</q> <a href="https://x.example/a%20b?q=%25zz">b</a></p>',
        ),
        (
            "<acronym>A</acronym> <center>c</center> <strike>s</strike> <tt>t</tt> "
            '<bdo>b</bdo> <time datetime="x">now</time> <map><area href="/"></map>',
            "<p>A </p>c s t b now <p></p>",
        ),
    ],
)
def test_sanitized_raw_html_drops_what_html_forbids_and_keeps_the_words(
    raw: str, expected: str | None
) -> None:
    html = BodyRenderer(raw_html=RawHtml.SANITIZE).render(article(raw)).strip()
    assert html == (expected or '<ol><li>a</li></ol><ol start="-3"><li>b</li></ol>')


def test_sanitized_raw_html_ids_are_valid_unique_and_never_the_pages_own() -> None:
    body = (
        '<h2 id="main">a</h2>\n\n<h3 id="x y">b</h3>\n\n<h4 id="">c</h4>\n\n## Dup\n\n'
        '<h2 id="dup">d</h2>\n\n<p><a id="fn1">e</a> <a id="fnref1">f</a></p>\n\nT[^1].\n\n[^1]: N.'
    )
    html = BodyRenderer(raw_html=RawHtml.SANITIZE).render(article(body))
    assert re.findall(r' id="([^"]*)"', html) == ["dup", "fnref1", "fn1"]
    assert "<h2>a</h2>\n<h3>b</h3>\n<h4>c</h4>\n" in html  # the first id given wins
    assert '<p><a>e</a> <a id="fnref1">f</a></p>' in html and '<a href="#fn1">[1]</a>' in html
