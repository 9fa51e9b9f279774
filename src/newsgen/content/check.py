"""`newsgen check`: every problem loading finds, plus the editorial warnings a build does not
need (future dates, empty bodies, leftover noise, damaged or hidden text, stale imports, ids
and slugs not pinned)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from datetime import datetime

from newsgen.config.site import RawHtml, SiteConfig
from newsgen.content.alt_text import unlabelled_images
from newsgen.content.articles import KNOWN
from newsgen.content.characters import broken_characters
from newsgen.content.damage import KEPT, cut_short, find_damage
from newsgen.content.hidden import hidden_text
from newsgen.content.loader import SiteContent, load_site
from newsgen.content.names import NameKind, NameUse, assign_slugs, key_line, name_locator
from newsgen.content.noise import is_noise, noise_patterns
from newsgen.content.pinning import unpinned_warning
from newsgen.content.references import LEAD_KEYS
from newsgen.content.seeds import seed_date_lines, seed_sha256
from newsgen.diagnostics import Diagnostic, NewsgenError, warning
from newsgen.model import Article, BodyFormat

MAX_MISSPELT = 2
"""Letters a misspelt field may have more or fewer than the field (alias for aliases)."""
FUTURE_HINT = "it keeps the story at the top of the feeds until then: fix the date"


def check_site(
    config: SiteConfig, now: datetime, content: SiteContent | None = None
) -> list[Diagnostic]:
    """Everything `newsgen check` reports of the site's `content` (else read here): the
    config's warnings, load problems, editorial ones."""
    content = content or load_site(config)
    found = [*config.warnings, *content.diagnostics]
    patterns = noise_patterns(config.noise)
    for article in content.articles:
        found += _editorial_warnings(article, now, patterns, config)
    for kind in ("topic", "author"):
        found += _merged(config, kind, content.articles)
    found += [d for a in content.articles if (d := _stale_import(a, config)) is not None]
    found += [d for a in content.articles if (d := unpinned_warning(a)) is not None]
    return sorted(set(found))


def _merged(
    config: SiteConfig, kind: NameKind, articles: Sequence[Article]
) -> tuple[Diagnostic, ...]:
    """A warning for each topic or author spelling merged into another."""
    named = ((a, a.topics if kind == "topic" else a.authors) for a in articles)
    uses = (NameUse(name, a.source_path, 1) for a, names in named for name in names)
    return assign_slugs(kind, uses, name_locator(config.root, kind)).diagnostics


def _stale_import(article: Article, config: SiteConfig) -> Diagnostic | None:
    """A warning when the seed of an imported article changed after the import."""
    if article.provenance is None:
        return None
    seed = config.root / article.provenance.seed
    if not seed.resolve().is_relative_to(config.root.resolve()):
        return None
    try:
        current = seed_sha256(seed, article.provenance.seed)
    except OSError:
        return None
    except NewsgenError:  # grown past the size limit, so not the file that was imported
        current = ""
    if current == article.provenance.sha256:
        return None
    return warning(
        article.source_path,
        0,
        f"{article.provenance.seed} changed since it was imported",
        "run `newsgen import` to take the change",
    )


def _editorial_warnings(
    article: Article, now: datetime, patterns: tuple[re.Pattern[str], ...], config: SiteConfig
) -> list[Diagnostic]:
    path = article.source_path
    line = _line_finder(config, path)
    found = []
    if article.date > now:
        found.append(
            warning(
                path,
                line("date", 0),
                f"dated in the future ({article.date.isoformat()})",
                "it is left out of builds without --future",
            )
        )
    found += _later_than_now(article, now, line) + _misspelt_fields(article, line)
    found += _damaged_fields(article, line) if path.endswith(".md") else []
    if article.image.startswith("http://") and config.base_url.startswith("https://"):
        message = "the picture's address is http: browsers load it as https, or not at all"
        found.append(warning(path, line("image", 1), message, "give its https address"))
    if not article.body.strip():
        found.append(warning(path, article.body_line, "the article has no body text"))
    if path.endswith(".md"):
        found += _content_file_warnings(article, patterns, config)
    return found


