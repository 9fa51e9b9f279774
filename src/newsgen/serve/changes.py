"""Classify a changed path of the site (relative to its root) by what a rebuild must redo."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from newsgen.config.site import CONFIG_NAME, SiteConfig
from newsgen.content.litter import is_litter


class ChangeKind(enum.Enum):
    """What part of the site a changed path belongs to."""

    CONFIG = "config"
    CONTENT = "content"
    SEED = "seed"
    TEMPLATE = "template"
    STATIC = "static"
    IGNORED = "ignored"


@dataclass(frozen=True, order=True)
class Change:
    """One changed path, relative to the site root with `/` separators, and its kind."""

    kind: ChangeKind
    path: str


def _parts(relative: str) -> tuple[str, ...]:
    return tuple(part for part in relative.split("/") if part not in ("", "."))


def _is_under(parts: tuple[str, ...], folder: str) -> bool:
    prefix = _parts(folder)
    return len(parts) >= len(prefix) and parts[: len(prefix)] == prefix


def _is_litter(parts: tuple[str, ...]) -> bool:
    hidden = any(part.startswith(".") for part in parts)  # .git/, .newsgen/, .#lock, .foo.swp
    return hidden or ".." in parts or is_litter(parts[-1])


def classify(relative: str, config: SiteConfig) -> ChangeKind:
    """The kind of change a path (relative to the site root, `/`-separated) stands for."""
    parts = _parts(relative)
    if not parts or _is_litter(parts) or _is_under(parts, config.output_dir):
        return ChangeKind.IGNORED
    if parts == (CONFIG_NAME,):
        return ChangeKind.CONFIG
    folders = (
        (config.content_dir, ChangeKind.CONTENT),
        (config.seeds_dir, ChangeKind.SEED),
        ("templates", ChangeKind.TEMPLATE),
        ("static", ChangeKind.STATIC),
    )
    for folder, kind in folders:
        if _is_under(parts, folder):
            return kind
    return ChangeKind.IGNORED


def change_for(relative: str, config: SiteConfig) -> Change:
    """The path, normalised, with its kind."""
    return Change(classify(relative, config), "/".join(_parts(relative)))
