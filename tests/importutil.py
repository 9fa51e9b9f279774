"""Test helper for the archive importers: the shared corpora, the command line, line numbers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsgen.cli import cli

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
WORDPRESS = CORPORA / "wordpress" / "theme-unit-test-data.xml"
WIKINEWS = CORPORA / "wikinews" / "wikinews-en.jsonl.gz"
needs_corpora = pytest.mark.skipif(
    not (WORDPRESS.exists() and WIKINEWS.exists()) and not os.environ.get("CI"),
    reason="../shared/corpora is not beside the repo (under CI the test runs and fails instead)",
)
SITE_CONFIG = "title: Test Times\nbase_url: https://test.example/\ntimezone: Europe/Kyiv\n"
SITE_CONFIG += "author: Site Owner\nsearch: false\n"


def newsgen(site: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--site", str(site), *args], catch_exceptions=False)


def line_of(text: str, marker: str, start: str = "") -> int:
    """The line of the last `start` before `marker` (of `marker` itself without a start)."""
    index = text.index(marker)
    if start:
        index = text.rindex(start, 0, index)
    return text.count("\n", 0, index) + 1


def imported(site: Path) -> dict[str, str]:
    """Every imported file's text, by its path under content/imported/."""
    folder = site / "content" / "imported"
    return {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*.md"))
    }
