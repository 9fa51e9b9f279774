"""Front-matter fields of credit: who wrote an article, where it was first published, and
the corrections made to it."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from newsgen.config.yamlsource import YamlMapping
from newsgen.content.bylines import is_news_agency, name_as_byline
from newsgen.content.text import encoded_url, is_web_url, url_hint
from newsgen.model import Correction, Source

SOURCE_KEYS = ("name", "url", "byline")
SOURCE_HINT = "write it as source: {name: Reuters, url: https://..., byline: By Jane Doe}"
SOURCE_NAME_HINT = "add the `name` or `url` of the publisher the byline is from"
CORRECTION_HINT = "write each as - {date: 2024-02-23, text: An earlier version misspelt ...}"
MAX_AUTHORS = 50
AGENCY_AUTHOR = (
    "`{agency}` is a news agency, not a person: as an author, its copy is credited as a story "
    "of the site's own reporters (their byline, an author page, a Person in search results)"
)
AGENCY_FIX = (
    "credit it with `source: {agency}` (a byline it carries in `source.byline`), and keep "
    "`authors` for the people who wrote the story"
)


class FieldReader(Protocol):
    """What reading these fields needs of the front-matter reader: the mapping, its checks of
    text, dates and URLs, and a place to report problems."""

    front: YamlMapping

    def fail(self, key: str, message: str, hint: str = "") -> None: ...
    def warn(self, key: str, message: str, hint: str = "") -> None: ...
    def text(self, key: str, value: Any) -> str | None: ...
    def date(self, key: str, value: Any) -> datetime | None: ...
    def web_url(self, key: str, value: Any) -> str | None: ...
    def optional(self, key: str, read: Any) -> Any: ...


def credited_authors(fields: FieldReader, default: str, own: bool) -> tuple[str, ...]:
    """The `authors` (or `author`) named; for the site's own articles (not imported, no
    `source`) that name none, the site's default `author`."""
    values = fields.front.values
    if "author" in values and "authors" in values:
        fields.fail("authors", "both `author` and `authors` are given", "keep `authors`")
        return ()
    key = "author" if "author" in values else "authors"
    names = read_names(fields, key, values.get(key))
    for name in names:
        if is_news_agency(name):
            fields.warn(key, AGENCY_AUTHOR.format(agency=name), AGENCY_FIX.format(agency=name))
        elif byline := name_as_byline(name):
            fields.warn(key, *byline)
    if names or key in values or not own:
        return names
    return (default,) if default else ()


def read_names(fields: FieldReader, key: str, raw: Any) -> tuple[str, ...]:
    items = [raw] if isinstance(raw, str) else raw
    if items is None:
        return ()
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        fields.fail(key, f"`{key}` must be a name or a list of names, e.g. [Jane Doe, John Roe]")
        return ()
    cleaned = [fields.text(key, item) or "" for item in items]
    if not all(cleaned):
        fields.fail(key, f"`{key}` holds an empty name", "remove it, or write the name")
        return ()
    names = tuple(dict.fromkeys(cleaned))
    if len(names) > MAX_AUTHORS:
        fields.fail(key, f"`{key}` lists {len(names)} names; at most {MAX_AUTHORS} are allowed")
        return ()
    return names


def original_source(fields: FieldReader) -> Source | None:
    """Where the text was first published: `source` (a name or a mapping) or the older
    `source_url` shorthand."""
    values = fields.front.values
    if "source" in values and "source_url" in values:
        fields.fail("source_url", "both `source` and `source_url` are given", SOURCE_HINT)
        return None
    if "source_url" in values:
        url = fields.optional("source_url", fields.web_url)
        return Source(url=url) if url else None
    raw = values.get("source")
    if raw is None:
        return None
    if isinstance(raw, str):
        name = fields.text("source", raw)
        return Source(name=name) if name else None
    if not isinstance(raw, dict) or set(raw) - set(SOURCE_KEYS) or not raw:
        fields.fail(
            "source",
            "`source` must be a name or a mapping of name, url and byline",
            SOURCE_HINT,
        )
        return None
    given = {k: fields.text("source", raw[k]) or "" for k in SOURCE_KEYS if raw.get(k) is not None}
    url = given.get("url", "")
    if url and not is_web_url(url):
        fields.fail(
            "source", f"`source.url` must be an http or https URL, got {url!r}", url_hint(url)
        )
        return None
    if given.get("byline") and not (given.get("name") or url):
        fields.fail("source", "`source` gives a byline but no publisher", SOURCE_NAME_HINT)
        return None
    if url:
        given["url"] = encoded_url(url)
    return Source(**given) if any(given.values()) else None


def correction_notices(fields: FieldReader) -> tuple[Correction, ...]:
    """The `corrections` notices (a date and a text each), oldest first."""
    raw = fields.front.values.get("corrections")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        fields.fail(
            "corrections", "`corrections` must be a list of dates and texts", CORRECTION_HINT
        )
        return ()
    found = []
    for item in raw:
        if not isinstance(item, dict) or set(item) != {"date", "text"}:
            fields.fail(
                "corrections",
                "each correction needs a `date` and a `text`, and nothing else",
                CORRECTION_HINT,
            )
            continue
        moment = fields.date("corrections", item["date"])
        text = fields.text("corrections", item["text"])
        if not text:
            fields.fail("corrections", "a correction's `text` is empty", CORRECTION_HINT)
        elif moment is not None:
            found.append(Correction(moment, text))
    return tuple(sorted(found, key=lambda c: c.date))
