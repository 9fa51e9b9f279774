"""The header of a seed: its title, date lines and byline, found among its first lines."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from newsgen.config.site import SiteConfig
from newsgen.content.articles import DATE_RANGE_HINT, date_in_range
from newsgen.content.bylines import Byline, read_byline
from newsgen.content.datelines import DateLine, read_date_line
from newsgen.content.dates import CLOCK_TIME, DATE_FORMS_HINT, DateError, ParsedDate
from newsgen.content.titles import strip_site
from newsgen.diagnostics import ContentError

HEADER_LINES = 4
"""How many non-blank lines after the title may hold the date and the byline."""
MAX_TITLE = 300
PARTS = re.compile(r"\s+(?:\||·|•|—|–|-|/)\s+|\s+(?=(?i:by)\s)")
"""Where a line of a byline and a date splits: `By Jane Doe | March 3, 2024`."""
Line = tuple[int, str]


@dataclass(frozen=True)
class Dated:
    """What a header line gives: its dates (published first) and its byline."""

    published: DateLine | None = None
    updated: DateLine | None = None
    byline: Byline | None = None


@dataclass(frozen=True)
class Header:
    """The title, date and byline of a seed; every other line is body."""

    title: Line
    """The headline, its site's name taken off."""
    site: str
    """The site name that ended the title line ('' when none did)."""
    date: Line
    parsed: ParsedDate
    updated: datetime | None
    updated_line: int
    """The line number of the `updated` date's line (0 when there is none)."""
    updated_conflict: str
    """The weekday the `updated` date's line names when it contradicts that date, else ''."""
    byline: Byline | None
    taken: frozenset[int]
    """Indexes (into the list of lines) of the title, date and byline lines."""
    guesses: tuple[Line, ...]
    """(line number, what was guessed) for each date line read with a guess."""


@dataclass
class _Found:
    """The header lines found so far (mutable while scanning, then frozen into a Header)."""

    taken: set[int]
    dated: list[tuple[int, Dated]]
    byline: Byline | None = None


def find_header(
    lines: list[Line], rel_path: str, config: SiteConfig, sites: Collection[str]
) -> Header:
    """The header of a seed whose lines (numbered, noise blanked) are `lines`; `sites`: the
    casefolded site names a title may end with."""
    filled = [index for index, (_, text) in enumerate(lines) if text.strip()]
    if not filled:
        raise ContentError(
            rel_path, 0, "empty seed", "a seed is a title line, a date line, then paragraphs"
        )
    reader = _Reader(lines, rel_path, config, sites)
    try:
        first = reader.dated(filled[0])
    except ContentError:  # a bad date: fatal above a headline, else the title
        reader.refuse_untitled(filled)
        if reader.could_be_title(filled[1]) and reader.dated(filled[1], strict=False) is None:
            raise
        return reader.title_first(filled)
    if first is not None and first.published is not None:
        return reader.date_first(filled, first)
    return reader.title_first(filled)


class _LineReader:
    """Reads what each header line of one seed is: a date line, a byline, a headline."""

    def __init__(
        self, lines: list[Line], rel_path: str, config: SiteConfig, sites: Collection[str]
    ) -> None:
        self.lines = lines
        self.rel_path = rel_path
        self.config = config
        self.sites = sites

    def dated(self, index: int, strict: bool = True) -> Dated | None:
        """The dates (and byline) of a header line, or None when it names no date.

        A line that is a bad date refuses the seed when `strict`, else is no date line; a
        part of a line beside a byline is never strict.
        """
        number, text = self.lines[index]
        whole = self._date_line(number, text, strict)
        if whole is not None:
            return self._checked(number, _as_dated(whole))
        parts = [part for part in PARTS.split(text.strip()) if part]
        if len(parts) < 2 or len(parts) > 4:
            return None
        dates = [(part, self._date_line(number, part, strict=False)) for part in parts]
        found = [line for _, line in dates if line is not None]
        others = [part for part, line in dates if line is None]
        bylines = [read_byline(part, self.sites) for part in others]
        if not found or len(others) > 1 or None in bylines:
            return None
        dated = _as_dated(*found)
        return self._checked(
            number, Dated(dated.published, dated.updated, next(iter(bylines), None))
        )

    def byline(self, index: int) -> Byline | None:
        return read_byline(self.lines[index][1], self.sites)

    def _date_line(self, number: int, text: str, strict: bool) -> DateLine | None:
        """A date line; a line that is a date but names no day, or could name two
        (03/04/2024 without `date_order`), refuses the seed at that line when `strict`."""
        try:
            return read_date_line(text, self.config.zone, self.config.date_order)
        except DateError as exc:
            if not strict:
                return None
            message = f"the date line {exc.message}"
            raise ContentError(self.rel_path, number, message, exc.hint) from None

    def _checked(self, number: int, dated: Dated) -> Dated:
        for each in (dated.published, dated.updated):
            if each is not None and not date_in_range(each.parsed.value, self.config.zone):
                message = f"the date is out of range: {each.parsed.value.isoformat()}"
                raise ContentError(self.rel_path, number, message, DATE_RANGE_HINT)
        return dated

    def could_be_title(self, index: int) -> bool:
        """A headline, not a paragraph: short, and not ending as a sentence does."""
        text = self.lines[index][1].strip()
        last = text.rsplit(" ", 1)[-1]
        sentence = text.endswith(".") and "." not in last[:-1]
        return len(text) <= MAX_TITLE and not sentence and self.byline(index) is None


