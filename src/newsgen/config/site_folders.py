"""The site's own folders (`content/`, `seeds/`, `templates/`, `static/`): one that is a link
to nothing or a file is an error, never read as empty."""

from __future__ import annotations

from pathlib import Path

from newsgen.diagnostics import Diagnostic, error


def folder_problems(folder: Path, root: Path) -> list[Diagnostic]:
    """Nothing when `folder` (under the site `root`) is a folder or simply not there (a site
    without seeds or templates of its own); an error when it is a link to nothing (a drive not
    mounted, a link broken by a move) or a file. Read as empty, such a `content/` would
    unpublish every article, and such a `templates/` or `static/` silently drop the site's
    own look."""
    if folder.is_dir():
        return []
    shown = folder.relative_to(root).as_posix()
    if folder.is_symlink():
        return [error(shown, 0, "is a link to nothing", "fix its target, or mount its drive")]
    if folder.exists():
        return [error(shown, 0, "is not a folder", "make it a folder, or remove it")]
    return []
