"""The loader: every seed and front-matter article of a site, with every problem found."""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import time
from collections.abc import Mapping
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from newsgen.cache import stamp
from newsgen.cache.store import BuildCache, digest, source_key
from newsgen.config.site import SiteConfig
from newsgen.config.site_folders import folder_problems
from newsgen.content.articles import read_article, read_limited
from newsgen.content.clashes import clashes
from newsgen.content.media import SiteMedia, inspect_media
from newsgen.content.parsing import Keyed, Reader, parse_all
from newsgen.content.portable_names import unportable_names
from newsgen.content.recurrence import settle_topics
from newsgen.diagnostics import Diagnostic, NewsgenError, error, shown_path, warning
from newsgen.model import Article, Loaded, StoredBody

EDITOR_LEFTOVERS = re.compile(r"(^\.|^#.*#$|~$|\.sw[a-p]$|\.tmp$|^4913$)")
OTHER_SPELLINGS = {
    ".md": (".md", ".markdown", ".mdown", ".mkd", ".mkdn"),
    ".txt": (".txt",),
}
"""Extensions, lowercased, that mean the kind of file a suffix reads, in other spellings."""


@dataclass(frozen=True)
class SiteContent:
    """Every article of the site, newest first, and every diagnostic about them."""

    articles: tuple[Article, ...]
    diagnostics: tuple[Diagnostic, ...]
    media: SiteMedia = field(default_factory=SiteMedia)
    """The images the articles use, inspected."""


def load_site(config: SiteConfig, cache: BuildCache | None = None) -> SiteContent:
    """Read content/ and seeds/; a seed already imported into content/ is read once.

    A seed's candidate topics are settled here, across every article read (drafts and future
    articles too, so that an article's topics never depend on the build's switches or date).
    """
    content_files, diagnostics = site_files(config.content_path, ".md", config)
    seed_files, walk_diagnostics = site_files(config.seeds_path, ".txt", config)
    loaded, read_diagnostics = _read_all(content_files, read_article, config, cache)
    imported = {a.provenance.seed for a in loaded if a.provenance is not None}
    seeds = [p for p in seed_files if shown_path(p, config.root) not in imported]
    from_seeds, seed_diagnostics = _read_all(seeds, read_seed, config, cache)
    articles = sorted(loaded + from_seeds, key=lambda a: (-a.date.timestamp(), a.slug, a.uid))
    articles = list(settle_topics(articles, config))  # the archive decides: cached records do not
    diagnostics += walk_diagnostics + read_diagnostics + seed_diagnostics
    diagnostics += clashes(articles, config)
    media, media_diagnostics = inspect_media(articles, config, cache)
    diagnostics += media_diagnostics
    if cache is not None:
        diagnostics += cache.warnings  # the cache was found damaged and replaced
    return SiteContent(tuple(articles), tuple(sorted(diagnostics)), media)


def load_files(
    paths: list[Path], config: SiteConfig, cache: BuildCache
) -> tuple[list[Article], list[Diagnostic]]:
    """The articles of these front-matter files, read as `load_site` reads them (an edit of
    a few files the last build's plan knows: see `plan.replan`)."""
    return _read_all(paths, read_article, config, cache)


def _read_all(
    paths: list[Path], read: Reader, config: SiteConfig, cache: BuildCache | None
) -> tuple[list[Article], list[Diagnostic]]:
    """Every file's article: from the cache when parsed before, else parsed (on every core
    when there are many, as in a first build)."""
    articles: list[Article] = []
    diagnostics: list[Diagnostic] = []
    config_key = digest(repr(dataclasses.replace(config, root=Path())))
    shown = _ShownPaths(config.root)
    misses: list[_Miss] = []
    seen = [_first_look(path, read, cache, config_key, shown) for path in paths]
    known = {} if cache is None else cache.records_by_stat(s.stat_key for s in seen)
    first = cache is not None and not cache.holds_records()  # nothing to look up by its bytes
    for candidate in seen:
        if first and candidate.stat_key:
            misses.append(candidate)  # its record's key is made by the parsing worker
            continue
        try:
            found = _from_cache(candidate, read, cache, known, config_key)
        except NewsgenError as exc:
            diagnostics += exc.diagnostics
            continue
        if isinstance(found, _Miss):
            misses.append(found)
            continue
        articles.append(found.article)
        diagnostics += found.diagnostics
    record = (read.__name__, config_key) if first else None
    parsed = parse_all(read, config, [(miss.path, miss.shown) for miss in misses], record)
    with closing(parsed):  # its workers end with it, on a failure too
        for miss, outcome in zip(misses, parsed, strict=True):
            if isinstance(outcome, tuple):
                diagnostics += outcome
                continue
            if isinstance(outcome, Keyed):
                miss, outcome = dataclasses.replace(miss, key=outcome.key), outcome.loaded
            loaded = outcome if cache is None else _remember(miss, outcome, cache)
            articles.append(loaded.article)
            diagnostics += loaded.diagnostics
    return articles, diagnostics


