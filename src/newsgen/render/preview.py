"""Preview first: the pages of edited articles, or the pages open in a browser as edited
templates make them, rendered at once from the last build's plan, for the preview to show
while the full build that publishes them runs.

Only an edit that cannot change any other page's plan is previewed: the article must be one
the last build published, read without errors, with the same id, URL, date, topics, authors,
image and links. Its title, summary, body and notes may change; the full build then brings
every page that shows them up to date. A template edit changes no plan. Anything else is left
to the full build alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from markupsafe import Markup

from newsgen.config.site import SiteConfig
from newsgen.content.articles import read_article
from newsgen.diagnostics import NewsgenError, has_errors
from newsgen.model import Article
from newsgen.plan.edits import keeps_plan
from newsgen.plan.page import Page
from newsgen.plan.pages import article_context, plan_pages
from newsgen.plan.views import Views, with_articles
from newsgen.render.assets import collect_assets
from newsgen.render.markup import BodyRenderer
from newsgen.render.templates import make_environment, render_page

if TYPE_CHECKING:
    import jinja2


@dataclass
class LastPlan:
    """The views of the last build's archive, and what rendering one of its pages needs."""

    views: Views
    by_path: Mapping[str, str]
    """Article id by source file ('content/a.md')."""
    _environment: jinja2.Environment | None = field(default=None, repr=False)
    _pages: dict[str, Page] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, views: Views) -> LastPlan:
        """The plan of the build that made `views`."""
        return cls(views, views.archive.by_source())

    @property
    def environment(self) -> jinja2.Environment:
        """The templates, loaded on the first preview (and kept for the next ones)."""
        if self._environment is None:
            config = self.views.config
            self._environment = make_environment(config, collect_assets(config))
        return self._environment

    @property
    def pages(self) -> Mapping[str, Page]:
        """Its pages by URL, planned on the first template edit shown on a page that is not an
        article's (and kept for the next ones)."""
        if self._pages is None:
            views = self.views
            planned = plan_pages(views.archive, views.config, views)
            self._pages = {page.url: page for page in planned}
        return self._pages


def template_preview(plan: LastPlan, page_urls: Iterable[str]) -> dict[str, bytes]:
    """URL -> HTML of the planned pages at `page_urls`, made by the templates as they are on
    disk now (after a template edit). A page is left out when it is not planned (a redirect),
    when its templates fail, or when its article's file no longer keeps the plan: the full
    build publishes it, or says what is wrong."""
    config, views = plan.views.config, plan.views
    environment = make_environment(config, collect_assets(config))  # the templates of now
    articles = {url: uid for uid, url in views.article_urls.items()}  # no other page planned
    shown = {}
    for url in page_urls:
        if url in articles:
            source = views.archive.sources[articles[url]]
            shown.update(preview_pages(plan, [source], environment) or {})
            continue
        page = plan.pages.get(url)
        if page is None:
            continue
        try:
            html = render_page(environment, page.template, page.context, config)
        except NewsgenError:
            continue
        shown[url] = html.encode("utf-8")
    return shown


def preview_pages(
    plan: LastPlan, paths: Iterable[str], environment: jinja2.Environment | None = None
) -> dict[str, bytes] | None:
    """URL -> HTML of the page of each edited article ('content/a.md'), made by `environment`
    (else the plan's templates); None when some edit is not one a preview can show (the full
    build will tell why, if anything is wrong)."""
    config = plan.views.config
    edited = {}
    for path in paths:
        article = _edited(plan, config, path)
        if article is None:
            return None
        edited[article.uid] = article
    views = with_articles(plan.views, edited)
    bodies = BodyRenderer(raw_html=config.markdown_raw_html, media=views.archive.media.body)
    pages = {}
    for uid, article in edited.items():
        context = article_context(views, uid)
        body = Markup(bodies.render_text(article, article.body))  # safe: the renderer escapes
        context = {**context, "article": {**context["article"], "body_html": body}}
        try:
            html = render_page(environment or plan.environment, "article.html", context, config)
        except NewsgenError:
            return None
        pages[views.article_urls[uid]] = html.encode("utf-8")
    return pages


def _edited(plan: LastPlan, config: SiteConfig, path: str) -> Article | None:
    uid = plan.by_path.get(path)
    if uid is None:
        return None
    try:
        loaded = read_article(config.root / path, config)
    except NewsgenError:
        return None
    if has_errors(loaded.diagnostics):
        return None
    article, last = loaded.article, plan.views.archive.articles[uid]
    return article if keeps_plan(last, article) else None
