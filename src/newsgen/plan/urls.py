"""URLs and output paths: the only module that knows where each page lives."""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlsplit

from newsgen.config.permalinks import article_url
from newsgen.config.site import SiteConfig

HOME = "/"
ARCHIVE = "/archive/"
TOPICS = "/topics/"
SEARCH = "/search/"
AUTHORS = "/authors/"
CORRECTIONS = "/corrections/"
CORRECTIONS_FEED = "/corrections/feed.xml"
ATOM_FEED = "/feed.xml"
RSS_FEED = "/rss.xml"
JSON_FEED = "/feed.json"
SITEMAP = "/sitemap.xml"
NEWS_SITEMAP = "/news-sitemap.xml"
ROBOTS = "/robots.txt"
NOT_FOUND = "/404.html"


class UnsafePathError(ValueError):
    """A URL or path that would escape the output root."""


def _page_suffix(page: int) -> str:
    return "" if page <= 1 else f"page/{page}/"


def home(page: int = 1) -> str:
    """Home page, paginated as /page/2/..."""
    return HOME + _page_suffix(page)


def year(y: int, page: int = 1) -> str:
    """Year archive, paginated as /2024/page/2/..."""
    return f"/{y:04d}/" + _page_suffix(page)


def month(y: int, m: int, page: int = 1) -> str:
    """Month archive, paginated."""
    return f"/{y:04d}/{m:02d}/" + _page_suffix(page)


def day(y: int, m: int, d: int, page: int = 1) -> str:
    """Day archive, paginated."""
    return f"/{y:04d}/{m:02d}/{d:02d}/" + _page_suffix(page)


def topics(page: int = 1) -> str:
    """The topics index, paginated as /topics/page/2/..."""
    return TOPICS + _page_suffix(page)


def authors(page: int = 1) -> str:
    """The authors index, paginated as /authors/page/2/..."""
    return AUTHORS + _page_suffix(page)


def topic(slug: str, page: int = 1) -> str:
    """Topic page, paginated."""
    return f"{TOPICS}{slug}/" + _page_suffix(page)


def topic_feed(slug: str) -> str:
    """Atom feed of one topic."""
    return f"{TOPICS}{slug}/feed.xml"


def author(slug: str, page: int = 1) -> str:
    """An author's page, paginated."""
    return f"{AUTHORS}{slug}/" + _page_suffix(page)


def author_feed(slug: str) -> str:
    """Atom feed of one author's articles."""
    return f"{AUTHORS}{slug}/feed.xml"


def corrections(page: int = 1) -> str:
    """The corrections page, paginated."""
    return CORRECTIONS + _page_suffix(page)


def sitemap_part(number: int) -> str:
    """One file of a split sitemap."""
    return f"/sitemap-{number}.xml"


def article(config: SiteConfig, slug: str, date: datetime) -> str:
    """Article page, from the configured pattern and the date in the site timezone."""
    return article_url(config, slug, date)


def base_path(config: SiteConfig) -> str:
    """Path part of base_url, e.g. '/' or '/news/'."""
    return urlsplit(config.base_url).path or "/"


def href(config: SiteConfig, url: str) -> str:
    """Link target for a site URL, honouring a base_url served under a sub-path."""
    return base_path(config).rstrip("/") + url


def escaped(path: str) -> str:
    """A site path made of file names (`/static/press logo#1.png`) as a link writes it
    (`/static/press%20logo%231.png`): a space, `#`, `?` or `%` in a name would break it."""
    return quote(path, safe="/:@!$&'()*+,;=-._~")


def absolute(config: SiteConfig, url: str) -> str:
    """Absolute URL (for canonical links, feeds, sitemaps)."""
    return config.base_url + url.lstrip("/")


def output_file(url: str) -> PurePosixPath:
    """Relative output file for a site URL: folders get index.html. Refuses unsafe URLs."""
    return PurePosixPath(output_name(url))


def output_name(url: str) -> str:
    """`output_file` as a plain string ('a/b/index.html'), for hot paths. Refuses unsafe URLs."""
    if not is_plain(url):
        raise UnsafePathError(f"unsafe URL {url!r}")
    parts = [p for p in url.split("/") if p]
    if url.endswith("/"):
        parts.append("index.html")
    return "/".join(parts)


def is_plain(url: str) -> bool:
    """Whether `url` is a site path that stays inside the output folder: from the root, with
    no empty, '.', '..' or hidden part, no backslash and no NUL (each part follows a '/')."""
    return url.startswith("/") and not ("\\" in url or "\x00" in url or "//" in url or "/." in url)


def checked_names(published: Iterable[str]) -> list[str]:
    """`output_name` of each URL it accepted before (one an earlier build published), made
    without checking it again, in one pass (20,000 of them on every edit)."""
    return [f"{url[1:]}index.html" if url.endswith("/") else url[1:] for url in published]


def inside(root: Path, relative: PurePosixPath) -> Path:
    """`root / relative`, guaranteed not to leave `root` (symlinks included)."""
    target = (root / relative).resolve()
    if not target.is_relative_to(root.resolve()):
        raise UnsafePathError(f"{relative} leaves {root}")
    return target


def step_inside(root: Path, parent: str, name: str) -> str:
    """`parent/name` with a symlink there resolved, refused when it leaves `root`.

    `root` is resolved and `parent` already checked and resolved inside it, so only the last
    step can be a link: one lstat for a plain folder, a full resolve only for a symlink.
    """
    if name in ("", ".", "..") or "/" in name:
        raise UnsafePathError(f"unsafe path step {name!r}")
    path = os.path.join(parent, name)  # noqa: PTH118 - once per folder; Path objects cost more
    if not os.path.islink(path):  # noqa: PTH114 - see above
        return path
    try:
        target = Path(path).resolve()
    except (OSError, RuntimeError):  # a link looping onto itself
        raise UnsafePathError(f"{path} is a link that cannot be followed") from None
    if not target.is_relative_to(root):
        raise UnsafePathError(f"{path} leaves {root}")
    return os.fspath(target)