@dataclass(frozen=True)
class _Miss:
    """A file the cache knows no record of: it is to be parsed."""

    path: Path
    key: str = ""
    """Its record's key (a hash of its bytes and the config); '' when it could not be read."""
    stat_key: str = ""
    """Its (path, size, mtime) key; '' when it could not be looked at."""
    status: tuple[int, int, int] = (-1, -1, -1)
    """(size, mtime_ns, inode) seen before its bytes were read."""
    shown: str = ""


class _ShownPaths:
    """`shown_path` for many files of few folders: each folder is resolved once.

    Plain strings, not Path objects: this runs for every file of every build.
    """

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.prefix = f"{os.fspath(self.root).rstrip('/')}/"
        self.folders: dict[str, str] = {}

    def __call__(self, path: Path) -> str:
        if path.is_symlink():
            return shown_path(path, self.root)
        parent, name = os.path.split(os.fspath(path))
        folder = self.folders.get(parent)
        if folder is None:
            folder = self.folders[parent] = os.path.realpath(parent)
        target = f"{folder.rstrip('/')}/{name}"
        if not target.startswith(self.prefix):
            return path.as_posix()
        return target[len(self.prefix) :]


def _first_look(
    path: Path, read: Reader, cache: BuildCache | None, config_key: str, shown: _ShownPaths
) -> _Miss:
    """The file as seen before anything of it is read: its (path, size, mtime) key."""
    if cache is None:
        return _Miss(path)
    try:
        status = path.stat()
        name = shown(path)
    except OSError:
        return _Miss(path)  # the reader reports it
    stat_key = digest("stat", read.__name__, name, config_key, repr(_stat_of(status)))
    return _Miss(path, stat_key=stat_key, status=_stat_of(status), shown=name)


def _from_cache(
    seen: _Miss,
    read: Reader,
    cache: BuildCache | None,
    known: Mapping[str, Loaded],
    config_key: str,
) -> Loaded | _Miss:
    """The record parsed from the very same bytes and config before, else what to parse.

    A file whose size and modification time are those of a file parsed before is not even
    read: its record is among those `known` by (path, size, mtime), when that mtime was old
    enough to be trusted (see `stamp.RACY_NS`).
    """
    if cache is None or not seen.stat_key:
        return seen
    loaded = known.get(seen.stat_key)
    if loaded is not None:
        return _retained(loaded, cache)
    try:
        data = read_limited(seen.path, seen.shown)
    except (OSError, NewsgenError):
        return _Miss(seen.path)  # the reader reports it
    miss = dataclasses.replace(
        seen, key=digest("record", read.__name__, seen.shown, data, config_key)
    )
    loaded = cache.record(miss.key)
    if loaded is None:
        return miss
    _remember_stat(miss, cache)
    return _retained(loaded, cache)


def _remember(miss: _Miss, loaded: Loaded, cache: BuildCache) -> Loaded:
    """Keep a freshly parsed record (its body apart) for the builds to come."""
    loaded = _body_to_cache(loaded, cache)
    if miss.key:
        cache.store_record(miss.key, loaded)
        _remember_stat(miss, cache)
    return loaded


def _remember_stat(miss: _Miss, cache: BuildCache) -> None:
    """Find the record by (path, size, mtime) next time, if the file has not changed since it
    was read and its mtime is old enough to vouch for its bytes."""
    if miss.status[1] >= time.time_ns() - stamp.RACY_NS:
        return
    try:
        unchanged = _stat_of(miss.path.stat()) == miss.status
    except OSError:
        return
    if unchanged:
        cache.store_stat(miss.stat_key, miss.key)


def _body_to_cache(loaded: Loaded, cache: BuildCache) -> Loaded:
    """The article without its body, which goes to the cache: a build holds only metadata."""
    article = loaded.article
    key = source_key(article.body_format.value, article.body)
    cache.store_source(key, article.body)
    stored = StoredBody(key, len(article.body.split()))
    return dataclasses.replace(loaded, article=dataclasses.replace(article, body="", stored=stored))


def _retained(loaded: Loaded, cache: BuildCache) -> Loaded:
    if loaded.article.stored is not None:
        cache.retain_source(loaded.article.stored.key)
    return loaded


def body_text(article: Article, cache: BuildCache | None, config: SiteConfig) -> str:
    """The article's body text, from the cache when the build holds the article without it.

    A text the cache lost (found damaged and replaced mid-build) is read again from its file.
    """
    if article.stored is None:
        return article.body
    text = None if cache is None else cache.source(article.stored.key)
    if text is not None:
        return text
    path = config.root / article.source_path
    read = read_article if path.suffix == ".md" else read_seed
    again = read(path, config).article
    if source_key(again.body_format.value, again.body) != article.stored.key:
        message = "changed while the site was being built"
        raise NewsgenError([error(article.source_path, 0, message, "build again")])
    return again.body


def _stat_of(status: os.stat_result) -> tuple[int, int, int]:
    return status.st_size, status.st_mtime_ns, status.st_ino


