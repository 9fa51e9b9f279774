"""The seed reader: raw scraped article texts into Article records, reporting what it removed."""

from __future__ import annotations

import codecs
import hashlib
import re
from datetime import datetime
from pathlib import Path

from newsgen.config.site import SiteConfig
from newsgen.content.articles import read_limited, read_source
from newsgen.content.damage import cut_short, find_damage
from newsgen.content.header import Header, Line, find_header
from newsgen.content.identity import derived_id
from newsgen.content.noise import is_noise, noise_patterns, trailing_noise, visible
from newsgen.content.slugs import slug_for
from newsgen.content.sources import folder_source, with_source
from newsgen.content.summaries import summarize
from newsgen.content.text import plain_text
from newsgen.content.topics import detect_topics
from newsgen.diagnostics import ContentError, Diagnostic, note, warning
from newsgen.model import Article, BodyFormat, Loaded, Source

FALLBACK_ENCODING = "cp1252"
SENTENCE_ENDS = (".", "!", "?", '"', "”", "»", ")", ":")


def seed_sha256(path: Path, rel_path: str = "") -> str:
    """SHA-256 of the seed file's bytes; refused unread (ContentError) over the size limit."""
    return hashlib.sha256(read_limited(path, rel_path or path.as_posix())).hexdigest()


def read_seed(
    path: Path,
    config: SiteConfig,
    source: Source | None = None,
    *,
    shown: str = "",
    data: bytes | None = None,
) -> Loaded:
    """Read one raw seed file, credited where it names no publisher of its own to `source`
    (given by `newsgen import`), else to the `seed_sources:` entry of its folder (`shown`:
    its path in diagnostics, when known)."""
    rel, data = read_source(path, config, "seed", shown, data)
    text, decoding = _decode(data, rel)
    loaded = parse_seed_text(text, rel, config)
    article = with_source(loaded.article, source or folder_source(config, path))
    return Loaded(article, decoding + loaded.diagnostics)


def title_lines(path: Path, count: int = 3) -> list[str]:
    """The first non-blank lines of a seed, any of which may be its title; [] when the file
    cannot be read (reading it properly reports why)."""
    try:
        data = read_limited(path, path.name)
    except (OSError, ContentError):
        return []
    text, _ = _decode(data, path.name)
    found: list[str] = []
    for line in _split_lines(text[:4096]):
        line = " ".join(visible(line).split())
        if line:
            found.append(line)
            if len(found) == count:
                break
    return found


def parse_seed_text(text: str, rel_path: str, config: SiteConfig) -> Loaded:
    """Parse the text of a seed; `rel_path` names it in diagnostics.

    The title is the first non-blank line (or the second, below a date line); the date is
    the first date line among the next few, and a byline ("By Jane Doe") before or right
    after it gives the authors. A site name ending the title (`source_names`) is taken off.
    Every other line is body: blocks split by blank lines are paragraphs, whose lines are
    joined with single spaces (hard wraps and runs of spaces fold into one space). Invisible
    characters go, no-break spaces become spaces, and noise lines and trailing noise
    sentences are removed, each with a note; the words themselves are kept exactly as
    written, damaged or not.
    """
    if "\x00" in text:
        raise ContentError(rel_path, 0, "this is a binary file, not a text seed")
    patterns = noise_patterns(config.noise)
    lines, diagnostics = _without_noise(text, rel_path, patterns)
    header = _header(lines, rel_path, config)
    paragraphs = _paragraphs(
        [
            (number, "" if index in header.taken else text)
            for index, (number, text) in enumerate(lines)
        ]
    )
    paragraphs, removed = _without_trailing_noise(paragraphs, patterns, rel_path)
    diagnostics += removed + _header_notes(header, rel_path)
    diagnostics += find_damage(
        [header.title, *(line for block in paragraphs for line in block)],
        rel_path,
        config.language,
    )
    diagnostics += cut_short(paragraphs[-1][-1] if paragraphs else None, rel_path, config.language)
    return Loaded(_article(header, paragraphs, rel_path, config), tuple(sorted(diagnostics)))


