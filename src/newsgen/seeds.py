"""The seed reader: raw scraped article texts into Article records, reporting what it removed."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from newsgen.config import SiteConfig
from newsgen.damage import find_damage
from newsgen.dates import ParsedDate, parse_date_line
from newsgen.diagnostics import ContentError, Diagnostic, note, shown_path, warning
from newsgen.model import Article, BodyFormat, Loaded
from newsgen.noise import is_noise, noise_patterns
from newsgen.slugs import slug_for
from newsgen.summaries import summarize
from newsgen.topics import detect_topics

HEADER_LINES = 4
"""How many non-blank lines after the title may hold the date and the byline."""
BYLINE = re.compile(r"By\s+(\S.{0,80})", re.IGNORECASE)
FALLBACK_ENCODING = "cp1252"

Line = tuple[int, str]


@dataclass(frozen=True)
class Header:
    """The title, date and byline of a seed, and where its body starts."""

    title: Line
    date: Line
    parsed: ParsedDate
    author: str
    body_start: int
    """Index into the list of lines where the body begins."""


def seed_sha256(path: Path) -> str:
    """SHA-256 of the seed file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_seed(path: Path, config: SiteConfig) -> Loaded:
    """Read one raw seed file."""
    rel = shown_path(path, config.root)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ContentError(rel, 0, f"cannot read the seed: {exc.strerror}") from None
    text, decoding = _decode(data, rel)
    loaded = parse_seed_text(text, rel, config)
    return Loaded(loaded.article, decoding + loaded.diagnostics)


def parse_seed_text(text: str, rel_path: str, config: SiteConfig) -> Loaded:
    """Parse the text of a seed; `rel_path` names it in diagnostics."""
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
    paragraphs = _paragraphs(lines[header.body_start :])
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
    title = " ".join(header.title[1].split())
    paragraphs = [" ".join(" ".join(text for _, text in block).split()) for block in blocks]
    return Article(
        slug=slug_for(title),
        title=title,
        date=header.parsed.value,
        body="\n\n".join(paragraphs),
        body_format=BodyFormat.TEXT,
        source_path=rel_path,
        summary=summarize(paragraphs[0]) if paragraphs else "",
        author=header.author or config.author,
        topics=detect_topics(title, paragraphs, config),
        body_line=blocks[0][0][0] if blocks else header.date[0] + 1,
    )


def _header(lines: list[Line], rel_path: str, config: SiteConfig) -> Header:
    filled = [(index, line) for index, line in enumerate(lines) if line[1].strip()]
    if not filled:
        raise ContentError(
            rel_path, 0, "empty seed", "a seed is a title line, a date line, then paragraphs"
        )
    title = filled[0][1]
    author = ""
    for index, line in filled[1 : 1 + HEADER_LINES]:
        parsed = parse_date_line(line[1], config.zone)
        if parsed is not None:
            body_start, author = _byline(lines, index + 1, author)
            return Header(title, line, parsed, author, body_start)
        byline = BYLINE.fullmatch(line[1].strip())
        if byline is None:
            break
        author = byline.group(1).strip()
    where = filled[1][1][0] if len(filled) > 1 else title[0]
    raise ContentError(
        rel_path,
        where,
        "no date found after the title",
        "put the date on its own line below the title, e.g. 'Thursday, 22 February 2024'",
    )


def _byline(lines: list[Line], start: int, author: str) -> tuple[int, str]:
    """Skip blank lines after the date; take a byline standing there."""
    index = start
    while index < len(lines) and not lines[index][1].strip():
        index += 1
    if index < len(lines):
        match = BYLINE.fullmatch(lines[index][1].strip())
        if match:
            return index + 1, match.group(1).strip()
    return start, author


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
