"""File names that editors, tools and file managers leave beside the real files: never site
content, never published, and no reason to rebuild."""

from __future__ import annotations

import re

LITTER = re.compile(
    r"""
    .*~                      # backups: vim, emacs, nano (foo~)
    | \#.*\#                 # emacs auto-save (#foo#)
    | ~\$.*                  # office lock files (~$foo.docx)
    | 4913                   # vim's probe for a writable folder
    | .*\.sw[a-px]           # vim swap files (.swp, .swo, ..., .swx)
    | .*\.(tmp|temp|bak|orig|part|crdownload|kate-swp)
    | .*___jb_(tmp|old)___   # JetBrains safe-write
    | thumbs\.db | ehthumbs\.db | desktop\.ini  # Windows Explorer
    | Icon\r                 # a macOS folder's custom icon
    """,
    re.VERBOSE | re.IGNORECASE,
)
"""Names (hidden ones aside: `.DS_Store`, `.foo.swp`) that are never a file of the site."""


def is_litter(name: str) -> bool:
    """Whether the file name `name` is editor, tool or file-manager litter."""
    return LITTER.fullmatch(name) is not None
