"""Preview first: the pages of edited articles, rendered at once from the last build's plan, for
the preview to show while the full build that publishes them runs.

Only an edit that cannot change any other page's plan is previewed: the article must be one
the last build published, read without errors, with the same id, URL, date, topics, authors,
image and links. Its title, summary, body and notes may change; the full build then brings
every page that shows them up to date. Anything else is left to the full build alone.
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
from newsgen.plan.pages import article_context
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


def preview_pages(plan: LastPlan, paths: Iterable[str]) -> dict[str, bytes] | None:
    """URL -> HTML of the page of each edited article ('content/a.md'); None when some edit is
    not one a preview can show (the full build will tell why, if anything is wrong)."""
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
            html = render_page(plan.environment, "article.html", context, config)
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
