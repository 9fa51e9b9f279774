"""`newsgen check --fix`: pin the id and slug that articles derive, and the old URLs that
redirect to them, in their own front matter.

Pinned, they never drift: the id no longer follows the file's name, nor the URL the headline,
and a redirect no longer needs the URL history in .newsgen/. The values written are the ones
the article has now, so pinning changes no page and no feed. Lines are inserted under the
opening `---`; nothing else in the file changes, except the checksum of an untouched import,
renewed so that the file still counts as untouched.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from newsgen.config.site import SiteConfig
from newsgen.content.articles import FRONT_MATTER
from newsgen.content.frontmatter_writer import write_atomically
from newsgen.content.imports.writing import CHECKSUM_LINE, untouched, with_checksum
from newsgen.diagnostics import Diagnostic, error, warning
from newsgen.model import Article

CONSEQUENCE = {
    "id": "a renamed file would change its feed id",
    "slug": "a corrected headline would move its page",
}


def unpinned_warning(article: Article) -> Diagnostic | None:
    """A warning for a front-matter article that pins not its id or slug; None when it does."""
    if not article.unpinned or not article.source_path.endswith(".md"):
        return None
    keys = " and ".join(f"`{key}:`" for key in article.unpinned)
    why = " and ".join(CONSEQUENCE[key] for key in article.unpinned)
    message = f"no {keys} in the front matter: {why}"
    return warning(article.source_path, 1, message, "run `newsgen check --fix` to pin them")


def pin_articles(
    config: SiteConfig, articles: Iterable[Article], moves: Mapping[str, tuple[str, ...]]
) -> tuple[list[tuple[str, tuple[str, ...]]], list[Diagnostic]]:
    """Write the missing `id:` and `slug:` lines, and an `aliases:` line with the old URLs of
    each article in `moves` (by file); what was pinned where, and what went wrong."""
    pinned: list[tuple[str, tuple[str, ...]]] = []
    problems: list[Diagnostic] = []
    for article in articles:
        moved = moves.get(article.source_path, ())
        if moved and article.aliases:
            problems.append(_add_by_hand(article, moved))
            moved = ()
        values = _pinned_values(article, moved)
        if not values:
            continue
        lines = [_yaml_line(key, value) for key, value in values.items()]
        try:
            _insert(config.root / article.source_path, lines)
        except (OSError, ValueError) as exc:
            keys = " and ".join(f"`{key}:`" for key in values)
            problems.append(error(article.source_path, 1, f"cannot write its {keys}: {exc}"))
            continue
        pinned.append((article.source_path, tuple(values)))
    return pinned, problems


def _add_by_hand(article: Article, moved: tuple[str, ...]) -> Diagnostic:
    return warning(
        article.source_path,
        1,
        f"earlier builds published this article at {', '.join(moved)}, which its `aliases:` "
        "do not give",
        "add them to its `aliases:` list, so that their redirects survive a deleted .newsgen/",
    )


def _pinned_values(article: Article, moved: tuple[str, ...]) -> dict[str, str | list[str]]:
    """The front-matter values to write into an article: those it derives, its old URLs."""
    values: dict[str, str | list[str]] = {}
    if unpinned_warning(article) is not None:
        derived = {"id": article.uid, "slug": article.slug}
        values.update((key, derived[key]) for key in article.unpinned)
    if moved and article.source_path.endswith(".md"):
        values["aliases"] = list(moved)
    return values


def _yaml_line(key: str, value: str | list[str]) -> str:
    """`key: value` on one line, a list in flow style (`aliases: [/a/, /b/]`)."""
    if isinstance(value, str):
        return yaml.safe_dump({key: value}).strip()
    return f"{key}: {yaml.safe_dump(value, default_flow_style=True, width=float('inf')).strip()}"


def _insert(path: Path, lines: list[str]) -> None:
    """Insert `lines` under the opening `---` of the file, in its own line endings."""
    data = path.read_bytes()
    bom = data.startswith(codecs.BOM_UTF8)
    text = data[3 if bom else 0 :].decode("utf-8")
    fence, newline, rest = _split_first_line(text)
    if fence.rstrip() != "---":
        raise ValueError("the file does not start with its front matter")
    before, added = _front_values(text), yaml.safe_load("\n".join(lines))
    for key in sorted(added.keys() & (before or {}).keys()):
        raise ValueError(f"its front matter has `{key}:` already (add the values to it)")
    was_untouched = untouched(text)
    pinned = fence + newline + "".join(line + newline for line in lines) + rest
    if before is None or _front_values(pinned) != before | added:
        shown = ", ".join(f"`{line}`" for line in lines)
        raise ValueError(
            f"its front matter is not one `key: value` line after another, so lines put under "
            f"--- would not be read as keys (write {shown} into it by hand)"
        )
    text = pinned
    if was_untouched:
        text = with_checksum(CHECKSUM_LINE.sub("", text, count=1))
    write_atomically(path, "\ufeff" + text if bom else text)


def _front_values(text: str) -> dict[Any, Any] | None:
    """What the front matter of `text` holds, or None when it is not a mapping of YAML."""
    try:
        front = FRONT_MATTER.split(text.replace("\r\n", "\n").replace("\r", "\n"))[0]
        values = yaml.safe_load(front)
    except (ValueError, yaml.YAMLError):
        return None
    return values if isinstance(values, dict) else None


def _split_first_line(text: str) -> tuple[str, str, str]:
    for newline in ("\r\n", "\n", "\r"):
        head, found, rest = text.partition(newline)
        if found and "\n" not in head and "\r" not in head:
            return head, newline, rest
    return text, "\n", ""
