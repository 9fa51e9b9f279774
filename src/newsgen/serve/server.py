"""The development server: serves only the built site, and reloads browsers after each build."""

from __future__ import annotations

import contextlib
import errno
import io
import ipaddress
import json
import math
import os
import queue
import re
import secrets
import select
import shutil
import socket
import stat
import sys
import threading
import time
from dataclasses import asdict, dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO, Literal, cast
from urllib.parse import unquote

from newsgen.config.site import SiteConfig
from newsgen.diagnostics import Diagnostic
from newsgen.plan import urls

EVENTS_PATH = "/__newsgen__/events"
KEEPALIVE_SECONDS = 15.0
LIVENESS_SECONDS = 1.0

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

# Named SSE events: `hello` (on connect: the current build), `reload`, and `error` (a failed
# build). The browser also fires a data-less `error` when the connection drops: skipped by !e.data.
RELOAD_SCRIPT = """<script data-newsgen-live="BUILD">(() => {
  const build = "BUILD", events = new EventSource("EVENTS");
  let overlay = null;
  const reload = () => { if (overlay) overlay.remove(); location.reload(); };
  events.addEventListener("hello", (e) => { if (JSON.parse(e.data).build !== build) reload(); });
  events.addEventListener("reload", reload);
  events.addEventListener("error", (e) => {
    if (!e.data) return;
    if (overlay) overlay.remove();
    overlay = document.createElement("div");
    overlay.id = "newsgen-error";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:2147483647;" +
      "max-height:80vh;overflow:auto;padding:1em;background:#fff0f0;color:#600;" +
      "border-bottom:3px solid #c00;font:14px/1.4 monospace;white-space:pre-wrap";
    const title = document.createElement("strong");
    title.textContent = "newsgen: the build failed; this is the last good version.";
    const list = document.createElement("ul");
    for (const d of JSON.parse(e.data).diagnostics) {
      const item = document.createElement("li");
      item.textContent = (d.line ? d.path + ":" + d.line : d.path) + ": " + d.level + ": " +
        d.message + (d.hint ? " (" + d.hint + ")" : "");
      list.append(item);
    }
    overlay.append(title, list);
    document.body.append(overlay);
  });
})();</script>
"""


@dataclass(frozen=True)
class ServerLimits:
    """How much of the server one client can take, and for how long."""

    connections: int = 64
    """Connections served at once, one thread each; beyond, see `stale_seconds`, else 503."""
    request_seconds: float = 10.0
    """Time to send the whole request line and headers, however slowly (else 408, closed)."""
    send_seconds: float = 30.0
    """Time one write may wait on a client that does not read (then the connection is closed)."""
    stale_seconds: float = 1.0
    """When every connection is taken, the oldest one still sending its request after this
    long is dropped to make room: slow or idle clients cannot lock the others out."""
    request_line_bytes: int = 8192
    """Longest request line (method, URL, version); longer gets 414."""
    header_bytes: int = 32768
    """Most bytes of headers; more gets 431 (as do more than 100 header lines)."""


HOST_NAME = re.compile(r"\.?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*")
"""A DNS name as `--allow-host` takes it (lower case, no port); a leading dot adds subdomains."""
SHOWN_HOST = re.compile(r"[A-Za-z0-9.:\[\]-]{1,255}")
"""A Host value safe to name in a refusal; anything else is not repeated."""


def normal_host_name(name: str) -> str:
    """A host name compared as DNS compares it: lower case, without the root's trailing dot."""
    name = name.lower()
    return name[:-1] if name.endswith(".") and not name.endswith("..") else name