def site_files(
    folder: Path, suffix: str, config: SiteConfig
) -> tuple[list[Path], list[Diagnostic]]:
    """Files ending in `suffix` under `folder`, sorted, without hidden files and editor leftovers.

    Links are followed while they stay inside the site; a link leading out of it, or nowhere,
    is refused with an error. A folder reached twice through links is read once.
    """
    if not folder.is_dir():
        return [], folder_problems(folder, config.root)
    root = config.root.resolve()
    if not folder.resolve().is_relative_to(root):
        shown = folder.relative_to(config.root).as_posix()
        hint = "move the folder into the site"
        return [], [error(shown, 0, "links to a folder outside the site", hint)]
    paths: list[Path] = []
    refused: list[Diagnostic] = []
    seen: set[Path] = set()
    unreadable = functools.partial(_unreadable, config=config, refused=refused)
    for current, folders, names in os.walk(folder, followlinks=True, onerror=unreadable):
        here = Path(current)
        resolved = here.resolve()
        if resolved in seen:
            folders[:] = []
            continue
        seen.add(resolved)
        plain = resolved == root / here.relative_to(config.root)  # no link on the way here
        kept = [name for name in folders + names if not EDITOR_LEFTOVERS.search(name)]
        refused += unportable_names(_shown_folder(here, config), _utf8_only(kept))
        folders[:] = [
            name
            for name in sorted(folders)
            if not EDITOR_LEFTOVERS.search(name)
            and _utf8_named(here / name, config, refused)
            and _inside(here / name, root, config, refused)
        ]
        for name in sorted(names):
            path = here / name
            if EDITOR_LEFTOVERS.search(name):
                continue
            if not name.endswith(suffix):
                refused += _misnamed(path, suffix, config)
                continue
            if not _utf8_named(path, config, refused):
                continue
            if (plain and not path.is_symlink()) or _inside(path, root, config, refused):
                paths.append(path)
    return sorted(paths), refused


def _unreadable(exc: OSError, config: SiteConfig, refused: list[Diagnostic]) -> None:
    """Record a folder the walk cannot list: its articles would be missing unseen."""
    path = Path(os.fsdecode(exc.filename or ""))
    shown = _shown_folder(path, config) if path.is_relative_to(config.root) else str(path)
    refused.append(error(shown, 0, f"cannot read the folder: {exc.strerror}", "make it readable"))


def _shown_folder(here: Path, config: SiteConfig) -> str:
    return os.fsencode(here.relative_to(config.root)).decode("utf-8", "backslashreplace")


def _utf8_only(names: list[str]) -> list[str]:
    """The names that are UTF-8 (the others are refused as such)."""
    return [name for name in names if _is_utf8(name)]


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _misnamed(path: Path, suffix: str, config: SiteConfig) -> list[Diagnostic]:
    """A warning for a file that is not read although its name says it is of the `suffix`
    kind, spelt otherwise (`story.MD`, `story.markdown`): its story would be missing unseen."""
    shown = os.fsencode(path.relative_to(config.root)).decode("utf-8", "backslashreplace")
    stem, dot, extension = shown.rpartition("/")[2].rpartition(".")
    if not (dot and stem) or f".{extension.lower()}" not in OTHER_SPELLINGS.get(suffix, ()):
        return []
    kind = "articles" if suffix == ".md" else "seeds"
    message = f"is not read: only files ending in `{suffix}` are {kind}"
    return [warning(shown, 0, message, f"rename it to {stem}{suffix}")]


def _utf8_named(path: Path, config: SiteConfig, refused: list[Diagnostic]) -> bool:
    """True when the name of `path` is UTF-8, as every id, URL and message made of it must be;
    else record that it is not (the system gave its other bytes as lone surrogates)."""
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:
        raw = os.fsencode(path.relative_to(config.root)).decode("utf-8", "backslashreplace")
        hint = "rename it in UTF-8"
        refused.append(error(raw, 0, "the name is not UTF-8", hint))
        return False
    return True


def _inside(path: Path, root: Path, config: SiteConfig, refused: list[Diagnostic]) -> bool:
    """True when `path` (followed through links) exists inside the site; else record why not."""
    shown = path.relative_to(config.root).as_posix()
    if not path.exists():
        refused.append(error(shown, 0, "is a link to nothing", "remove it or fix its target"))
        return False
    if not path.resolve().is_relative_to(root):
        refused.append(error(shown, 0, "links to a file outside the site", "copy it in"))
        return False
    return True


def read_seed(
    path: Path, config: SiteConfig, *, shown: str = "", data: bytes | None = None
) -> Loaded:
    """A raw seed's article, its parser imported on first use: its noise patterns cost 12 ms
    to compile, which a site without seeds, or an edit of a Markdown article, need not pay.
    (Named as the parser is: the cache keys a parsed article by its reader's name.)"""
    from newsgen.content import seeds

    return seeds.read_seed(path, config, shown=shown, data=data)
