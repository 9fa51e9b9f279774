"""Test helpers: small sites on disk, and Reuters stories turned into raw seeds at test time."""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from newsgen.config import SiteConfig, load_config

REPO = Path(__file__).resolve().parent.parent
SHIPPED_SEED = REPO / "seeds" / "000_57c0f1ecf4af32e7.txt"
REUTERS = REPO.parent / "shared" / "corpora" / "reuters21578" / "reut2-000.sgm"
needs_reuters = pytest.mark.skipif(
    not REUTERS.exists() and not os.environ.get("CI"),
    reason="../shared/corpora is not beside the repo (under CI the test runs and fails instead)",
)
"""For tests that read the Reuters corpus: skipped on a developer's machine without it, never in CI."""


def make_site(root: Path, config: str = "", files: dict[str, str] | None = None) -> SiteConfig:
    """Write newsgen.yaml and the given files (path -> text) under `root`; load the config."""
    root.mkdir(parents=True, exist_ok=True)
    if config:
        (root / "newsgen.yaml").write_text(config, encoding="utf-8")
    for name, text in (files or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return load_config(root)


@dataclass(frozen=True)
class Story:
    """A Reuters story: what a seed made from it must give back."""

    number: int
    title: str
    date: datetime
    paragraphs: tuple[str, ...]


STORY = re.compile(r"<REUTERS.*?</REUTERS>", re.DOTALL)
FIELD = {
    name: re.compile(rf"<{name}>(.*?)</{name}>", re.DOTALL) for name in ("DATE", "TITLE", "BODY")
}


def reuters_stories() -> list[Story]:
    """Every story with a title and a body, parsed from the SGML file."""
    text = REUTERS.read_text(encoding="latin-1")
    stories = []
    for number, block in enumerate(STORY.findall(text)):
        fields = {name: pattern.search(block) for name, pattern in FIELD.items()}
        if not all(fields.values()):
            continue
        title = " ".join(_unescape(fields["TITLE"].group(1)).split())  # type: ignore[union-attr]
        stamp = fields["DATE"].group(1).strip()  # type: ignore[union-attr]
        paragraphs = _paragraphs(_unescape(fields["BODY"].group(1)))  # type: ignore[union-attr]
        if title and paragraphs:
            date = datetime.strptime(stamp.split(".")[0], "%d-%b-%Y %H:%M:%S")
            stories.append(Story(number, title, date, tuple(paragraphs)))
    return stories


def _unescape(text: str) -> str:
    return html.unescape(
        re.sub(r"&#([0-9]+);", lambda m: "" if int(m.group(1)) < 32 else m.group(0), text)
    )


def _paragraphs(body: str) -> list[str]:
    """Reuters bodies are hard-wrapped; a paragraph starts with an indented line."""
    body = re.sub(r"\s*Reuter\s*$", "", body.strip("\n"))
    paragraphs: list[list[str]] = []
    for line in body.split("\n"):
        if not line.strip():
            continue
        if line.startswith((" ", "\t")) or not paragraphs:
            paragraphs.append([])
        paragraphs[-1].append(line.strip())
    return [" ".join(" ".join(p).split()) for p in paragraphs if " ".join(p).strip()]


DATE_FORMS = (
    lambda d: d.strftime("%A, %d %B %Y"),
    lambda d: d.strftime("%d %B %Y"),
    lambda d: d.strftime("%B %d, %Y"),
    lambda d: d.strftime("%Y-%m-%d"),
    lambda d: d.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
    lambda d: d.strftime("%d.%m.%Y %H:%M"),
    lambda d: d.strftime("%a, %d %b %Y %H:%M:%S +0000"),
)
"""The date forms seeds use; a story's index picks one, so every form is exercised."""


def story_seed(story: Story) -> str:
    """The raw seed text for a story, with scraping noise in it."""
    date_line = DATE_FORMS[story.number % len(DATE_FORMS)](story.date)
    parts = [story.title, date_line, *story.paragraphs[:1], "Advertisement:", *story.paragraphs[1:]]
    return "\n\n".join(parts) + "\n"
