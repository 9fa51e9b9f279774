"""The loader finds a body's links and images as a full CommonMark parse does, though it runs
the inline rules only on blocks that may hold a local target, and parses no body whose every
target has a scheme."""

from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from newsgen.content import references
from newsgen.model import BodyFormat, Reference, ReferenceKind

FRAGMENTS = (
    "[", "]", "(", ")", "!", ":", "<", ">", "`", "*", "\\", "|", " ", "\n", "\n\n", "    ",
    "> ", "- ", "1. ", "# ", "---", "word", "photo.jpg", "../03/story.md", "/about/",
    "https://example.org/x", "#part", "[ref]", "[ref]: ", '"title"', "&#91;", "[^1]", "[^1]: ",
    "](", "]:", "\t", "\r\n", "\xa0", "mailto:x", "a+b:", "http\\:", "&#104;ttp:",
    "javascript:", "](<", ">)",
)  # fmt: skip
bodies = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)


def found(body: str) -> tuple[Reference, ...]:
    return references.body_references(body, BodyFormat.MARKDOWN, 10)


@given(bodies)
@example("[a][ref]\n\n[ref]: photo.jpg")
@example("![a][ref]\n\n[ref]: photo.jpg")
@example("| a | b |\n|---|---|\n| [x](../03/story.md) | y |")
@example("[a](https://example.org)\n\n[b](photo.jpg) and [c](https://example.org)")
@example("[a](https://example.org) [b][ref]\n\n[c](/about/)\n\n[ref]: photo.jpg")
@example("[a](https://example.org) [b][ref]\n\n[c](/about/)\n\n[ref]: https://example.org")
@example("[a](\n/about/) and [b](https://example.org)")
def test_references_are_those_of_a_full_parse(body: str) -> None:
    selective = found(body)
    full = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)
    with mock.patch.object(references, "_parser", lambda: full):
        assert selective == found(body)


@given(bodies)
@example("[a](\n  http://x) and [b](photo.jpg)")
@example("[a](\xa0https://example.org)")
@example("[a](< https://example.org>)")
@example("[a]( \t<https://example.org>)")
def test_a_body_is_parsed_unless_every_target_has_a_scheme(body: str) -> None:
    with mock.patch.object(references, "_may_name_a_path", lambda _: True):
        parsed = found(body)
    assert found(body) == parsed


@pytest.mark.parametrize(
    ("body", "parsed"),
    [
        ("Read [the report](https://example.org/r) and [more](mailto:desk@example.org).", False),
        ("See [the archive](/archive/) first.", True),
        ("A [link](\n  https://example.org) across lines.", False),
        ("[ref]: https://example.org\n\nAs [ref] says.", False),
        ("A claim.[^1]\n\n[^1]: As the court said.", True),
        ("A [link]( <photo.jpg>).", True),
    ],
)
def test_the_bodies_parsed(body: str, parsed: bool) -> None:
    assert references._may_name_a_path(body) is parsed


def test_a_reference_style_image_is_found_on_its_line() -> None:
    body = "Text without brackets.\n\nSee ![the map][map].\n\n[map]: maps/north.png"
    assert found(body) == (Reference(ReferenceKind.IMAGE, "maps/north.png", 12, "the map"),)


@pytest.mark.parametrize("note", ["notes.md", "/about/", "photo.jpg"])
def test_a_footnote_is_no_link(note: str) -> None:
    """Plain CommonMark reads `[^1]: notes.md` as a link's definition; the page shows a note."""
    assert found(f"A claim.[^1]\n\n[^1]: {note}\n") == ()


def test_a_link_in_a_footnote_is_found() -> None:
    body = "A claim.[^1]\n\n[^1]: See ![the map](maps/north.png).\n"
    assert found(body) == (Reference(ReferenceKind.IMAGE, "maps/north.png", 12, "the map"),)


@pytest.mark.parametrize(
    ("body", "read"),
    [
        ("[a](https://example.org)\n\n[b](photo.jpg)\n\nNo link.", ["[b](photo.jpg)"]),
        ("[a](https://x.org) [b][r]\n\n[c](/x/)\n\n[r]: https://x.org", ["[a](https://x.org) [b][r]", "[c](/x/)"]),
        ("A claim.[^1]\n\n[^1]: See [it](https://x.org).", ["A claim.[^1]", "See [it](https://x.org)."]),
    ],
)  # fmt: skip
def test_only_blocks_that_may_hold_a_local_target_are_read_inline(
    body: str, read: list[str]
) -> None:
    """A block that links to the web alone is not read, unless the body defines a reference
    or a footnote (then every block with a `[` is)."""
    seen: list[str] = []
    parse = references._parser().inline.parse

    def inline(text: str, *rest: object) -> None:
        seen.append(text)
        parse(text, *rest)  # type: ignore[arg-type]

    with mock.patch.object(references._parser().inline, "parse", inline):
        found(body)
    assert seen == read