@dataclass(frozen=True)
class HostPolicy:
    """Which Host headers the server answers: the defence against DNS rebinding.

    A hostile page can point its own name at 127.0.0.1, but the browser still sends that name
    as the Host: IP literals, `localhost` and `*.localhost` (which never leave the machine) and
    the names the user allowed are answered, anything else is refused.
    """

    allowed: frozenset[str] = frozenset()
    """Normalized names; '.example.com' allows example.com and every name under it."""

    @classmethod
    def of(cls, names: tuple[str, ...] | frozenset[str]) -> HostPolicy:
        """The policy allowing these names (as given to --allow-host)."""
        return cls(frozenset(normal_host_name(name) for name in names))

    def allows(self, host: str) -> bool:
        """Whether a Host value (a name or IP literal, with or without a port) is answered."""
        name = host_name(host)
        if name is None:
            return False
        if _is_ip_literal(name) or name == "localhost" or name.endswith(".localhost"):
            return True
        return name in self.allowed or any(
            allowed.startswith(".") and (name == allowed[1:] or name.endswith(allowed))
            for allowed in self.allowed
        )


def host_name(host: str) -> str | None:
    """The normalized name or IP of a Host value ('Example.com.:80' -> 'example.com'); None
    when it is not a valid host[:port] (an unbracketed IPv6 address, a bad port, spaces)."""
    if host.startswith("["):
        address, bracket, port = host[1:].partition("]")
        if not bracket or not _is_ipv6(address):
            return None
        name = f"[{address.lower()}]"
    elif host.count(":") > 1:
        return None
    else:
        name, _, port = host.partition(":")
        port = ":" + port if ":" in host else ""
        name = normal_host_name(name)
        if not HOST_NAME.fullmatch(name) or name.startswith("."):
            return None
    if port and not re.fullmatch(r":[0-9]{0,5}", port):
        return None
    return name


def _is_ipv6(address: str) -> bool:
    try:
        ipaddress.IPv6Address(address)
    except ValueError:
        return False
    return True


def _is_ip_literal(name: str) -> bool:
    if name.startswith("["):
        return True  # host_name checked it
    try:
        ipaddress.IPv4Address(name)
    except ValueError:
        return False
    return True


def refused_host_body(host: str) -> bytes:
    """The 403 text for a refused Host: which one, and how to allow it."""
    shown = host if SHOWN_HOST.fullmatch(host) else None
    name = host_name(host) if shown else None
    if shown is None or name is None:
        return b"403: this Host header is not allowed (expected localhost or an IP address)\n"
    return (
        f"403: host {shown!r} is not allowed (a defence against DNS rebinding); "
        f"if it is yours, restart with newsgen serve --allow-host {name}\n"
    ).encode()


@dataclass(frozen=True)
class ServedSite:
    """Where the built site is on disk, and the URL path it is served under."""

    output: Path
    mount: str
    """The path part of base_url: '/' or e.g. '/news/'."""

    @classmethod
    def of(cls, config: SiteConfig) -> ServedSite:
        """The served site for a config."""
        return cls(config.output_path, urls.base_path(config))


@dataclass(frozen=True)
class LiveEvent:
    """One server-sent event."""

    name: str
    data: str

    def encode(self) -> bytes:
        """The event in text/event-stream framing."""
        return f"event: {self.name}\ndata: {self.data}\n\n".encode()


class _Subscription:
    """The events waiting for one browser connection."""

    def __init__(self) -> None:
        self.events: queue.SimpleQueue[LiveEvent | None] = queue.SimpleQueue()


