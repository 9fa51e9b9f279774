"""Site configuration: `newsgen.yaml`, its schema, defaults and validation."""

from __future__ import annotations

import difflib
import importlib.util
import re
import string
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from newsgen.diagnostics import ContentError, Diagnostic, NewsgenError, error

if TYPE_CHECKING:
    from newsgen.config.yamlsource import YamlMapping

CONFIG_NAME = "newsgen.yaml"
UNSAFE_IN_URL = re.compile(r"[\x00-\x20\x7f-\x9f\"'<>\\^`{|}?#]")
"""Characters a base URL may not hold raw: spaces, quotes, markup; no query or fragment."""
PLAIN_LOCALE = re.compile(r"[a-z]{2,3}(_[A-Za-z0-9]{2,8})*")
"""A locale identifier as Babel names its data files: en, pt_BR, sr_Latn_BA."""
SOURCE_FOLDERS = {"content_dir": "content", "seeds_dir": "seeds"}
"""Configurable source folders and their defaults; the output folder may overlap none."""
FIXED_FOLDERS = ("templates", "static", ".newsgen")
"""Folders of the site the output folder may not overlap either."""


class RawHtml(Enum):
    """What becomes of HTML written in a Markdown body (`markdown_raw_html`)."""

    ESCAPE = "false"
    """Shown as text, escaped: the default."""
    SANITIZE = "true"
    """Kept as HTML through an allow-list sanitizer: no scripts, styles, frames or handlers."""
    TRUSTED = "trusted"
    """Kept exactly as written: every author of the site is trusted with scripts."""


@dataclass(frozen=True)
class TopicSpec:
    """A topic of the site vocabulary: its display name and other spellings of it."""

    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class SiteConfig:
    """Everything a build needs to know about the site; passed around, never global."""

    root: Path
    """The site folder: where `newsgen.yaml`, `content/` and `seeds/` live."""
    title: str = "newsgen site"
    description: str = "A news archive built with newsgen."
    base_url: str = "http://127.0.0.1:8000/"
    """Absolute URL the site is published at; always ends with a slash."""
    language: str = "en"
    timezone: str = "UTC"
    """IANA zone for naive dates in seeds and front matter, and for date indexes."""
    per_page: int = 20
    feed_items: int = 20
    max_topics: int = 8
    """Cap on topics detected automatically for one seed article."""
    author: str = ""
    """Default author for articles that name none."""
    publisher: str = ""
    """Publisher name for NewsArticle metadata; the site title when empty."""
    publisher_logo: str = ""
    article_path: str = "{year}/{month}/{day}/{slug}/"
    """Pattern for article URLs; fields: year, month, day, slug."""
    topics: tuple[TopicSpec, ...] = ()
    noise: tuple[str, ...] = ()
    """Extra regular expressions; a seed line matching one entirely is removed as noise."""
    markdown_raw_html: RawHtml = RawHtml.ESCAPE
    search: bool = True
    search_per_year: bool = False
    """Split the search index by year: indexing memory stays bounded as the archive grows."""
    content_dir: str = "content"
    seeds_dir: str = "seeds"
    output_dir: str = "build"
    extra: tuple[tuple[str, Any], ...] = field(default=())
    """The `params` mapping, handed to templates as `site.params`."""

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The site timezone as a tzinfo."""
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def content_path(self) -> Path:
        """Folder of front-matter articles."""
        return self.root / self.content_dir

    @property
    def seeds_path(self) -> Path:
        """Folder of raw seed texts."""
        return self.root / self.seeds_dir

    @property
    def output_path(self) -> Path:
        """Folder the built site is written to."""
        return self.root / self.output_dir

    @property
    def templates_path(self) -> Path:
        """The site's own templates, overriding the theme by name."""
        return self.root / "templates"

    @property
    def static_path(self) -> Path:
        """The site's own static files, overriding the theme's by name."""
        return self.root / "static"

    @property
    def publisher_name(self) -> str:
        """Publisher for metadata, falling back to the site title."""
        return self.publisher or self.title


Checker = Callable[[Any, str], Any]
"""Validates a raw YAML value; returns the converted value or raises ValueError(reason)."""


def _text(value: Any, key: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"`{key}` must be text, got {_describe(value)}")
    return value


def _positive_int(value: Any, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"`{key}` must be a whole number of at least 1, got {_describe(value)}")
    return value


def _boolean(value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"`{key}` must be true or false, got {_describe(value)}")
    return value


