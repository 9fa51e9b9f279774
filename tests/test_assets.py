"""Static assets: the theme's files overlaid by the site's, CSS and JS under content-hashed
names, nothing from outside the static folders."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from pathlib import Path

import pytest

from newsgen.config.site import Publisher, SiteConfig
from newsgen.diagnostics import NewsgenError
from newsgen.plan.share import logo
from newsgen.render.assets import collect_assets, theme_folder
from newsgen.render.templates import make_environment


def static(root: Path, files: dict[str, bytes]) -> SiteConfig:
    (root / "static").mkdir(exist_ok=True)
    for name, data in files.items():
        path = root / "static" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return SiteConfig(root=root)


def hashed(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:10]


def test_the_theme_ships_its_stylesheet_search_script_logo_and_share_image(
    tmp_path: Path,
) -> None:
    assets = collect_assets(SiteConfig(root=tmp_path))
    css = (theme_folder("static") / "style.css").read_bytes()
    assert assets.url("style.css") == f"/static/style.{hashed(css)}.css"
    assert set(assets.assets) == {"style.css", "search.js", "topics.js", "logo.png", "share.png"}
    assert assets.url("share.png") == "/static/share.png", "metadata names it unhashed"
    assert assets.url("logo.png") == "/static/logo.png"
    assert len(css) < 10_000


def test_site_files_override_the_theme_by_name_and_add_their_own(tmp_path: Path) -> None:
    config = static(
        tmp_path, {"style.css": b"body{color:red}", "img/logo.png": b"\x89PNG", "app.js": b"1"}
    )
    assets = collect_assets(config)
    assert assets.url("style.css") == f"/static/style.{hashed(b'body{color:red}')}.css"
    assert assets.assets["style.css"].source == tmp_path / "static" / "style.css"
    assert assets.url("img/logo.png") == "/static/img/logo.png"
    assert assets.url("app.js") == f"/static/app.{hashed(b'1')}.js"
    assert assets.url("search.js").startswith("/static/search.")


def test_outputs_are_every_file_once_in_name_order(tmp_path: Path) -> None:
    config = static(tmp_path, {"b.txt": b"b", "a/z.txt": b"z", "style.css": b"x"})
    outputs = list(collect_assets(config).outputs())
    assert [url for url, _ in outputs] == [
        "/static/a/z.txt",
        "/static/b.txt",
        "/static/logo.png",
        "/static/search." + hashed((theme_folder("static") / "search.js").read_bytes()) + ".js",
        "/static/share.png",
        f"/static/style.{hashed(b'x')}.css",
        "/static/topics." + hashed((theme_folder("static") / "topics.js").read_bytes()) + ".js",
    ]
    assert outputs[0][1].read_bytes() == b"z"


def test_hidden_files_and_folders_are_left_out(tmp_path: Path) -> None:
    config = static(tmp_path, {".DS_Store": b"x", ".git/config": b"x", "ok.txt": b"x"})
    assert "ok.txt" in collect_assets(config).assets
    assert not [
        name for name in collect_assets(config).assets if ".DS_Store" in name or ".git" in name
    ]


def test_editor_backups_and_file_manager_litter_are_left_out(tmp_path: Path) -> None:
    """They were published for anyone to download (`style.css~`, an old `config.js.bak`)."""
    litter = ["style.css~", "#app.js#", "app.js.swp", "logo.png.part", "old.js.bak"]
    litter += ["Thumbs.db", "img/desktop.ini", "4913"]
    config = static(tmp_path, {name: b"x" for name in [*litter, "img/ok.png"]})
    names = set(collect_assets(config).assets)
    assert "img/ok.png" in names
    assert not names & set(litter)


def test_the_same_files_always_give_the_same_map(tmp_path: Path) -> None:
    config = static(tmp_path, {"x.css": b"a", "y.js": b"b", "z.svg": b"c"})
    assert collect_assets(config) == collect_assets(config)


def test_changed_content_changes_only_that_name(tmp_path: Path) -> None:
    config = static(tmp_path, {"x.css": b"a", "y.js": b"b"})
    before = collect_assets(config)
    (tmp_path / "static" / "x.css").write_bytes(b"changed")
    after = collect_assets(config)
    assert before.url("x.css") != after.url("x.css")
    assert before.url("y.js") == after.url("y.js")


def test_a_link_out_of_the_static_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.css").write_text("password", encoding="utf-8")
    config = static(tmp_path, {})
    (tmp_path / "static" / "evil.css").symlink_to(tmp_path / "secret.css")
    with pytest.raises(NewsgenError) as caught:
        collect_assets(config)
    assert [d.format() for d in caught.value.diagnostics] == [
        "static/evil.css: error: static file links outside its folder (copy it in)"
    ]


def test_a_link_within_the_static_folder_is_fine(tmp_path: Path) -> None:
    config = static(tmp_path, {"real.css": b"a"})
    (tmp_path / "static" / "alias.css").symlink_to(tmp_path / "static" / "real.css")
    assert collect_assets(config).url("alias.css") == f"/static/alias.{hashed(b'a')}.css"


def test_a_linked_folder_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.css").write_text("x", encoding="utf-8")
    config = static(tmp_path, {})
    (tmp_path / "static" / "linked").symlink_to(outside, target_is_directory=True)
    assert not [name for name in collect_assets(config).assets if name.startswith("linked")]


def test_an_unknown_name_is_a_lookup_error(tmp_path: Path) -> None:
    with pytest.raises(LookupError, match=r"no static file named 'nope\.css'"):
        collect_assets(SiteConfig(root=tmp_path)).url("nope.css")


def test_the_map_cannot_be_changed(tmp_path: Path) -> None:
    assets = collect_assets(SiteConfig(root=tmp_path))
    with pytest.raises(TypeError):
        assets.assets["x"] = assets.assets["style.css"]  # type: ignore[index]


def test_a_pipe_a_dangling_link_and_a_link_loop_are_each_refused_at_once(tmp_path: Path) -> None:
    """A named pipe used to stall the build on reading it; a loop ended it with a traceback."""
    config = static(tmp_path, {"ok.txt": b"x"})
    folder = tmp_path / "static"
    os.mkfifo(folder / "pipe.png")
    (folder / "gone.png").symlink_to(folder / "nothing.png")
    (folder / "loop1.png").symlink_to(folder / "loop2.png")
    (folder / "loop2.png").symlink_to(folder / "loop1.png")
    with pytest.raises(NewsgenError) as caught:
        collect_assets(config)
    assert [d.format() for d in caught.value.diagnostics] == [
        "static/gone.png: error: is a link to nothing (remove it or fix its target)",
        "static/loop1.png: error: is a link that cannot be followed (a loop) "
        "(remove it or fix its target)",
        "static/loop2.png: error: is a link that cannot be followed (a loop) "
        "(remove it or fix its target)",
        "static/pipe.png: error: this is not a regular file (a pipe or device) "
        "(replace it with a plain file)",
    ]


def test_a_static_file_that_cannot_be_read_is_an_error_naming_it(tmp_path: Path) -> None:
    config = static(tmp_path, {"notes.txt": b"x"})
    assets = collect_assets(config)
    (tmp_path / "static" / "notes.txt").unlink()  # gone (or unreadable) once collected
    with pytest.raises(NewsgenError) as caught:
        dict(assets.contents(tmp_path))
    assert [d.format() for d in caught.value.diagnostics] == [
        "static/notes.txt: error: cannot read the static file: No such file or directory"
    ]


def test_names_that_differ_only_in_case_are_refused(tmp_path: Path) -> None:
    """macOS and Windows hold one file for both: which one was published (or whether the
    site's logo replaced the theme's) depended on the system the site was built on."""
    config = static(tmp_path, {"Logo.png": b"x", "a.txt": b"a", "A.txt": b"b"})
    with pytest.raises(NewsgenError) as caught:
        collect_assets(config)
    assert [d.format() for d in caught.value.diagnostics] == [
        "static/Logo.png: error: `Logo.png` and the theme's `logo.png` differ only in case: "
        "macOS and Windows take them for one, so which is published depends on the system "
        "(name it `logo.png` to replace the theme's file, or give it a name of its own)",
        "static/a.txt: error: `a.txt` and `A.txt` of the same folder differ only in case: "
        "macOS and Windows take them for one, so which is published depends on the system "
        "(keep one of the two, or rename one)",
    ]


def test_a_static_folder_that_is_a_link_to_nothing_is_an_error(tmp_path: Path) -> None:
    """It was read as empty: the site's own stylesheet and logo silently gave way to the
    theme's."""
    (tmp_path / "static").symlink_to(tmp_path / "unmounted")
    with pytest.raises(NewsgenError) as caught:
        collect_assets(SiteConfig(root=tmp_path))
    assert [d.format() for d in caught.value.diagnostics] == [
        "static: error: is a link to nothing (fix its target, or mount its drive)"
    ]


