"""A real read-only disk under the site: the build is refused, the published site stays whole.

We run as root, so a folder's mode does not stop a write; a tmpfs of the test's own, remounted
read-only, does (EROFS from the kernel, nothing injected). The whole site is on it: newsgen
stages pages in `.newsgen/` and renames them into `build/`, which a rename cannot do across
two mounts, so `build/` shares its disk with `.newsgen/`.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen import generated_site, tree

LEFTOVER_PREFIXES = ("staging-", "commit-", "manifest.json.", "stamp.pickle.")


def newsgen_build(root: Path) -> subprocess.CompletedProcess[str]:
    """`python -m newsgen build` in a process of its own: it holds no file open afterwards."""
    command = [sys.executable, "-m", "newsgen", "--site", str(root), "build", "--no-search"]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


def published(root: Path) -> dict[str, bytes]:
    """What a reader of the site sees, and the record of what newsgen published there."""
    state = tree(root / "build")
    state[".newsgen/manifest.json"] = (root / ".newsgen" / "manifest.json").read_bytes()
    return state


def leftovers(root: Path) -> list[str]:
    names = [path.name for path in (root / ".newsgen").iterdir()]
    return sorted(n for n in names if n.startswith(LEFTOVER_PREFIXES))


def remount(mount: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(mount)], check=True)


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs of its own, so that it can really be made read-only (needs root and mount rights)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr!r}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_a_read_only_disk_leaves_the_site_and_the_next_build_succeeds(disk: Path) -> None:
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


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="known gap: pages staged in .newsgen/ are renamed into build/, and a rename across "
    "two mounts fails (EXDEV), so a build/ that is a mount of its own (such as a read-only "
    "deployment volume) is refused with 'cannot write: Invalid cross-device link' even when "
    "writable; a read-only build/ beside a writable .newsgen/ cannot be tested until it is not",
)
def test_a_build_folder_on_a_mount_of_its_own_is_published(tmp_path: Path) -> None:
    root = tmp_path / "site"
    generated_site(root, 5)
    (root / "build").mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(root / "build")],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr!r}")
    try:
        result = newsgen_build(root)
        assert result.returncode == 0, result.stderr
        assert (root / "build" / "index.html").is_file()
    finally:
        subprocess.run(["umount", str(root / "build")], check=True)