def seed_date_lines(path: Path, rel_path: str, config: SiteConfig) -> dict[str, int]:
    """The lines of a seed's date and `Updated` date, under the front-matter keys they stand
    for (`date`, `updated`); {} when the seed cannot be read now."""
    try:
        text, _ = _decode(read_limited(path, rel_path), rel_path)
        lines, _ = _without_noise(text, rel_path, noise_patterns(config.noise))
        header = _header(lines, rel_path, config)
    except (OSError, ContentError):
        return {}
    return {"date": header.date[0], "updated": header.updated_line}


def _without_noise(
    text: str, rel_path: str, patterns: tuple[re.Pattern[str], ...]
) -> tuple[list[Line], list[Diagnostic]]:
    """The numbered lines of a seed, noise lines blanked, and a note on each one blanked."""
    lines: list[Line] = []
    diagnostics: list[Diagnostic] = []
    previous = ""
    shown = [visible(raw).rstrip() for raw in _split_lines(text)]
    for number, (line, after) in enumerate(zip(shown, [*shown[1:], ""], strict=True), start=1):
        if is_noise(line, patterns) and not _inside_a_sentence(previous, line, after):
            diagnostics.append(note(rel_path, number, f"removed noise: {line.strip()!r}"))
            line = ""
        lines.append((number, line))
        previous = line
    return lines, diagnostics


def _header(lines: list[Line], rel_path: str, config: SiteConfig) -> Header:
    sites = frozenset(name.casefold() for name in config.source_names)
    return find_header(lines, rel_path, config, sites)


def _article(
    header: Header, blocks: list[list[Line]], rel_path: str, config: SiteConfig
) -> Article:
    title = plain_text(header.title[1])
    paragraphs = [" ".join(" ".join(text for _, text in block).split()) for block in blocks]
    detected = detect_topics(title, paragraphs, config)
    return Article(
        slug=slug_for(title),
        title=title,
        date=header.parsed.value,
        body="\n\n".join(paragraphs),
        body_format=BodyFormat.TEXT,
        source_path=rel_path,
        summary=plain_text(summarize(paragraphs[0])) if paragraphs else "",
        authors=tuple(dict.fromkeys(header.byline.authors)) if header.byline else (),
        updated=header.updated,
        source=_source(header),
        topics=detected.topics,
        candidate_topics=detected.candidates,
        body_line=blocks[0][0][0] if blocks else header.date[0] + 1,
        uid=derived_id(rel_path, seed=True),
        unpinned=("id", "slug"),
    )


def _source(header: Header) -> Source | None:
    """The original publisher a seed names: its byline's agency, else the site its title
    named; None when it names neither. The byline itself is not repeated in the source: its
    people are the article's authors."""
    byline = header.byline
    name = (byline.agency if byline else "") or header.site
    return Source(name=name) if name else None


def _header_notes(header: Header, rel_path: str) -> list[Diagnostic]:
    found = [
        note(rel_path, number, f"the date line is read with a guess: {guess}")
        for number, guess in header.guesses
    ]
    if header.site:
        message = f"took the site name {header.site!r} off the title: it is the source"
        found.append(note(rel_path, header.title[0], message))
    if header.updated is not None and header.updated < header.parsed.value:
        message = "the `Updated` date is before the date the seed was published"
        hint = "fix the date of one of the two lines"
        found.append(warning(rel_path, header.updated_line, message, hint))
    if header.parsed.weekday_conflict:
        found.append(
            _weekday_warning(
                rel_path, header.date[0], header.parsed.value, header.parsed.weekday_conflict
            )
        )
    if header.updated is not None and header.updated_conflict:
        found.append(
            _weekday_warning(rel_path, header.updated_line, header.updated, header.updated_conflict)
        )
    return found


def _weekday_warning(rel_path: str, line: int, day: datetime, conflict: str) -> Diagnostic:
    """A warning that the date line at `line` names the weekday `conflict`, not `day`'s."""
    message = f"the date line names {conflict!r} but {day:%d %B %Y} is a {day:%A}"
    return warning(rel_path, line, message, "check which of the two is right")


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


