"""Which template files each page template is made of: the templates it extends, includes and
imports, followed to the end, as the site's templates override the theme's. A page's
fingerprint hashes these alone, so a template edit changes only the pages it can change."""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2 import meta

from newsgen.cache.store import digest
from newsgen.config.site import SiteConfig, theme_folder


class TemplateChains:
    """The template files behind each page template, read once per build."""

    def __init__(self, config: SiteConfig) -> None:
        self.sources = template_sources(config)
        self._parser = jinja2.Environment(autoescape=True)
        self._names: dict[str, frozenset[str]] = {}
        self._keys: dict[str, str] = {}
        self._references: dict[str, list[str] | None] = {}

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
        """The templates `name` names; None when one is named by a variable (or it cannot be
        parsed: rendering reports that)."""
        if name not in self._references:
            self._references[name] = self._parsed(name)
        return self._references[name]

    def _parsed(self, name: str) -> list[str] | None:
        source = self.sources.get(name)
        if source is None:
            return []
        try:
            tree = self._parser.parse(source.decode("utf-8", "replace"))
        except jinja2.TemplateSyntaxError:
            return None
        names = list(meta.find_referenced_templates(tree))
        return None if any(n is None for n in names) else [str(n) for n in names]


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
