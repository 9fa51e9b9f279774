"""Static assets: the theme's and the site's files, CSS and JS under content-hashed names."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import MappingProxyType

from newsgen.config.site import SiteConfig, theme_folder
from newsgen.config.site_folders import folder_problems
from newsgen.content.litter import is_litter
from newsgen.diagnostics import ContentError, Diagnostic, NewsgenError, error, shown_path
from newsgen.plan.spellings import Clash, fold

STATIC_URL = "/static/"
HASHED_SUFFIXES = frozenset({".css", ".js"})
MARKDOWN = frozenset({".md", ".markdown"})


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

    def contents(self, root: Path) -> Iterator[tuple[str, bytes]]:
        """(URL, bytes) for every asset, in name order; a file that cannot be read is an error
        naming it (its path shown relative to the site's `root`)."""
        for url, source in self.outputs():
            yield url, _read(source, root)


def collect_assets(config: SiteConfig) -> AssetMap:
    """Every static file of the theme, overlaid file by file by the site's static/.

    A name spelt as another's but for case or accent encoding is an error: macOS and Windows
    hold one file for both, so which is published (or overrides the theme's) would depend on
    the system the site is built on."""
    found: dict[str, Asset] = {}
    spellings: dict[str, str] = {}
    clashes = []
    for folder in (theme_folder("static"), config.static_path):
        for name, source in _files(folder, config):
            first = spellings.setdefault(fold(name), name)
            if first != name:
                clashes.append(_spelt_twice(config, name, first, found[first].source))
            found[name] = Asset(source, STATIC_URL + _published_name(name, source, config))
    if clashes:
        raise NewsgenError(clashes)
    return AssetMap(MappingProxyType(dict(sorted(found.items()))))


def _spelt_twice(config: SiteConfig, name: str, first: str, other: Path) -> Diagnostic:
    how = Clash(name, first, "", "").how
    shown = f"{shown_path(config.static_path, config.root)}/{name}"
    if other.is_relative_to(theme_folder("static")):
        message = f"`{name}` and the theme's `{first}` differ {how}, so which is published "
        hint = f"name it `{first}` to replace the theme's file, or give it a name of its own"
    else:
        message = f"`{name}` and `{first}` of the same folder differ {how}, so which is published "
        hint = "keep one of the two, or rename one"
    return error(shown, 0, message + "depends on the system", hint)


def _files(folder: Path, config: SiteConfig) -> Iterator[tuple[str, Path]]:
    """Every plain file of `folder` by name; every file that cannot be published (a link out of
    it, to nothing or looping, a pipe or device, which would stall the copy) is an error, all
    told at once."""
    if not folder.is_dir():
        if problems := folder_problems(folder, config.root):
            raise NewsgenError(problems)
        return
    root = folder.resolve()
    found: list[tuple[str, Path]] = []
    refused: list[Diagnostic] = []
    for path in _walk(folder, config, refused):
        name = path.relative_to(folder).as_posix()
        if is_litter(path.name) or path.is_dir():
            continue  # a backup or swap file never meant for readers; a linked folder
        problem = _unpublishable(path, root)
        if problem:
            shown = f"{shown_path(path.parent, config.root)}/{path.name}"  # the link itself
            refused.append(error(shown, 0, *problem))
            continue
        found.append((name, path))
    if refused:
        raise NewsgenError(sorted(refused))
    yield from found


def _walk(folder: Path, config: SiteConfig, refused: list[Diagnostic]) -> list[Path]:
    """Every file (and link) under `folder`, hidden ones aside, sorted; linked folders are not
    entered, and one that cannot be listed is an error in `refused` (not skipped unseen)."""

    def unreadable(exc: OSError) -> None:
        shown = shown_path(Path(os.fsdecode(exc.filename or "")), config.root)
        refused.append(
            error(shown, 0, f"cannot read the folder: {exc.strerror}", "make it readable")
        )

    paths = []
    for current, folders, names in os.walk(folder, onerror=unreadable):
        folders[:] = [name for name in folders if not name.startswith(".")]
        here = Path(current)
        paths += [here / name for name in [*folders, *names] if not name.startswith(".")]
    return sorted(paths)


def _unpublishable(path: Path, root: Path) -> tuple[str, str] | None:
    """Why the static file `path` cannot be published (a message and a hint), else None."""
    try:
        target = path.resolve(strict=True)
        status = target.stat()
    except FileNotFoundError:
        return "is a link to nothing", "remove it or fix its target"
    except (OSError, RuntimeError):  # a link looping onto itself
        return "is a link that cannot be followed (a loop)", "remove it or fix its target"
    if not target.is_relative_to(root):
        return "static file links outside its folder", "copy it in"
    if not stat.S_ISREG(status.st_mode):
        return "this is not a regular file (a pipe or device)", "replace it with a plain file"
    if not os.access(target, os.R_OK):
        return "cannot read the static file: Permission denied", "make it readable"
    if path.suffix.lower() in MARKDOWN and _has_front_matter(target):
        message = "is an article (front matter between --- lines), and static/ is published as "
        return message + "it is: its text and front matter, drafts too", "move it to content/"
    return None


def _has_front_matter(path: Path) -> bool:
    """Whether the (regular) file opens with a front matter fence, as an article does."""
    with path.open("rb") as handle:
        start = handle.read(8).removeprefix(b"\xef\xbb\xbf")
    return start.startswith((b"---\n", b"---\r"))


def _published_name(name: str, source: Path, config: SiteConfig) -> str:
    path = PurePosixPath(name)
    if path.suffix not in HASHED_SUFFIXES:
        return name
    digest = hashlib.sha256(_read(source, config.root)).hexdigest()[:10]
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


def _read(source: Path, root: Path) -> bytes:
    try:
        return source.read_bytes()
    except OSError as exc:
        shown = shown_path(source, root)
        raise ContentError(shown, 0, f"cannot read the static file: {exc.strerror}") from None
