"""The front-matter reader: Markdown articles with YAML front matter into Article records."""

from __future__ import annotations

import functools
import itertools
import os
import posixpath
import re
import stat
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from frontmatter.default_handlers import YAMLHandler
from markdown_it import MarkdownIt

from newsgen.config.site import SiteConfig
from newsgen.config.yamlsource import YamlMapping, load_mapping
from newsgen.content.characters import control_character
from newsgen.content.clock_changes import warn_of_clock_change
from newsgen.content.credit import correction_notices, credited_authors, original_source
from newsgen.content.dates import DATE_KEYS, DateError, parse_date_value
from newsgen.content.foreign_keys import foreign_key_notes, unpublished
from newsgen.content.identity import ID_HINT, derived_id, normal_alias, normal_id
from newsgen.content.languages import article_language
from newsgen.content.references import body_references, lead_image
from newsgen.content.revisions import check_revisions
from newsgen.content.slugs import slug_for, slug_problem
from newsgen.content.summaries import summarize
from newsgen.content.text import encoded_url, url_hint
from newsgen.content.text import is_web_url as is_web_url
from newsgen.content.text import plain_text as plain_text
from newsgen.diagnostics import ContentError, Diagnostic, NewsgenError, error, shown_path, warning
from newsgen.model import Article, BodyFormat, Loaded, Provenance

FRONT_MATTER = YAMLHandler()
"""python-frontmatter's handler splits at the --- fences; config.yamlsource parses between."""
FENCE = YAMLHandler.FM_BOUNDARY
KNOWN = frozenset(
    {"title", "date", "topics", "tags", "summary", "author", "authors", "slug", "updated"}
    | {"draft", "id", "aliases", "source", "source_url", "corrections", "image", "format"}
    | {"language"}
    | {"seed", "seed_sha256", "import_sha256", "image_alt", "image_caption", "image_credit"}
)
MAX_FILE_BYTES = 8 * 1024 * 1024
"""An article or seed file larger than this is refused unread: no news story is that long."""
MAX_TOPICS = 100
"""Most topics one article may list: each topic is a page and a feed of its own."""
PLAIN_TOKENS = {"text": "", "code_inline": "", "softbreak": " ", "hardbreak": " "}
"""Inline tokens that carry the words, and the text that stands for them ('' = their content)."""


