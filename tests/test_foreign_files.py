"""Files of the output folder that no build wrote (a host's verification page, a CNAME put
there by hand) are never written over, nor taken for the build's own and later removed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgen.cli import cli
from newsgen.config.site import SiteConfig
from newsgen.diagnostics import NewsgenError
from seedutil import make_site
from sitegen import build, tree

CONFIG = "title: Daily\nbase_url: https://news.example/\ntimezone: UTC\nsearch: false\n"
STORY = "---\ntitle: Storm\ndate: 2026-12-04 10:00\n{extra}---\nBody.\n"


def site(root: Path, extra: str = "") -> SiteConfig:
    return make_site(root, CONFIG, {"content/storm.md": STORY.format(extra=extra)})


def rewrite(config: SiteConfig, extra: str) -> None:
    (config.content_path / "storm.md").write_text(STORY.format(extra=extra), encoding="utf-8")


def test_an_alias_landing_on_a_file_put_there_by_hand_is_refused(tmp_path: Path) -> None:
    config = site(tmp_path)
    build(config)
    (config.output_path / "google123.html").write_text("verification", encoding="utf-8")
    before = tree(config.output_path)
    rewrite(config, "aliases: [/google123.html]\n")
    done = CliRunner().invoke(cli, ["--site", str(config.root), "build"])
    assert done.exit_code == 1
    assert done.output.splitlines()[0] == (
        "build/google123.html: error: the build would write over this file, which no build "
        "wrote (delete it, or move it into static/ to publish it with the site, or give the "
        "page or alias that has its address another one; the published site was not changed)"
    )
    assert tree(config.output_path) == before
    (config.output_path / "google123.html").unlink()
    build(config)
    assert "url=/2026/12/04/storm/" in (config.output_path / "google123.html").read_text("utf-8")


def test_a_removed_alias_leaves_the_file_it_was_refused_over(tmp_path: Path) -> None:
    """Before, the alias's page replaced the file, and went with the alias: the file was lost."""
    config = site(tmp_path)
    build(config)
    (config.output_path / "yandex_1.html").write_text("verified\n", encoding="utf-8")
    rewrite(config, "aliases: [/yandex_1.html]\n")
    with pytest.raises(NewsgenError):
        build(config)
    rewrite(config, "")
    build(config)
    assert (config.output_path / "yandex_1.html").read_text(encoding="utf-8") == "verified\n"


def test_many_files_in_the_way_are_told_in_one_error(tmp_path: Path) -> None:
    config = site(tmp_path)
    build(config)
    names = [f"/old/{n}/" for n in range(7)]
    for name in names:
        (config.output_path / name.strip("/")).mkdir(parents=True)
        (config.output_path / name.strip("/") / "index.html").write_text("x", encoding="utf-8")
    rewrite(config, f"aliases: [{', '.join(names)}]\n")
    before = tree(config.output_path)
    with pytest.raises(NewsgenError) as raised:
        build(config)
    (found,) = raised.value.diagnostics
    assert found.format().startswith(
        "build/: error: the build would write over 7 files no build wrote: old/0/index.html, "
        "old/1/index.html, old/2/index.html, old/3/index.html, old/4/index.html and 2 more ("
    )
    assert tree(config.output_path) == before


def test_a_file_alike_the_one_the_build_makes_is_not_taken_for_its_own(tmp_path: Path) -> None:
    """Taken for the build's own, it would be removed with the alias."""
    config = site(tmp_path)
    rewrite(config, "aliases: [/old/]\n")
    build(config)
    page = (config.output_path / "old/index.html").read_bytes()
    rewrite(config, "")
    build(config)
    (config.output_path / "old").mkdir()
    (config.output_path / "old/index.html").write_bytes(page)
    rewrite(config, "aliases: [/old/]\n")
    with pytest.raises(NewsgenError, match=r"old/index\.html: error: the build would write over"):
        build(config)


def test_with_no_record_of_the_last_build_its_files_are_written_over(tmp_path: Path) -> None:
    """Without .newsgen/ (deleted, or a first build) no file is known as the build's: the
    pages are written as before, and no file is removed."""
    config = site(tmp_path)
    build(config)
    (config.output_path / "google123.html").write_text("verification", encoding="utf-8")
    shutil.rmtree(config.root / ".newsgen")
    build(config)
    assert (config.output_path / "google123.html").read_text("utf-8") == "verification"
    assert "Storm" in (config.output_path / "2026/12/04/storm/index.html").read_text("utf-8")


def test_files_put_there_by_hand_and_not_in_the_way_stay(tmp_path: Path) -> None:
    config = site(tmp_path)
    build(config)
    (config.output_path / "google123.html").write_text("verification", encoding="utf-8")
    rewrite(config, "aliases: [/old/]\n")
    build(config, clean=True)
    rewrite(config, "")
    build(config)
    assert (config.output_path / "google123.html").read_text("utf-8") == "verification"
    assert not (config.output_path / "old").exists()
