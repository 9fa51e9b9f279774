"""`newsgen import`: raw seeds into front-matter Markdown files, idempotent and editor-safe.

Where: a seed is imported to content/imported/YYYY/MM/<slug>.md (its month in the site
timezone), unless a content file already names it as its `seed:`; then that file, wherever an
editor moved it, is the seed's one imported copy and is updated in place.

Identity: the file pins `id:` (the seed's derived id, so importing changes no feed id) and
`slug:` (so a corrected headline never moves the page). Re-imports keep the id and slug of the
file they update, and its source when none is given again. How files are placed, checksummed
and kept from overwriting an editor's edit is `imports.writing`'s, shared by every format.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from pathlib import Path

from newsgen.config.site import SiteConfig
from newsgen.content.frontmatter_writer import front_matter_text
from newsgen.content.imports.writing import (
    ImportResult,
    Planned,
    placed,
    site_content,
    with_checksum,
    write_planned,
)
from newsgen.content.loader import site_files
from newsgen.content.parsing import parse_all
from newsgen.content.recurrence import settle_topics
from newsgen.content.seeds import read_seed, seed_sha256, title_lines
from newsgen.content.text import is_web_url
from newsgen.content.titles import recurring_sites
from newsgen.diagnostics import ContentError, Diagnostic, NewsgenError, error, shown_path
from newsgen.model import Article, Loaded, Source


def import_seeds(
    config: SiteConfig, paths: Sequence[Path], force: bool, source: Source | None = None
) -> ImportResult:
    """Import the given seeds (default: every seed of the site) into content/imported/.

    `source` (from the command line) names the original publisher of every seed imported;
    without it, the `seed_sources:` entry of the seed's folder does, if any.
    """
    seeds, diagnostics = _seed_paths(config, paths)
    config = with_recurring_sites(config, seeds)
    plan, refused, problems = _plan(config, seeds, source)
    diagnostics += problems
    return write_planned(config, plan, force, refused, diagnostics)


def _plan(
    config: SiteConfig, seeds: list[Path], source: Source | None
) -> tuple[dict[Path, Planned], list[str], list[Diagnostic]]:
    """The file each seed is written to and its text; the seeds that cannot be read, and why."""
    content = site_content(config)
    existing = _by_seed(content.files)
    written = list(content.files.values())
    planned: dict[Path, Planned] = {}
    refused: list[str] = []
    diagnostics: list[Diagnostic] = []
    for seed, loaded in zip(seeds, _read_settled(config, seeds, source, written), strict=True):
        try:
            if not isinstance(loaded, Loaded):
                raise NewsgenError(loaded)
            sha256 = seed_sha256(seed)
        except NewsgenError as exc:
            diagnostics += exc.diagnostics
            refused.append(shown_path(seed, config.root))
            continue
        article = loaded.article
        if article.source_path in existing:
            target, before = existing[article.source_path]
            source = article.source or before.source
            article = dataclasses.replace(article, uid=before.uid, slug=before.slug, source=source)
        else:
            article, target = placed(config, article, content, planned.keys())
        text = imported_text(article, sha256)
        planned[target] = Planned(article.source_path, text, loaded.diagnostics)
    return planned, refused, diagnostics


def _by_seed(files: dict[Path, Article]) -> dict[str, tuple[Path, Article]]:
    """Content files that name a seed as their origin (and their article), by the seed's path."""
    found: dict[str, tuple[Path, Article]] = {}
    for path, article in files.items():
        if article.provenance is not None:
            found.setdefault(article.provenance.seed, (path, article))
    return found


def _read_settled(
    config: SiteConfig, seeds: list[Path], source: Source | None, written: list[Article]
) -> list[Loaded | tuple[Diagnostic, ...]]:
    """Each seed read, its candidate topics settled across every seed of the site and the
    content written apart from them, so that importing one seed again gives what importing
    them all did."""
    batch = [(path, shown_path(path, config.root)) for path in seeds]
    named = {shown for _, shown in batch}
    every = [
        (p, shown_path(p, config.root)) for p in site_files(config.seeds_path, ".txt", config)[0]
    ]
    others = [(path, shown) for path, shown in every if shown not in named]
    read = functools.partial(read_seed, source=source)
    parsed = list(parse_all(read, config, [*batch, *others]))
    seen = {*named, *(shown for _, shown in others)}
    counted = [a for a in written if a.provenance is None or a.provenance.seed not in seen]
    counted += [loaded.article for loaded in parsed[len(seeds) :] if isinstance(loaded, Loaded)]
    result = parsed[: len(seeds)]
    own = [(i, loaded) for i, loaded in enumerate(result) if isinstance(loaded, Loaded)]
    settled = settle_topics([loaded.article for _, loaded in own], config, counted)
    for (i, loaded), article in zip(own, settled, strict=True):
        result[i] = dataclasses.replace(loaded, article=article)
    return result


def with_recurring_sites(config: SiteConfig, seeds: list[Path]) -> SiteConfig:
    """`config` with the site names that end the titles of several seeds added to its
    `source_names`. Every seed of the site counts, not only those imported now, so that
    importing one seed again reads its title as importing them all did."""
    everything = sorted({*seeds, *site_files(config.seeds_path, ".txt", config)[0]})
    found = recurring_sites(title_lines(path) for path in everything)
    known = {name.casefold() for name in config.source_names}
    extra = tuple(sorted(name for name in found if name not in known))
    return dataclasses.replace(config, source_names=config.source_names + extra)


def command_line_source(name: str, url: str) -> Source | None:
    """The Source `--source-name` and `--source-url` give; raise when the URL is not one."""
    name, url = " ".join(name.split()), url.strip()
    if url and not name:
        hint = "name the publisher too: --source-name NAME --source-url URL"
        raise ContentError("newsgen", 0, "--source-url is given without --source-name", hint)
    if url and not is_web_url(url):
        message = f"--source-url must be an http or https URL, got {url!r}"
        raise ContentError("newsgen", 0, message, "e.g. --source-url https://www.reuters.com/")
    return Source(name=name, url=url) if name or url else None


def imported_text(article: Article, sha256: str) -> str:
    """The Markdown file for an imported seed, ending its front matter with its own checksum.

    Authors are those the seed's byline names: the site's default author is never given to
    text the site did not write. The original publisher, when known, is its `source`.
    """
    fields: dict[str, object] = {"title": article.title, "date": article.date.isoformat()}
    if article.updated is not None:
        fields["updated"] = article.updated.isoformat()
    fields |= {"id": article.uid, "slug": article.slug}
    if article.authors:
        fields["authors"] = list(article.authors)
    if article.source is not None:
        fields["source"] = {k: v for k, v in dataclasses.asdict(article.source).items() if v}
    fields |= {"topics": list(article.topics), "summary": article.summary, "format": "text"}
    fields |= {"seed": article.source_path, "seed_sha256": sha256}
    text = front_matter_text(fields, article.body)
    return with_checksum(text)


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
