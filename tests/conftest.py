"""Shared pytest options and fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mounts import tmpfs


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/expected from the current build output",
    )


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 MB tmpfs of its own, to really fill up or make read-only (needs root and mount)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    with tmpfs(mount, "64m"):
        yield mount
