"""Topic and author names: each gets one stable slug, and the spellings that share a slug
merge under the one used most, with a warning naming where each other spelling is written."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml

from newsgen.config.yamlsource import mark_line
from newsgen.content.articles import FENCE, FRONT_MATTER, plain_text, read_limited
from newsgen.content.slugs import slug_for
from newsgen.diagnostics import Diagnostic, NewsgenError, warning

NameKind = Literal["topic", "author"]
KEYS: dict[NameKind, tuple[str, ...]] = {
    "topic": ("topics", "tags"),
    "author": ("author", "authors"),
}
"""The front-matter keys that list each kind of name."""


@dataclass(frozen=True)
class NameUse:
    """One use of a topic or author name by an article, for merge reports."""

    name: str
    path: str
    line: int


@dataclass(frozen=True)
class Names:
    """Every name's slug, and each slug's display name."""

    slug_of: dict[str, str]
    name_of: dict[str, str]
    diagnostics: tuple[Diagnostic, ...]


def assign_slugs(
    kind: NameKind, uses: Iterable[NameUse], locate: Callable[[NameUse], int] | None = None
) -> Names:
    """Give each name a slug made from the name alone (a page never moves when another name
    comes); names with the same slug merge under the most used name (ties: the first in
    code-point order).

    `locate` gives the line a merge warning cites (see `name_locator`); else `NameUse.line`.
    """
    by_slug: dict[str, Counter[str]] = {}
    first_use: dict[str, NameUse] = {}
    slugs: dict[str, str] = {}  # slug_for is slow; names repeat across thousands of articles
    slug_of: dict[str, str] = {}
    for use in sorted(uses, key=lambda u: (u.path, u.line, u.name)):
        slug = slugs.get(use.name)
        if slug is None:
            slug = slugs[use.name] = slug_for(use.name, kind=kind)
        slug_of[use.name] = slug
        name = composed(use.name)  # `José` typed on a Mac (NFD) is the José of other articles
        by_slug.setdefault(slug, Counter())[name] += 1
        first_use.setdefault(name, use)
    name_of: dict[str, str] = {}
    diagnostics: list[Diagnostic] = []
    for slug, names in sorted(by_slug.items()):
        ranked = sorted(names.items(), key=lambda item: (-item[1], item[0]))
        name_of[slug] = ranked[0][0]
        for name, _ in ranked:
            slug_of[name] = slug
        for other, _ in ranked[1:]:
            use = first_use[other]
            message = (
                f"{kind} {other!r} is merged into {ranked[0][0]!r} (both make /{kind}s/{slug}/)"
            )
            line = use.line if locate is None else locate(use)
            diagnostics.append(warning(use.path, line, message, "use one spelling"))
    return Names(slug_of, name_of, tuple(diagnostics))


def composed(name: str) -> str:
    """`name` with its accents composed (NFC), as most keyboards type them."""
    return name if name.isascii() else unicodedata.normalize("NFC", name)


def name_locator(root: Path, kind: NameKind) -> Callable[[NameUse], int]:
    """Finds where a name is written in its article (under `root`) for a merge warning.

    The file is read again (size-limited) only for the few names that were merged.
    """
    return lambda use: name_line(root / use.path, use.name, use.line, KEYS[kind])


def key_line(path: Path, key: str, default: int = 1) -> int:
    """The line of the front-matter key `key` of `path`, else `default` (see `name_line`)."""
    return name_line(path, "", default, (key,))


def name_line(path: Path, name: str, default: int, keys: tuple[str, ...] = KEYS["topic"]) -> int:
    """The line of `path` where its front matter gives `name` under one of `keys`.

    Else the line of that key; else `default` (a seed has no front matter; the file may have
    changed or gone since it was loaded).
    """
    try:
        text = read_limited(path, path.name).decode("utf-8-sig")
    except (OSError, NewsgenError, UnicodeDecodeError):
        return default
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    opening = FENCE.match(text)
    if opening is None:
        return default
    try:
        front_text, _ = FRONT_MATTER.split(text)
        node = yaml.compose(front_text, Loader=yaml.SafeLoader)  # no alias is expanded
    except (ValueError, RecursionError, yaml.YAMLError):
        return default
    first = text[: opening.end()].count("\n") + 1  # the line of front_text's first character
    if not isinstance(node, yaml.MappingNode):
        return default
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value in keys:
            items = value.value if isinstance(value, yaml.SequenceNode) else []
            for item in items:
                if isinstance(item, yaml.ScalarNode) and plain_text(item.value) == name:
                    return first + mark_line(front_text, item.start_mark)
            return first + mark_line(front_text, key.start_mark)
    return default
