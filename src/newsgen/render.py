"""Rendering: the Jinja environment (theme, site overrides) and template errors as diagnostics."""

from __future__ import annotations

import traceback
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jinja2
from babel.dates import format_date

from newsgen import urls
from newsgen.assets import AssetMap, theme_folder
from newsgen.config import SiteConfig
from newsgen.diagnostics import ContentError

DATE_FORMATS = {"month": "LLLL y", "year": "y"}


def make_environment(config: SiteConfig, assets: AssetMap) -> jinja2.Environment:
    """Autoescaping, strict Jinja environment; the site's templates override the theme's."""
    folders = [config.templates_path, theme_folder("templates")]
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in folders if f.is_dir()]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    locale = config.language.replace("-", "_")
    environment.filters["date"] = lambda value, style="long": _format(value, style, locale)
    environment.filters["isodate"] = _isodate
    environment.globals["asset"] = lambda name: urls.href(config, assets.url(name))
    return environment


def render_page(
    environment: jinja2.Environment, template: str, context: dict[str, Any], config: SiteConfig
) -> str:
    """Render one template; any template problem becomes a diagnostic naming file and line."""
    try:
        return environment.get_template(template).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise ContentError(
            _shown(exc.filename, config), exc.lineno, exc.message or str(exc)
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise ContentError(f"templates/{exc.name}", 0, "template not found") from None
    except Exception as exc:  # any runtime error inside a template is the template's fault
        filename, line = _template_frame(exc)
        message = (
            f"{type(exc).__name__}: {exc}"
            if not isinstance(exc, jinja2.UndefinedError)
            else str(exc)
        )
        raise ContentError(_shown(filename, config), line, message) from None


def _template_frame(exc: BaseException) -> tuple[str | None, int]:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".html")]
    if not frames:
        return None, 0
    return frames[-1].filename, frames[-1].lineno or 0


def _shown(filename: str | None, config: SiteConfig) -> str:
    if filename is None:
        return "templates"
    path = Path(filename).resolve()
    if path.is_relative_to(config.root.resolve()):
        return path.relative_to(config.root.resolve()).as_posix()
    return f"theme:{path.name}"


def _format(value: datetime | date, style: str, locale: str) -> str:
    """Babel date in the site language: 'long', 'medium', 'short', 'month', 'year' or a pattern."""
    return format_date(value, DATE_FORMATS.get(style, style), locale=locale)


def _isodate(value: datetime | date) -> str:
    return value.isoformat()
