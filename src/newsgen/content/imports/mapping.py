"""JSON Lines and CSV records into items, through a mapping of newsgen's fields to columns.

Each field is read from the column of its own name (in any case, when only one matches)
unless `--map FIELD=COLUMN` names another:
`--map title=headline --map body=text`. A list (JSON) or a `;`-separated cell (CSV) gives
several topics or authors; a body given as a list holds one paragraph per entry.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

from newsgen.config.site import SiteConfig
from newsgen.content.imports.items import (
    Item,
    Options,
    given_url,
    item_date,
    item_markdown,
    item_source,
    item_title,
    lost_notes,
    names,
    topic_names,
)
from newsgen.content.references import LeadImage
from newsgen.content.text import is_web_url
from newsgen.diagnostics import ContentError, Diagnostic, note
from newsgen.model import BodyFormat

FIELDS = (
    *("id", "title", "date", "body", "topics", "author", "source_url", "summary"),
    *("image", "image_alt", "image_caption", "image_credit", "language"),
)
FRONT_MATTER_NAMES = {"author": "authors"}
"""A field read, when the file has no column of the field's own name, from the column named as
the front matter names it."""
REQUIRED = ("title", "date", "body")
BODY_FORMATS = ("text", "markdown", "html")
BASE_FIX = (
    "give the record its source_url, or name the old site with --source-name NAME --source-url URL"
)
FIELD_LIST = ", ".join(FIELDS)
MAP_HINT = f"write it as --map FIELD=COLUMN, FIELD one of {FIELD_LIST}"


def parse_mapping(pairs: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """The --map FIELD=COLUMN pairs; raise ContentError for one that is not such a pair, a
    field newsgen does not know, or a field mapped twice."""
    found: dict[str, str] = {}
    for pair in pairs:
        field, equals, column = (part.strip() for part in pair.partition("="))
        if not equals or not field or not column:
            raise ContentError("newsgen", 0, f"--map {pair!r} is not FIELD=COLUMN", MAP_HINT)
        if field not in FIELDS:
            raise ContentError("newsgen", 0, f"--map names an unknown field {field!r}", MAP_HINT)
        if field in found:
            raise ContentError("newsgen", 0, f"--map maps the field {field!r} twice", MAP_HINT)
        found[field] = column
    return tuple(found.items())


def body_format(name: str) -> str:
    if name not in BODY_FORMATS:
        hint = f"use one of {', '.join(BODY_FORMATS)}"
        raise ContentError("newsgen", 0, f"--body-format {name!r} is not a body format", hint)
    return name


def columns(options: Options, names: Collection[str] = ()) -> dict[str, str]:
    """The column each field is read from: `--map`'s, else its own name, else (for a file
    whose columns are `names`) the front matter's name of the field (`authors`)."""
    own = {field: FRONT_MATTER_NAMES.get(field, field) for field in FIELDS}
    chosen = {
        field: field if column_in(names, field) in names else column
        for field, column in own.items()
    }
    return chosen | dict(options.mapping)


@functools.lru_cache(maxsize=64)
def _spelt(
    mapping: tuple[tuple[str, str], ...], names: tuple[str, ...]
) -> tuple[tuple[str, str, str], ...]:
    """(field, its column, that column as `names` spell it) for a file or record of the
    columns `names`: worked out once per set of columns, not once per record."""
    chosen = columns(Options(mapping=mapping), names)
    return tuple((field, column, column_in(names, column)) for field, column in chosen.items())


def unread_columns(names: Sequence[str], options: Options) -> list[str]:
    """The columns of `names` that no field is read from, in their order."""
    read = {spelt for _, _, spelt in _spelt(options.mapping, tuple(names))}
    return [name for name in names if name not in read]


def unread_note(shown: str, line: int, unread: Sequence[str]) -> Diagnostic:
    """The note on the columns an import leaves out (`unread`, in the file's order)."""
    named = [repr(name) for name in unread if name.strip()]
    unnamed = len(unread) - len(named)
    listed = ", ".join(named) + (" and " if named and unnamed else "")
    listed += f"{unnamed} without a name" if unnamed else ""
    count = "1 column is" if len(unread) == 1 else f"{len(unread)} columns are"
    hint = f"to import one, name the field it holds: --map FIELD=COLUMN, FIELD one of {FIELD_LIST}"
    return note(shown, line, f"{count} not imported: {listed}", hint)


