"""NewsArticle structured data (JSON-LD) for article pages, as Google's Article documentation
and schema.org describe it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from newsgen.config.site import SiteConfig
from newsgen.content.dates import whole_minute_offset
from newsgen.content.identity import feed_id
from newsgen.model import Article, Source
from newsgen.plan import urls
from newsgen.plan.share import home_of, logo, share_image, speaking_organization


def news_article(
    article: Article,
    config: SiteConfig,
    canonical: str,
    images: Sequence[str],
    keywords: list[str],
    authors: Sequence[tuple[str, str]],
) -> str:
    """Serialised NewsArticle, safe to place inside a <script> element.

    `images` are the absolute URLs of the article's own image (its crops), or none;
    `authors` are (slug, name) pairs.
    """
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": feed_id(article.uid),
        "headline": article.title,
        "image": list(images) or [share_image(config)],
        "datePublished": whole_minute_offset(article.date).isoformat(),
        "dateModified": whole_minute_offset(article.updated or article.date).isoformat(),
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "url": canonical,
        "inLanguage": article.language or config.language,
        "author": [_person(config, slug, name) for slug, name in authors]
        or [_speaking(config, article.source)],
        "publisher": _publisher(config),
    }
    if article.summary:
        data["description"] = article.summary
    if keywords:
        data["keywords"] = keywords
    if article.source:
        data |= _based_on(article.source)
    return script_safe_json(data)


def _person(config: SiteConfig, slug: str, name: str) -> dict[str, Any]:
    """An author: their page on this site as `url`, their profiles elsewhere as `sameAs`."""
    person: dict[str, Any] = {
        "@type": "Person",
        "name": name,
        "url": urls.absolute(config, urls.author(slug)),
    }
    profile = config.profile(name)
    elsewhere = [profile.url, *profile.same_as] if profile else []
    if any(elsewhere):
        person["sameAs"] = list(dict.fromkeys(url for url in elsewhere if url))
    return person


def _organization(config: SiteConfig) -> dict[str, Any]:
    return {"@type": "Organization", "name": config.publisher_name, "url": config.publisher_url}


def _speaking(config: SiteConfig, source: Source | None) -> dict[str, Any]:
    """The author where no person is named: the original publisher, else the site's."""
    name, url = speaking_organization(config, source)
    return {"@type": "Organization", "name": name} | ({"url": url} if url else {})


def _publisher(config: SiteConfig) -> dict[str, Any]:
    return _organization(config) | {"logo": {"@type": "ImageObject", "url": logo(config)}}


def _based_on(source: Source) -> dict[str, Any]:
    """Where the text was first published: the original (`isBasedOn`) and its publisher
    (`sourceOrganization`, at the original's site)."""
    found: dict[str, Any] = {}
    if source.url:
        found["isBasedOn"] = source.url
    organization: dict[str, Any] = {"@type": "Organization"}
    if source.name:
        organization["name"] = source.name
    if source.url:
        organization["url"] = home_of(source.url)
    if len(organization) > 1:
        found["sourceOrganization"] = organization
    return found


def script_safe_json(data: Any) -> str:
    """JSON with '<', '>' and '&' escaped, so no text can close the <script> element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
