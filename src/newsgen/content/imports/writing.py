"""Writing imported articles: where each goes, its checksum, and never over an editor's edit.

Identity: a file pins `id:` and `slug:`; a slug another article already has on that day gets a
number (`-2`), and so does a file name already taken in that month. Editor safety: the
generated text ends its front matter with `import_sha256:`, the SHA-256 of the file as
generated without that line. A file whose checksum still matches may be regenerated; any edit
breaks the match, and the file is then kept (with a note) unless `force`. Importing unchanged
input again produces the very same bytes, so nothing is written.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Set
from dataclasses import dataclass
from pathlib import Path

from newsgen.config.permalinks import article_url
from newsgen.config.site import SiteConfig
from newsgen.config.site_paths import fold
from newsgen.content.articles import read_article, read_limited
from newsgen.content.clashes import free_slug
from newsgen.content.frontmatter_writer import write_atomically
from newsgen.content.imports.textstore import Stored, TextStore
from newsgen.content.loader import site_files
from newsgen.diagnostics import ContentError, Diagnostic, NewsgenError, error, note
from newsgen.model import Article

IMPORT_FOLDER = "imported"
CHECKSUM_LINE = re.compile(r"^import_sha256: ([0-9a-f]{64})\n", re.MULTILINE)


@dataclass(frozen=True)
class ImportResult:
    """What an import did, file by file (paths relative to the site root)."""

    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    kept: tuple[str, ...]
    """Files an editor changed since their import: kept, since --force was not given."""
    refused: tuple[str, ...]
    """Seeds or items that could not be imported (each with its errors in `diagnostics`)."""
    diagnostics: tuple[Diagnostic, ...]
    skipped: tuple[str, ...] = ()
    """Items not meant to be articles (pages, attachments...), each with a note saying why."""


@dataclass(frozen=True)
class Planned:
    """One file to write: what it comes from (a seed or an item's position), its text, and
    the notes told only when it is written (not again on each re-run)."""

    origin: str
    text: str | Stored
    """The file's text, or where it waits in the import's store."""
    notes: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class Content:
    """The site's content files that hold an article, and the URL of every one."""

    files: dict[Path, Article]
    urls: set[str]


def site_content(config: SiteConfig) -> Content:
    """Every content file that reads as an article (the others are left to `newsgen check`)."""
    files: dict[Path, Article] = {}
    urls: set[str] = set()
    for path in site_files(config.content_path, ".md", config)[0]:
        try:
            article = read_article(path, config).article
        except NewsgenError:
            continue
        files[path] = article
        urls.add(article_url(config, article.slug, article.date))
    return Content(files, urls)


def placed(
    config: SiteConfig, article: Article, content: Content, planned: Set[Path]
) -> tuple[Article, Path]:
    """A new article with a slug free on its day, and a free file name in its month's folder;
    its URL is then taken."""
    if article_url(config, article.slug, article.date) in content.urls:
        article = dataclasses.replace(article, slug=free_slug(config, article, content.urls))
    content.urls.add(article_url(config, article.slug, article.date))
    return article, _free_path(imported_path(config, article), planned | content.files.keys())


def _free_path(path: Path, taken: Set[Path]) -> Path:
    """`path`, or `name-2.md`, `name-3.md`...: the first that no other article has, nor any
    file of its folder, in any case or accent encoding (beside an editor's `Slug.md`, a
    `slug.md` would be lost by a checkout on macOS or Windows).

    A file there that is not an article (unreadable, too large) is in the way: the import is
    kept from overwriting it unless forced.
    """
    folder = path.parent  # (planned names are slugs, lowercase: told apart by the disk alone)
    present = {fold(entry.name) for entry in folder.iterdir()} if folder.is_dir() else set()
    candidate, number = path, 2
    while candidate in taken or (fold(candidate.name) in present and not candidate.exists()):
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate


def imported_path(config: SiteConfig, article: Article) -> Path:
    """content/imported/YYYY/MM/<slug>.md, the month in the site timezone."""
    local = article.date.astimezone(config.zone)
    folder = config.content_path / IMPORT_FOLDER / f"{local.year:04d}" / f"{local.month:02d}"
    return folder / f"{article.slug}.md"


def write_planned(
    config: SiteConfig,
    plan: dict[Path, Planned],
    force: bool,
    refused: list[str],
    diagnostics: list[Diagnostic],
    kind: str = "seed",
    store: TextStore | None = None,
) -> ImportResult:
    """Write each planned file an editor has not changed (or every one, when `force`); `kind`
    names what the files come from (a seed, an item) in the note on a file kept; `store`
    holds the texts planned as Stored."""
    outcome: dict[str, list[str]] = {"written": [], "unchanged": [], "kept": []}
    for target, planned in plan.items():
        rel = target.relative_to(config.root).as_posix()
        if link := _link_out(target, config.root):
            hint = "newsgen import writes only inside the site: make it a folder of the site"
            diagnostics.append(error(link, 0, "links to a folder outside the site", hint))
            refused.append(planned.origin)
            continue
        try:
            done = _write(target, _text(planned, store), force)
            outcome[done].append(rel)
            diagnostics += planned.notes if done == "written" else ()
        except OSError as exc:
            diagnostics.append(error(rel, 0, f"cannot write the imported file: {exc.strerror}"))
            refused.append(planned.origin)
    diagnostics += [_kept(path, kind) for path in outcome["kept"]]
    return ImportResult(
        written=tuple(outcome["written"]),
        unchanged=tuple(outcome["unchanged"]),
        kept=tuple(outcome["kept"]),
        refused=tuple(refused),
        diagnostics=tuple(diagnostics),
    )


def _text(planned: Planned, store: TextStore | None) -> str:
    if isinstance(planned.text, str):
        return planned.text
    if store is None:
        raise ValueError("a text planned in a store is written with that store")
    return store.get(planned.text)


def _link_out(target: Path, root: Path) -> str:
    """The folder on the way from `root` to `target` that is a link leading out of the site
    (shown relative to it), or ''."""
    inside = root.resolve()
    for folder in reversed(target.relative_to(root).parents):
        path = root / folder
        if path.is_symlink() and not path.resolve().is_relative_to(inside):
            return folder.as_posix()
    return ""


def with_checksum(text: str) -> str:
    head, _, rest = text.partition("\n---\n")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return f"{head}\nimport_sha256: {digest}\n---\n{rest}"


def untouched(existing: str) -> bool:
    """True when the file is exactly as an import wrote it (its checksum still matches)."""
    match = CHECKSUM_LINE.search(existing)
    if match is None:
        return False
    original = existing[: match.start()] + existing[match.end() :]
    return hashlib.sha256(original.encode("utf-8")).hexdigest() == match.group(1)


def _write(target: Path, text: str, force: bool) -> str:
    if target.exists():
        existing = _existing_text(target)
        if existing == text:
            return "unchanged"
        if not force and (existing is None or not untouched(existing)):
            return "kept"
    write_atomically(target, text)
    return "written"


def _existing_text(target: Path) -> str | None:
    """The file in the way, read within the size limit; None: too large or not a plain file.

    An import never writes such a file, so an editor made it and it is not overwritten.
    """
    try:
        return read_limited(target, target.name).decode("utf-8", errors="replace")
    except ContentError:
        return None


def _kept(path: str, kind: str) -> Diagnostic:
    hint = f"pass --force to replace it with a fresh import of its {kind}"
    return note(path, 0, "edited since it was imported: kept as it is", hint)
