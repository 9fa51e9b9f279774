"""The development server: serves only the built site, and reloads browsers after each build."""

from __future__ import annotations

import errno
import json
import queue
import secrets
import select
import socket
import sys
import threading
from dataclasses import asdict, dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from typing import Any, cast
from urllib.parse import unquote, urlsplit

from newsgen import urls
from newsgen.config import SiteConfig
from newsgen.diagnostics import Diagnostic

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
class Resolved:
    """What a request path maps to: a file, a redirect to the folder's URL, or nothing."""

    file: Path | None = None
    redirect: str | None = None


def resolve(site: ServedSite, raw_path: str) -> Resolved:
    """Map a request path to a file inside the output folder; anything doubtful is not found."""
    if any(code in raw_path.lower() for code in ("%2f", "%5c", "%00")):
        return Resolved()
    try:
        path = unquote(raw_path, errors="strict")
    except UnicodeError:
        return Resolved()
    if site.mount != "/" and path in ("/", site.mount.rstrip("/")):
        return Resolved(redirect=site.mount)
    if not path.startswith(site.mount):
        return Resolved()
    url = "/" + path[len(site.mount) :]
    try:
        target = urls.inside(site.output, urls.output_file(url))
        if target.is_dir() and not url.endswith("/"):
            return Resolved(redirect=raw_path + "/")
        return Resolved(file=target) if target.is_file() else Resolved()
    except (urls.UnsafePathError, OSError, RuntimeError):  # RuntimeError: a symlink loop
        return Resolved()


class DevServer(ThreadingHTTPServer):
    """A threaded HTTP server with a cap on concurrent connections and daemon threads."""

    daemon_threads = True
    block_on_close = False

    def __init__(
        self,
        address: tuple[str, int],
        site: ServedSite,
        live: LiveReload,
        max_connections: int = 64,
    ) -> None:
        self.site = site
        self.live = live
        self._slots = threading.BoundedSemaphore(max_connections)
        self._workers: set[threading.Thread] = set()
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

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            _refuse_busy(request)
            self.shutdown_request(request)
            return
        worker = threading.Thread(
            target=self._work, args=(request, client_address), name="newsgen-http", daemon=True
        )
        with self._workers_lock:
            self._workers.add(worker)
        worker.start()

    def _work(self, request: Any, client_address: Any) -> None:
        try:
            self.process_request_thread(request, client_address)
        finally:
            with self._workers_lock:
                self._workers.discard(threading.current_thread())
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Browsers drop connections all the time: not worth a traceback; a bug still is."""
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)

    def server_close(self) -> None:
        """Close the socket, end live connections and join the request threads."""
        self.live.close()
        super().server_close()
        with self._workers_lock:
            workers = list(self._workers)
        for worker in workers:
            worker.join(timeout=5)


def _refuse_busy(request: socket.socket) -> None:
    try:
        request.sendall(b"HTTP/1.0 503 Service Unavailable\r\nRetry-After: 1\r\n\r\n")
    except OSError:
        return


class _Handler(BaseHTTPRequestHandler):
    """GET and HEAD for files of the built site, plus the live-reload event stream."""

    server_version = "newsgen"
    timeout = 30

    @property
    def dev(self) -> DevServer:
        return cast(DevServer, self.server)

    def do_GET(self) -> None:
        if urlsplit(self.path).path == EVENTS_PATH:
            self._stream_events()
        else:
            self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the console is for build results."""

    def _serve(self, send_body: bool) -> None:
        parts = urlsplit(self.path)
        site = self.dev.site
        resolved = resolve(site, parts.path)
        if resolved.redirect is not None:
            query = f"?{parts.query}" if parts.query else ""
            self._send(
                HTTPStatus.MOVED_PERMANENTLY,
                "text/plain; charset=utf-8",
                b"",
                send_body,
                {"Location": resolved.redirect + query},
            )
        elif resolved.file is not None:
            self._send_file(HTTPStatus.OK, resolved.file, send_body)
        else:
            self._send_not_found(site, send_body)

    def _send_not_found(self, site: ServedSite, send_body: bool) -> None:
        try:
            page = urls.inside(site.output, urls.output_file(urls.NOT_FOUND))
        except urls.UnsafePathError:
            page = None
        if page is not None and page.is_file():
            self._send_file(HTTPStatus.NOT_FOUND, page, send_body)
        else:
            body = b"404: no such page in the built site\n"
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", body, send_body)

    def _send_file(self, status: HTTPStatus, file: Path, send_body: bool) -> None:
        kind = content_type(PurePosixPath(file.name))
        try:
            body = file.read_bytes()
        except OSError:
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"", send_body)
            return
        if kind.startswith("text/html"):
            body = inject_reload_script(body, self.dev.live.build)
        self._send(status, kind, body, send_body)

    def _send(
        self,
        status: HTTPStatus,
        kind: str,
        body: bytes,
        send_body: bool,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

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


def bind(host: str, port: int, site: ServedSite, live: LiveReload) -> DevServer:
    """A server bound to host:port (port 0 picks a free one)."""
    try:
        return DevServer((host, port), site, live)
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