def _inside_a_sentence(previous: str, line: str, after: str) -> bool:
    """True when `line` is part of a sentence hard-wrapped around it: the line after it
    carries the sentence on in lowercase ("The poll was run by" / "Reuters/Ipsos" / "over
    three days."; "Comments" / "were closed, ..."), or it carries on in lowercase a line that
    ends no sentence ("... a" / "share."). Such a line holds words of the article, whatever a
    noise pattern says; a capitalised noise line under a title or a finished paragraph goes."""
    goes_on = after.lstrip()[:1].islower()
    carried_on = bool(previous.strip()) and not previous.rstrip().endswith(SENTENCE_ENDS)
    return goes_on or (carried_on and line.lstrip()[:1].islower())


def _without_trailing_noise(
    blocks: list[list[Line]], patterns: tuple[re.Pattern[str], ...], rel_path: str
) -> tuple[list[list[Line]], list[Diagnostic]]:
    """The paragraphs without noise sentences glued onto their ends, and a note for each."""
    kept: list[list[Line]] = []
    removed: list[Diagnostic] = []
    for block in blocks:
        text, tail = trailing_noise(" ".join(line for _, line in block), patterns)
        if tail:  # the paragraph's wrapped lines become one: its words are what count
            removed.append(note(rel_path, block[-1][0], f"removed noise: {tail!r}"))
            block = [(block[0][0], text)] if text else []
        if block:
            kept.append(block)
    return kept, removed


def _split_lines(text: str) -> list[str]:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _decode(data: bytes, rel_path: str) -> tuple[str, tuple[Diagnostic, ...]]:
    """UTF-8 (with or without BOM), also cut short inside its last character, or with lines in
    another encoding; UTF-16 by its BOM; else cp1252, else latin-1, warned."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), ()
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError as exc:
        first_bad_line = data[: exc.start].count(b"\n") + 1
        if exc.end == len(data) and exc.reason == "unexpected end of data":
            return _cut_short(data[: exc.start], rel_path, first_bad_line)
    lines = data.split(b"\n")
    if any(not line.isascii() and _is_utf8(line) for line in lines):
        return _line_by_line(lines, rel_path)
    try:
        text, encoding = data.decode(FALLBACK_ENCODING), FALLBACK_ENCODING
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "latin-1"
    message = f"not valid UTF-8: decoded as {encoding}"
    hint = "re-save the file as UTF-8 if any character looks wrong"
    return text, (warning(rel_path, first_bad_line, message, hint),)


def _cut_short(whole: bytes, rel_path: str, line: int) -> tuple[str, tuple[Diagnostic, ...]]:
    """A UTF-8 file that ends inside a character (a download or copy cut short; its bytes before
    the cut are all UTF-8): its text, the cut character shown as U+FFFD, which marks a character
    that could not be read. Read as cp1252, every other letter that is not ASCII would turn
    into mojibake."""
    message = "the file ends inside a character, shown as U+FFFD (\ufffd): it was cut short"
    hint = "check that the article is complete, and save it again whole"
    return whole.decode("utf-8-sig") + "\ufffd", (warning(rel_path, line, message, hint),)


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _line_by_line(lines: list[bytes], rel_path: str) -> tuple[str, tuple[Diagnostic, ...]]:
    """A UTF-8 file with lines in another encoding (an article pasted together from two
    sources): each line that is UTF-8 read as such, each other one as cp1252 (else latin-1),
    warned at its line. Read whole as cp1252, every letter of the UTF-8 lines that is not ASCII
    would turn into mojibake."""
    texts, found = [], []
    hint = "check the letters of this line that are not ASCII, and fix any that look wrong"
    for number, line in enumerate(lines, start=1):
        if _is_utf8(line):
            texts.append(line.decode("utf-8"))
            continue
        try:
            text, encoding = line.decode(FALLBACK_ENCODING), FALLBACK_ENCODING
        except UnicodeDecodeError:
            text, encoding = line.decode("latin-1"), "latin-1"
        texts.append(text)
        message = f"not valid UTF-8, unlike the rest of the file: decoded as {encoding}"
        found.append(warning(rel_path, number, message, hint))
    return "\n".join(texts), tuple(found)
