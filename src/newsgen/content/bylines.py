"""Bylines: `By Jane Doe and John Roe, Reuters` read as authors and the agency they wrote for."""

from __future__ import annotations

import calendar
import re
from collections.abc import Collection
from dataclasses import dataclass

PREFIX = re.compile(
    r"(?:by|written by|reporting by|von|text:|текст:|автор(?:ка|и|ы)?:?|autor(?:in|en)?:)\s+",
    re.IGNORECASE,
)
"""What opens a byline, in English, German, Ukrainian and Russian."""
AND = re.compile(r"\s*&\s*|\s+(?:and|und|і|та|и)\s+")
NAME_PARTICLES = frozenset(
    {"al", "bin", "da", "de", "del", "der", "di", "du", "la", "le", "van", "von", "dos", "ibn"}
)
CALENDAR_WORDS = frozenset(
    name.lower() for name in (*calendar.day_name, *calendar.month_name) if name
)
""""By Monday, ..." and "By March ..." open sentences; they are not bylines."""
AGENCIES = frozenset(
    name.casefold()
    for name in (
        *("Reuters", "AP", "Associated Press", "AFP", "Agence France-Presse", "Bloomberg"),
        *("dpa", "UPI", "Xinhua", "Interfax", "TASS", "EFE", "ANSA", "Kyodo", "Yonhap", "PA"),
        *("Bloomberg News", "The Associated Press", "Reuters Staff", "CNN", "BBC", "BBC News"),
        *("UNIAN", "Ukrinform", "Interfax-Ukraine", "УНІАН", "Укрінформ", "Інтерфакс-Україна"),
        *("ТАСС", "РИА Новости", "Интерфакс", "Deutsche Presse-Agentur", "KNA", "epd"),
    )
)
"""News agencies a byline names after the writers (`By Jane Doe, Reuters`)."""
INSTITUTION_WORDS = frozenset(
    word.casefold()
    for word in (
        *("News", "Times", "Post", "Press", "Agency", "Daily", "Herald", "Journal", "Tribune"),
        *("Telegraph", "Guardian", "Media", "Network", "Radio", "TV", "Staff", "Wire"),
        *("Gazette", "Chronicle", "Courier", "Observer", "Review", "Today", "Online", "Desk"),
        *("Zeitung", "Nachrichten", "Правда", "Новини", "Новости", "Известия", "Газета"),
    )
)
"""Words that make a name a publication's, not a person's (`Example Times`)."""
JOB_WORDS = frozenset(
    word.casefold()
    for word in (
        *("Correspondent", "Reporter", "Editor", "Writer", "Columnist", "Contributor"),
        *("Analyst", "Chief", "Photographer", "Producer", "Journalist", "Staff"),
        *("Кореспондент", "Кореспондентка", "Редактор", "Редакторка", "Журналіст"),
        *("Журналістка", "Корреспондент", "Журналист", "Korrespondent", "Korrespondentin"),
        *("Redakteur", "Redakteurin", "Reporterin", "Autorin"),
    )
)
"""Words of a job title after a name (`By Jane Doe, Senior Correspondent`): not a person."""
MAX_BYLINE = 120


@dataclass(frozen=True)
class Byline:
    """The writers a byline names, as written, and the agency or site it names after them."""

    authors: tuple[str, ...]
    agency: str = ""


def read_byline(text: str, sites: Collection[str] = ()) -> Byline | None:
    """The byline on `text`, or None for any other line.

    `By NAME`, `By NAME and NAME`, `By NAME, AGENCY`, and without `By` only `NAME, AGENCY`
    (where AGENCY is a known agency or one of `sites`, casefolded).
    """
    line = " ".join(text.split())
    if not line or len(line) > MAX_BYLINE:
        return None
    opener = PREFIX.match(line)
    names = line[opener.end() :] if opener else line
    if names.endswith(".") and len(names.rsplit(" ", 1)[-1]) > 2:
        names = names[:-1]
    parts = [part.strip() for part in names.split(",")]
    agency = ""
    if len(parts) > 1 and _is_agency(parts[-1], sites, single_word=opener is not None):
        agency = parts.pop()
    if opener is None and not agency:
        return None
    if opener is not None and len(parts) == 1 and not agency and _is_agency_only(parts[0], sites):
        return Byline((), parts[0].removesuffix(" Staff"))
    people = [part for part in parts if not _is_job(part)]
    if opener is not None and parts and not people:  # `By Staff Writer`: a byline, no one named
        return Byline((), agency)
    authors = tuple(name for part in people for name in AND.split(part))
    if not authors or not all(_is_name(name) for name in authors):
        return None
    if authors[0].split()[0].lower() in CALENDAR_WORDS:
        return None
    return Byline(authors, agency)


def _is_agency(text: str, sites: Collection[str], single_word: bool) -> bool:
    folded = text.casefold()
    if folded in AGENCIES or folded in sites:
        return True
    words = text.split()
    if not words or not all(word[0].isupper() or word[0].isdigit() for word in words):
        return False
    institution = any(word.casefold() in INSTITUTION_WORDS for word in words)
    return institution or words[0] == "The" or (single_word and len(words) == 1)


def _is_agency_only(text: str, sites: Collection[str]) -> bool:
    """A byline naming no person, only its publisher (`By Reuters`, `By The Associated
    Press`, `By Reuters Staff`)."""
    return text.casefold() in sites or is_news_agency(text)


def name_as_byline(name: str) -> tuple[str, str] | None:
    """What makes an author's name read as a byline, and its fix: an opening `By`, two people
    joined by `and`, or a news agency after a comma (`Jane Doe, Reuters`); None for a name."""
    opener = PREFIX.match(name)
    if opener and opener.group().strip().casefold() != "von":  # Von Miller is a name
        said = opener.group().strip()
        problem = f"`{name}` opens with `{said}`, which its byline would show twice"
        return problem, f"write the name alone: {name[opener.end() :]}"
    people = [part.strip() for part in AND.split(name)]
    if len(people) > 1 and all(len(person.split()) > 1 for person in people):
        problem = f"`{name}` names {len(people)} people, who would share one author page"
        return problem, f"list each: [{', '.join(people)}]"
    person, comma, agency = (part.strip() for part in name.rpartition(","))
    if comma and person and is_news_agency(agency):
        problem = f"`{name}` names the news agency {agency} as a part of a person's name"
        return problem, f"write the name alone, {person}, and credit the agency: `source: {agency}`"
    return None


def is_news_agency(name: str) -> bool:
    """Whether `name` is that of a news agency or of its staff (`Reuters`, `AP`, `Reuters
    Staff`), and no person's."""
    folded = " ".join(name.split()).casefold()
    return folded in AGENCIES or folded.removesuffix(" staff") in AGENCIES


def _is_job(part: str) -> bool:
    """A job title standing after the names (`Senior Correspondent`), not a name."""
    return any(word.casefold() in JOB_WORDS for word in part.split())


def _is_name(name: str) -> bool:
    """Capitalised words and particles (`al`, `van`), which stand before a surname: a name
    never ends with one (`Gold al al.` is a sentence)."""
    words = name.split()
    if not words or len(words) > 6 or words[-1] in NAME_PARTICLES:
        return False
    return all(_name_word(word) for word in words)


def _name_word(word: str) -> bool:
    letters = word.replace(".", "").replace("-", "").replace("'", "").replace("’", "")
    if not letters.isalpha():
        return False
    return word[0].isupper() or word in NAME_PARTICLES
