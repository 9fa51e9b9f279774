"""JSON Lines and CSV files (plain or gzip-compressed) read record by record, each with its
line, into items through the column mapping."""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newsgen.config.site import SiteConfig
from newsgen.content.articles import MAX_FILE_BYTES
from newsgen.content.imports.csvheader import CSV_HINT, read_header, separator, separator_line
from newsgen.content.imports.items import Collector, Keep, Options, Reading
from newsgen.content.imports.mapping import record_item, unread_columns, unread_note
from newsgen.diagnostics import ContentError

DECODE_HINT = "save the file as UTF-8"
NOT_TEXT = re.compile("[\x00\ud800-\udfff]")
"""NUL, and half of a character (a lone UTF-16 surrogate, from a JSON escape such as \\ud83d
cut from its other half): an article holding one would be refused as binary, or could not be
written at all."""


def read_jsonl(path: Path, shown: str, config: SiteConfig, options: Options, keep: Keep) -> Reading:
    """One item per line of a JSON Lines file, each line a JSON object; blank lines skipped."""
    found = Collector(shown, keep)
    unread: dict[str, int] = {}
    with _binary(path, shown) as stream:
        for number, line in enumerate(_lines(stream, shown), start=1):
            if not line.strip():
                continue
            try:
                record = _record(line, (shown, number))
                for key in unread_columns(list(record), options):
                    unread.setdefault(key, number)
                found.keep(record_item(record, (shown, number), config, options))
            except ContentError as exc:
                found.refuse(exc)
    if unread:
        found.problems.append(unread_note(shown, min(unread.values()), list(unread)))
    return found.reading()


def read_csv(path: Path, shown: str, config: SiteConfig, options: Options, keep: Keep) -> Reading:
    """One item per row of a CSV file with a header row; a quoted cell may hold commas and
    line breaks. Cells are separated by commas, or by the semicolons or tabs that make the
    header name the required columns, or as Excel's `sep=` line above the header says."""
    found = Collector(shown, keep)
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))  # a cell holds a story
    with _binary(path, shown) as stream:
        lines = _lines(stream, shown)
        first = next(lines, "")
        given = separator_line(first)
        above = 1 if given else 0
        head = [] if given else [first]
        delimiter = given or separator(first, options)
        reader = csv.reader(itertools.chain(head, lines), delimiter=delimiter, strict=True)
        header = read_header(reader, (shown, above + 1), options)
        if unread := unread_columns(header, options):
            found.problems.append(unread_note(shown, above + 1, unread))
        start = above + reader.line_num + 1
        while True:
            try:
                row = next(reader, None)
            except csv.Error as exc:
                found.refuse(ContentError(shown, start, f"not valid CSV: {exc}", CSV_HINT))
                break
            if row is None:
                break
            where = (shown, start)
            start = above + reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            try:
                found.keep(record_item(_row(row, header, where), where, config, options))
            except ContentError as exc:
                found.refuse(exc)
    return found.reading()


def _row(row: list[str], header: list[str], where: tuple[str, int]) -> dict[str, str]:
    if len(row) != len(header):
        message = f"the row has {len(row)} cells where the header has {len(header)}"
        raise ContentError(*where, message, CSV_HINT)
    _check_characters(row, where)
    return dict(zip(header, row, strict=True))


class _KeyTwiceError(ValueError):
    """A JSON object giving one key twice."""


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """The object, unless it gives a key twice (JSON would keep the last, silently)."""
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            raise _KeyTwiceError(key)
        seen.add(key)
    return dict(pairs)


def _record(line: str, where: tuple[str, int]) -> dict[str, object]:
    try:
        record = json.loads(line, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        hint = "each line holds one whole JSON object"
        raise ContentError(
            *where, f"not valid JSON: {exc.msg} (column {exc.colno})", hint
        ) from None
    except _KeyTwiceError as exc:
        message = f'the record gives "{exc.args[0]}" twice'
        raise ContentError(*where, message, "keep the one that is meant") from None
    if not isinstance(record, dict):
        raise ContentError(*where, f"the line holds a JSON {type(record).__name__}, not an object")
    _check_characters(_strings(record), where)
    return record


def _strings(value: Any) -> Iterator[str]:
    """Every string of a JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, each in value.items():
            yield key
            yield from _strings(each)
    elif isinstance(value, list):
        for each in value:
            yield from _strings(each)


def _check_characters(texts: Iterable[str], where: tuple[str, int]) -> None:
    for text in texts:
        found = NOT_TEXT.search(text)
        if found is None:
            continue
        character = found.group()
        what = "NUL" if character == "\x00" else "half of a character cut in two"
        code = f"U+{ord(character):04X}"
        message = f"the record holds the character {code} ({what}), which text cannot hold"
        hint = "remove it, or export the records again: they were damaged on the way"
        raise ContentError(*where, message, hint)


def _lines(stream: Iterable[bytes], shown: str) -> Iterator[str]:
    """The file's lines, decoded one by one so that a line that is not UTF-8 is named; it (or
    a damaged gzip stream) ends the file with an error at that line."""
    number = 0
    try:
        for number, line in enumerate(stream, start=1):
            yield _decoded(line, shown, number)
    except (OSError, EOFError) as exc:
        raise ContentError(shown, number + 1, f"cannot read the file: {exc}") from None


def _decoded(line: bytes, shown: str, number: int) -> str:
    try:
        return line.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError:
        raise ContentError(shown, number, "not valid UTF-8", DECODE_HINT) from None


def _binary(path: Path, shown: str) -> gzip.GzipFile | io.BufferedReader:
    try:
        return gzip.open(path) if path.suffix == ".gz" else path.open("rb")
    except OSError as exc:
        raise ContentError(shown, 0, f"cannot read the file: {exc.strerror}") from None