class LiveReload:
    """Tells connected browsers about builds; remembers whether the last one failed."""

    def __init__(self, max_subscribers: int = 32) -> None:
        self._lock = threading.Lock()
        self._subscribers: set[_Subscription] = set()
        self._max_subscribers = max_subscribers
        self._session = secrets.token_hex(4)
        self._generation = 0
        self._failure: LiveEvent | None = None
        self._closed = False

    @property
    def build(self) -> str:
        """Identifies the current good build, so that a page can tell it is out of date."""
        return f"{self._session}.{self._generation}"

    def succeeded(self) -> None:
        """A build succeeded: every page reloads."""
        with self._lock:
            self._generation += 1
            self._failure = None
            self._publish(LiveEvent("reload", json.dumps({"build": self.build})))

    def failed(self, diagnostics: tuple[Diagnostic, ...]) -> None:
        """A build failed: every page shows the problems over the last good version."""
        payload = {"diagnostics": [asdict(d) for d in diagnostics]}
        with self._lock:
            self._failure = LiveEvent("error", json.dumps(payload))
            self._publish(self._failure)

    def subscribe(self) -> _Subscription | None:
        """A new connection, primed with the current state; None when there are too many."""
        with self._lock:
            if self._closed or len(self._subscribers) >= self._max_subscribers:
                return None
            subscription = _Subscription()
            subscription.events.put(LiveEvent("hello", json.dumps({"build": self.build})))
            if self._failure is not None:
                subscription.events.put(self._failure)
            self._subscribers.add(subscription)
            return subscription

    def unsubscribe(self, subscription: _Subscription) -> None:
        """The connection ended."""
        with self._lock:
            self._subscribers.discard(subscription)

    def close(self) -> None:
        """End every connection (server shutdown)."""
        with self._lock:
            self._closed = True
            for subscription in self._subscribers:
                subscription.events.put(None)

    def _publish(self, event: LiveEvent) -> None:
        for subscription in self._subscribers:
            subscription.events.put(event)


def inject_reload_script(html: bytes, build: str) -> bytes:
    """The page with the live-reload script just before its last </body> (or at the end)."""
    script = RELOAD_SCRIPT.replace("BUILD", build).replace("EVENTS", EVENTS_PATH).encode()
    at = html.lower().rfind(b"</body>")
    return html + script if at < 0 else html[:at] + script + html[at:]


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


def target_authority(target: str) -> str | None:
    """The host[:port] of an absolute-form target ('http://host:port/path'); None otherwise."""
    scheme, separator, rest = target.partition("://")
    if target.startswith("/") or not separator or scheme.lower() not in ("http", "https"):
        return None
    end = min((rest.find(c) for c in "/?#" if c in rest), default=len(rest))
    return rest[:end].rpartition("@")[2]


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
        found = open_beneath(site.output, urls.output_file(url))
    except (ValueError, OSError):  # unsafe
        return Resolved()
    if found == FOLDER:
        return Resolved(redirect=raw_path + "/") if not url.endswith("/") else Resolved()
    return Resolved(file=found) if isinstance(found, OpenFile) else Resolved()


