"""`newsgen import`: raw seeds into front-matter Markdown files, idempotent and editor-safe.

Where: a seed is imported to content/imported/YYYY/MM/<slug>.md (its month in the site
timezone), unless a content file already names it as its `seed:`; then that file, wherever an
editor moved it, is the seed's one imported copy and is updated in place.

Editor safety: the generated text ends its front matter with `import_sha256:`, the SHA-256 of
the file as generated without that line. A file whose checksum still matches is untouched and
may be regenerated; any edit breaks the match, and the file is then refused unless `force`.
Re-importing an unchanged seed produces the very same bytes, so nothing is written.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from newsgen.config.site import SiteConfig
from newsgen.content.articles import read_article, read_limited
from newsgen.content.frontmatter_writer import front_matter_text, write_atomically
from newsgen.content.loader import site_files
from newsgen.content.seeds import read_seed, seed_sha256
from newsgen.diagnostics import ContentError, Diagnostic, NewsgenError, error
from newsgen.model import Article

IMPORT_FOLDER = "imported"
CHECKSUM_LINE = re.compile(r"^import_sha256: ([0-9a-f]{64})\n", re.MULTILINE)


@dataclass(frozen=True)
class ImportResult:
    """What an import did, file by file (paths relative to the site root)."""

    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    refused: tuple[str, ...]
    """Files an editor changed since their import: kept, since --force was not given."""
    diagnostics: tuple[Diagnostic, ...]


def import_seeds(config: SiteConfig, paths: Sequence[Path], force: bool) -> ImportResult:
    """Import the given seeds (default: every seed of the site) into content/imported/."""
    seeds, diagnostics = _seed_paths(config, paths)
    plan, problems = _plan(config, seeds)
    diagnostics += problems
    outcome: dict[str, list[str]] = {"written": [], "unchanged": [], "refused": []}
    for target, text in plan.items():
        rel = target.relative_to(config.root).as_posix()
        try:
            outcome[_write(target, text, force)].append(rel)
        except OSError as exc:
            diagnostics.append(error(rel, 0, f"cannot write the imported file: {exc.strerror}"))
    diagnostics += [_refusal(path) for path in outcome["refused"]]
    return ImportResult(
        written=tuple(outcome["written"]),
        unchanged=tuple(outcome["unchanged"]),
        refused=tuple(outcome["refused"]),
        diagnostics=tuple(diagnostics),
    )


def _plan(config: SiteConfig, seeds: list[Path]) -> tuple[dict[Path, str], list[Diagnostic]]:
    """The text each seed's imported file should have, by file; seeds that cannot be read or
    that would land on the same file are reported instead."""
    existing = _imports_by_seed(config)
    texts: dict[Path, str] = {}
    origin: dict[Path, str] = {}
    diagnostics: list[Diagnostic] = []
    for seed in seeds:
        try:
            loaded = read_seed(seed, config)
        except NewsgenError as exc:
            diagnostics += exc.diagnostics
            continue
        article = loaded.article
        diagnostics += loaded.diagnostics
        target = existing.get(article.source_path) or imported_path(config, article)
        if target in origin:
            rel = target.relative_to(config.root).as_posix()
            hint = "give one of the two seeds another title"
            message = f"imports to {rel}, like {origin[target]}"
            diagnostics.append(error(article.source_path, 1, message, hint))
            continue
        origin[target] = article.source_path
        texts[target] = imported_text(article, seed_sha256(seed), config)
    return texts, diagnostics


def imported_path(config: SiteConfig, article: Article) -> Path:
    """content/imported/YYYY/MM/<slug>.md, the month in the site timezone."""
    local = article.date.astimezone(config.zone)
    folder = config.content_path / IMPORT_FOLDER / f"{local.year:04d}" / f"{local.month:02d}"
    return folder / f"{article.slug}.md"


def imported_text(article: Article, sha256: str, config: SiteConfig) -> str:
    """The Markdown file for an imported seed, ending its front matter with its own checksum.

    The author is written only when the seed names one other than the site's default.
    """
    fields: dict[str, object] = {"title": article.title, "date": article.date.isoformat()}
    if article.author != config.author:
        fields["author"] = article.author
    fields |= {"topics": list(article.topics), "summary": article.summary, "format": "text"}
    fields |= {"seed": article.source_path, "seed_sha256": sha256}
    text = front_matter_text(fields, article.body)
    return _with_checksum(text)


def _with_checksum(text: str) -> str:
    head, _, rest = text.partition("\n---\n")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return f"{head}\nimport_sha256: {digest}\n---\n{rest}"


def _untouched(existing: str) -> bool:
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
        if not force and (existing is None or not _untouched(existing)):
            return "refused"
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


def _refusal(path: str) -> Diagnostic:
    return error(
        path,
        0,
        "edited since it was imported: not overwritten",
        "pass --force to replace it with a fresh import of its seed",
    )


def _seed_paths(config: SiteConfig, paths: Sequence[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """The seeds to import: the named files and folders, else every seed of the site."""
    if not paths:
        return site_files(config.seeds_path, ".txt", config)
    root = config.root.resolve()
    found: list[Path] = []
    refused: list[Diagnostic] = []
    for path in (p.absolute() for p in paths):
        if not path.resolve().is_relative_to(root):
            hint = f"copy it into {config.seeds_dir}/ first"
            refused.append(error(path.as_posix(), 0, "is outside the site", hint))
        elif path.is_dir():
            files, problems = site_files(path, ".txt", config)
            found += files
            refused += problems
        else:
            found.append(path.resolve())
    return list(dict.fromkeys(found)), refused


def _imports_by_seed(config: SiteConfig) -> dict[str, Path]:
    """Content files that name a seed as their origin, by the seed's path."""
    found: dict[str, Path] = {}
    for path in site_files(config.content_path, ".md", config)[0]:
        try:
            provenance = read_article(path, config).article.provenance
        except NewsgenError:
            continue
        if provenance is not None:
            found.setdefault(provenance.seed, path)
    return found
