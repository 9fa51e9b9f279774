"""Names that macOS and Windows take for one: site paths whose folders or files differ only in
case or in how an accent is encoded (NFC `é` against NFD `e` and an accent)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from newsgen.config.site_paths import fold as fold


def prefixes(path: str) -> list[str]:
    """The folders and the file of a site path, each as a path from the root:
    '/a/b/' gives ['/a', '/a/b'], '/a/b.html' gives ['/a', '/a/b.html']."""
    parts = [part for part in path.split("/") if part]
    return ["/" + "/".join(parts[: end + 1]) for end in range(len(parts))]


@dataclass(frozen=True)
class Clash:
    """A path that names a folder or file as another path of the site does, spelt otherwise."""

    mine: str
    """The name as the new path spells it."""
    theirs: str
    """The name as the path already taken spells it."""
    owner: str
    """The path already taken, whole."""
    respelled: str
    """The new path with the name spelt as the site spells it."""

    @property
    def how(self) -> str:
        """In what the two spellings differ, and which systems take them for one name (NTFS
        ignores case but not the encoding of accents; APFS and HFS+ ignore both)."""
        if self.mine.casefold() == self.theirs.casefold():
            return "only in case: macOS and Windows take them for one"
        nfc = unicodedata.normalize("NFC", self.mine)
        if nfc == unicodedata.normalize("NFC", self.theirs):
            return "only in how an accent is encoded (NFC or NFD): macOS takes them for one"
        return "only in case and in how an accent is encoded: macOS takes them for one"


class Spellings:
    """The one spelling each folder and file of the site's paths has, by its folded form.

    The paths given first are indexed only when a path is first looked up (most builds have
    no alias to look up, and a site has 20,000 pages).
    """

    def __init__(self, paths: Iterable[str]) -> None:
        self.pending = paths
        self.taken: dict[str, tuple[str, str]] = {}
        """(spelling, whole path) by folded name path."""

    def add(self, paths: Iterable[str]) -> None:
        """Take the spellings of `paths`; the first spelling of a name stays."""
        for path in paths:
            for prefix in prefixes(path):
                self.taken.setdefault(fold(prefix), (prefix, path))

    def clash(self, path: str) -> Clash | None:
        """The first name of `path` taken under another spelling, else None."""
        if self.pending:
            pending, self.pending = self.pending, ()
            self.add(pending)
        for prefix in prefixes(path):
            spelling, owner = self.taken.get(fold(prefix), (prefix, path))
            if spelling != prefix:
                name, theirs = prefix.rsplit("/", 1)[1], spelling.rsplit("/", 1)[1]
                return Clash(name, theirs, owner, spelling + path[len(prefix) :])
        return None