class DevServer(ThreadingHTTPServer):
    """A threaded HTTP server: a bounded number of connections, each with deadlines."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 128
    """Connections the system holds until they are accepted (a burst of browser requests)."""

    def __init__(
        self,
        address: tuple[str, int],
        site: ServedSite,
        live: LiveReload,
        limits: ServerLimits = ServerLimits(),
        hosts: HostPolicy = HostPolicy(),
    ) -> None:
        self.site = site
        self.live = live
        self.limits = limits
        self.hosts = HostPolicy.of(hosts.allowed | {address[0]} if address[0] else hosts.allowed)
        """The policy, plus the name listened on (`--host mybox.lan` is answered as such)."""
        self._slots = threading.BoundedSemaphore(limits.connections)
        self._workers: set[threading.Thread] = set()
        self._accepted: dict[socket.socket, float] = {}
        """Open connections, with the time each was accepted."""
        self._sending: set[socket.socket] = set()
        """Open connections still sending their request."""
        self._workers_lock = threading.Lock()
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)

    @property
    def url(self) -> str:
        """The address browsers open."""
        host, port = str(self.server_address[0]), self.server_address[1]
        host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)  # any address: this machine's
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}{self.site.mount}"

    @property
    def busy_threads(self) -> int:
        """Request threads alive now (never more than `limits.connections`)."""
        with self._workers_lock:
            return len(self._workers)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._take_slot():
            _refuse_busy(request)
            self.shutdown_request(request)
            return
        worker = threading.Thread(
            target=self._work, args=(request, client_address), name="newsgen-http", daemon=True
        )
        with self._workers_lock:
            self._workers.add(worker)
            self._accepted[request] = time.monotonic()
            self._sending.add(request)
        worker.start()

    def request_received(self, request: socket.socket) -> None:
        """The connection's request is in (or it ended): it can no longer be dropped as stale."""
        with self._workers_lock:
            self._sending.discard(request)

    def _take_slot(self) -> bool:
        if self._slots.acquire(blocking=False):
            return True
        return self._drop_stale() and self._slots.acquire(timeout=1.0)

    def _drop_stale(self) -> bool:
        """Close the oldest connection still sending its request after `stale_seconds`."""
        with self._workers_lock:
            if not self._sending:
                return False
            oldest = min(self._sending, key=self._accepted.__getitem__)
            if time.monotonic() - self._accepted[oldest] < self.limits.stale_seconds:
                return False
            self._sending.discard(oldest)
        with contextlib.suppress(OSError):  # else it ended on its own: its slot is free anyway
            oldest.shutdown(socket.SHUT_RDWR)  # its thread reads end-of-file and ends
        return True

    def _work(self, request: Any, client_address: Any) -> None:
        try:
            self.process_request_thread(request, client_address)
        finally:
            with self._workers_lock:
                self._workers.discard(threading.current_thread())
                self._accepted.pop(request, None)
                self._sending.discard(request)
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Browsers drop connections all the time: not worth a traceback; a bug still is."""
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)

    def server_close(self) -> None:
        """Close the socket, end every connection and join the request threads.

        Connections are shut, not waited for: a client still sending its request or not
        reading its answer would otherwise hold the stop up until its deadline.
        """
        self.live.close()
        super().server_close()
        with self._workers_lock:
            workers = list(self._workers)
            for connection in self._accepted:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + 5
        for worker in workers:
            worker.join(timeout=max(0.0, deadline - time.monotonic()))


def _refuse_busy(request: socket.socket) -> None:
    try:
        request.sendall(
            b"HTTP/1.0 503 Service Unavailable\r\nRetry-After: 1\r\n"
            b"Content-Length: 0\r\nConnection: close\r\n\r\n"
        )
    except OSError:
        return


class _DeadlineReader(io.RawIOBase):
    """Reads from a socket that give up at a deadline, however slowly the bytes trickle in."""

    def __init__(self, connection: socket.socket) -> None:
        super().__init__()
        self._connection = connection
        self.deadline = math.inf
        self.received = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the request was not sent in time")
        self._connection.settimeout(None if left == math.inf else left)
        count = self._connection.recv_into(buffer)
        self.received += count
        return count


class _RefusedHeadError(Exception):
    """The request is not HTTP, or its line or headers are longer than the limits allow."""

    def __init__(self, status: HTTPStatus) -> None:
        super().__init__(status.phrase)
        self.status = status


def _read_head(file: io.BufferedReader[Any], limits: ServerLimits) -> tuple[bytes, bytes] | None:
    """(request line, header block) of the next request; None when the client went away."""
    first = file.peek(1)[:1]
    if not first:
        return None
    if not first.isalpha():  # not HTTP: TLS (https:// to this http server), a blank line, junk
        raise _RefusedHeadError(HTTPStatus.BAD_REQUEST)
    line = file.readline(limits.request_line_bytes + 1)
    if len(line) > limits.request_line_bytes:
        raise _RefusedHeadError(HTTPStatus.REQUEST_URI_TOO_LONG)
    if not line.endswith(b"\n"):
        return None
    headers = bytearray()
    while True:
        header = file.readline(limits.header_bytes - len(headers) + 1)
        headers += header
        if len(headers) > limits.header_bytes:
            raise _RefusedHeadError(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE)
        if not header.endswith(b"\n"):
            return None
        if header in (b"\r\n", b"\n"):
            return line, bytes(headers)


class _Handler(BaseHTTPRequestHandler):
    """GET and HEAD for files of the built site, plus the live-reload event stream."""

    server_version = "newsgen"
    default_request_version = "HTTP/1.0"
    """Even a request too garbled to name its version gets a status line and headers."""

    @property
    def dev(self) -> DevServer:
        return cast(DevServer, self.server)

    def version_string(self) -> str:
        """The Server header: no Python version for strangers to look up."""
        return self.server_version

    def setup(self) -> None:
        super().setup()
        self.rfile.close()  # replaced by reads with a deadline
        self._reader = _DeadlineReader(self.connection)
        self._socket_file = io.BufferedReader(self._reader)
        self.rfile = self._socket_file

    def handle_one_request(self) -> None:
        """Read the request by its deadline and within the size limits, then answer it."""
        self.close_connection = True
        if not self._receive() or not self._host_allowed():
            return
        handler = getattr(self, "do_" + self.command, None)
        if handler is None:
            self.send_error(HTTPStatus.NOT_IMPLEMENTED)
            return
        handler()
        self.wfile.flush()

    def _receive(self) -> bool:
        """Read and parse the request; False when it was refused or the client went away."""
        head, refusal = self._read_head_in_time(self.dev.limits)
        if refusal is not None:
            self._refuse(refusal)
        if head is None:
            return False
        self.raw_requestline, headers = head
        self.rfile = io.BytesIO(headers)  # parse_request reads the headers from here
        try:
            return self.parse_request()
        finally:
            self.rfile = self._socket_file

    def _read_head_in_time(
        self, limits: ServerLimits
    ) -> tuple[tuple[bytes, bytes] | None, HTTPStatus | None]:
        """(the request's head or None, the status to refuse it with or None)."""
        self._reader.deadline = time.monotonic() + limits.request_seconds
        try:
            return _read_head(self._socket_file, limits), None
        except _RefusedHeadError as exc:
            return None, exc.status
        except TimeoutError:  # a silent connection (a browser's spare) just ends
            return None, HTTPStatus.REQUEST_TIMEOUT if self._reader.received else None
        finally:  # from here on only writes, each with its own time limit
            self.dev.request_received(self.connection)
            self._reader.deadline = math.inf
            self.connection.settimeout(limits.send_seconds)

    def _host_allowed(self) -> bool:
        """Whether the Host header (and a full URL's host) is one this server answers; else
        403 saying how to allow it. No Host at all (HTTP/1.0) is answered."""
        hosts = self.headers.get_all("Host") or []
        if len(hosts) > 1:
            self.send_error(HTTPStatus.BAD_REQUEST)
            return False
        named = [host.strip() for host in hosts if host.strip()]
        authority = target_authority(self.path)
        if authority is not None:
            named.append(authority)
        refused = next((host for host in named if not self.dev.hosts.allows(host)), None)
        if refused is None:
            return True
        body = refused_host_body(refused)
        self._send(HTTPStatus.FORBIDDEN, "text/plain; charset=utf-8", body, self.command != "HEAD")
        return False

    def _same_origin(self) -> bool:
        """Whether a page asking for live reload comes from this server (or names no origin).

        The stream carries build errors, with file paths and messages from drafts: a page of
        another origin (even one on localhost) neither reads it nor takes up its connections.
        """
        origin = self.headers.get("Origin")
        if origin is None:
            return True
        scheme, separator, authority = origin.strip().lower().partition("://")
        if scheme != "http" or not separator or "/" in authority:
            return False
        host = self.headers.get("Host", "").strip().lower()
        return authority == host if host else self.dev.hosts.allows(authority)

    def _refuse(self, status: HTTPStatus) -> None:
        self.requestline = self.command = ""
        self.request_version = self.default_request_version
        self.send_error(status)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The standard reason phrase and page: nothing the client sent is echoed back."""
        super().send_error(code)

    def do_GET(self) -> None:
        target = request_path(self.path)
        if target is None:
            self.send_error(HTTPStatus.BAD_REQUEST)
        elif target[0] == EVENTS_PATH:
            if self._same_origin():
                self._stream_events()
            else:
                body = b"403: live reload is not offered to pages of another origin\n"
                self._send(HTTPStatus.FORBIDDEN, "text/plain; charset=utf-8", body, True)
        else:
            self._serve(*target, send_body=True)

    def do_HEAD(self) -> None:
        target = request_path(self.path)
        if target is None:
            self.send_error(HTTPStatus.BAD_REQUEST)
        else:
            self._serve(*target, send_body=False)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the console is for build results."""

    def _serve(self, path: str, query: str, send_body: bool) -> None:
        site = self.dev.site
        resolved = resolve(site, path)
        if resolved.redirect is not None:
            self._send(
                HTTPStatus.MOVED_PERMANENTLY,
                "text/plain; charset=utf-8",
                b"",
                send_body,
                {"Location": resolved.redirect + (f"?{query}" if query else "")},
            )
        elif resolved.file is None or not self._send_file(HTTPStatus.OK, resolved.file, send_body):
            self._send_not_found(site, send_body)

    def _send_not_found(self, site: ServedSite, send_body: bool) -> None:
        page = open_beneath(site.output, urls.output_file(urls.NOT_FOUND))
        if not isinstance(page, OpenFile) or not self._send_file(
            HTTPStatus.NOT_FOUND, page, send_body
        ):
            body = b"404: no such page in the built site\n"
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", body, send_body)

    def _send_file(self, status: HTTPStatus, file: OpenFile, send_body: bool) -> bool:
        """Send the opened file and close it; False (nothing sent) when it cannot be read."""
        kind = content_type(PurePosixPath(file.name))
        with file.stream as stream:
            if kind.startswith("text/html"):
                try:
                    page = stream.read()
                except OSError:
                    return False
                body = inject_reload_script(page, self.dev.live.build)
                self._send(status, kind, body, send_body)
                return True
            self._send_head(status, kind, os.fstat(stream.fileno()).st_size)
            if send_body:  # in pieces: a large video or PDF is never held in memory
                shutil.copyfileobj(stream, self.wfile, 1 << 16)
        return True

    def _send(
        self,
        status: HTTPStatus,
        kind: str,
        body: bytes,
        send_body: bool,
        headers: dict[str, str] | None = None,
    ) -> None:
        self._send_head(status, kind, len(body), headers)
        if send_body:
            self.wfile.write(body)

    def _send_head(
        self, status: HTTPStatus, kind: str, length: int, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(length))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()

    def _stream_events(self) -> None:
        subscription = self.dev.live.subscribe()
        if subscription is None:
            body = b"too many live-reload connections\n"
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, "text/plain; charset=utf-8", body, True)
            return
        try:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(b"retry: 1000\n\n")
            self._pump(subscription)
        except OSError:
            return
        finally:
            self.dev.live.unsubscribe(subscription)

    def _pump(self, subscription: _Subscription) -> None:
        quiet = 0.0
        while not self._client_left():
            try:
                event = subscription.events.get(timeout=LIVENESS_SECONDS)
            except queue.Empty:
                quiet += LIVENESS_SECONDS
                if quiet >= KEEPALIVE_SECONDS:
                    self.wfile.write(b": keepalive\n\n")
                    quiet = 0.0
                continue
            if event is None:
                return
            self.wfile.write(event.encode())
            quiet = 0.0

    def _client_left(self) -> bool:
        """A closed connection reads as end-of-file; frees its thread within a second."""
        readable, _, _ = select.select([self.connection], [], [], 0)
        return bool(readable) and not self.connection.recv(1, socket.MSG_PEEK)


class BindError(Exception):
    """The server cannot listen where it was asked to; the message says why and what to do."""


def bind(
    host: str, port: int, site: ServedSite, live: LiveReload, hosts: HostPolicy = HostPolicy()
) -> DevServer:
    """A server bound to host:port (port 0 picks a free one)."""
    try:
        return DevServer((host, port), site, live, hosts=hosts)
    except OSError as exc:
        raise BindError(_bind_problem(host, port, exc)) from None


def _bind_problem(host: str, port: int, exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return (
            f"port {port} on {host} is already in use (stop the program using it, "
            "or choose another with --port; --port 0 picks a free one)"
        )
    if exc.errno == errno.EACCES:
        return (
            f"not allowed to listen on {host}:{port} (ports below 1024 need root; try --port 8000)"
        )
    return f"cannot listen on {host}:{port}: {exc.strerror or exc}"
