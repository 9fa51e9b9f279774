"""The config's fields: each key of `newsgen.yaml`, the check of its value, and its conversion."""

from __future__ import annotations

import importlib.util
import re
import string
import zoneinfo
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from newsgen.config.redirect_paths import redirect_paths
from newsgen.config.site import (
    CONFIG_NAME,
    AuthorProfile,
    DateOrder,
    Publisher,
    RawHtml,
    SeedSource,
    TopicSpec,
)
from newsgen.config.site_paths import article_path_problem
from newsgen.diagnostics import Diagnostic, error

if TYPE_CHECKING:
    from newsgen.config.yamlsource import YamlMapping

UNSAFE_IN_URL = re.compile(r"[\x00-\x20\x7f-\x9f\"'<>\\^`{|}?#]")
"""Characters a base URL may not hold raw: spaces, quotes, markup; no query or fragment."""
PLAIN_LOCALE = re.compile(r"[a-z]{2,3}(_[A-Za-z0-9]{2,8})*")
"""A locale identifier as Babel names its data files: en, pt_BR, sr_Latn_BA."""
MACHINE_ZONES = frozenset({"localtime", "posixrules"})
"""Files of the system's zone database that are this machine's settings, not IANA zones."""
MAX_COUNT = 1_000_000_000
"""The largest count a setting takes: more is meaningless, and a count past the machine's
integers (10**19 feed items) would stop the build when slicing by it."""


Checker = Callable[[Any, str], Any]
"""Validates a raw YAML value; returns the converted value or raises ValueError(reason)."""


def _text(value: Any, key: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"`{key}` must be text, got {_describe(value)}")
    return value


def _positive_int(value: Any, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"`{key}` must be a whole number of at least 1, got {_describe(value)}")
    if value > MAX_COUNT:
        raise ValueError(
            f"`{key}` must be a whole number from 1 to {MAX_COUNT:,}, got {_describe(value)}"
        )
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
        parts.port  # noqa: B018 - raises ValueError for a port out of range (99999) or not a number
    except ValueError:
        parts = urlsplit("")
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or "@" in parts.netloc  # a user name or password: published in every link
        or UNSAFE_IN_URL.search(url)
    ):
        raise ValueError(f"`{key}` must be an absolute http(s) URL such as https://example.org/")
    return url if url.endswith("/") else url + "/"


def _language(value: Any, key: str) -> str:
    code = _text(value, key)
    if not known_language(code):
        raise ValueError(f"`{key}`: unknown language code {code!r} (use e.g. en, uk, de)")
    return code.replace("_", "-")  # the tag pages and feeds carry: en_GB is spelled en-GB


def known_language(code: str) -> bool:
    """Whether `code` (en, pt-BR, sr-Latn) names a language Babel knows."""
    identifier = code.replace("-", "_")
    return _has_locale_data(identifier) or _babel_knows(identifier)


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
    if name.lower() in MACHINE_ZONES:
        raise ValueError(
            f"`{key}`: {name!r} is this machine's setting, not a zone: another machine would "
            "date and file the articles otherwise (use an IANA name such as Europe/Kyiv)"
        )
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"`{key}`: unknown timezone {name!r} (use an IANA name such as Europe/Kyiv)"
        ) from None
    return name


def _date_order(value: Any, key: str) -> DateOrder:
    text = value.upper() if isinstance(value, str) else ""
    if text in (DateOrder.DMY, DateOrder.MDY):
        return DateOrder(text)
    if text == "YMD":
        raise ValueError(
            f"`{key}` must be DMY or MDY, got {value!r}: a date that starts with its year "
            "is always read year, month, day"
        )
    raise ValueError(
        f"`{key}` must be DMY (03/04/2024 is 3 April) or MDY (03/04/2024 is March 4), "
        f"got {_describe(value)}"
    )


def _article_path(value: Any, key: str) -> str:
    pattern = _text(value, key)
    if "{slug}" not in pattern:
        raise ValueError(f"`{key}` must contain {{slug}} so that every article has its own URL")
    if not _uses_only_plain_fields(pattern):
        raise ValueError(f"`{key}` may only use the fields {{year}} {{month}} {{day}} {{slug}}")
    sample = pattern.strip("/").format(year="2024", month="01", day="01", slug="x")
    if problem := article_path_problem(sample):
        raise ValueError(f"`{key}` {problem.format(pattern=repr(pattern))}")
    return pattern.strip("/") + "/"


ARTICLE_PATH_FIELDS = frozenset({"year", "month", "day", "slug"})


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


def _names(value: Any, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(n, str) and n.strip() for n in value):
        raise ValueError(f"`{key}` must be a list of names, such as [Example News]")
    return tuple(" ".join(name.split()) for name in value)


def _web_url(value: Any, key: str) -> str:
    url = _text(value, key)
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = urlsplit("")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"`{key}` must be an http or https URL, got {url!r}")
    return url


