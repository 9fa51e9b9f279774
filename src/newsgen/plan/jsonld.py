"""NewsArticle structured data (JSON-LD) for article pages."""

from __future__ import annotations

import json
from typing import Any

from newsgen.config.site import SiteConfig
from newsgen.content.identity import feed_id
from newsgen.model import Article
from newsgen.plan import urls


def news_article(
    article: Article, config: SiteConfig, canonical: str, image: str, keywords: list[str]
) -> str:
    """Serialised NewsArticle, safe to place inside a <script> element."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": feed_id(article.uid),
        "headline": article.title,
        "datePublished": article.date.isoformat(),
        "dateModified": (article.updated or article.date).isoformat(),
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "url": canonical,
        "inLanguage": config.language,
        "publisher": _publisher(config),
    }
    if article.authors:
        data["author"] = [{"@type": "Person", "name": name} for name in article.authors]
    if article.summary:
        data["description"] = article.summary
    if keywords:
        data["keywords"] = keywords
    if image:
        data["image"] = [image]
    return script_safe_json(data)


def _publisher(config: SiteConfig) -> dict[str, Any]:
    publisher: dict[str, Any] = {"@type": "Organization", "name": config.publisher_name}
    if config.publisher_logo:
        publisher["logo"] = {
            "@type": "ImageObject",
            "url": _absolute(config, config.publisher_logo),
        }
    return publisher


def _absolute(config: SiteConfig, url: str) -> str:
    if url.startswith(("http://", "https://")):
        return url
    return urls.absolute(config, "/" + url.lstrip("/"))


def script_safe_json(data: Any) -> str:
    """JSON with '<', '>' and '&' escaped, so no text can close the <script> element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
