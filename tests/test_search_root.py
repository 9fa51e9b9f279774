"""Pagefind told to read an article page from its indexed element alone: only when that makes
the same index as reading the whole page, checked against Pagefind itself."""

from __future__ import annotations

import gzip
import json
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pagefind.service import get_executable

from newsgen.render.search_root import ROOT_SELECTOR, read_alone
from sitegen import build, generated_site

STORY = "<article data-pagefind-body><h1>Flood</h1><p>The river rose.</p>{in_story}</article>"
FILTER = '<span hidden data-pagefind-filter="year:2024"></span>'


def page(
    story: str = STORY, head: str = "", before: str = "", after: str = "", **parts: str
) -> str:
    """An article page: the story between a header and a footer, `parts` filling its slots."""
    story = story.format(in_story=parts.get("in_story", FILTER))
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Gazette</title>{head}'
        f"</head><body><header><p>Gazette</p>{before}</header><main>{story}</main>"
        f"<footer><p>Related</p>{after}</footer></body></html>"
    )


def fragments(html: str, tmp_path: Path, *options: str) -> list[object]:
    """What Pagefind makes of the page (its fragment), with `options`."""
    site, output = tmp_path / "site", tmp_path / f"index{len(options)}"
    (site / "a").mkdir(parents=True, exist_ok=True)
    (site / "a/index.html").write_text(html, encoding="utf-8")
    binary = get_executable()
    assert binary is not None
    command = [str(binary), "--site", str(site), "--output-path", str(output), "--silent"]
    subprocess.run([*command, "--force-language", "en", *options], check=True)
    found = sorted((output / "fragment").iterdir())
    return [json.loads(gzip.decompress(f.read_bytes())[12:]) for f in found]


SAME = {
    "a story among a header and a footer": page(),
    "images, headings and anchors in the story": page(
        in_story=f'{FILTER}<h2 id="more">More</h2><img src="/a.jpg" alt="Boat"><h1>Also</h1>'
    ),
    "an id before the story": page(before='<p id="top">Top</p>'),
}
OTHER = {
    "a heading before the story (its title then)": page(before="<h1>Gazette</h1>"),
    "an image after the story (its image then)": page(after='<img src="/b.jpg" alt="Other">'),
    "a filter in the head": page(head='<meta data-pagefind-filter="kind[content]" content="news">'),
    "no heading (the <title> its title then)": page(STORY.replace("<h1>Flood</h1>", "")),
    "a story left out whole": page(before="", after="").replace(
        "<main>", '<main data-pagefind-ignore="all">'
    ),
}


@pytest.mark.parametrize("html", SAME.values(), ids=SAME.keys())
def test_a_story_holding_all_pagefind_reads_is_read_alone_to_the_same_index(
    html: str, tmp_path: Path
) -> None:
    assert read_alone(html.encode())
    whole = fragments(html, tmp_path)
    assert fragments(html, tmp_path, "--root-selector", ROOT_SELECTOR) == whole


@pytest.mark.parametrize("html", OTHER.values(), ids=OTHER.keys())
def test_a_page_pagefind_reads_more_of_is_read_whole(html: str, tmp_path: Path) -> None:
    """Each page Pagefind would index otherwise from its story alone is not judged so."""
    assert not read_alone(html.encode())
    whole = fragments(html, tmp_path)
    assert fragments(html, tmp_path, "--root-selector", ROOT_SELECTOR) != whole


@pytest.mark.parametrize(
    "html",
    [
        page().replace("<main>", "<main><article data-pagefind-body><h1>B</h1></article>"),
        page(STORY.replace("<h1>Flood</h1>", '<h1><a href="/">Flood</a></h1>')),
        page(STORY.replace("<h1>Flood</h1>", "<h1> </h1><h1>Flood</h1>")),
        page().replace("<p>The river rose.</p>", "<p>The <b>river</p> rose.</b>"),
        page().replace(" data-pagefind-body", ""),
    ],
    ids=["two stories", "a heading holding a link", "an empty heading", "misnested", "no story"],
)
def test_a_page_not_surely_read_alike_is_read_whole(html: str) -> None:
    assert not read_alone(html.encode())


PIECES = st.sampled_from(
    [
        "",
        FILTER,
        "<h1>Headline</h1>",
        "<h1></h1>",
        '<img src="/c.jpg" alt="C">',
        '<p id="here">Here</p>',
        "<p data-pagefind-ignore>Not this</p>",
        '<p data-pagefind-meta="author:Ann">By Ann</p>',
        '<span data-pagefind-sort="rank:2"></span>',
        '<div data-pagefind-weight="3"><p>Weighty</p></div>',
    ]
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(before=PIECES, in_story=PIECES, after=PIECES, second=PIECES)
def test_a_page_judged_read_alone_is_indexed_alike_either_way(
    before: str, in_story: str, after: str, second: str, tmp_path: Path
) -> None:
    html = page(before=before, in_story=in_story + second, after=after)
    if read_alone(html.encode()):
        whole = fragments(html, tmp_path)
        assert fragments(html, tmp_path, "--root-selector", ROOT_SELECTOR) == whole


def test_the_theme_s_article_pages_are_read_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cold build of the theme's pages tells Pagefind to read each story alone, and makes
    the index a build reading the whole pages makes."""
    from newsgen.render import rendering

    config = generated_site(tmp_path / "site", 6, "search: true\n")
    runs = tmp_path / "runs"
    real = get_executable()
    wrapper = tmp_path / "pagefind"
    wrapper.write_text(f'#!/bin/sh\necho "$@" >> {runs}\nexec "{real}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(wrapper))
    build(config)
    assert f"--root-selector {ROOT_SELECTOR}" in runs.read_text()
    whole = generated_site(tmp_path / "whole", 6, "search: true\n")
    runs.unlink()
    monkeypatch.setattr(rendering, "read_alone", lambda page: False)
    build(whole)
    assert "--root-selector" not in runs.read_text()
    assert _index(config.output_path / "pagefind") == _index(whole.output_path / "pagefind")


def _index(folder: Path) -> dict[str, bytes]:
    """The index files but those Pagefind writes otherwise from one run to the next (upstream
    #638)."""
    varying = (".pf_meta", ".pf_filter", "pagefind-entry.json")
    found = (p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(varying))
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in found}