def _line_finder(config: SiteConfig, path: str) -> Callable[[str, int], int]:
    """The line of a field of the article at `path` (or a default): of its front matter, or
    of a seed, the date line for `date` and the `Updated` line for `updated`."""
    if path.endswith(".md"):
        return functools.partial(key_line, config.root / path)

    def seed_line(key: str, default: int) -> int:
        return seed_date_lines(config.root / path, path, config).get(key) or default

    return seed_line


def _later_than_now(
    article: Article, now: datetime, line: Callable[[str, int], int]
) -> list[Diagnostic]:
    """A warning, at its key's line, for an `updated` or a correction dated after `now`, which
    feeds and sitemaps would show as done."""
    later = [("`updated`", "updated", article.updated)]
    later += [("a correction", "corrections", fix.date) for fix in article.corrections]
    return [
        warning(
            article.source_path,
            line(key, 0),
            f"{what} is dated in the future ({at.isoformat()})",
            FUTURE_HINT,
        )
        for what, key, at in later
        if at is not None and at > now
    ]


def _damaged_fields(article: Article, line: Callable[[str, int], int]) -> list[Diagnostic]:
    """A warning, at its key's line, for each front-matter text with damaged characters (a
    bidirectional override, mojibake), as for the body's lines: kept as written. (The file is
    read for a line only when a text is damaged: most articles have none.)"""
    texts = [
        (("title",), article.title),
        (("summary",), article.summary),
        *(((key,), getattr(article, key)) for key in LEAD_KEYS),
        *((("topics",), name) for name in article.topics),
        *((("author", "authors"), name) for name in article.authors),
    ]
    every = "\n".join(text for _, text in texts)
    if every.isascii() or not broken_characters(every):  # one look for the common case
        return []
    found = []
    for keys, text in texts:
        for problem in broken_characters(text) if text else []:
            at = next((n for key in keys if (n := line(key, 0))), 0)
            if at:  # a summary made from the body is told at the body's line
                found.append(warning(article.source_path, at, problem, KEPT))
    return found


def _misspelt_fields(article: Article, line: Callable[[str, int], int]) -> list[Diagnostic]:
    """A warning for each key of the templates' own that looks like a field misspelt (`draf:`,
    `Topics:`), which would otherwise do nothing, silently."""
    import difflib  # only for an article with keys of its own

    found = []
    for key, _ in article.extra:
        close = difflib.get_close_matches(key.lower(), KNOWN, n=1, cutoff=0.8)
        if close and abs(len(close[0]) - len(key)) <= MAX_MISSPELT:
            message = f"`{key}` is no field of newsgen's: it only reaches templates (article.extra)"
            hint = f"did you mean `{close[0]}`?"
            found.append(warning(article.source_path, line(key, 1), message, hint))
    return found


def _content_file_warnings(
    article: Article, patterns: tuple[re.Pattern[str], ...], config: SiteConfig
) -> list[Diagnostic]:
    """Leftover noise, broken characters, pictures without alt text, and (in plain-text
    bodies, such as imported seeds) damaged words."""
    language = config.language
    lines = list(enumerate(article.body.split("\n"), start=article.body_line))
    found = [
        warning(
            article.source_path,
            number,
            f"leftover scraping noise: {text.strip()!r}",
            "delete the line",
        )
        for number, text in lines
        if is_noise(text, patterns)
    ]
    if article.body_format is BodyFormat.TEXT:
        last = next(((n, text) for n, text in reversed(lines) if text.strip()), None)
        found += cut_short(last, article.source_path, language)
        return found + find_damage(lines, article.source_path, language)
    return [
        *found,
        *(
            warning(article.source_path, number, problem, KEPT)
            for number, text in lines
            for problem in broken_characters(text)
        ),
        *hidden_text(article),
        *unlabelled_images(article, config.markdown_raw_html is not RawHtml.ESCAPE),
    ]
