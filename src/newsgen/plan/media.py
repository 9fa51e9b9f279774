"""Pictures and local links of published articles: what each page shows and every image file
the build publishes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from newsgen.cache.store import digest
from newsgen.config.site import SiteConfig
from newsgen.content.media import SiteMedia
from newsgen.content.references import linked_file
from newsgen.diagnostics import Diagnostic, warning
from newsgen.model import Article, Reference, ReferenceKind
from newsgen.plan import urls
from newsgen.plan.images import Rendition, Variant, plan_rendition


@dataclass(frozen=True)
class Picture:
    """How a page shows one image: files and sizes for <img>/<picture>, all as hrefs."""

    src: str
    """The largest file in the source's format (or the URL of an image on the web)."""
    width: int = 0
    height: int = 0
    """0 for an image on the web, whose size is not known."""
    srcset: str = ""
    webp_srcset: str = ""
    share: tuple[str, ...] = ()
    """Absolute URLs for og:image and JSON-LD: the 16x9, 4x3 and 1x1 crops, else `src`."""


@dataclass(frozen=True)
class BodyMedia:
    """An article body's images and its links to other articles, by target as written."""

    images: Mapping[str, Picture] = field(default_factory=dict)
    links: Mapping[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """What the rendered body depends on beside its text."""
        if not self.images and not self.links:
            return ""
        return digest(repr(sorted(self.images.items())), repr(sorted(self.links.items())))


NO_MEDIA = BodyMedia()


@dataclass(frozen=True)
class MediaPlan:
    """Every image file to publish, and what each article shows."""

    renditions: Mapping[str, Rendition] = field(default_factory=dict)
    """By source path (site-relative), in path order."""
    leads: Mapping[str, Picture] = field(default_factory=dict)
    """Each article's lead image, by article id."""
    bodies: Mapping[str, BodyMedia] = field(default_factory=dict)
    """Each body's pictures and links, by article id (only bodies that have some)."""
    site_links: tuple[tuple[str, int, str], ...] = ()
    """(file, line, path) of every body link to a path of the site, to check against the plan."""

    def body(self, article: Article) -> BodyMedia:
        """The article body's pictures and links (none: empty)."""
        return self.bodies.get(article.uid, NO_MEDIA)


def plan_media(
    published: Mapping[str, Article],
    every: Iterable[Article],
    media: SiteMedia,
    config: SiteConfig,
) -> MediaPlan:
    """Pictures and links of the `published` articles; `every` article (drafts too) may be
    linked to by its file."""
    by_file = {article.source_path: article for article in every}
    renditions: dict[str, Rendition] = {}
    leads: dict[str, Picture] = {}
    bodies: dict[str, BodyMedia] = {}
    site_links: list[tuple[str, int, str]] = []
    for uid, article in published.items():
        pictures: dict[str, Picture] = {}
        links: dict[str, str] = {}
        for reference in article.references:
            if reference.kind is ReferenceKind.LINK:
                _link(article, reference, by_file, config, links, site_links)
                continue
            path = media.located.get((uid, reference.target))
            if path is None:
                continue  # refused when inspected
            rendition = renditions.get(path) or plan_rendition(media.files[path])
            renditions[path] = rendition
            picture = picture_of(rendition, config)
            if reference.kind is ReferenceKind.LEAD:
                leads[uid] = picture
            else:
                pictures[reference.target] = picture
        if uid not in leads and article.image.startswith(("http://", "https://")):
            leads[uid] = Picture(src=article.image, share=(article.image,))
        if pictures or links:
            bodies[uid] = BodyMedia(MappingProxyType(pictures), MappingProxyType(links))
    return MediaPlan(
        renditions=MappingProxyType(dict(sorted(renditions.items()))),
        leads=MappingProxyType(leads),
        bodies=MappingProxyType(bodies),
        site_links=tuple(site_links),
    )


def picture_of(rendition: Rendition, config: SiteConfig) -> Picture:
    """The rendition as a page shows it: hrefs of every width, absolute URLs to share."""
    largest = rendition.largest
    shared = rendition.crops or (largest,)
    return Picture(
        src=urls.href(config, largest.url),
        width=largest.width,
        height=largest.height,
        srcset=_srcset(rendition.original, config) if len(rendition.original) > 1 else "",
        webp_srcset=_srcset(rendition.webp, config),
        share=tuple(urls.absolute(config, variant.url) for variant in shared),
    )


def links_checked(plan: MediaPlan, pages: Iterable[str], config: SiteConfig) -> list[Diagnostic]:
    """What is wrong with the bodies' local links that only the build can tell: those to site
    paths that none of the `pages` (URLs) answers. (A link to a draft's file is the loader's.)

    A body link is published as written, so it is compared with each page's address as a
    browser asks for it: under the path of a `base_url` such as https://example.org/news/."""
    return unknown_site_links(plan, {urls.href(config, page) for page in pages})


def unknown_site_links(plan: MediaPlan, known: set[str]) -> list[Diagnostic]:
    """A warning for each body link to a page path of the site that no page answers."""
    found = []
    for path, line, target in plan.site_links:
        page = target.split("#", 1)[0].split("?", 1)[0]
        last = page.rsplit("/", 1)[-1]
        if "." in last:
            continue  # a file (a feed, a download): not a page this plan knows of
        if (page if page.endswith("/") else f"{page}/") not in known:
            message = f"links to {target}, which is no page of this site"
            hint = "fix the path, or link to the article's .md file instead"
            found.append(warning(path, line, message, hint))
    return found


def _srcset(variants: tuple[Variant, ...], config: SiteConfig) -> str:
    return ", ".join(f"{urls.href(config, v.url)} {v.width}w" for v in variants)


def _link(
    article: Article,
    reference: Reference,
    by_file: Mapping[str, Article],
    config: SiteConfig,
    links: dict[str, str],
    site_links: list[tuple[str, int, str]],
) -> None:
    """Resolve a body link to an article's file; note one to a site path for checking."""
    target = reference.target
    if target.startswith("/"):
        site_links.append((article.source_path, reference.line, target))
        return
    file = linked_file(article.source_path, target)
    linked = by_file.get(file) if file else None
    if linked is None:
        return  # a relative page URL, left as written; a missing file is the loader's error
    url = urls.href(config, urls.article(config, linked.slug, linked.date))
    fragment = target.partition("#")[2]
    links[target] = f"{url}#{fragment}" if fragment else url
