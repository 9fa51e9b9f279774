"""Raw HTML attributes: values that HTML forbids dropped by the sanitizer (the words stay), and
the `alt` HTML requires of an image added."""

from __future__ import annotations

import re
from datetime import datetime

from newsgen.config.fields import known_language
from newsgen.content.text import encoded_url, has_credentials

INTEGER = re.compile(r"-?[0-9]{1,9}")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
DATE_TIME = re.compile(
    DATE.pattern + r"[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,3})?)?(Z|[+-][0-9]{2}:[0-9]{2})"
)
"""A valid global date and time string (with its offset), as `ins` and `del` take."""
PAGE_IDS = re.compile(r"main|site-search|corrections-heading|related-heading")
"""Ids the theme's article page itself uses."""
FOOTNOTE_IDS = re.compile(r"(fn|fnref)[0-9]+(:[0-9]+)?")
"""Ids of footnotes (`fn1` on their list item) and their references (`fnref1` on a link)."""
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")
"""A BCP 47 language tag's shape (`en`, `zh-Hant`, `sr-Latn-RS`): no `_`, no spaces."""
WHITESPACE = re.compile(r"[ \t\n\f\r]")
SCOPES = frozenset({"row", "col", "rowgroup", "colgroup"})
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
SANITIZED_IMG = re.compile(r'<img((?:\s+[^\s"=>/]+(?:="[^"]*")?)*)\s*/?>')
"""An `<img>` tag as the sanitizer writes it: each value in double quotes (a `>` may be in
one), none holding a double quote."""
ALT = re.compile(r'\salt(="|\s|$)')


class AttributeFilter:
    """nh3's `attribute_filter`: keeps a value HTML allows, else drops it (`None`).

    Ids are unique within one body: call `reset` before each.
    """

    def __init__(self) -> None:
        self._ids: set[str] = set()

    def reset(self) -> None:
        """Forget the ids seen: a new body starts."""
        self._ids.clear()

    def __call__(self, element: str, name: str, value: str) -> str | None:
        """`value`, or a valid spelling of it, or `None` to drop the attribute."""
        if name in URL_ATTRIBUTES:
            return None if has_credentials(value) else encoded_url(value)
        if name == "id":
            return self._unique_id(element, value)
        return value if valid_value(element, name, value) else None

    def _unique_id(self, element: str, value: str) -> str | None:
        if not value or WHITESPACE.search(value) or value in self._ids:
            return None
        if PAGE_IDS.fullmatch(value) or _misplaced_footnote_id(element, value):
            return None
        self._ids.add(value)
        return value


def _misplaced_footnote_id(element: str, value: str) -> bool:
    found = FOOTNOTE_IDS.fullmatch(value)
    return found is not None and element != ("li" if found.group(1) == "fn" else "a")


def valid_value(element: str, name: str, value: str) -> bool:
    """Whether HTML allows `value` for attribute `name` of `element` (the sanitizer's list)."""
    match name:
        case "colspan" | "span":
            return _number_in(value, 1, 1000)
        case "rowspan":
            return _number_in(value, 0, 65534)
        case "width" | "height":
            return value.isascii() and value.isdigit()
        case "start":
            return INTEGER.fullmatch(value) is not None
        case "scope":
            return value.lower() in SCOPES
        case "datetime":
            return _date_or_time(value)
        case "lang" | "hreflang":
            return (not value and name == "lang") or _language_tag(value)
    return True


def _language_tag(value: str) -> bool:
    return LANGUAGE_TAG.fullmatch(value) is not None and known_language(value)


def _number_in(value: str, low: int, high: int) -> bool:
    return value.isascii() and value.isdigit() and low <= int(value) <= high


def _date_or_time(value: str) -> bool:
    """A valid date string with optional time: `2024-01-02`, or a date and time with offset."""
    if not (DATE.fullmatch(value) or DATE_TIME.fullmatch(value)):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def with_alt(html: str) -> str:
    """Sanitized `html` with an empty `alt` on each `<img>` that has none: HTML requires one
    (`check` warns of the missing text at its line)."""
    return SANITIZED_IMG.sub(_alt_added, html) if "<img" in html else html


def _alt_added(found: re.Match[str]) -> str:
    attributes = found.group(1)
    return found.group(0) if ALT.search(attributes) else f'<img{attributes} alt="">'
