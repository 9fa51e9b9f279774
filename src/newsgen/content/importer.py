"""`newsgen import`: raw seeds into front-matter Markdown files, idempotent and editor-safe.

Where: a seed is imported to content/imported/YYYY/MM/<slug>.md (its month in the site
timezone), unless a content file already names it as its `seed:`; then that file, wherever an
editor moved it, is the seed's one imported copy and is updated in place.

Identity: the file pins `id:` (the seed's derived id, so importing changes no feed id) and
`slug:` (so a corrected headline never moves the page). A slug another article already has on
that day gets a number (`-2`), and so does a file name already taken in that month. Re-imports
keep the id and slug of the file they update, and its source when none is given again.

Editor safety: the generated text ends its front matter with `import_sha256:`, the SHA-256 of
the file as generated without that line. A file whose checksum still matches is untouched and
may be regenerated; any edit breaks the match, and the file is then kept as the editor left it
(with a note) unless `force`. Re-importing an unchanged seed produces the very same bytes, so
nothing is written.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
from collections.abc import Sequence, Set
from dataclasses import dataclass
from pathlib import Path

from newsgen.config.permalinks import article_url
from newsgen.config.site import SiteConfig
from newsgen.content.articles import read_article, read_limited
from newsgen.content.clashes import free_slug
from newsgen.content.frontmatter_writer import front_matter_text, write_atomically
from newsgen.content.loader import parse_all, site_files
from newsgen.content.recurrence import settle_topics
from newsgen.content.seeds import read_seed, seed_sha256, title_lines
from newsgen.content.text import is_web_url
from newsgen.content.titles import recurring_sites
from newsgen.diagnostics import ContentError, Diagnostic, NewsgenError, error, note, shown_path
from newsgen.model import Article, Loaded, Source

IMPORT_FOLDER = "imported"
_Planned = tuple[str, str, tuple[Diagnostic, ...]]
CHECKSUM_LINE = re.compile(r"^import_sha256: ([0-9a-f]{64})\n", re.MULTILINE)


@dataclass(frozen=True)
class ImportResult:
    """What an import did, file by file (paths relative to the site root)."""

    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    kept: tuple[str, ...]
    """Files an editor changed since their import: kept, since --force was not given."""
    refused: tuple[str, ...]
    """Seeds that could not be imported (each with its errors in `diagnostics`)."""
    diagnostics: tuple[Diagnostic, ...]


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
    outcome: dict[str, list[str]] = {"written": [], "unchanged": [], "kept": []}
    for target, (seed, text, notes) in plan.items():
        rel = target.relative_to(config.root).as_posix()
        try:
            done = _write(target, text, force)
            outcome[done].append(rel)
            diagnostics += notes if done == "written" else ()
        except OSError as exc:
            diagnostics.append(error(rel, 0, f"cannot write the imported file: {exc.strerror}"))
            refused.append(seed)
    diagnostics += [_kept(path) for path in outcome["kept"]]
    return ImportResult(
        written=tuple(outcome["written"]),
        unchanged=tuple(outcome["unchanged"]),
        kept=tuple(outcome["kept"]),
        refused=tuple(refused),
        diagnostics=tuple(diagnostics),
    )


def _plan(
    config: SiteConfig, seeds: list[Path], source: Source | None
) -> tuple[dict[Path, _Planned], list[str], list[Diagnostic]]:
    """The seed, text and reading notes of each file to write; the seeds that cannot be read,
    and why. The notes are told only when the file is written: not again on each re-run."""
    existing, urls, articles, written = _content(config)
    planned: dict[Path, _Planned] = {}
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
            article = _with_free_slug(config, article, urls)
            target = _free_path(imported_path(config, article), planned.keys() | articles)
            urls.add(article_url(config, article.slug, article.date))
        text = imported_text(article, sha256)
        planned[target] = (article.source_path, text, loaded.diagnostics)
    return planned, refused, diagnostics


def _read_settled(
    config: SiteConfig, seeds: list[Path], source: Source | None, written: list[Article]
) -> list[Loaded | tuple[Diagnostic, ...]]:
    """Each seed read, its candidate topics settled across every seed of the site and the
    content written apart from them, so that importing one seed again gives what importing
    them all did."""
    batch = {shown_path(path, config.root) for path in seeds}
    others = [
        path
        for path in site_files(config.seeds_path, ".txt", config)[0]
        if shown_path(path, config.root) not in batch
    ]
    read = functools.partial(read_seed, source=source)
    parsed = list(parse_all(read, config, [*seeds, *others]))
    seen = {*batch, *(shown_path(path, config.root) for path in others)}
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


def _with_free_slug(config: SiteConfig, article: Article, urls: set[str]) -> Article:
    if article_url(config, article.slug, article.date) not in urls:
        return article
    return dataclasses.replace(article, slug=free_slug(config, article, urls))


def _free_path(path: Path, taken: Set[Path]) -> Path:
    """`path`, or `name-2.md`, `name-3.md`...: the first that no other article has.

    A file there that is not an article (unreadable, too large) is in the way: the import is
    kept from overwriting it unless forced.
    """
    candidate, number = path, 2
    while candidate in taken:
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate


def imported_path(config: SiteConfig, article: Article) -> Path:
    """content/imported/YYYY/MM/<slug>.md, the month in the site timezone."""
    local = article.date.astimezone(config.zone)
    folder = config.content_path / IMPORT_FOLDER / f"{local.year:04d}" / f"{local.month:02d}"
    return folder / f"{article.slug}.md"


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


def _kept(path: str) -> Diagnostic:
    return note(
        path,
        0,
        "edited since it was imported: kept as it is",
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


def _content(
    config: SiteConfig,
) -> tuple[dict[str, tuple[Path, Article]], set[str], set[Path], list[Article]]:
    """Content files that name a seed as their origin (and their article), by the seed's
    path; the URL of every content article; the files that hold an article; those articles."""
    by_seed: dict[str, tuple[Path, Article]] = {}
    urls: set[str] = set()
    articles: set[Path] = set()
    written: list[Article] = []
    for path in site_files(config.content_path, ".md", config)[0]:
        try:
            article = read_article(path, config).article
        except NewsgenError:
            continue
        articles.add(path)
        written.append(article)
        urls.add(article_url(config, article.slug, article.date))
        if article.provenance is not None:
            by_seed.setdefault(article.provenance.seed, (path, article))
    return by_seed, urls, articles, written
