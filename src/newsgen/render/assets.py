"""Static assets: the theme's and the site's files, CSS and JS under content-hashed names."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import MappingProxyType

from newsgen.config.site import SiteConfig, theme_folder
from newsgen.diagnostics import ContentError, shown_path

STATIC_URL = "/static/"
HASHED_SUFFIXES = frozenset({".css", ".js"})


@dataclass(frozen=True)
class Asset:
    """One static file: where it comes from and the URL it is published at."""

    source: Path
    url: str


@dataclass(frozen=True)
class AssetMap:
    """Static files by logical name ('style.css'), the site's overriding the theme's."""

    assets: Mapping[str, Asset]

    def url(self, name: str) -> str:
        """Published URL of a static file; an unknown name is a template error."""
        try:
            return self.assets[name].url
        except KeyError:
            raise LookupError(f"no static file named {name!r} in the theme or static/") from None

    def outputs(self) -> Iterator[tuple[str, Path]]:
        """(URL, source file) for every asset, in name order."""
        for name in sorted(self.assets):
            yield self.assets[name].url, self.assets[name].source


def collect_assets(config: SiteConfig) -> AssetMap:
    """Every static file of the theme, overlaid file by file by the site's static/."""
    found: dict[str, Asset] = {}
    for folder in (theme_folder("static"), config.static_path):
        for name, source in _files(folder, config):
            found[name] = Asset(source, STATIC_URL + _published_name(name, source, config))
    return AssetMap(MappingProxyType(dict(sorted(found.items()))))


def _files(folder: Path, config: SiteConfig) -> Iterator[tuple[str, Path]]:
    if not folder.is_dir():
        return
    root = folder.resolve()
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if any(part.startswith(".") for part in PurePosixPath(name).parts) or path.is_dir():
            continue
        if not path.resolve().is_relative_to(root):
            shown = (
                f"{shown_path(path.parent, config.root)}/{path.name}"  # the link, not its target
            )
            raise ContentError(shown, 0, "static file links outside its folder", "copy it in")
        yield name, path


def _published_name(name: str, source: Path, config: SiteConfig) -> str:
    path = PurePosixPath(name)
    if path.suffix not in HASHED_SUFFIXES:
        return name
    try:
        data = source.read_bytes()
    except OSError as exc:
        shown = shown_path(source, config.root)
        raise ContentError(shown, 0, f"cannot read the static file: {exc.strerror}") from None
    digest = hashlib.sha256(data).hexdigest()[:10]
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))
