"""Classifying changed paths: which part of the site they belong to, and editor litter."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsgen.config.site import SiteConfig
from newsgen.serve.changes import Change, ChangeKind, change_for, classify

SITE = SiteConfig(root=Path("/site"))


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("newsgen.yaml", ChangeKind.CONFIG),
        ("content/2025/11/nato.md", ChangeKind.CONTENT),
        ("content/2025", ChangeKind.CONTENT),
        ("content", ChangeKind.CONTENT),
        ("seeds/000_57c0.txt", ChangeKind.SEED),
        ("templates/article.html", ChangeKind.TEMPLATE),
        ("templates/partials/head.html", ChangeKind.TEMPLATE),
        ("static/style.css", ChangeKind.STATIC),
        ("static/img/logo.png", ChangeKind.STATIC),
        ("./content//a.md", ChangeKind.CONTENT),
    ],
)
def test_site_parts(path: str, kind: ChangeKind) -> None:
    assert classify(path, SITE) is kind


@pytest.mark.parametrize(
    "path",
    [
        "content/.a.md.swp",
        "content/.a.md.swx",
        "content/a.md.swp",
        "templates/.base.html.swo",
        "content/4913",
        "content/a.md~",
        "newsgen.yaml~",
        "content/#a.md#",
        "content/.#a.md",
        "content/a.md.tmp",
        "content/a.md.bak",
        "content/a.md.orig",
        "content/~$report.docx",
        "templates/base.html___jb_tmp___",
        "templates/base.html___jb_old___",
        "static/logo.png.part",
        "static/logo.png.crdownload",
        "content/a.md.kate-swp",
        ".git/index",
        ".git/objects/ab/cdef",
        "content/.git/HEAD",
        "build/index.html",
        "build",
        ".newsgen/cache.json",
        "content/.DS_Store",
        "static/img/Thumbs.db",
        "content/2024/desktop.ini",
        ".hidden/content/a.md",
        "content/../newsgen.yaml",
        "README.md",
        "src/newsgen/cli.py",
        "newsgen.yaml.new",
        "",
        ".",
    ],
)
def test_litter_and_elsewhere_are_ignored(path: str) -> None:
    assert classify(path, SITE) is ChangeKind.IGNORED


def test_configured_folders_are_followed() -> None:
    site = SiteConfig(
        root=Path("/site"), content_dir="articles", seeds_dir="raw/seeds", output_dir="public/site"
    )
    assert classify("articles/a.md", site) is ChangeKind.CONTENT
    assert classify("content/a.md", site) is ChangeKind.IGNORED
    assert classify("raw/seeds/x.txt", site) is ChangeKind.SEED
    assert classify("raw/other.txt", site) is ChangeKind.IGNORED
    assert classify("public/site/index.html", site) is ChangeKind.IGNORED
    assert classify("public/other.html", site) is ChangeKind.IGNORED


def test_output_inside_a_watched_folder_is_ignored() -> None:
    site = SiteConfig(root=Path("/site"), output_dir="static/out")
    assert classify("static/out/index.html", site) is ChangeKind.IGNORED
    assert classify("static/style.css", site) is ChangeKind.STATIC


def test_change_for_normalises_the_path() -> None:
    assert change_for("./content//2025/a.md", SITE) == Change(
        ChangeKind.CONTENT, "content/2025/a.md"
    )


NAMES = st.text(
    alphabet=st.characters(
        codec="utf-8", categories=["L", "N"], include_characters="-_ ", exclude_characters="/"
    ),
    min_size=1,
    max_size=20,
).filter(lambda name: name != "4913")
FOLDERS = st.sampled_from(
    [
        ("content", ChangeKind.CONTENT),
        ("seeds", ChangeKind.SEED),
        ("templates", ChangeKind.TEMPLATE),
        ("static", ChangeKind.STATIC),
    ]
)


@given(FOLDERS, st.lists(NAMES, max_size=3), NAMES, st.sampled_from([".md", ".txt", ".html", ""]))
def test_a_plain_file_in_a_site_folder_is_that_kind(
    folder: tuple[str, ChangeKind], subfolders: list[str], name: str, suffix: str
) -> None:
    path = "/".join([folder[0], *subfolders, name + suffix])
    assert classify(path, SITE) is folder[1]


@given(
    FOLDERS,
    NAMES,
    st.sampled_from(["{}~", "#{}#", ".#{}", ".{}.swp", "{}.swx", ".{}", "{}.tmp"]),
)
def test_editor_litter_beside_any_file_is_ignored(
    folder: tuple[str, ChangeKind], name: str, pattern: str
) -> None:
    assert classify(f"{folder[0]}/{pattern.format(name + '.md')}", SITE) is ChangeKind.IGNORED


@given(st.text(max_size=60))
def test_any_text_classifies_without_error(path: str) -> None:
    assert isinstance(classify(path, SITE), ChangeKind)


@given(st.lists(NAMES, min_size=1, max_size=4))
def test_anything_under_the_output_or_a_hidden_folder_is_ignored(parts: list[str]) -> None:
    for top in ("build", ".git", ".newsgen", "content/.cache"):
        assert classify("/".join([top, *parts]), SITE) is ChangeKind.IGNORED
