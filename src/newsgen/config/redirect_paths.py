"""The `redirects:` setting: old paths of the site (a section of its old system, a page that
moved) and the page of the site each leads to now."""

from __future__ import annotations

from typing import Any

from newsgen.config.site_paths import plain_path

EXAMPLE = "redirects: {/category/politics/: /topics/politics/}"


def redirect_paths(value: Any, key: str) -> tuple[tuple[str, str], ...]:
    """Each old path and the site path it leads to, both plain paths of the site, sorted."""
    if not isinstance(value, dict):
        raise ValueError(f"`{key}` must be a mapping of old paths to new ones, e.g. {EXAMPLE}")
    found: dict[str, str] = {}
    written: dict[str, str] = {}
    for old, new in value.items():
        path = _path(old, key)
        if path in found:
            raise ValueError(f"`{key}` gives {path} twice: as {written[path]!r} and {old!r}")
        found[path], written[path] = _path(new, key), old
    return tuple(sorted(found.items()))


def _path(value: Any, key: str) -> str:
    if not isinstance(value, str) or not value.startswith("/"):
        raise ValueError(f"`{key}` maps paths from the site's root, such as {EXAMPLE}: {value!r}")
    path, problem = plain_path(value.strip(), "a redirect")
    if problem:
        raise ValueError(f"`{key}`: {problem}")
    return path
