"""What a build would refuse once it plans the pages, told by `newsgen check` without
building: pages that clash (a slug `archive`), aliases that are pages of the site, and
`redirects:` entries that cannot be."""

from __future__ import annotations

from datetime import datetime

from newsgen.builder import WORK
from newsgen.config.site import SiteConfig
from newsgen.content.loader import SiteContent
from newsgen.diagnostics import Diagnostic, Level, NewsgenError, has_errors
from newsgen.plan.archive import build_archive
from newsgen.plan.pages import plan_pages
from newsgen.plan.redirects import plan_redirects
from newsgen.plan.views import Views
from newsgen.publish.history import read_history


def planning_errors(config: SiteConfig, content: SiteContent, now: datetime) -> list[Diagnostic]:
    """The errors planning the pages of `content` gives; none when loading it gave errors
    already (a build stops there)."""
    if has_errors(content.diagnostics):
        return []
    archive = build_archive(content.articles, config, False, False, now, content.media)
    try:
        pages = plan_pages(archive, config, Views(archive, config))
    except NewsgenError as exc:
        return list(exc.diagnostics)
    history, _ = read_history(config.root / WORK)
    moves = plan_redirects(archive, config, history, pages)
    return [d for d in moves.diagnostics if d.level is Level.ERROR]