def missing_columns(header: Sequence[str], options: Options) -> list[str]:
    """The required fields whose column the header lacks."""
    chosen = columns(options)
    return [field for field in REQUIRED if column_in(header, chosen[field]) not in header]


def column_in(names: Collection[str], column: str) -> str:
    """`column` as `names` spell it: itself, else the one name that differs from it only in
    case (a header of `Title`, `Date`, `Body`, as spreadsheets write them)."""
    if column in names:
        return column
    same = [name for name in names if name.casefold() == column.casefold()]
    return same[0] if len(same) == 1 else column


def column_hint(field: str, options: Options) -> str:
    column = columns(options)[field]
    return f"the {field} is read from the column {column!r}: name another with --map {field}=COLUMN"


def record_item(
    record: Mapping[str, Any], where: tuple[str, int], config: SiteConfig, options: Options
) -> Item:
    """The item a record holds; raise ContentError at its line when it cannot be one."""
    chosen = {
        field: (column, spelt) for field, column, spelt in _spelt(options.mapping, (*record,))
    }

    def value(field: str) -> Any:
        column, spelt = chosen[field]
        if field in REQUIRED and spelt not in record:
            message = f"the record has no {column!r} column for its {field}"
            raise ContentError(*where, message, column_hint(field, options))
        raw = record.get(spelt)
        return "" if raw is None else raw

    url = _text(value("source_url"), where, "source_url").strip()
    if url and not is_web_url(url):
        raise ContentError(*where, f"the source URL {url!r} is not an http or https URL")
    key = _text(value("id"), where, "id").strip() or url
    if not key:
        raise ContentError(*where, "the record has no id", column_hint("id", options))
    topics, warned = topic_names(_list(value("topics"), where, "topics"), where)
    body, body_kind, lost = _body(value("body"), where, options, url)
    return Item(
        line=where[1],
        key=key,
        title=item_title(
            _text(value("title"), where, "title"), where, column_hint("title", options)
        ),
        date=item_date(_text(value("date"), where, "date"), config, where, "date"),
        body=body,
        body_format=body_kind,
        source=item_source(options, "", url),
        authors=names(_list(value("author"), where, "author")),
        topics=topics,
        summary=" ".join(_text(value("summary"), where, "summary").split()),
        picture=_picture(value, where),
        language=_text(value("language"), where, "language").strip(),
        notes=(*warned, *lost),
    )


def _picture(value: Callable[[str], Any], where: tuple[str, int]) -> LeadImage:
    """The record's picture: a web address, and the words that describe it."""
    url = _text(value("image"), where, "image").strip()
    if url and not is_web_url(url):
        raise ContentError(*where, f"the image {url!r} is not an http or https URL")
    alt, caption, credit = (
        " ".join(_text(value(field), where, field).split())
        for field in ("image_alt", "image_caption", "image_credit")
    )
    return LeadImage(url, alt, caption, credit)


def _text(raw: Any, where: tuple[str, int], field: str) -> str:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        message = f"the {field} must be text, got {type(raw).__name__}"
        raise ContentError(*where, message)
    return str(raw)


def _list(raw: Any, where: tuple[str, int], field: str) -> list[str]:
    if isinstance(raw, list):
        return [_text(item, where, field) for item in raw]
    return _text(raw, where, field).split(";")


def _body(
    raw: Any, where: tuple[str, int], options: Options, url: str
) -> tuple[str, BodyFormat, tuple[Diagnostic, ...]]:
    if isinstance(raw, list):
        text = "\n\n".join(" ".join(_text(p, where, "body").split()) for p in raw)
    else:
        text = _text(raw, where, "body").replace("\r\n", "\n")
    if options.body_format == "html":
        converted = item_markdown(text, url or given_url(options), where, BASE_FIX)
        return converted.markdown, BodyFormat.MARKDOWN, lost_notes(where, converted)
    return text.strip(), BodyFormat(options.body_format), ()
