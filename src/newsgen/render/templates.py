"""Rendering: the Jinja environment (theme, site overrides) and template errors as diagnostics."""

from __future__ import annotations

import contextlib
import functools
import re
import string
import traceback
from collections.abc import Callable, MutableMapping
from datetime import date, datetime, time
from html import escape
from pathlib import Path
from types import CodeType
from typing import Any
from urllib.parse import urljoin

import jinja2
from babel.dates import format_date, format_time, get_time_format
from markupsafe import Markup

from newsgen import __version__
from newsgen.config.site import SiteConfig, theme_folder
from newsgen.config.site_folders import folder_problems
from newsgen.content.dates import whole_minute_offset
from newsgen.diagnostics import ContentError, NewsgenError
from newsgen.plan import urls
from newsgen.plan.share import og_locale, share_image, text_direction
from newsgen.plan.views import Shared
from newsgen.render.assets import AssetMap
from newsgen.render.fragments import Remembered
from newsgen.render.overrides import misspelt_templates

COMPILED_TEMPLATES = ".newsgen/templates"
"""Jinja's compiled templates, keyed by name, file and source checksum: compiled once."""
_COMPILED_BY = f"newsgen-{__version__}-jinja-{jinja2.__version__}"
"""Compiled code depends on the environment's settings too: a newer newsgen compiles afresh."""
CLOCK_FIELDS = frozenset("aBbHhKkmSs")
"""Babel pattern letters of the time of day alone (no zone, no date)."""
QUOTED = re.compile("'[^']*'")
"""A pattern's literal text."""
DATE_FORMATS = {"month": "LLLL y", "year": "y"}
"""Named date styles beyond Babel's own 'full', 'long', 'medium' and 'short'."""