class _Reader(_LineReader):
    """Reads the header of one seed's lines: which line is which."""

    def title_first(self, filled: list[int]) -> Header:
        found = _Found({filled[0]}, [])
        for index in filled[1 : 1 + HEADER_LINES]:
            dated = self.dated(index)
            if dated is not None and dated.published is not None:
                found.taken.add(index)
                found.dated.append((index, dated))
                self._after_date(found, index + 1)
                return self._header(filled[0], found)
            byline = self.byline(index)
            if byline is not None and found.byline is None:
                found.taken.add(index)
                found.byline = byline
        where = self.lines[filled[1]][0] if len(filled) > 1 else self.lines[filled[0]][0]
        hint = f"put the date on its own line below the title; {DATE_FORMS_HINT}"
        raise ContentError(self.rel_path, where, "no date found after the title", hint)

    def date_first(self, filled: list[int], first: Dated) -> Header:
        """A page that prints its date above the headline; the headline must follow."""
        self.refuse_untitled(filled)
        second = filled[1]
        later = self.dated(second, strict=False)
        if later is not None and later.published is not None:  # a date as the title
            return self.title_first(filled)
        found = _Found({filled[0], second}, [(filled[0], first)], first.byline)
        self._after_date(found, second + 1)
        return self._header(second, found)

    def refuse_untitled(self, filled: list[int]) -> None:
        """Refuse a seed whose first line, a date, is followed by no headline."""
        if len(filled) > 1 and self.could_be_title(filled[1]):
            return
        number = self.lines[filled[0]][0]
        message = "no title: the seed starts with its date"
        raise ContentError(self.rel_path, number, message, "put the title first")

    def _after_date(self, found: _Found, start: int) -> None:
        """Take the byline and update lines that follow the date line."""
        for index in self._next_filled(start, 2):
            dated = self.dated(index, strict=False)
            if dated is not None and _said(dated):
                found.taken.add(index)
                found.dated.append((index, dated))
                found.byline = found.byline or dated.byline
                continue
            byline = self.byline(index) if found.byline is None else None
            if byline is None:
                return
            found.taken.add(index)
            found.byline = byline

    def _header(self, title_index: int, found: _Found) -> Header:
        number, text = self.lines[title_index]
        title, site = strip_site(text.strip(), self.sites)
        lines = [(i, line) for i, d in found.dated for line in (d.published, d.updated) if line]
        published = [(i, line) for i, line in lines if not line.updated] or lines[:1]
        index, date_line = published[0]
        updated = [(i, line) for i, line in lines if line.updated and line is not date_line]
        byline = found.byline or next((d.byline for _, d in found.dated if d.byline), None)
        guesses = [
            (self.lines[i][0], each.guess)
            for i, d in found.dated
            for each in (d.published, d.updated)
            if each is not None and each.guess
        ]
        return Header(
            title=(number, title),
            site=site,
            date=self.lines[index],
            parsed=date_line.parsed,
            updated=_update_time(date_line, *updated[0], self.lines) if updated else None,
            updated_line=self.lines[updated[0][0]][0] if updated else 0,
            updated_conflict=updated[0][1].parsed.weekday_conflict if updated else "",
            byline=byline,
            taken=frozenset(found.taken),
            guesses=tuple(guesses),
        )

    def _next_filled(self, start: int, count: int) -> list[int]:
        found: list[int] = []
        for index in range(start, len(self.lines)):
            if self.lines[index][1].strip():
                found.append(index)
                if len(found) == count:
                    break
        return found


def _update_time(published: DateLine, index: int, updated: DateLine, lines: list[Line]) -> datetime:
    """When the seed was updated; an `Updated` line that gives no time, on the day the seed
    was published, at the time it was published (midnight that day would be before it)."""
    value, first = updated.parsed.value, published.parsed.value
    untimed = CLOCK_TIME.search(lines[index][1]) is None
    same_day = first.astimezone(value.tzinfo).date() == value.date()
    return first if untimed and same_day and value < first else value


def _said(dated: Dated) -> bool:
    """True for a line that says what its date is (`Updated: ...`) or whose byline does: a
    bare date below the date line is the article's own text."""
    lines = (dated.published, dated.updated)
    return dated.byline is not None or any(line is not None and line.labelled for line in lines)


def _as_dated(*lines: DateLine) -> Dated:
    """The published and updated dates among `lines`; an update alone is the date."""
    published = next((line for line in lines if not line.updated), None)
    updated = next((line for line in lines if line.updated), None)
    if published is None:
        return Dated(updated, None)
    return Dated(published, updated)
