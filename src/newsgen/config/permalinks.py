"""Article addresses: the configured `article_path` pattern filled in for one article."""

from __future__ import annotations

from datetime import datetime

from newsgen.config.site import SiteConfig


def article_url(config: SiteConfig, slug: str, date: datetime) -> str:
    """Site path of an article page, from the pattern and the date in the site timezone."""
    local = date.astimezone(config.zone)
    path = config.article_path.format(
        year=f"{local.year:04d}", month=f"{local.month:02d}", day=f"{local.day:02d}", slug=slug
    )
    return "/" + path