def _image(value: Any, key: str) -> str:
    """An image of the site: an http(s) URL, or a file of static/ ('static/logo.png')."""
    text = _text(value, key).strip()
    if "://" in text or text.lower().startswith(("javascript:", "data:")):
        return _web_url(text, key)
    path = text.lstrip("/")
    if not path.startswith("static/") or ".." in path.split("/") or "\\" in path:
        raise ValueError(
            f"`{key}` must be an http or https URL or a file of static/, such as "
            f"static/logo.png, got {text!r}"
        )
    return path


def _fields_of(value: Any, key: str, allowed: dict[str, Checker], example: str) -> dict[str, Any]:
    """The checked fields of a mapping value whose keys must be among `allowed`."""
    known = ", ".join(allowed)
    if not isinstance(value, dict):
        raise ValueError(f"`{key}` must be a mapping of {known}, e.g. {example}")
    unknown = sorted(str(name) for name in set(value) - set(allowed))
    if unknown:
        raise ValueError(
            f"`{key}` has an unknown key `{unknown[0]}`: it must be a mapping of {known}, "
            f"e.g. {example}"
        )
    return {name: allowed[name](value[name], f"{key}.{name}") for name in allowed if name in value}


def _publisher(value: Any, key: str) -> Publisher:
    if isinstance(value, str):
        return Publisher(name=value)
    allowed: dict[str, Checker] = {"name": _text, "url": _web_url, "logo": _image}
    example = "{name: Example News, url: https://example.org/, logo: static/logo.png}"
    return Publisher(**_fields_of(value, key, allowed, example))


def _url_list(value: Any, key: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise ValueError(f"`{key}` must be a list of http or https URLs")
    return tuple(_web_url(item, key) for item in items)


def _authors(value: Any, key: str) -> tuple[AuthorProfile, ...]:
    if not isinstance(value, list):
        raise ValueError(f"`{key}` must be a list of author profiles, e.g. [{{name: Jane Doe}}]")
    allowed: dict[str, Checker] = {"name": _text, "bio": _text, "url": _web_url}
    allowed["same_as"] = _url_list
    example = "{name: Jane Doe, bio: ..., url: https://..., same_as: [https://...]}"
    fields = [_fields_of(item, key, allowed, example) for item in value]
    if any(not f.get("name", "").strip() for f in fields):
        raise ValueError(f"`{key}`: every author profile needs a `name`")
    profiles = [AuthorProfile(**f) for f in fields]
    names = [p.name for p in profiles]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValueError(f"`{key}`: {twice[0]!r} has two profiles; keep one")
    return tuple(profiles)


def _seed_sources(value: Any, key: str) -> tuple[SeedSource, ...]:
    if not isinstance(value, dict):
        raise ValueError(
            f"`{key}` must map seed folders to sources, e.g. {{wires: {{name: Reuters}}}}"
        )
    allowed: dict[str, Checker] = {"name": _text, "url": _web_url}
    found = []
    for folder, source in value.items():
        name = PurePosixPath(_folder(folder, key).replace("\\", "/")).as_posix()
        fields = _fields_of(source, f"{key}.{folder}", allowed, "{name: Reuters, url: https://...}")
        if not fields.get("name", "").strip():
            raise ValueError(f"`{key}.{folder}` needs a `name`")
        found.append(SeedSource(folder=name, **fields))
    return tuple(sorted(found, key=lambda s: s.folder))


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
    "date_order": _date_order,
    "per_page": _positive_int,
    "archive_per_page": _positive_int,
    "index_per_page": _positive_int,
    "feed_items": _positive_int,
    "max_topics": _positive_int,
    "min_topic_mentions": _positive_int,
    "min_topic_articles": _positive_int,
    "author": _text,
    "authors": _authors,
    "publisher": _publisher,
    "publisher_logo": _image,
    "image": _image,
    "seed_sources": _seed_sources,
    "article_path": _article_path,
    "topics": _topics,
    "noise": _noise,
    "source_names": _names,
    "markdown_raw_html": _raw_html,
    "search": _boolean,
    "search_per_year": _boolean,
    "content_dir": _folder,
    "seeds_dir": _folder,
    "output_dir": _folder,
    "params": _params,
    "redirects": redirect_paths,
}
FIELD_OF_KEY = {"params": "extra"}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    return f"{type(value).__name__} {value!r}"[:80]


def validate(mapping: YamlMapping) -> tuple[dict[str, Any], list[Diagnostic]]:
    """The typed values of the keys `mapping` gives, and a problem for each bad one."""
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


def _suggest(key: str) -> str:
    import difflib  # only for a key newsgen does not know

    close = difflib.get_close_matches(key, SCHEMA, n=1)
    if close:
        return f"did you mean `{close[0]}`?"
    return "known keys: " + ", ".join(sorted(SCHEMA))
