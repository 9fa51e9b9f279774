"""The seed reader: raw scraped article texts into Article records, reporting what it removed."""

from __future__ import annotations

import calendar
import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from newsgen.config.site import SiteConfig
from newsgen.content.articles import (
    DATE_RANGE_HINT,
    date_in_range,
    plain_text,
    read_limited,
    read_source,
)
from newsgen.content.damage import find_damage
from newsgen.content.dates import DATE_FORMS_HINT, DateError, ParsedDate, parse_date_line
from newsgen.content.identity import derived_id
from newsgen.content.noise import is_noise, noise_patterns
from newsgen.content.slugs import slug_for
from newsgen.content.summaries import summarize
from newsgen.content.topics import detect_topics
from newsgen.diagnostics import ContentError, Diagnostic, note, warning
from newsgen.model import Article, BodyFormat, Loaded

HEADER_LINES = 4
"""How many non-blank lines after the title may hold the date and the byline."""
BYLINE = re.compile(r"(?i:by)\s+(.{1,100})")
NAME_SEPARATOR = re.compile(r"\s*,\s*|\s*&\s*|\s+and\s+")
NAME_PARTICLES = frozenset(
    {"al", "bin", "da", "de", "del", "der", "di", "du", "la", "le", "van", "von"}
)
CALENDAR_WORDS = frozenset(
    name.lower() for name in (*calendar.day_name, *calendar.month_name) if name
)
""""By Monday, ..." and "By March ..." open sentences; they are not bylines."""
FALLBACK_ENCODING = "cp1252"

Line = tuple[int, str]


@dataclass(frozen=True)
class Header:
    """The title, date and byline of a seed; every other line is body."""

    title: Line
    date: Line
    parsed: ParsedDate
    author: str
    taken: frozenset[int]
    """Indexes (into the list of lines) of the title, date and byline lines."""


def seed_sha256(path: Path, rel_path: str = "") -> str:
    """SHA-256 of the seed file's bytes; refused unread (ContentError) over the size limit."""
    return hashlib.sha256(read_limited(path, rel_path or path.as_posix())).hexdigest()


def read_seed(path: Path, config: SiteConfig) -> Loaded:
    """Read one raw seed file."""
    rel, data = read_source(path, config, "seed")
    text, decoding = _decode(data, rel)
    loaded = parse_seed_text(text, rel, config)
    return Loaded(loaded.article, decoding + loaded.diagnostics)


def parse_seed_text(text: str, rel_path: str, config: SiteConfig) -> Loaded:
    """Parse the text of a seed; `rel_path` names it in diagnostics.

    The title is the first non-blank line; the date is the first date line among the next
    few, and a byline ("By Jane Doe") before or right after it gives the author. Every other
    line is body: blocks split by blank lines are paragraphs, whose lines are joined with
    single spaces (hard wraps, NBSP and runs of spaces fold into one space); the words
    themselves are kept exactly as written, damaged or not.
    """
    if "\x00" in text:
        raise ContentError(rel_path, 0, "this is a binary file, not a text seed")
    patterns = noise_patterns(config.noise)
    lines: list[Line] = []
    diagnostics: list[Diagnostic] = []
    for number, raw in enumerate(_split_lines(text), start=1):
        line = raw.replace("\u00a0", " ").rstrip()
        if is_noise(line, patterns):
            diagnostics.append(note(rel_path, number, f"removed noise: {line.strip()!r}"))
            line = ""
        lines.append((number, line))
    header = _header(lines, rel_path, config)
    paragraphs = _paragraphs(
        [
            (number, "" if index in header.taken else text)
            for index, (number, text) in enumerate(lines)
        ]
    )
    diagnostics += _header_warnings(header, rel_path)
    diagnostics += find_damage(
        [header.title, *(line for block in paragraphs for line in block)],
        rel_path,
        config.language,
    )
    return Loaded(_article(header, paragraphs, rel_path, config), tuple(diagnostics))


def _article(
    header: Header, blocks: list[list[Line]], rel_path: str, config: SiteConfig
) -> Article:
    title = plain_text(header.title[1])
    paragraphs = [" ".join(" ".join(text for _, text in block).split()) for block in blocks]
    return Article(
        slug=slug_for(title),
        title=title,
        date=header.parsed.value,
        body="\n\n".join(paragraphs),
        body_format=BodyFormat.TEXT,
        source_path=rel_path,
        summary=plain_text(summarize(paragraphs[0])) if paragraphs else "",
        authors=byline_names(header.author),
        topics=detect_topics(title, paragraphs, config),
        body_line=blocks[0][0][0] if blocks else header.date[0] + 1,
        uid=derived_id(rel_path, seed=True),
        unpinned=("id", "slug"),
    )


