"""The live output folders a build writes into, each checked once to lie inside the output."""

from __future__ import annotations

import os
from pathlib import Path

from newsgen.diagnostics import ContentError
from newsgen.plan import urls


class LiveFolders:
    """Output folders ('' is the output itself) checked to lie inside it, symlinks resolved.

    Plain strings, not paths: a 10,000-article build looks up tens of thousands of them.
    """

    def __init__(self, output: Path) -> None:
        self.output = output
        self.root = output
        """The output folder resolved, once `check` looked at it."""
        self.checked: dict[str, str] = {}

    def __getitem__(self, folder: str) -> str:
        """A folder checked before (by `check` or `for_url`)."""
        return self.checked[folder]

    def for_url(self, folder: str, url: str, source: str) -> str:
        """The live folder for `folder`, where `source` writes `url`; refused through a link."""
        try:
            return self.check(folder)
        except urls.UnsafePathError:
            message = f"{url} would be written outside the output folder through a link"
            raise ContentError(source, 0, message, "remove the symlink") from None

    def check(self, folder: str) -> str:
        """The live folder for `folder` ('a/b'), checked inside the output from its parent.

        Each distinct folder is looked at once per build (an lstat; a resolve only for a link).
        """
        known = self.checked.get(folder)
        if known is not None:
            return known
        if not folder:
            self.root = self.output.resolve()
            checked = os.fspath(self.root)
        else:
            parent, _, name = folder.rpartition("/")
            inside = self.check(parent)  # first: checking '' resolves `root`
            checked = urls.step_inside(self.root, inside, name)
        self.checked[folder] = checked
        return checked