def read_article(
    path: Path, config: SiteConfig, *, shown: str = "", data: bytes | None = None
) -> Loaded:
    """Read one Markdown article with front matter (`shown`: its path in diagnostics, and
    `data`, its bytes, when known)."""
    rel, data = read_source(path, config, "article", shown, data)
    if b"\x00" in data:
        raise ContentError(rel, 0, "this is a binary file, not a Markdown article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(rel, line, "not valid UTF-8", "re-save the file as UTF-8") from None
    return parse_article_text(text, rel, config)


def read_source(
    path: Path, config: SiteConfig, kind: str, shown: str = "", data: bytes | None = None
) -> tuple[str, bytes]:
    """The path of an article or seed file as diagnostics show it (`shown`, when known), and
    its bytes (`data`, when already read)."""
    rel = shown or shown_path(path, config.root)
    if data is not None:
        return rel, data
    try:
        return rel, read_limited(path, rel)
    except OSError as exc:
        raise ContentError(rel, 0, f"cannot read the {kind}: {exc.strerror}") from None


def read_limited(path: Path, rel_path: str) -> bytes:
    """The bytes of an article or seed file: never more than the limit and one byte are read.

    A file larger than the limit is refused unread, and so is anything but a regular file
    (a pipe would keep the build waiting, a device might never end). Raises OSError when the
    file cannot be opened.
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            hint = "replace it with a plain file, or remove it"
            raise ContentError(rel_path, 0, "this is not a regular file (a pipe or device)", hint)
        if status.st_size > MAX_FILE_BYTES:
            raise _too_large(rel_path)
        data = file.read(status.st_size + 1)  # a buffer of the limit costs more than the read
        if len(data) > status.st_size:  # it grew since: on to the limit and one byte
            data += file.read(MAX_FILE_BYTES + 1 - len(data))
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(rel_path)
    return data


def _too_large(rel_path: str) -> ContentError:
    limit = MAX_FILE_BYTES // (1024 * 1024)
    hint = "split it, or remove what is not article text, such as pasted images or logs"
    return ContentError(rel_path, 0, f"the file is larger than {limit} MB", hint)


def parse_article_text(text: str, rel_path: str, config: SiteConfig) -> Loaded:
    """Parse the text of a front-matter article; `rel_path` names it in diagnostics."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        hint = "write a title and a date between --- lines, or delete the file"
        raise ContentError(rel_path, 0, "the file is empty", hint)
    opening = FENCE.match(text)
    if opening is None:
        raise ContentError(rel_path, 1, "no front matter", "did you forget the --- delimiters?")
    try:
        front_text, body = FRONT_MATTER.split(text)
    except ValueError:
        hint = "end the front matter with a --- line before the body"
        raise ContentError(rel_path, 1, "the front matter is never closed", hint) from None
    yaml_text = front_text.removeprefix("\n")
    yaml_line = text[: opening.end()].count("\n") + 1 + len(front_text) - len(yaml_text)
    front = load_mapping(yaml_text, rel_path, yaml_line, DATE_KEYS, KNOWN - DATE_KEYS - {"draft"})
    fields = _Fields(front, rel_path, config)
    article = fields.article(body.strip("\n"), _body_line(text, body))
    if fields.problems:
        raise FrontMatterError(sorted(fields.problems, key=lambda problem: problem.line))
    return Loaded(article, tuple(fields.warnings))


class FrontMatterError(ContentError):
    """Every problem found in the front matter of one article."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        NewsgenError.__init__(self, diagnostics)


def _body_line(text: str, body: str) -> int:
    """Line of the first non-blank body line; for an empty body, the line after the fence."""
    start = len(text) - len(body)
    content = body.lstrip("\n")
    skipped = len(body) - len(content) if content else min(len(body), 1)
    return text[: start + skipped].count("\n") + 1


class _Fields:
    """Reads and checks each front-matter field, collecting every problem.

    Kept whole because each method reads one field through the same `front` and `fail`; split,
    a field's checks would no longer sit beside the others'.
    """

    def __init__(self, front: YamlMapping, rel_path: str, config: SiteConfig) -> None:
        self.front = front
        self.rel_path = rel_path
        self.config = config
        self.problems: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []

    def article(self, body: str, body_line: int) -> Article:
        title = self.required("title", self.text)
        date = self.required("date", self.date)
        updated = self.optional("updated", self.date)
        body_format = self.optional("format", self.body_format) or BodyFormat.MARKDOWN
        corrections = correction_notices(self)
        if date:
            check_revisions(date, updated, corrections, self.front.values, self.warn)
        provenance = self.provenance()
        origin = provenance.seed if provenance else self.rel_path
        source = original_source(self)
        imported = provenance is not None or "import_sha256" in self.front.values
        lead = lead_image(self)
        extra = tuple(sorted((k, v) for k, v in self.front.values.items() if k not in KNOWN))
        self.warnings += foreign_key_notes(extra, self.rel_path, self.front.line_of)
        self.problems += unpublished(extra, self.rel_path, self.front.line_of)
        return Article(
            slug=self.pinned("slug", self.slug) or self.derived_slug(title),
            title=title or "",
            date=date or datetime.min,
            body=body,
            body_format=body_format,
            source_path=self.rel_path,
            summary=self.optional("summary", self.text) or _derived_summary(body, body_format),
            authors=credited_authors(self, self.config.author, own=not (imported or source)),
            topics=self.topics(),
            updated=updated,
            draft=self.optional("draft", self.boolean) or False,
            source=source,
            corrections=corrections,
            image=lead.image,
            image_alt=lead.alt,
            image_caption=lead.caption,
            image_credit=lead.credit,
            references=lead.references + body_references(body, body_format, body_line),
            provenance=provenance,
            extra=extra,
            body_line=body_line,
            uid=self.pinned("id", self.identifier) or derived_id(origin, provenance is not None),
            aliases=self.aliases(),
            unpinned=tuple(key for key in ("id", "slug") if key not in self.front.values),
            language=article_language(self, self.config.language),
        )

    def required(self, key: str, read: Callable[[str, Any], Any]) -> Any:
        hint = "every article needs a title and a date"
        if key not in self.front.values:
            self.problems.append(error(self.rel_path, 1, f"missing required field `{key}`", hint))
            return None
        value = self.front.values[key]
        result = None if value is None else read(key, value)
        if value is None or result == "":
            self.fail(key, f"`{key}` is empty", hint)
        return result or None

    def optional(self, key: str, read: Callable[[str, Any], Any]) -> Any:
        value = self.front.values.get(key)
        return None if value is None else read(key, value)

    def pinned(self, key: str, read: Callable[[str, Any], Any]) -> Any:
        """`optional` for `id` and `slug`: written with no value, an error, not one derived."""
        if key in self.front.values and self.front.values[key] is None:
            hint = "write it, or delete the line and run `newsgen check --fix` to pin it"
            self.fail(key, f"`{key}` is empty", hint)
            return None
        return self.optional(key, read)

    def derived_slug(self, title: str | None) -> str:
        """A folder article (slug/index.md) is named by its folder; any other by its title."""
        folder, _, name = self.rel_path.rpartition("/")
        if name == "index.md" and folder.count("/") > 0:
            return slug_for(folder.rpartition("/")[2])
        return slug_for(title or self.rel_path)

    def line_of(self, key: str) -> int:
        return self.front.line_of(key)

    def fail(self, key: str, message: str, hint: str = "") -> None:
        self.problems.append(error(self.rel_path, self.front.line_of(key), message, hint))

    def warn(self, key: str, message: str, hint: str = "") -> None:
        self.warnings.append(warning(self.rel_path, self.front.line_of(key), message, hint))

    def text(self, key: str, value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(key, f"`{key}` must be text, got {type(value).__name__}")
            return None
        if isinstance(value, str) and (problem := control_character(value)):
            self.warn(key, problem, "delete it: the pages and feeds leave it out")
        return plain_text(str(value))

    def date(self, key: str, value: Any) -> datetime | None:
        try:
            moment = parse_date_value(value, self.config.zone, self.config.date_order)
        except DateError as exc:
            self.fail(key, f"`{key}` {exc.message}", exc.hint)
            return None
        if not date_in_range(moment, self.config.zone):
            self.fail(key, f"`{key}` is out of range: {moment.isoformat()}", DATE_RANGE_HINT)
            return None
        warn_of_clock_change(key, value, moment, self.config.zone, self.warn)
        return moment

    def boolean(self, key: str, value: Any) -> bool | None:
        if not isinstance(value, bool):
            self.fail(key, f"`{key}` must be true or false, got {value!r}")
            return None
        return value

    def slug(self, key: str, value: Any) -> str | None:
        text = self.text(key, value)
        problem = slug_problem(text) if text is not None else ""
        if problem:
            shown = repr(text if len(str(text)) <= 60 else f"{str(text)[:57]}...")
            self.fail(key, f"invalid slug {shown}: {problem}", f"use {slug_for(str(text))!r}")
            return None
        return text

    def identifier(self, key: str, value: Any) -> str | None:
        text = self.text(key, value)
        uid = normal_id(text) if text is not None else ""
        if text is not None and not uid:
            self.fail(key, f"invalid id {text[:60]!r}", ID_HINT)
        return uid or None

    def aliases(self) -> tuple[str, ...]:
        """The `aliases` (old paths of the article), normalised; each one is checked."""
        raw = self.front.values.get("aliases")
        items = [raw] if isinstance(raw, str) else raw
        if items is None:
            return ()
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            self.fail("aliases", "`aliases` must be a list of paths, e.g. [/2019/05/old-title/]")
            return ()
        found = []
        for item in items:
            path, problem = normal_alias(item, self.config.base_url)
            if problem:
                hint = "write the old address as a path, e.g. /2019/05/old-title/"
                self.fail("aliases", f"invalid alias: {problem}", hint)
            found.append(path)
        return tuple(dict.fromkeys(p for p in found if p))

    def web_url(self, key: str, value: Any) -> str | None:
        text = self.text(key, value)
        if text is not None and not is_web_url(text):
            self.fail(key, f"`{key}` must be an http or https URL, got {text!r}", url_hint(text))
            return None
        return None if text is None else encoded_url(text)

    def body_format(self, key: str, value: Any) -> BodyFormat | None:
        try:
            return BodyFormat(value)
        except ValueError:
            choices = ", ".join(f.value for f in BodyFormat)
            self.fail(key, f"`{key}` must be one of {choices}, got {value!r}")
            return None

    def provenance(self) -> Provenance | None:
        seed = self.optional("seed", self.text)
        digest = self.optional("seed_sha256", self.text)
        if seed is None and digest is None:
            return None
        if not seed or not digest or not re.fullmatch(r"[0-9a-f]{64}", digest):
            self.fail("seed", "`seed` and `seed_sha256` (64 hex digits) go together")
            return None
        return Provenance(posixpath.normpath(seed), digest)

    def topics(self) -> tuple[str, ...]:
        """The `topics` (or `tags`) of the front matter: distinct names, at most MAX_TOPICS."""
        values = self.front.values
        if "topics" in values and "tags" in values:
            self.fail("tags", "both `topics` and `tags` are given", "keep one of them")
            return ()
        key = "tags" if "tags" in values else "topics"
        raw = values.get(key)
        items = [raw] if isinstance(raw, str) else raw
        if items is None:
            return ()
        if not isinstance(items, list) or not all(_is_name(i) for i in items):
            self.fail(key, f"`{key}` must be a list of names, e.g. [Politics, Europe]")
            return ()
        names = tuple(dict.fromkeys(n for n in (self.text(key, i) for i in items) if n))
        if len(names) > MAX_TOPICS:
            hint = "keep the topics a reader would browse by"
            message = f"`{key}` lists {len(names)} names; at most {MAX_TOPICS} are allowed"
            self.fail(key, message, hint)
            return ()
        return names


def _derived_summary(body: str, body_format: BodyFormat) -> str:
    """A summary for an article that gives none: from its first paragraph."""
    if body_format is BodyFormat.TEXT:
        return plain_text(summarize(body.split("\n\n")[0]))
    return plain_text(summarize(first_paragraph_text(body)))


DATE_RANGE_HINT = "a date must stay within the years 1 to 9999 in UTC and in the site timezone"


def date_in_range(moment: datetime, zone: ZoneInfo) -> bool:
    """True when `moment` stays within years 1-9999 in UTC and in the site timezone."""
    try:
        moment.astimezone(UTC)
        moment.astimezone(zone)
    except OverflowError:
        return False
    return True


def _is_name(item: Any) -> bool:
    return isinstance(item, str) or (isinstance(item, int) and not isinstance(item, bool))


def first_paragraph_text(markdown: str) -> str:
    """Plain text of the first Markdown paragraph (headings, lists and tables skipped)."""
    tokens = _block_parser().parse(markdown)
    for opening, inline in itertools.pairwise(tokens):
        if opening.type == "paragraph_open" and opening.level == 0 and inline.children:
            parts = [
                PLAIN_TOKENS[t.type] or t.content for t in inline.children if t.type in PLAIN_TOKENS
            ]
            return " ".join("".join(parts).split())
    return ""


@functools.cache
def _block_parser() -> MarkdownIt:
    """One parser for summaries; configured once and only read from, so sharing it is safe."""
    return MarkdownIt("commonmark").enable("table")
