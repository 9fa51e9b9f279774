"""Files and folders the build cannot read are errors naming them, never skipped unseen.

Root reads everything: as root the check runs without the capabilities that let it
(`setpriv`), so that permissions count as they do for an editor."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from seedutil import make_site

STORY = "---\ntitle: A story\ndate: 2024-01-01\n---\nBody.\n"


def check_as_an_editor(site: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "newsgen", "check"]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("root reads every file, and setpriv is not here to drop that")
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    return subprocess.run(command, cwd=site, capture_output=True, text=True, check=False)


def test_an_unreadable_folder_of_articles_or_static_files_is_an_error(tmp_path: Path) -> None:
    """os.walk and Path.rglob skip a folder they cannot list: its articles went unpublished,
    its static files unpublished, without a word."""
    site = make_site(
        tmp_path / "site",
        "timezone: UTC\nbase_url: https://t.example/\n",
        {
            "content/a.md": STORY,
            "content/locked/b.md": STORY.replace("A story", "Another"),
            "static/locked/logo.png": "x",
            "static/secret.txt": "x",
        },
    )
    for path in ("content/locked", "static/locked", "static/secret.txt"):
        (site.root / path).chmod(0)
    try:
        done = check_as_an_editor(site.root)
    finally:
        for path in ("content/locked", "static/locked"):
            (site.root / path).chmod(0o755)
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if ": error: " in line]
    assert errors == [
        "content/locked: error: cannot read the folder: Permission denied (make it readable)",
        "static/locked: error: cannot read the folder: Permission denied (make it readable)",
        "static/secret.txt: error: cannot read the static file: Permission denied (make it "
        "readable)",
    ]
