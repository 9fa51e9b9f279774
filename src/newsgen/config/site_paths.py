"""Plain site paths: what an article's alias or a `redirects:` entry may name, a path from the
site's root that stays a file or folder of the output on every system a site is built on."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

MAX_NAME_BYTES = 255
"""The longest file or folder name most file systems take (ext4, APFS, NTFS in UTF-16 aside):
each part of a path is a folder of the output."""
MAX_PATH_BYTES = 2000
"""The longest path: browsers and sitemaps take URLs of up to about 2,000 characters, and the
output folder's own path must still fit in the 4,096 bytes a Linux path may have."""
UNSAFE_SEGMENT = re.compile(r"^\.|[\x00-\x1f\x7f\\]")
NOT_ON_WINDOWS = re.compile(r'[<>:"|?*\\\x00-\x1f]')
"""Characters no file name may hold on Windows."""
RESERVED_ON_WINDOWS = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{port}{n}" for port in ("com", "lpt") for n in range(10)}
)
"""Names Windows keeps for devices, with any extension (`nul.html` too)."""
HTML_SUFFIXES = (".html", ".htm")


def plain_path(text: str, what: str) -> tuple[str, str]:
    """`text` as a site path ('/2019/05/old/'), and '' or why it is not one (`what` names the
    thing in the message: 'an alias'). A path whose last part has no dot names a folder, so it
    gets its trailing slash (/old and /old/ are one page)."""
    if "?" in text or "#" in text:
        return "", f"{what} is a path without a query (?) or fragment (#)"
    if not text.startswith("/"):
        return "", f"{what} is a path from the site's root, such as /{text}"
    try:
        path = unquote(text, errors="strict")
    except UnicodeDecodeError:
        return "", f"`{text}` holds a %-escape that is not UTF-8"
    if path.count("/") != text.count("/"):
        return "", f"`{text}` escapes a slash (%2F)"
    segments = path.split("/")[1:]
    if "" in segments[:-1] or any(UNSAFE_SEGMENT.search(s) or s == ".." for s in segments):
        return "", f"`{text}` is not a plain path (empty, hidden or '..' parts)"
    if "*" in path or any(s.startswith(":") for s in segments):
        return "", (
            f"`{text}` holds `*` or a part starting with `:`, which `_redirects` (Netlify, "
            "Cloudflare Pages) reads as a wildcard: its redirect would take other addresses too"
        )
    if any(len(s.encode("utf-8")) > MAX_NAME_BYTES for s in segments):
        return "", f"a part of `{text}` is longer than a file name can be ({MAX_NAME_BYTES} bytes)"
    if len(path.encode("utf-8")) > MAX_PATH_BYTES:
        return (
            "",
            f"`{text[:60]}...` is longer than a path of the site may be ({MAX_PATH_BYTES} bytes)",
        )
    if segments[-1] and "." not in segments[-1]:
        path += "/"
    return path, ""


def is_page_address(url: str) -> bool:
    """Whether a redirect page is written at `url`: a static host serves it as HTML (a folder,
    an .html file), and every system can hold its file (`unportable_page`)."""
    return names_a_page(url) and not not_portable(url)


def names_a_page(url: str) -> bool:
    """Whether a static host serves `url` as HTML: a folder, an .html file."""
    last = url.rsplit("/", 1)[1]
    return "." not in last or last.lower().endswith(HTML_SUFFIXES)


def unportable_page(url: str) -> str:
    """Why no redirect page is written at `url`, which names a page, or '' when one is."""
    return not_portable(url) if names_a_page(url) else ""


def not_portable(url: str) -> str:
    """Why no file could be written at the site path `url` on Windows (nor a site holding one
    be checked out there), or ''."""
    for segment in url.split("/"):
        if found := NOT_ON_WINDOWS.search(segment):
            return f"`{found.group()}` is a character no file name may hold on Windows"
        if segment.endswith((".", " ")):
            return "Windows drops a dot or a space at the end of a file name"
        if segment.split(".", 1)[0].rstrip(" ").lower() in RESERVED_ON_WINDOWS:
            return f"Windows keeps the name `{segment}` for a device"
    return ""


def fold(text: str) -> str:
    """`text` as a case-insensitive, normalizing file system (macOS) compares it."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFC", text).casefold()


URL_SYNTAX = re.compile(r"[?#:%]")
"""Characters an article URL is written with as they are but a link or `newsgen serve` reads
otherwise: a query, a fragment, a scheme (and a drive, refused by serve), an escape."""
NEWSGEN_FOLDERS = frozenset(
    {"archive", "authors", "corrections", "media", "page", "pagefind", "search", "static", "topics"}
)
"""The first folders of the pages and files newsgen itself publishes."""


def article_path_problem(sample: str) -> str:
    """Why `article_path`, filled in as `sample` ('news/2024/x'), cannot be the address of
    pages (a message naming the pattern as `{pattern}`), or ''."""
    parts = sample.split("/")
    if "\\" in sample or "\x00" in sample or any(not p or p.startswith(".") for p in parts):
        return (
            "must be folder names inside the site, such as news/{{year}}/{{slug}}/ "
            "(no empty names, none starting with '.', no backslashes), got {pattern}"
        )
    if URL_SYNTAX.search(sample):
        return (
            "must not hold '?', '#', ':' or '%', which a link reads as a query, a fragment, a "
            "scheme or an escape, got {pattern} "
            "(use plain folder names, such as news/{{year}}/{{slug}}/)"
        )
    if why := not_portable(sample):
        return f"names a folder Windows cannot hold: {why}, got {{pattern}}"
    if any(len(part.encode("utf-8")) > MAX_NAME_BYTES - 80 for part in parts):
        return (
            f"has a folder name longer than {MAX_NAME_BYTES - 80} bytes, which with a slug "
            "could be longer than a file name can be, got {pattern}"
        )
    first = fold(parts[0])
    if first in NEWSGEN_FOLDERS and first != parts[0]:
        return (
            f"starts with `{parts[0]}`, which macOS and Windows take for newsgen's own folder "
            f"`{first}`, got {{pattern}} (use another name, or `{first}` as it is spelt)"
        )
    return ""
