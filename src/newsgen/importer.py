"""`newsgen import`: raw seeds into front-matter Markdown files, idempotent and editor-safe."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from newsgen.config import SiteConfig
from newsgen.diagnostics import Diagnostic, NewsgenError, error
from newsgen.frontmatter_writer import front_matter_text, write_atomically
from newsgen.model import Article
from newsgen.seeds import read_seed, seed_sha256

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
    written: list[str] = []
    unchanged: list[str] = []
    refused: list[str] = []
    diagnostics: list[Diagnostic] = []
    targets: dict[Path, str] = {}
    for seed in _seed_paths(config, paths):
        try:
            loaded = read_seed(seed, config)
        except NewsgenError as exc:
            diagnostics += exc.diagnostics
            continue
        diagnostics += loaded.diagnostics
        target = imported_path(config, loaded.article)
        rel = target.relative_to(config.root).as_posix()
        if target in targets:
            diagnostics.append(
                error(
                    loaded.article.source_path,
                    1,
                    f"imports to {rel}, like {targets[target]}",
                    "give one of the two seeds another title",
                )
            )
            continue
        targets[target] = loaded.article.source_path
        text = imported_text(loaded.article, seed_sha256(seed))
        outcome = {"written": written, "unchanged": unchanged, "refused": refused}
        outcome[_write(target, text, force)].append(rel)
    diagnostics += [_refusal(path) for path in refused]
    return ImportResult(tuple(written), tuple(unchanged), tuple(refused), tuple(diagnostics))


def imported_path(config: SiteConfig, article: Article) -> Path:
    """content/imported/YYYY/MM/<slug>.md, the month in the site timezone."""
    local = article.date.astimezone(config.zone)
    folder = config.content_path / IMPORT_FOLDER / f"{local.year:04d}" / f"{local.month:02d}"
    return folder / f"{article.slug}.md"


def imported_text(article: Article, sha256: str) -> str:
    """The Markdown file for an imported seed, ending its front matter with its own checksum."""
    fields: dict[str, object] = {"title": article.title, "date": article.date.isoformat()}
    if article.author:
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
        existing = target.read_text(encoding="utf-8", errors="replace")
        if existing == text:
            return "unchanged"
        if not force and not _untouched(existing):
            return "refused"
    write_atomically(target, text)
    return "written"


def _refusal(path: str) -> Diagnostic:
    return error(
        path,
        0,
        "edited since it was imported: not overwritten",
        "pass --force to replace it with a fresh import of its seed",
    )


def _seed_paths(config: SiteConfig, paths: Sequence[Path]) -> list[Path]:
    if not paths:
        return sorted(config.seeds_path.glob("*.txt")) if config.seeds_path.is_dir() else []
    found: list[Path] = []
    for path in paths:
        found += sorted(path.rglob("*.txt")) if path.is_dir() else [path]
    return [p.resolve() for p in found]
