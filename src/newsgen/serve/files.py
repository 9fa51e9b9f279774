"""The built site on disk: which file a request path names, opened without leaving the output."""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Literal
from urllib.parse import unquote

from newsgen.config.site import SiteConfig
from newsgen.plan import urls

TEXT_TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".xml": "application/xml",
    ".xsl": "application/xml",
    ".txt": "text/plain",
    ".svg": "image/svg+xml",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
}
BINARY_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".pdf": "application/pdf",
}


@dataclass(frozen=True)
class ServedSite:
    """Where the built site is on disk, and the URL path it is served under."""

    output: Path
    mount: str
    """The path part of base_url: '/' or e.g. '/news/'."""
    overlay: Mapping[str, bytes] = field(default_factory=dict)
    """Pages shown instead of the files on disk ('2024/01/02/a/index.html' -> HTML): the
    preview of an edit, until the build that publishes it is done."""

    def href(self, file: str) -> str:
        """The URL path a browser asks for an output file by ('a/index.html' -> '/a/')."""
        return self.mount + file.removesuffix("index.html")

    @classmethod
    def of(cls, config: SiteConfig) -> ServedSite:
        """The served site for a config."""
        return cls(config.output_path, urls.base_path(config))


def content_type(path: PurePosixPath) -> str:
    """Content-Type for a served file; text types are declared UTF-8."""
    suffix = path.suffix.lower()
    if suffix in TEXT_TYPES:
        return TEXT_TYPES[suffix] + "; charset=utf-8"
    return BINARY_TYPES.get(suffix, "application/octet-stream")


@dataclass(frozen=True)
class OpenFile:
    """A served file, opened: its stream, and the name it has in the folder (for its type)."""

    stream: BinaryIO
    name: str


@dataclass(frozen=True)
class Resolved:
    """What a request path maps to: an opened file, a redirect to the folder's URL, or nothing.

    The caller closes `file`.
    """

    file: OpenFile | None = None
    redirect: str | None = None


MAX_SYMLINKS = 40
"""Symlinks followed for one path, as Linux allows; more is a loop."""
FOLDER: Literal["folder"] = "folder"
"""What `open_beneath` gives for a folder."""
_WALK_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)  # a named pipe opens at once (and is then refused)
    | getattr(os, "O_CLOEXEC", 0)
)
_FOLDER_FLAGS = _WALK_FLAGS | getattr(os, "O_DIRECTORY", 0)


def open_beneath(root: Path, relative: PurePosixPath) -> OpenFile | Literal["folder"] | None:
    """The regular file at `root/relative` opened, FOLDER for a folder, else None.

    Race-free: the path is walked one component at a time from an open descriptor of `root`,
    never letting the system follow a symlink. A symlink met on the way is read and its
    target walked the same way, so a link that stays inside `root` works, and one that leads
    out of it, at any component, is not found, even if swapped in during the walk. (`root`
    itself may be a symlink: the site's owner chose it.)
    """
    try:
        root_fd = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None
    try:
        roots = (str(root.resolve()), str(root.absolute()))
        return _Walk(root_fd, roots).open(list(reversed(relative.parts)))
    except OSError:  # out of descriptors, or the folder went away: not found
        return None
    finally:
        os.close(root_fd)


