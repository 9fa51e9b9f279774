"""Scraping noise: lines that belong to the old site, not to the article."""

from __future__ import annotations

import re
from collections.abc import Iterable

BUILT_IN = (
    r"advertisement:?",
    r"if you notice an error, select the required text and press ctrl\s*\+\s*enter.*",
)


def noise_patterns(extra: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    """The built-in patterns (case-insensitive) and the site's own ones."""
    built_in = tuple(re.compile(p, re.IGNORECASE) for p in BUILT_IN)
    return built_in + tuple(re.compile(p) for p in extra)


def is_noise(line: str, patterns: Iterable[re.Pattern[str]]) -> bool:
    """True when the whole (stripped) line matches a noise pattern."""
    stripped = line.strip()
    return bool(stripped) and any(p.fullmatch(stripped) for p in patterns)
