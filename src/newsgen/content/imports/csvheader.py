"""The header row of a CSV file: the separator it is written with and the columns it names."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator

from newsgen.content.imports.items import Options
from newsgen.content.imports.mapping import column_hint, column_in, columns, missing_columns
from newsgen.diagnostics import ContentError

SEPARATORS = (",", ";", "\t")
"""Commas; semicolons, as Excel writes CSV where a comma is the decimal sign; tabs."""
EXCEL_SEPARATOR = re.compile(r"sep=(.)\r?\n?")
"""The line Excel may write above the header, naming the separator: `sep=;`."""
CSV_HINT = "quote a cell that holds a comma, a quote or a line break, and double its quotes"


def separator_line(line: str) -> str:
    """The separator an Excel `sep=X` line names, '' for any other line."""
    found = EXCEL_SEPARATOR.fullmatch(line)
    return found.group(1) if found else ""


def separator(header: str, options: Options) -> str:
    """The separator that makes the header line name every required column (a comma when
    none or several do)."""
    for each in SEPARATORS:
        try:
            cells = [cell.strip() for cell in next(csv.reader([header], delimiter=each), [])]
        except csv.Error:
            continue
        if not missing_columns(cells, options):
            return each
    return ","


def read_header(reader: Iterator[list[str]], where: tuple[str, int], options: Options) -> list[str]:
    """The columns the header row names; raise ContentError when it lacks a required one or
    names a column read twice (a record would keep only one of the two, silently)."""
    try:
        header = [cell.strip() for cell in next(reader, [])]
    except csv.Error as exc:
        raise ContentError(*where, f"not valid CSV: {exc}", CSV_HINT) from None
    missing = missing_columns(header, options)
    if missing:
        message = f"the header row has no column for the {missing[0]} ({', '.join(header)})"
        raise ContentError(*where, message, column_hint(missing[0], options))
    for column in dict.fromkeys(column_in(header, c) for c in columns(options, header).values()):
        if header.count(column) > 1:
            message = f"the header row names the column {column!r} {header.count(column)} times"
            hint = "rename all of them but the one to read: newsgen cannot tell which is meant"
            raise ContentError(*where, message, hint)
    return header
