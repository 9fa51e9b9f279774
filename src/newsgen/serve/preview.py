"""Preview first under `newsgen serve`: an edited article's page, or after a template edit the
pages open in a browser, are shown at once, rendered in memory from the last build's plan,
while the full build that publishes them runs."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING
from urllib.parse import unquote

from newsgen.config.site import SiteConfig
from newsgen.plan import urls
from newsgen.render.preview import LastPlan, preview_pages, template_preview
from newsgen.serve.changes import ChangeKind
from newsgen.serve.files import ServedSite

if TYPE_CHECKING:
    from newsgen.plan.views import Views
    from newsgen.serve.server import DevServer
    from newsgen.serve.watch import Batch


class PreviewFirst:
    """Shows previews on the server; keeps the plan of the last build that made one."""

    def __init__(self, server: DevServer) -> None:
        self._server = server
        self._plan: LastPlan | None = None

    def remember(self, views: Views | None) -> None:
        """The plan of the build that made `views` is the one to preview from (None: a build
        that changed nothing, so the last plan stays)."""
        if views is not None:
            self._plan = LastPlan.of(views)

    def show(self, config: SiteConfig, changes: Batch) -> None:
        """Show the pages the changes make now, if a preview can show them: the pages of the
        edited articles, or after template edits, the pages open in a browser; those reload."""
        plan = self._plan
        if plan is None or plan.views.config != config or not changes:
            return
        served = ServedSite.of(config)
        if all(change.kind is ChangeKind.TEMPLATE for change in changes):
            open_urls = (_page_url(served, path) for path in self._server.live.open_pages())
            pages: dict[str, bytes] | None = template_preview(plan, filter(None, open_urls))
        elif all(c.kind is ChangeKind.CONTENT and c.path.endswith(".md") for c in changes):
            pages = preview_pages(plan, sorted({change.path for change in changes}))
        else:
            return
        if not pages:
            return
        overlay = {urls.output_file(url).as_posix(): html for url, html in pages.items()}
        site = dataclasses.replace(served, overlay=overlay)
        self._server.site = site
        self._server.live.previewed([path for file in overlay for path in _paths(site, file)])

    def settle(self, config: SiteConfig) -> tuple[str, ...]:
        """The build is done: the server shows its files again. Returns the URL paths of the
        previewed pages it published as they were shown (their pages need no reload)."""
        shown = self._server.site
        site = ServedSite.of(config)
        self._server.site = site
        same = []
        for file, html in shown.overlay.items():
            try:
                published = (site.output / file).read_bytes()
            except OSError:
                continue
            if published == html:
                same += _paths(site, file)
        return tuple(same)

    def withdraw(self) -> bool:
        """The build failed: the server shows the last good files again. True when a
        preview was being shown (its pages must reload to show the last good version)."""
        site = self._server.site
        if not site.overlay:
            return False
        self._server.site = dataclasses.replace(site, overlay={})
        return True


def _page_url(site: ServedSite, path: str) -> str | None:
    """The URL of the page a browser shows at the URL path `path` ('/news/a/index.html' ->
    '/a/'); None for a path outside the site."""
    path = unquote(path)
    if not path.startswith(site.mount):
        return None
    return "/" + path[len(site.mount) :].removesuffix("index.html")


def _paths(site: ServedSite, file: str) -> list[str]:
    """The URL paths a browser may show an output file at: '/a/' and '/a/index.html'."""
    return [site.href(file), site.mount + file]
