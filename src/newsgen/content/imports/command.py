"""`newsgen import`: which importer the named files go to, with the command line's options."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newsgen.config.site import SiteConfig
from newsgen.content.importer import import_seeds
from newsgen.content.imports.archive import import_archives
from newsgen.content.imports.formats import READERS, SEEDS, file_format
from newsgen.content.imports.gathering import ArchiveFile
from newsgen.content.imports.items import Options
from newsgen.content.imports.mapping import body_format, parse_mapping
from newsgen.content.imports.writing import ImportResult
from newsgen.diagnostics import ContentError, shown_path
from newsgen.model import Source


@dataclass(frozen=True)
class Request:
    """What the command line asks for."""

    paths: tuple[Path, ...]
    format: str = ""
    """--format, or '' to tell each file's format from its name and first bytes."""
    mapping: tuple[str, ...] = ()
    body_format: str = ""
    source: Source | None = None
    force: bool = False


def run_import(config: SiteConfig, request: Request) -> tuple[str, ImportResult]:
    """Import the files: seeds, or archive files (never both in one run). Returns what was
    imported ('seed' or 'item') and how it went; raise ContentError when the request is
    wrong, before anything is written."""
    if request.format not in ("", SEEDS) and not request.paths:
        hint = f"e.g. newsgen import --format {request.format} export.xml"
        raise ContentError(
            "newsgen", 0, f"--format {request.format} needs the file to import", hint
        )
    formats = [_format(config, path, request.format) for path in request.paths]
    if set(formats) <= {SEEDS}:
        if request.mapping or request.body_format:
            hint = "leave them out: a seed's fields are read from its text"
            raise ContentError(
                "newsgen", 0, "--map and --body-format are for JSON Lines and CSV", hint
            )
        return "seed", import_seeds(config, request.paths, request.force, request.source)
    if SEEDS in formats:
        message = "seed texts and archive files are imported in separate runs"
        raise ContentError("newsgen", 0, message, "run newsgen import once for each")
    options = Options(
        source=request.source,
        mapping=parse_mapping(request.mapping),
        body_format=body_format(request.body_format or "text"),
    )
    files = [
        ArchiveFile(path.absolute(), shown_path(path, config.root), READERS[kind])
        for path, kind in zip(request.paths, formats, strict=True)
    ]
    return "item", import_archives(config, files, options, request.force)


def _format(config: SiteConfig, path: Path, given: str) -> str:
    shown = shown_path(path, config.root)
    if given and given != SEEDS and path.is_dir():
        raise ContentError(shown, 0, f"is a folder, not a {given} file", "name the file itself")
    return given or file_format(path, shown)


def summary(kind: str, result: ImportResult) -> str:
    """The closing line of `newsgen import`."""
    done = f"imported {len(result.written)} {kind}(s), {len(result.unchanged)} unchanged, "
    done += f"{len(result.kept)} kept as edited, "
    if kind == "item":
        done += f"{len(result.skipped)} skipped, "
    return done + f"{len(result.refused)} refused"