def make_environment(config: SiteConfig, assets: AssetMap) -> jinja2.Environment:
    """Autoescaping, strict Jinja environment; the site's templates override the theme's.

    Templates are loaded once per environment and never re-checked on disk (a build makes
    a new environment), so rendering thousands of pages costs no file system calls. Their
    compiled code is kept in `.newsgen/templates/` (Jinja checks each against its source), so
    a build compiles only the templates edited since the last one.
    """
    if problems := folder_problems(config.templates_path, config.root) or misspelt_templates(
        config
    ):
        raise NewsgenError(problems)
    folders = [config.templates_path, theme_folder("templates")]
    environment = _Environment(
        loader=_Loader([str(f) for f in folders if f.is_dir()]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        cache_size=-1,
        bytecode_cache=_compiled_templates(compiled_folder(config)),
    )
    locale = config.language.replace("-", "_")
    days = functools.cache(format_day)  # Babel is slow; an archive spans a few thousand days
    environment.filters["date"] = lambda value, style="long": days(_day(value), style, locale)
    environment.filters["time"] = time_filter(locale)
    environment.filters["isodate"] = isodate
    environment.filters["absolute"] = lambda href: urljoin(config.base_url, href)
    environment.globals["asset"] = functools.cache(  # a few names, asked for on every page
        lambda name: urls.href(config, urls.escaped(assets.url(name)))
    )
    environment.globals["share_image"] = share_image(config)
    environment.globals["og_locale"] = og_locale(config.language)
    environment.filters["og_locale"] = og_locale
    environment.filters["lang"] = language_attributes(config.language)
    environment.globals["text_direction"] = text_direction(config.language)
    return environment


class _Template(jinja2.Template):
    """A template that keeps its output by the values it reads, when it proves a fragment."""

    @classmethod
    def from_code(
        cls,
        environment: jinja2.Environment,
        code: CodeType,
        globals: MutableMapping[str, Any],
        uptodate: Callable[[], bool] | None = None,
    ) -> jinja2.Template:
        template = super().from_code(environment, code, globals, uptodate)
        loader = environment.loader
        sources = loader.sources if isinstance(loader, _Loader) else {}
        source = functools.partial(sources.get, template.name)
        template.root_render_func = Remembered(environment, template.root_render_func, source)
        return template


class _Loader(jinja2.FileSystemLoader):
    """The site's and the theme's template folders; it keeps the source of each template it
    loads, which `Remembered` reads to tell a fragment."""

    def __init__(self, searchpath: list[str]) -> None:
        super().__init__(searchpath)
        self.sources: dict[str, str] = {}

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        self.sources[template] = source
        return source, filename, uptodate


class _Environment(jinja2.Environment):
    """Jinja's environment with cheaper lookups; what they find is what Jinja's finds.

    `a.b` on a context's plain dicts is looked up as an item at once: Jinja tries an attribute
    first and an item when that raises, and on a dict, whose attributes are its type's, the
    raise is certain for any other name and costs more than the lookup (2 million of them
    when every article page of 10,000 is rendered).
    """

    template_class = _Template

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals as a plain dict, not Jinja's ChainMap over the environment's:
        each include and import compares its keys with them, which a ChainMap answers in
        Python (a million times for 10,000 article pages). Every global is set before a
        template is loaded, as Jinja asks, so nothing is lost by the copy."""
        return {**self.globals, **(d or {})}

    def getattr(self, obj: Any, attribute: str) -> Any:
        own = _DICT_ATTRIBUTES.get(type(obj))
        if own is None or attribute in own:
            return super().getattr(obj, attribute)
        try:
            return obj[attribute]
        except KeyError:
            return self.undefined(obj=obj, name=attribute)


_DICT_ATTRIBUTES = {kind: frozenset(dir(kind)) for kind in (dict, Shared)}
"""Every attribute an instance of these types has: none of them has its own (slots only)."""


def compiled_folder(config: SiteConfig) -> Path:
    """Where this newsgen and Jinja keep what they learnt of the site's templates."""
    return config.root / COMPILED_TEMPLATES / _COMPILED_BY


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates, which a build does without when it cannot write it
    (a full disk): it only saves time."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _compiled_templates(folder: Path) -> jinja2.BytecodeCache | None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _CompiledTemplates(str(folder))


def render_page(
    environment: jinja2.Environment,
    template: str,
    context: dict[str, Any],
    config: SiteConfig,
    page: str = "",
) -> str:
    """Render one template; any template problem becomes a diagnostic naming file and line,
    and for an error at run time (which may come from one page's data) the `page` rendered."""
    try:
        return environment.get_template(template).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise ContentError(
            _shown(exc.filename, config), exc.lineno, exc.message or str(exc)
        ) from None
    except jinja2.TemplateNotFound as exc:
        filename, line = _template_frame(exc, environment)
        shown = _shown(filename, config) if filename else f"templates/{exc.name}"
        message = f"template not found: templates/{exc.name} (neither in the site nor the theme)"
        raise ContentError(shown, line, message) from None
    except Exception as exc:  # any runtime error inside a template is the template's fault
        filename, line = _template_frame(exc, environment)
        message = str(exc) if isinstance(exc, jinja2.UndefinedError) else _describe(exc)
        message += f" (on {page})" if page else ""
        raise ContentError(_shown(filename, config), line, message) from None


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"


def _template_frame(exc: BaseException, environment: jinja2.Environment) -> tuple[str | None, int]:
    """The innermost traceback frame in a template file (Jinja maps frames to template lines)."""
    loader = environment.loader
    folders = loader.searchpath if isinstance(loader, jinja2.FileSystemLoader) else []
    roots = [Path(folder).resolve() for folder in folders]
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        path = Path(frame.filename).resolve()
        if any(path.is_relative_to(root) for root in roots):
            return frame.filename, frame.lineno or 0
    return None, 0


def _shown(filename: str | None, config: SiteConfig) -> str:
    """Site templates relative to the site root; the default theme's as 'theme:<name>'."""
    if filename is None:
        return "templates"
    path = Path(filename).resolve()
    if path.is_relative_to(config.root.resolve()):
        return path.relative_to(config.root.resolve()).as_posix()
    return f"theme:{path.relative_to(theme_folder('templates').resolve()).as_posix()}"


def format_day(value: datetime | date, style: str, locale: str) -> str:
    """Babel date in the site language: 'long', 'medium', 'short', 'full', 'month', 'year'."""
    return format_date(value, DATE_FORMATS.get(style, style), locale=locale)


def time_filter(locale: str) -> Callable[[datetime | time], str]:
    """Babel's short time of day; kept by the clock time when the locale's pattern shows
    nothing else, as every locale's does (the rows of 10,000 articles show a time each)."""
    pattern = get_time_format("short", locale).pattern
    fields = set(QUOTED.sub("", pattern)) & set(string.ascii_letters)
    if not fields <= CLOCK_FIELDS:
        return lambda value: format_time(value, "short", locale=locale)
    clock = functools.lru_cache(maxsize=4096)(
        lambda wall: format_time(wall, "short", locale=locale)
    )
    return lambda value: clock(
        value.replace(tzinfo=None) if isinstance(value, time) else value.time()
    )


def _day(value: datetime | date) -> date:
    """The calendar day Babel formats (it drops a datetime's time, never converting its zone).

    Equal datetimes in different zones can fall on different days, so a cache must be keyed
    by the day, never by the datetime.
    """
    return value.date() if isinstance(value, datetime) else value


def isodate(value: datetime | date) -> str:
    """ISO 8601 for <time datetime>: to the second, with the UTC offset (in whole minutes, as
    HTML wants it) for datetimes."""
    if isinstance(value, datetime):
        return whole_minute_offset(value).isoformat(timespec="seconds")
    return value.isoformat()


NO_ATTRIBUTES = Markup("")
"""What the `lang` filter gives for the site's own language (made once: asked for on every
card and row)."""


def language_attributes(site_language: str) -> Callable[[str], Markup]:
    """The `lang` filter: ` lang="fr"` for text in a language other than the site's, with its
    `dir` when it is written the other way; nothing for the site's language ('')."""
    direction = functools.cache(text_direction)
    site = direction(site_language)

    def attributes(language: str) -> Markup:
        if not language:
            return NO_ATTRIBUTES
        other = direction(language)
        shown = f' dir="{other}"' if other != site else ""
        return Markup(f' lang="{escape(language)}"{shown}')

    return attributes
