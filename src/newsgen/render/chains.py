"""Which template files each page template is made of: the templates it extends, includes and
imports, followed to the end, as the site's templates override the theme's. A page's
fingerprint hashes these alone, so a template edit changes only the pages it can change."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import jinja2
from jinja2 import meta

from newsgen.cache.store import digest
from newsgen.config.site import SiteConfig, theme_folder


class TemplateChains:
    """The template files behind each page template, read once per build."""

    def __init__(self, config: SiteConfig, known: Path | None = None) -> None:
        """`known`: a file keeping what templates name, by their source's hash, between builds
        (parsing a template costs a millisecond or more, and most builds edit none)."""
        self.sources = template_sources(config)
        self._parser = jinja2.Environment(autoescape=True)
        self._names: dict[str, frozenset[str]] = {}
        self._keys: dict[str, str] = {}
        self._references: dict[str, list[str] | None] = {}
        self._known_file = known
        self._known = _read_known(known)
        self._learnt = False

    def names(self, template: str) -> frozenset[str]:
        """The files `template` is made of, itself included; every template when one of them
        names another by a value known only when rendering."""
        known = self._names.get(template)
        if known is None:
            known = self._names[template] = self._closure(template)
        return known

    def key(self, template: str) -> str:
        """The files `template` is made of, names and bytes, hashed."""
        known = self._keys.get(template)
        if known is None:
            names = sorted(self.names(template))
            known = self._keys[template] = digest(*(p for n in names for p in self._entry(n)))
        return known

    def _entry(self, name: str) -> tuple[str, bytes]:
        return name, self.sources.get(name, b"")

    def _closure(self, template: str) -> frozenset[str]:
        found: set[str] = set()
        waiting = [template]
        while waiting:
            name = waiting.pop()
            if name in found:
                continue
            found.add(name)
            referenced = self._referenced(name)
            if referenced is None:
                return frozenset(self.sources) | {template}
            waiting.extend(referenced)
        return frozenset(found)

    def _referenced(self, name: str) -> list[str] | None:
        """The templates `name` names; None when one is named by a variable."""
        if name not in self._references:
            self._references[name] = self._parsed(name)
        return self._references[name]

    def _parsed(self, name: str) -> list[str] | None:
        source = self.sources.get(name)
        if source is None:
            return []
        key = digest(source)
        if key not in self._known:
            self._known[key] = _named_in(self._parser, source)
            self._learnt = True
        return self._known[key]

    def keep(self) -> None:
        """Keep what the current templates name for the next build, when this one parsed any
        (quietly nothing when the file cannot be written: it only saves time)."""
        if self._known_file is None or not self._learnt:
            return
        current = {digest(source) for source in self.sources.values()}
        kept = {key: names for key, names in self._known.items() if key in current}
        temporary = self._known_file.with_name(f"{self._known_file.name}.{os.getpid()}")
        with contextlib.suppress(OSError):
            temporary.write_text(json.dumps(kept, sort_keys=True), encoding="utf-8")
            temporary.replace(self._known_file)
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def _named_in(parser: jinja2.Environment, source: bytes) -> list[str] | None:
    """The templates a template names; None when one is named by a variable (or it cannot be
    parsed: rendering reports that)."""
    try:
        tree = parser.parse(source.decode("utf-8", "replace"))
    except jinja2.TemplateSyntaxError:
        return None
    names = list(meta.find_referenced_templates(tree))
    return None if any(n is None for n in names) else [str(n) for n in names]


def _read_known(path: Path | None) -> dict[str, list[str] | None]:
    """What `TemplateChains.keep` left at `path`; nothing when it is missing or unreadable."""
    if path is None:
        return {}
    with contextlib.suppress(OSError, ValueError):
        found = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(found, dict) and all(_is_names(v) for v in found.values()):
            return found
    return {}


def _is_names(value: object) -> bool:
    return value is None or (isinstance(value, list) and all(isinstance(n, str) for n in value))


def template_sources(config: SiteConfig) -> dict[str, bytes]:
    """Every template file by name ('article.html', 'partials/x.html'): the site's, then the
    theme's that the site does not override."""
    found: dict[str, bytes] = {}
    for folder in (config.templates_path, theme_folder("templates")):
        for path in _files(folder):
            found.setdefault(path.relative_to(folder).as_posix(), path.read_bytes())
    return found


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
