"""Sharing metadata every page needs: the share image, the publisher's logo, the og:locale, and
the organisation credited where no person is named."""

from __future__ import annotations

from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from newsgen.config.site import SiteConfig
from newsgen.model import Source
from newsgen.plan import urls

THEME_SHARE_IMAGE = "/static/share.png"
"""The theme's default share image (1200x675); a site's static/share.png replaces it."""
THEME_LOGO = "/static/logo.png"
"""The theme's default publisher logo (512x512); a site's static/logo.png replaces it."""


def absolute_url(config: SiteConfig, url: str) -> str:
    """An http(s) URL as it is; a path under the site (`static/a.png`, `/static/a.png`), the
    name of a file, made absolute with base_url and escaped."""
    if url.startswith(("http://", "https://")):
        return url
    return urls.absolute(config, urls.escaped("/" + url.lstrip("/")))


def share_image(config: SiteConfig) -> str:
    """Absolute URL of the image for pages without their own: `image:`, else the theme's."""
    return absolute_url(config, config.image or THEME_SHARE_IMAGE)


def logo(config: SiteConfig) -> str:
    """Absolute URL of the publisher's logo: `publisher: {logo: ...}`, else the theme's."""
    return absolute_url(config, config.logo or THEME_LOGO)


def og_locale(language: str) -> str:
    """Open Graph wants language_TERRITORY: 'en' -> 'en_US', 'uk' -> 'uk_UA', 'pt-BR' ->
    'pt_BR'; a bare language takes its most likely territory (CLDR likely subtags)."""
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return language.replace("-", "_")
    territory = locale.territory or _likely_territory(locale)
    return f"{locale.language}_{territory}" if territory else locale.language


def text_direction(language: str) -> str:
    """'rtl' for a language written right to left (ar, he, fa, ur...), else 'ltr'."""
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return "ltr"
    return "rtl" if locale.character_order == "right-to-left" else "ltr"


def _likely_territory(locale: Locale) -> str | None:
    """The likeliest territory of the language in its script: zh-Hant is Taiwan's, not China's."""
    subtags = get_global("likely_subtags")
    likely = subtags.get(f"{locale.language}_{locale.script}") or subtags.get(locale.language)
    return Locale.parse(likely).territory if likely else None


def speaking_organization(config: SiteConfig, source: Source | None) -> tuple[str, str]:
    """Name and URL of the organisation an article with no named person is credited to: its
    original publisher when it has a source (agency copy is never the site's own), named by
    the source, else by its site's address ('wire.example'); else the site's publisher. The URL
    may be '' for a source known only by name."""
    if source is not None and (source.name or source.url):
        host = urlsplit(source.url).hostname or ""
        return source.name or host.removeprefix("www."), home_of(source.url)
    return config.publisher_name, config.publisher_url


def home_of(url: str) -> str:
    """The home page of the site `url` is on ('' for '')."""
    if not url:
        return ""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"