def _raw_html(value: Any, key: str) -> RawHtml:
    if isinstance(value, bool):
        return RawHtml.SANITIZE if value else RawHtml.ESCAPE
    if value == RawHtml.TRUSTED.value:
        return RawHtml.TRUSTED
    raise ValueError(f"`{key}` must be false, true or trusted, got {_describe(value)}")


def _base_url(value: Any, key: str) -> str:
    url = _text(value, key)
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = urlsplit("")
    if parts.scheme not in ("http", "https") or not parts.netloc or UNSAFE_IN_URL.search(url):
        raise ValueError(f"`{key}` must be an absolute http(s) URL such as https://example.org/")
    return url if url.endswith("/") else url + "/"


def _language(value: Any, key: str) -> str:
    code = _text(value, key)
    if not _has_locale_data(code.replace("-", "_")) and not _babel_knows(code.replace("-", "_")):
        raise ValueError(f"`{key}`: unknown language code {code!r} (use e.g. en, uk, de)")
    return code


def _has_locale_data(identifier: str) -> bool:
    """True when Babel ships data for exactly `identifier` (such as en or pt_BR).

    Checked without importing Babel (~30 ms, on every start) by looking for its data file.
    """
    spec = importlib.util.find_spec("babel")
    if not PLAIN_LOCALE.fullmatch(identifier) or spec is None:
        return False
    folders = spec.submodule_search_locations or []
    return any((Path(folder) / "locale-data" / f"{identifier}.dat").is_file() for folder in folders)


def _babel_knows(identifier: str) -> bool:
    """Babel's own judgement, for spellings without a data file of that exact name."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(identifier)
    except (UnknownLocaleError, ValueError):
        return False
    return True


def _timezone(value: Any, key: str) -> str:
    name = _text(value, key)
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"`{key}`: unknown timezone {name!r} (use an IANA name such as Europe/Kyiv)"
        ) from None
    return name


def _article_path(value: Any, key: str) -> str:
    pattern = _text(value, key)
    if "{slug}" not in pattern:
        raise ValueError(f"`{key}` must contain {{slug}} so that every article has its own URL")
    if not _uses_only_plain_fields(pattern):
        raise ValueError(f"`{key}` may only use the fields {{year}} {{month}} {{day}} {{slug}}")
    sample = pattern.strip("/").format(year="2024", month="01", day="01", slug="x")
    parts = sample.split("/")
    if "\\" in sample or "\x00" in sample or any(not p or p.startswith(".") for p in parts):
        raise ValueError(
            f"`{key}` must be folder names inside the site, such as news/{{year}}/{{slug}}/ "
            f"(no empty names, none starting with '.', no backslashes), got {pattern!r}"
        )
    if URL_SYNTAX.search(sample):
        raise ValueError(
            f"`{key}` must not hold '?', '#', ':' or '%', which a link reads as a query, a "
            f"fragment, a scheme or an escape, got {pattern!r} "
            f"(use plain folder names, such as news/{{year}}/{{slug}}/)"
        )
    return pattern.strip("/") + "/"


ARTICLE_PATH_FIELDS = frozenset({"year", "month", "day", "slug"})
URL_SYNTAX = re.compile(r"[?#:%]")
"""Characters an article URL is written with as they are but a link or `newsgen serve` reads
otherwise: a query, a fragment, a scheme (and a drive, refused by serve), an escape."""


def _uses_only_plain_fields(pattern: str) -> bool:
    """Every `{...}` is one of ARTICLE_PATH_FIELDS as it is: no attribute, index, spec or `!r`."""
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError:  # a lone { or }
        return False
    return all(
        name is None or (name in ARTICLE_PATH_FIELDS and not spec and not conversion)
        for _, name, spec, conversion in parsed
    )


def _folder(value: Any, key: str) -> str:
    name = _text(value, key)
    parts = Path(name).parts
    if not name or Path(name).is_absolute() or ".." in parts:
        raise ValueError(f"`{key}` must be a folder inside the site, got {name!r}")
    return name


def _topic(value: Any, key: str) -> TopicSpec:
    if isinstance(value, str) and value.strip():
        return TopicSpec(value.strip())
    if isinstance(value, dict) and isinstance(value.get("name"), str) and value["name"].strip():
        aliases = value.get("aliases", [])
        unknown = set(value) - {"name", "aliases"}
        if unknown or not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise ValueError(f"`{key}`: a topic is {{name: text, aliases: [text, ...]}}")
        return TopicSpec(value["name"].strip(), tuple(a.strip() for a in aliases if a.strip()))
    raise ValueError(f"`{key}`: each topic is a name or {{name: ..., aliases: [...]}}")


def _topics(value: Any, key: str) -> tuple[TopicSpec, ...]:
    if not isinstance(value, list):
        raise ValueError(f"`{key}` must be a list of topics, got {_describe(value)}")
    return tuple(_topic(item, key) for item in value)


def _noise(value: Any, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise ValueError(f"`{key}` must be a list of regular expressions")
    for pattern in value:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"`{key}`: invalid regular expression {pattern!r}: {exc}") from None
    return tuple(value)


def _params(value: Any, key: str) -> tuple[tuple[str, Any], ...]:
    if not isinstance(value, dict):
        raise ValueError(f"`{key}` must be a mapping, got {_describe(value)}")
    return tuple(sorted((str(k), v) for k, v in value.items()))


SCHEMA: dict[str, Checker] = {
    "title": _text,
    "description": _text,
    "base_url": _base_url,
    "language": _language,
    "timezone": _timezone,
    "per_page": _positive_int,
    "feed_items": _positive_int,
    "max_topics": _positive_int,
    "author": _text,
    "publisher": _text,
    "publisher_logo": _text,
    "article_path": _article_path,
    "topics": _topics,
    "noise": _noise,
    "markdown_raw_html": _raw_html,
    "search": _boolean,
    "search_per_year": _boolean,
    "content_dir": _folder,
    "seeds_dir": _folder,
    "output_dir": _folder,
    "params": _params,
}
FIELD_OF_KEY = {"params": "extra"}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    return f"{type(value).__name__} {value!r}"[:80]


def find_site_root(start: Path) -> Path:
    """The nearest folder at or above `start` holding `newsgen.yaml`, else `start` itself."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return start


