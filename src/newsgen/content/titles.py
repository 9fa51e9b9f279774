"""Titles as web pages give them: `Headline | Example News`, the site's name after the headline."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable

SUFFIX = re.compile(r"(?P<head>.*\S)\s+(?:\||-|–|—|::|·|•)\s+(?P<site>[^|–—·•]+?)\s*$")
"""The last ` | `, ` - `, ` – `, ` — `, ` :: `, ` · ` or ` • ` of a title and what follows it."""
MAX_SITE_WORDS = 6
MAX_SITE_CHARS = 60
RECURRING = 3
"""In how many seeds, with different headlines, the same suffix must end the title to be taken
as a site name: two interviews with one person (`Interview - Boris Johnson`, `Q&A - Boris
Johnson`) are not a site. `source_names:` names a site for certain."""
SECTION_WORDS = frozenset(
    word.casefold()
    for word in (
        *("Analysis", "Opinion", "Interview", "Live", "Update", "Updates", "Explainer"),
        *("Review", "Podcast", "Video", "Photos", "Editorial", "Comment", "Exclusive"),
        *("Breaking", "Profile", "Obituary", "Q&A", "Factbox", "Timeline", "Letters"),
    )
)
"""A title's kicker words, which a headline may end with but which name no site."""


def site_suffix(title: str) -> tuple[str, str]:
    """`title` split into headline and a trailing part that could be a site's name, else
    (title, '')."""
    match = SUFFIX.fullmatch(title.strip())
    if match is None:
        return title, ""
    head, site = match.group("head"), match.group("site").strip()
    if not _could_be_a_site(site, head):
        return title, ""
    return head, site


def strip_site(title: str, sites: Collection[str]) -> tuple[str, str]:
    """The headline without a trailing known site name (casefolded in `sites`), and that
    name as written ('' when there is none)."""
    match = SUFFIX.fullmatch(title.strip())
    if match is not None and match.group("site").strip().casefold() in sites:
        return match.group("head"), match.group("site").strip()
    return title, ""


def recurring_sites(candidate_titles: Iterable[Iterable[str]]) -> frozenset[str]:
    """Suffixes (casefolded) ending the titles of several seeds: the names of their sites.

    Each item holds the lines that may be one seed's title; a seed counts once per suffix,
    and only with a different headline each time (a recurring headline is one story).
    """
    heads: dict[str, set[str]] = {}
    for lines in candidate_titles:
        found = {}
        for line in lines:
            head, site = site_suffix(line)
            if site:
                found[site.casefold()] = head.casefold()
        for site, head in found.items():
            heads.setdefault(site, set()).add(head)
    counts = Counter({site: len(seen) for site, seen in heads.items()})
    return frozenset(site for site, count in counts.items() if count >= RECURRING)


def _could_be_a_site(site: str, head: str) -> bool:
    """A name, a few capitalised words or a domain; not the end of an all-capitals headline
    (`U.S. CAR SALES - ANALYSTS`), nor a phrase that ends a sentence."""
    words = site.split()
    if not words or len(words) > MAX_SITE_WORDS or len(site) > MAX_SITE_CHARS:
        return False
    if site[-1] in ".!?,;:" or (site.isupper() and head.isupper()):
        return False
    if not any(c.isalpha() for c in site) or site.casefold() in SECTION_WORDS:
        return False
    return all(word[0].isupper() or word[0].isdigit() or _small(word) for word in words)


def _small(word: str) -> bool:
    return word in {"of", "the", "and", "de", "la", "für", "und"} or "." in word[1:]
