"""A real read-only disk under the site: the build is refused, the published site stays whole.

We run as root, so a folder's mode does not stop a write; a tmpfs of the test's own, remounted
read-only, does (EROFS from the kernel, nothing injected); the whole site is on it. A `build/`
that is a mount of its own, which a rename from `.newsgen/` cannot reach (EXDEV), is published
all the same, and a failure there is undone across the two mounts.
"""

from __future__ import annotations

import errno
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mounts import tmpfs
from sitegen import generated_site, leftovers, published, tree
from test_incremental import cold_copy


def newsgen_build(root: Path) -> subprocess.CompletedProcess[str]:
    """`python -m newsgen build` in a process of its own: it holds no file open afterwards."""
    command = [sys.executable, "-m", "newsgen", "--site", str(root), "build", "--no-search"]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


def remount(mount: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(mount)], check=True)


def test_a_read_only_disk_leaves_the_site_and_the_next_build_succeeds(small_disk: Path) -> None:
    disk = small_disk
    root = disk / "site"
    generated_site(root, 30)
    first = newsgen_build(root)
    assert first.returncode == 0, first.stderr
    config = root / "newsgen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("Test Times", "Other Times"))
    before = published(root)
    remount(disk, "ro")
    with pytest.raises(OSError) as refused:  # the fault is real: root cannot write either
        (root / "build" / "probe").write_bytes(b"")
    assert refused.value.errno == errno.EROFS

    result = newsgen_build(root)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.splitlines() == [
        ".newsgen/build.lock: error: cannot create the build lock: Read-only file system "
        "(newsgen needs to write the site's .newsgen folder)",
        "newsgen: 1 error(s); nothing was changed",
    ]
    assert result.stdout == ""
    assert published(root) == before
    assert b"Test Times" in (root / "build" / "index.html").read_bytes()

    remount(disk, "rw")
    again = newsgen_build(root)
    assert again.returncode == 0, again.stderr
    assert b"Other Times" in (root / "build" / "index.html").read_bytes()
    assert leftovers(root) == []


@pytest.fixture
def mounted_build(tmp_path: Path) -> Iterator[Path]:
    """A site whose build/ is a tmpfs of its own: a rename from .newsgen/ into it fails (EXDEV)."""
    root = tmp_path / "site"
    generated_site(root, 5)
    (root / "build").mkdir()
    with tmpfs(root / "build", "16m"):
        yield root


def test_a_build_folder_on_a_mount_of_its_own_is_published(mounted_build: Path) -> None:
    root = mounted_build
    assert (root / "build").stat().st_dev != (root / "content").stat().st_dev
    result = newsgen_build(root)
    assert result.returncode == 0, result.stderr
    assert (root / "build" / "index.html").is_file()
    article = root / "content" / "00002.md"
    article.write_text(article.read_text("utf-8").replace("Body text.", "Changed text."))
    (root / "content" / "00004.md").unlink()
    again = newsgen_build(root)
    assert again.returncode == 0, again.stderr
    page = root / "build" / "2024" / "01" / "03" / "article-2" / "index.html"
    assert "Changed text." in page.read_text("utf-8")
    assert not (root / "build" / "2024" / "01" / "05" / "article-4").exists()
    assert leftovers(root) == []
    assert not [p for p in (root / "build").rglob(".*")]  # no copy left beside a target
    copy = cold_copy(root, root.parent / "copy")  # with the URL history: the same redirects
    assert newsgen_build(copy).returncode == 0
    assert tree(root / "build") == tree(copy / "build")


@pytest.mark.parametrize("last", ["8th page", "manifest"])
def test_a_failure_publishing_onto_another_mount_is_undone(
    mounted_build: Path, monkeypatch: pytest.MonkeyPatch, last: str
) -> None:
    """Undone across the mounts too: replaced pages, and (failing last) a page taken out."""
    from newsgen.builder import BuildOptions, build_site
    from newsgen.config.site import load_config
    from newsgen.diagnostics import NewsgenError
    from newsgen.publish import files as file_ops

    root = mounted_build
    assert newsgen_build(root).returncode == 0
    config = root / "newsgen.yaml"
    config.write_text(config.read_text("utf-8").replace("Test Times", "Other Times"), "utf-8")
    (root / "content" / "00001.md").unlink()  # a file to take out, kept across the mounts
    before = published(root)
    moves: list[Path] = []
    real_move = file_ops.move_file

    def failing_move(source: Path, target: Path) -> None:
        moves.append(target)
        if len(moves) == 8 if last == "8th page" else target.name == "manifest.json":
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        real_move(source, target)

    monkeypatch.setattr(file_ops, "move_file", failing_move)
    with pytest.raises(NewsgenError, match="cannot write: No space left on device"):
        build_site(load_config(root), BuildOptions(search=False))
    assert published(root) == before
    assert leftovers(root) == []
    monkeypatch.setattr(file_ops, "move_file", real_move)
    assert newsgen_build(root).returncode == 0
    assert b"Other Times" in (root / "build" / "index.html").read_bytes()
