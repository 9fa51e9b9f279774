"""`_redirects`: the site's redirects in the format Netlify and Cloudflare Pages read."""

from __future__ import annotations

from collections.abc import Collection
from urllib.parse import quote

from newsgen.config.site import CONFIG_NAME, SiteConfig
from newsgen.diagnostics import Diagnostic, NewsgenError, error
from newsgen.plan import urls
from newsgen.plan.archive import Archive
from newsgen.plan.redirects import Redirect, alias_line, is_page_address
from newsgen.plan.spellings import Clash, Spellings, fold

REDIRECTS_FILE = "/_redirects"
SAFE = "/:@!$&'()*+,;=-._~"
"""Characters a path keeps as they are; any other (spaces, non-ASCII) is %-escaped, since a
line of the file is split at whitespace."""


def redirects_file(
    config: SiteConfig, redirects: tuple[Redirect, ...], archive: Archive, staged: Collection[str]
) -> bytes:
    """One `old new 301` line per redirect, in the order given; an error for an alias or a
    `redirects:` path that is a file of the site's, or inside one (a feed, a static file,
    `_redirects`: `staged` holds the output files of the build), which a host would serve
    instead, or redirect away."""
    chosen = [r for r in redirects if r.moved != "listing"]  # a listing's was a page
    clashes = [(r, f) for r in chosen if (f := _file_in_the_way(r.old, staged))]
    spelt = _spelt_otherwise([r for r in chosen if is_page_address(r.old)], staged)
    if clashes or spelt:
        found = [_clash(config, archive, r, file) for r, file in clashes]
        found += (_spelt(config, archive, r, clash) for r, clash in spelt)
        raise NewsgenError(found)
    lines = (f"{_path(config, r.old)} {_path(config, r.target)} 301\n" for r in redirects)
    return "".join(lines).encode("utf-8")


def _file_in_the_way(url: str, staged: Collection[str]) -> str:
    """The output file ('feed.xml') that is `url` or a folder on its way, or ''."""
    parts = urls.output_name(url).split("/")
    names = ["/".join(parts[:end]) for end in range(1, len(parts) + 1)]
    if is_page_address(url):
        names.pop()  # the redirect's own page, staged already
    return next((n for n in names if n in staged or n == REDIRECTS_FILE[1:]), "")


def _clash(config: SiteConfig, archive: Archive, redirect: Redirect, file: str) -> Diagnostic:
    where = "the address of" if f"/{file}" == redirect.old else f"inside /{file},"
    if redirect.article is None:
        message = f"the redirect of {redirect.old} is {where} a file the site publishes"
        return error(CONFIG_NAME, config.redirects_line, message, "remove it from `redirects:`")
    path = archive.articles[redirect.article].source_path
    message = f"the alias {redirect.old} is {where} a file the site publishes"
    line = alias_line(config.root, path, redirect.old)
    return error(path, line, message, "remove it from `aliases:`")


def _spelt_otherwise(
    redirects: list[Redirect], staged: Collection[str]
) -> list[tuple[Redirect, Clash]]:
    """Each redirect page with a folder or file the site publishes in its path spelt otherwise.

    Planning compared the redirects with the pages and each other: here they are compared with
    the other files (feeds, static files), those under the redirects' first folders."""
    firsts = {fold(redirect.old.split("/")[1]) for redirect in redirects}
    own = {urls.output_name(redirect.old) for redirect in redirects}
    under = sorted(
        name for name in staged if fold(name.split("/", 1)[0]) in firsts and name not in own
    )
    spellings = Spellings(f"/{name}" for name in under)
    return [(r, clash) for r in redirects if (clash := spellings.clash(r.old))]


def _spelt(config: SiteConfig, archive: Archive, redirect: Redirect, clash: Clash) -> Diagnostic:
    """A redirect page whose path names a file or folder the site publishes (a feed, a static
    file) spelt otherwise."""
    message = (
        f"and {clash.owner} (a file the site publishes) spell one name two ways, "
        f"`{clash.mine}` and `{clash.theirs}`, that differ {clash.how}, so a site built or "
        "checked out there cannot keep both"
    )
    if redirect.article is None:
        message = f"the redirect of {redirect.old} {message}"
        return error(CONFIG_NAME, config.redirects_line, message, "remove it from `redirects:`")
    path = archive.articles[redirect.article].source_path
    line = alias_line(config.root, path, redirect.old)
    return error(path, line, f"the alias {redirect.old} {message}", "remove it from `aliases:`")


def _path(config: SiteConfig, url: str) -> str:
    return quote(urls.href(config, url), safe=SAFE)