class _Walk:
    """One walk below a root folder's descriptor, holding one descriptor of its own."""

    def __init__(self, root_fd: int, roots: tuple[str, ...]) -> None:
        self._root_fd = root_fd
        self._roots = roots
        """The root's absolute paths that an absolute symlink may point below."""
        self._folders: list[str] = []
        """The real folders walked so far, from the root: '..' goes back one."""
        self._current = -1

    def open(self, pending: list[str]) -> OpenFile | Literal["folder"] | None:
        """Walk the components in `pending` (a stack: the next one last)."""
        self._move(os.dup(self._root_fd))
        try:
            return self._walk(pending)
        finally:
            self._move(-1)

    def _move(self, descriptor: int) -> None:
        """Hold `descriptor` instead of the current one (closed)."""
        current, self._current = self._current, descriptor
        if current >= 0:
            os.close(current)

    def _walk(self, pending: list[str]) -> OpenFile | Literal["folder"] | None:
        name, links = "", 0
        while pending:
            name = pending.pop()
            if name in ("", "."):
                continue
            if name == "..":
                if not self._folders:
                    return None  # above the root
                self._folders.pop()
                self._move(-1)
                self._move(self._reopen())
                continue
            flags = _FOLDER_FLAGS if pending else _WALK_FLAGS
            try:
                self._move(os.open(name, flags, dir_fd=self._current))
            except OSError:  # missing, not a folder, or a symlink: read it, walk its target
                links += 1
                target = self._link_target(name)
                if target is None or links > MAX_SYMLINKS:
                    return None
                pending.extend(reversed(target))
                continue
            self._folders.append(name)
        return self._found(name)

    def _reopen(self) -> int:
        """A new descriptor of the current folder, walked again from the root, no symlinks."""
        current = os.dup(self._root_fd)
        for folder in self._folders:
            try:
                opened = os.open(folder, _FOLDER_FLAGS, dir_fd=current)
            finally:
                os.close(current)
            current = opened
        return current

    def _link_target(self, name: str) -> list[str] | None:
        """The components of the symlink `name`'s target, relative to the current folder;
        an absolute one must lie inside the root, and is walked from it. None when `name` is
        not a symlink or its absolute target is outside."""
        try:
            target = os.readlink(name, dir_fd=self._current)
        except OSError:
            return None
        if not target.startswith("/"):
            return target.split("/")
        path = PurePosixPath(target)
        root = next((root for root in self._roots if path.is_relative_to(root)), None)
        if root is None:
            return None
        self._folders.clear()
        self._move(-1)
        self._move(os.dup(self._root_fd))
        return list(path.relative_to(root).parts)

    def _found(self, name: str) -> OpenFile | Literal["folder"] | None:
        """What the walk ended on: a regular file is handed over opened, as `name`."""
        mode = os.fstat(self._current).st_mode
        if stat.S_ISDIR(mode):
            return FOLDER
        if not stat.S_ISREG(mode):
            return None
        stream = os.fdopen(self._current, "rb")
        self._current = -1
        return OpenFile(stream, name)


def request_path(target: str) -> tuple[str, str] | None:
    """(path, query) of a request target: '/path?query' or 'http://host/path?query'.

    None for anything else ('*', 'index.html'). The path is taken as sent: '//host/x' is a
    path (and not found), never a host.
    """
    if not target.startswith("/"):
        scheme, separator, rest = target.partition("://")
        if not separator or scheme.lower() not in ("http", "https"):
            return None
        slash = rest.find("/")
        target = rest[slash:] if slash >= 0 else "/"
    path, _, query = target.partition("#")[0].partition("?")
    return path, query


def resolve(site: ServedSite, raw_path: str) -> Resolved:
    """Map a request path to a file inside the output folder; anything doubtful is not found."""
    if any(code in raw_path.lower() for code in ("%2f", "%5c", "%00")):
        return Resolved()
    try:
        path = unquote(raw_path, errors="strict")
    except UnicodeError:  # also overlong UTF-8 such as %c0%ae
        return Resolved()
    if ":" in path:  # a Windows drive (C:) or stream (file::$DATA); never a built page
        return Resolved()
    if site.mount != "/" and path in ("/", site.mount.rstrip("/")):
        return Resolved(redirect=site.mount)
    if not path.startswith(site.mount):
        return Resolved()
    url = "/" + path[len(site.mount) :]
    try:
        file = urls.output_file(url)
        if file.as_posix() in site.overlay:
            return Resolved(file=OpenFile(io.BytesIO(site.overlay[file.as_posix()]), file.name))
        found = open_beneath(site.output, file)
    except (ValueError, OSError):  # unsafe
        return Resolved()
    if found == FOLDER:
        return Resolved(redirect=raw_path + "/") if not url.endswith("/") else Resolved()
    return Resolved(file=found) if isinstance(found, OpenFile) else Resolved()
