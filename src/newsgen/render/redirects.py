"""`_redirects`: the site's redirects in the format Netlify and Cloudflare Pages read."""

from __future__ import annotations

from collections.abc import Collection
from urllib.parse import quote

from newsgen.config.site import SiteConfig
from newsgen.diagnostics import Diagnostic, NewsgenError, error
from newsgen.plan import urls
from newsgen.plan.archive import Archive
from newsgen.plan.redirects import Redirect, is_page_address

REDIRECTS_FILE = "/_redirects"
SAFE = "/:@!$&'()*+,;=-._~"
"""Characters a path keeps as they are; any other (spaces, non-ASCII) is %-escaped, since a
line of the file is split at whitespace."""


def redirects_file(
    config: SiteConfig, redirects: tuple[Redirect, ...], archive: Archive, staged: Collection[str]
) -> bytes:
    """One `old new 301` line per redirect, in the order given; an error for an alias that is
    a file of the site's, or inside one (a feed, a static file, `_redirects`: `staged` holds
    the output files of the build), which a host would serve instead, or redirect away."""
    clashes = [(r, f) for r in redirects if r.article and (f := _file_in_the_way(r.old, staged))]
    if clashes:
        raise NewsgenError(_clash(archive, redirect, file) for redirect, file in clashes)
    lines = (f"{_path(config, r.old)} {_path(config, r.target)} 301\n" for r in redirects)
    return "".join(lines).encode("utf-8")


def _file_in_the_way(url: str, staged: Collection[str]) -> str:
    """The output file ('feed.xml') that is `url` or a folder on its way, or ''."""
    parts = urls.output_name(url).split("/")
    names = ["/".join(parts[:end]) for end in range(1, len(parts) + 1)]
    if is_page_address(url):
        names.pop()  # the redirect's own page, staged already
    return next((n for n in names if n in staged or n == REDIRECTS_FILE[1:]), "")


def _clash(archive: Archive, redirect: Redirect, file: str) -> Diagnostic:
    path = archive.articles[str(redirect.article)].source_path
    where = "the address of" if f"/{file}" == redirect.old else f"inside /{file},"
    message = f"the alias {redirect.old} is {where} a file the site publishes"
    return error(path, 1, message, "remove it from `aliases:`")


def _path(config: SiteConfig, url: str) -> str:
    return quote(urls.href(config, url), safe=SAFE)