def load_config(root: Path) -> SiteConfig:
    """Read `root/newsgen.yaml` (optional) into a validated SiteConfig; raise every problem."""
    root = root.resolve()
    path = root / CONFIG_NAME
    if not path.is_file():
        return SiteConfig(root=root)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(CONFIG_NAME, 0, f"cannot read the config: {exc}") from None
    from newsgen.config.yamlsource import load_mapping  # here: a no-op build never parses YAML

    mapping = load_mapping(text, CONFIG_NAME)
    values, problems = _validate(mapping)
    problems += _output_overlaps(values, mapping)
    if problems:
        raise NewsgenError(problems)
    return SiteConfig(root=root, **values)


def _validate(mapping: YamlMapping) -> tuple[dict[str, Any], list[Diagnostic]]:
    values: dict[str, Any] = {}
    problems: list[Diagnostic] = []
    for key, raw in mapping.values.items():
        line = mapping.line_of(key)
        checker = SCHEMA.get(key)
        if checker is None:
            problems.append(error(CONFIG_NAME, line, f"unknown key `{key}`", _suggest(key)))
            continue
        try:
            values[FIELD_OF_KEY.get(key, key)] = checker(raw, key)
        except ValueError as exc:
            problems.append(error(CONFIG_NAME, line, str(exc)))
    return values, problems


def _output_overlaps(values: dict[str, Any], mapping: YamlMapping) -> list[Diagnostic]:
    """The output folder must be a folder of its own: a build replaces what is in it."""
    output = values.get("output_dir", "build")
    line = mapping.line_of("output_dir")
    if not _folder_parts(output):
        message = "`output_dir` must not be the site folder itself"
        return [error(CONFIG_NAME, line, message, "use a folder of its own, such as build")]
    others = {key: values.get(key, default) for key, default in SOURCE_FOLDERS.items()}
    others |= {name: name for name in FIXED_FOLDERS}
    problems = []
    for key, folder in others.items():
        if _overlap(output, folder):
            where = line if "output_dir" in mapping.lines else mapping.line_of(key)
            shown = f"`{key}` ({folder!r})" if key in SOURCE_FOLDERS else f"the {folder}/ folder"
            message = f"`output_dir` {output!r} overlaps {shown}"
            problems.append(error(CONFIG_NAME, where, message, "give each its own folder"))
    return problems


def _folder_parts(name: str) -> tuple[str, ...]:
    return tuple(part for part in PurePosixPath(name.replace("\\", "/")).parts if part != ".")


def _overlap(first: str, second: str) -> bool:
    """True when one folder is the other or lies inside it."""
    a, b = _folder_parts(first), _folder_parts(second)
    shorter = min(len(a), len(b))
    return a[:shorter] == b[:shorter]


def _suggest(key: str) -> str:
    close = difflib.get_close_matches(key, SCHEMA, n=1)
    if close:
        return f"did you mean `{close[0]}`?"
    return "known keys: " + ", ".join(sorted(SCHEMA))