def test_links_to_a_static_file_escape_its_name(tmp_path: Path) -> None:
    """`press logo#1.png` was linked as written: the logo's URL in JSON-LD held a space, and
    its `#1.png` read as a fragment, so readers and crawlers asked for /static/press logo."""
    config = static(tmp_path, {"press logo#1.png": b"x", "100%.css": b"a"})
    config = dataclasses.replace(
        config, base_url="https://n.example/", publisher=Publisher(logo="static/press logo#1.png")
    )
    assets = collect_assets(config)
    asset = make_environment(config, assets).globals["asset"]
    assert asset("press logo#1.png") == "/static/press%20logo%231.png"
    assert asset("100%.css") == f"/static/100%25.{hashed(b'a')}.css"
    assert logo(config) == "https://n.example/static/press%20logo%231.png"
    assert assets.url("press logo#1.png") == "/static/press logo#1.png", "the file's own name"


def test_an_article_dropped_into_static_is_an_error(tmp_path: Path) -> None:
    """It was published as it was, at /static/story.md: a draft's text and front matter for
    anyone to read. A Markdown file without front matter (a README) is just a file."""
    story = b"---\ntitle: Not yet\ndate: 2024-01-01\ndraft: true\n---\nEmbargoed.\n"
    config = static(tmp_path, {"story.md": story, "notes/README.md": b"# Notes\n"})
    with pytest.raises(NewsgenError) as caught:
        collect_assets(config)
    assert [d.format() for d in caught.value.diagnostics] == [
        "static/story.md: error: is an article (front matter between --- lines), and static/ "
        "is published as it is: its text and front matter, drafts too (move it to content/)"
    ]
    (tmp_path / "static" / "story.md").unlink()
    assert "notes/README.md" in collect_assets(config).assets