def _header(lines: list[Line], rel_path: str, config: SiteConfig) -> Header:
    filled = [index for index, (_, text) in enumerate(lines) if text.strip()]
    if not filled:
        raise ContentError(
            rel_path, 0, "empty seed", "a seed is a title line, a date line, then paragraphs"
        )
    title = lines[filled[0]]
    taken = {filled[0]}
    author = ""
    for index in filled[1 : 1 + HEADER_LINES]:
        parsed = _date_line(lines[index], rel_path, config)
        if parsed is not None:
            if not date_in_range(parsed.value, config.zone):
                message = f"the date is out of range: {parsed.value.isoformat()}"
                raise ContentError(rel_path, lines[index][0], message, DATE_RANGE_HINT)
            taken.add(index)
            byline = _byline_after(lines, index + 1)
            if byline is not None:
                taken.add(byline[0])
                author = byline[1]
            return Header(title, lines[index], parsed, author, frozenset(taken))
        name = _byline(lines[index][1])
        if name and not author:
            taken.add(index)
            author = name
    if _is_date(title[1], config):
        raise ContentError(
            rel_path, title[0], "no title: the seed starts with its date", "put the title first"
        )
    where = lines[filled[1]][0] if len(filled) > 1 else title[0]
    hint = f"put the date on its own line below the title; {DATE_FORMS_HINT}"
    raise ContentError(rel_path, where, "no date found after the title", hint)


def _date_line(line: Line, rel_path: str, config: SiteConfig) -> ParsedDate | None:
    """The date of a header line; a line that is a date but names no day, or could name two
    (03/04/2024 without `date_order`), refuses the seed at that line."""
    try:
        return parse_date_line(line[1], config.zone, config.date_order)
    except DateError as exc:
        raise ContentError(rel_path, line[0], f"the date line {exc.message}", exc.hint) from None


def _is_date(text: str, config: SiteConfig) -> bool:
    try:
        return parse_date_line(text, config.zone, config.date_order) is not None
    except DateError:
        return True


def _byline_after(lines: list[Line], start: int) -> tuple[int, str] | None:
    """A byline standing alone right after the date line (blank lines between allowed)."""
    index = start
    while index < len(lines) and not lines[index][1].strip():
        index += 1
    if index >= len(lines) or (index + 1 < len(lines) and lines[index + 1][1].strip()):
        return None
    name = _byline(lines[index][1])
    return (index, name) if name else None


def _byline(text: str) -> str:
    """The names of a line such as 'By Jane Doe and John Roe', or '' for any other line."""
    match = BYLINE.fullmatch(text.strip())
    if match is None:
        return ""
    names = " ".join(match.group(1).split())
    if names.endswith(".") and len(names.rsplit(" ", 1)[-1]) > 2:
        names = names[:-1]
    parts = [part.split() for part in NAME_SEPARATOR.split(names)]
    if not all(part and all(_name_word(word) for word in part) for part in parts):
        return ""
    return "" if parts[0][0].lower() in CALENDAR_WORDS else names


def byline_names(names: str) -> tuple[str, ...]:
    """The people of a byline's names ('Jane Doe and John Roe'), each once."""
    return tuple(dict.fromkeys(n for n in NAME_SEPARATOR.split(names) if n))


def _name_word(word: str) -> bool:
    letters = word.replace(".", "").replace("-", "").replace("'", "").replace("’", "")
    if not letters.isalpha():
        return False
    return word[0].isupper() or word in NAME_PARTICLES


def _header_warnings(header: Header, rel_path: str) -> list[Diagnostic]:
    conflict = header.parsed.weekday_conflict
    if not conflict:
        return []
    actual = header.parsed.value.strftime("%A")
    return [
        warning(
            rel_path,
            header.date[0],
            f"the date line names {conflict!r} but {header.parsed.value:%d %B %Y} is a {actual}",
            "check which of the two is right",
        )
    ]


def _paragraphs(lines: list[Line]) -> list[list[Line]]:
    blocks: list[list[Line]] = []
    current: list[Line] = []
    for number, text in lines:
        if text.strip():
            current.append((number, text))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _split_lines(text: str) -> list[str]:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _decode(data: bytes, rel_path: str) -> tuple[str, tuple[Diagnostic, ...]]:
    """UTF-8 (with or without BOM); UTF-16 by its BOM; else cp1252, else latin-1, warned."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), ()
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError as exc:
        first_bad_line = data[: exc.start].count(b"\n") + 1
    try:
        text, encoding = data.decode(FALLBACK_ENCODING), FALLBACK_ENCODING
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "latin-1"
    message = f"not valid UTF-8: decoded as {encoding}"
    hint = "re-save the file as UTF-8 if any character looks wrong"
    return text, (warning(rel_path, first_bad_line, message, hint),)
