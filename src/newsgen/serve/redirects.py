"""The built site's `_redirects` in the preview: an address a static host redirects by that file
alone (an old `/story.php`, a name Windows cannot hold as a page) redirects under serve too."""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus
from pathlib import PurePosixPath
from urllib.parse import unquote

from newsgen.serve.files import OpenFile, ServedSite, open_beneath

REDIRECTS = PurePosixPath("_redirects")
MAX_BYTES = 16 * 1024 * 1024
"""Most of the file read: 100,000 moved articles take some 10 MB."""
REDIRECTING = frozenset({301, 302, 303, 307, 308})
"""Statuses of a line that redirects; a line of any other (a 200 rewrite, a 404) is passed by."""


@dataclass(frozen=True)
class Listed:
    """Where a line of `_redirects` sends a request, and with which status."""

    location: str
    status: HTTPStatus


def listed_redirect(site: ServedSite, raw_path: str) -> Listed | None:
    """The first line of the site's `_redirects` for the request path (both read unescaped,
    as Netlify and Cloudflare Pages match them); None when there is none."""
    try:
        path = unquote(raw_path, errors="strict")
    except UnicodeError:
        return None
    found = open_beneath(site.output, REDIRECTS)
    if not isinstance(found, OpenFile):
        return None
    with found.stream as stream:
        text = stream.read(MAX_BYTES).decode("utf-8", errors="replace")
    for line in text.splitlines():
        listed = _line(line.split(), path)
        if listed is not None:
            return listed
    return None


def _line(parts: list[str], path: str) -> Listed | None:
    """What the line of `parts` ('old new 301') does for `path`, if it is a redirect of it."""
    if len(parts) < 2 or parts[0].startswith("#") or unquote(parts[0]) != path:
        return None
    status = parts[2].removesuffix("!") if len(parts) > 2 else "301"
    if not status.isdigit() or int(status) not in REDIRECTING:
        return None
    return Listed(parts[1], HTTPStatus(int(status)))
