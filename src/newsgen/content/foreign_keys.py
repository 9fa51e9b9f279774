"""Front-matter keys of other site generators (Hugo, Jekyll, Pelican, Eleventy) whose job a
newsgen key does: an archive moved in with them keeps them only as `article.extra`, so
`newsgen check` names the key to use instead; and `published: false`, refused, since newsgen
would publish what the other system held back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from newsgen.diagnostics import Diagnostic, error, note

INSTEAD = {
    "categories": ("its values are no topics", "name them `topics:`"),
    "category": ("its value is no topic", "name it `topics:`"),
    "keywords": ("its values are no topics", "name them `topics:`"),
    "description": ("it is not the summary", "name it `summary:`"),
    "excerpt": ("it is not the summary", "name it `summary:`"),
    "lastmod": ("it is not the date of the last update", "name it `updated:`"),
    "modified": ("it is not the date of the last update", "name it `updated:`"),
    "last_modified_at": ("it is not the date of the last update", "name it `updated:`"),
    "permalink": (
        "the old address does not redirect here",
        "name the old path in `aliases:`, and give the last part as `slug:`",
    ),
    "url": (
        "the old address does not redirect here",
        "name the old path in `aliases:`, and give the last part as `slug:`",
    ),
    "featured_image": ("it is not the article's picture", "name it `image:`"),
    "cover": ("it is not the article's picture", "name it `image:`"),
    "thumbnail": ("it is not the article's picture", "name it `image:`"),
    "byline": ("it credits no one", "name the people in `author:` or `authors:`"),
    "lang": ("the text is not marked with its language", "name it `language:`"),
    "locale": ("the text is not marked with its language", "name it `language:`"),
}
"""Each key, what is lost with it, and what to do."""


def foreign_key_notes(
    extra: tuple[tuple[str, Any], ...], path: str, line_of: Callable[[str], int]
) -> list[Diagnostic]:
    """A note at each of the article's other keys (`extra`, with their values) that another
    generator uses for what a newsgen key does; kept, it still reaches templates."""
    notes = []
    for key, _ in extra:
        if key.lower() in INSTEAD:
            lost, fix = INSTEAD[key.lower()]
            message = f"`{key}:` is not a newsgen key: {lost} (templates get it as article.extra)"
            notes.append(note(path, line_of(key), message, fix))
    return notes


def unpublished(
    extra: tuple[tuple[str, Any], ...], path: str, line_of: Callable[[str], int]
) -> list[Diagnostic]:
    """An error for `published: false` (Jekyll's and others' draft): newsgen would publish
    the story another system held back, an embargoed one among them."""
    return [
        error(
            path,
            line_of(key),
            f"`{key}: false` is not how newsgen holds an article back: it would be published",
            "write `draft: true` instead",
        )
        for key, value in extra
        if key.lower() == "published" and value is False
    ]
