"""`_redirects`: the site's redirects in the format Netlify and Cloudflare Pages read."""

from __future__ import annotations

from urllib.parse import quote

from newsgen.config.site import SiteConfig
from newsgen.plan import urls
from newsgen.plan.redirects import Redirect

REDIRECTS_FILE = "/_redirects"
SAFE = "/:@!$&'()*+,;=-._~"
"""Characters a path keeps as they are; any other (spaces, non-ASCII) is %-escaped, since a
line of the file is split at whitespace."""


def redirects_file(config: SiteConfig, redirects: tuple[Redirect, ...]) -> bytes:
    """One `old new 301` line per redirect, in the order given."""
    lines = (f"{_path(config, r.old)} {_path(config, r.target)} 301\n" for r in redirects)
    return "".join(lines).encode("utf-8")


def _path(config: SiteConfig, url: str) -> str:
    return quote(urls.href(config, url), safe=SAFE)
