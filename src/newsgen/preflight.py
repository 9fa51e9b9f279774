"""What a build would refuse once it plans the pages, told by `newsgen check` without
building: pages that clash (a slug `archive`), aliases that are pages of the site,
`redirects:` entries that cannot be, files of `static/` that cannot be published, and a
`templates/` or `static/` that is a link to nothing, or holds a name spelt as another but
for case."""

from __future__ import annotations

from datetime import datetime

from newsgen.builder import WORK
from newsgen.config.site import SiteConfig
from newsgen.config.site_folders import folder_problems
from newsgen.content.loader import SiteContent
from newsgen.diagnostics import Diagnostic, Level, NewsgenError, has_errors
from newsgen.plan.archive import build_archive
from newsgen.plan.pages import plan_pages
from newsgen.plan.redirects import plan_redirects
from newsgen.plan.views import Views
from newsgen.publish.history import read_history
from newsgen.render.assets import collect_assets
from newsgen.render.overrides import misspelt_templates


def planning_errors(config: SiteConfig, content: SiteContent, now: datetime) -> list[Diagnostic]:
    """The errors planning the pages of `content` gives (none when loading it gave errors
    already: a build stops there), and those of the static files."""
    static = _static_errors(config)
    if has_errors(content.diagnostics):
        return static
    archive = build_archive(content.articles, config, False, False, now, content.media)
    try:
        pages = plan_pages(archive, config, Views(archive, config))
    except NewsgenError as exc:
        return static + list(exc.diagnostics)
    history, _ = read_history(config.root / WORK)
    moves = plan_redirects(archive, config, history, pages)
    return static + [d for d in moves.diagnostics if d.level is Level.ERROR]


def _static_errors(config: SiteConfig) -> list[Diagnostic]:
    """The files of `static/` (and the theme's) that a build would refuse to publish, and a
    `templates/` that is a link to nothing."""
    found = folder_problems(config.templates_path, config.root) or misspelt_templates(config)
    try:
        collect_assets(config)
    except NewsgenError as exc:
        return found + list(exc.diagnostics)
    return found
