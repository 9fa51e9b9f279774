"""Test helpers: small sites on disk, and Reuters stories turned into raw seeds at test time."""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_datetime

from newsgen.config.site import SiteConfig, load_config

REPO = Path(__file__).resolve().parent.parent
SHIPPED_SEED = REPO / "seeds" / "000_57c0f1ecf4af32e7.txt"
REUTERS = REPO.parent / "shared" / "corpora" / "reuters21578" / "reut2-000.sgm"
needs_reuters = pytest.mark.skipif(
    not REUTERS.exists() and not os.environ.get("CI"),
    reason="../shared/corpora is not beside the repo (under CI the test runs and fails instead)",
)
"""For tests that read the Reuters corpus: skipped on a developer's machine without it, never in CI."""


def make_site(root: Path, config: str = "", files: dict[str, str] | None = None) -> SiteConfig:
    """Write newsgen.yaml (empty by default: a site needs one) and the given files (path ->
    text) under `root`; load the config."""
    root.mkdir(parents=True, exist_ok=True)
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
    """The story's time stamp, naive as in the corpus."""
    paragraphs: tuple[str, ...]
    wrapped: tuple[tuple[str, ...], ...] = ()
    """The paragraphs as hard-wrapped lines, as the corpus has them."""


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
        wrapped = _wrapped_paragraphs(_unescape(fields["BODY"].group(1)))  # type: ignore[union-attr]
        paragraphs = tuple(" ".join(" ".join(lines).split()) for lines in wrapped)
        if title and paragraphs:
            date = datetime.strptime(stamp.split(".")[0], "%d-%b-%Y %H:%M:%S")
            stories.append(Story(number, title, date, paragraphs, wrapped))
    return stories


def _unescape(text: str) -> str:
    return html.unescape(
        re.sub(r"&#([0-9]+);", lambda m: "" if int(m.group(1)) < 32 else m.group(0), text)
    )


def _wrapped_paragraphs(body: str) -> tuple[tuple[str, ...], ...]:
    """Reuters bodies are hard-wrapped; a paragraph starts with an indented line."""
    body = re.sub(r"\s*Reuter\s*$", "", body.strip("\n"))
    paragraphs: list[list[str]] = []
    for line in body.split("\n"):
        if not line.strip():
            continue
        if line.startswith((" ", "\t")) or not paragraphs:
            paragraphs.append([])
        paragraphs[-1].append(" ".join(line.split()))
    return tuple(tuple(lines) for lines in paragraphs)


@dataclass(frozen=True)
class DateForm:
    """One way a seed writes its date line, and what reading it must give."""

    render: Callable[[datetime], str]
    offset: timedelta | None
    """The offset the line states; None when it names none (the site zone applies)."""
    precision: str
    """'day', 'minute' or 'second': what the line keeps of the time stamp."""


def _babel(pattern: str, locale: str) -> Callable[[datetime], str]:
    return lambda d: format_datetime(d, pattern, locale=locale)


PLUS_TWO = timedelta(hours=2)
NUMERIC_DAY_FIRST = DateForm(lambda d: d.strftime("%d.%m.%Y %H:%M"), None, "minute")
"""01.03.1987 14:35: day or month first? A site with such seeds sets date_order: DMY."""
DATE_FORMS = (
    DateForm(_babel("EEEE, d MMMM y", "en"), None, "day"),
    DateForm(_babel("dd MMMM y", "en"), None, "day"),
    DateForm(_babel("MMMM d, y", "en"), None, "day"),
    DateForm(lambda d: d.strftime("%Y-%m-%d"), None, "day"),
    DateForm(lambda d: d.strftime("%Y-%m-%dT%H:%M:%S+00:00"), timedelta(0), "second"),
    DateForm(lambda d: d.strftime("%Y-%m-%dT%H:%M:%S+02:00"), PLUS_TWO, "second"),
    NUMERIC_DAY_FIRST,
    DateForm(_babel("EEE, dd MMM y HH:mm:ss '+0000'", "en"), timedelta(0), "second"),
    DateForm(_babel("d MMM y HH:mm:ss '+0200'", "en"), PLUS_TWO, "second"),
    DateForm(_babel("EEEE, d MMMM y", "uk"), None, "day"),
    DateForm(_babel("d MMMM y 'р.'", "uk"), None, "day"),
    DateForm(_babel("d MMMM y", "ru"), None, "day"),
    DateForm(_babel("EEEE, d MMMM y HH:mm", "ru"), None, "minute"),
    DateForm(_babel("EEEE, d. MMMM y", "de"), None, "day"),
)
"""The date forms seeds use; a story's index picks one, so every form is exercised."""


def date_form(story: Story) -> DateForm:
    """The date form the seed of `story` uses."""
    return DATE_FORMS[story.number % len(DATE_FORMS)]


def expected_date(story: Story, zone: ZoneInfo) -> datetime:
    """The aware date reading the seed of `story` must give, in a site whose zone is `zone`."""
    form = date_form(story)
    kept = {"day": 3, "minute": 5, "second": 6}[form.precision]
    fields = story.date.timetuple()[:kept]
    naive = datetime(*fields)  # type: ignore[misc]
    return naive.replace(tzinfo=zone if form.offset is None else timezone(form.offset))


BYLINE = "By Reuters Staff"


def story_seed(story: Story) -> str:
    """The raw seed text for a story, with scraping noise, and variety by story index.

    Odd stories keep the corpus's hard wraps; every third has a byline; every fourth has
    Windows line endings.
    """
    if story.number % 2:
        paragraphs = ["\n".join(lines) for lines in story.wrapped]
    else:
        paragraphs = list(story.paragraphs)
    header = [story.title, date_form(story).render(story.date)]
    if story.number % 3 == 0:
        header.append(BYLINE)
    parts = [*header, *paragraphs[:1], "Advertisement:", *paragraphs[1:]]
    text = "\n\n".join(parts) + "\n"
    return text.replace("\n", "\r\n") if story.number % 4 == 0 else text
