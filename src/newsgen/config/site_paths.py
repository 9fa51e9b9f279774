"""Plain site paths: what an article's alias or a `redirects:` entry may name, a path from the
site's root that stays a file or folder of the output."""

from __future__ import annotations

import re
from urllib.parse import unquote

MAX_NAME_BYTES = 255
"""The longest file or folder name most file systems take (ext4, APFS, NTFS in UTF-16 aside):
each part of a path is a folder of the output."""
UNSAFE_SEGMENT = re.compile(r"^\.|[\x00-\x1f\x7f\\]")


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
    if any(len(s.encode("utf-8")) > MAX_NAME_BYTES for s in segments):
        return "", f"a part of `{text}` is longer than a file name can be ({MAX_NAME_BYTES} bytes)"
    if segments[-1] and "." not in segments[-1]:
        path += "/"
    return path, ""
