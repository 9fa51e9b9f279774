"""The preview as a Starlette app: files of the built site, and the live-reload event stream.

Files are read on the event loop, from descriptors the path walk opened: they are local,
read in 64 KiB pieces, and so no thread is started per request.
"""

from __future__ import annotations

import asyncio
import functools
import os
from collections.abc import AsyncIterator
from http import HTTPStatus
from pathlib import PurePosixPath
from typing import BinaryIO, Protocol
from urllib.parse import unquote

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import request_response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsgen.plan import urls
from newsgen.serve.connections import ServerLimits
from newsgen.serve.files import (
    OpenFile,
    ServedSite,
    content_type,
    open_beneath,
    request_path,
    resolve,
)
from newsgen.serve.hosts import HostPolicy, refused_host_body, same_origin
from newsgen.serve.livereload import (
    EVENTS_PATH,
    KEEPALIVE_SECONDS,
    LiveReload,
    Subscription,
    inject_reload_script,
)
from newsgen.serve.redirects import listed_redirect

TEXT = "text/plain; charset=utf-8"
PIECE_BYTES = 1 << 16
ALWAYS = (
    ("cache-control", "no-store"),
    ("x-content-type-options", "nosniff"),
    ("connection", "close"),  # one request per connection: none lingers between requests
)


class Preview(Protocol):
    """What the app serves: the site (which a rebuild may move), its builds, its hosts."""

    @property
    def site(self) -> ServedSite: ...

    @property
    def live(self) -> LiveReload: ...

    @property
    def hosts(self) -> HostPolicy: ...

    @property
    def limits(self) -> ServerLimits: ...


def preview_app(preview: Preview) -> ASGIApp:
    """The app: GET and HEAD of the site's files, and GET of the live-reload events.

    No router: the guard has settled method and target, and every path (any bytes, even an
    encoded newline) goes to the one answer, which serves it or the site's 404 page."""
    return RequestGuard(request_response(functools.partial(_answer, preview)), preview)


class RequestGuard:
    """Refuses what no page is for, before routing, in plain text that repeats nothing sent.

    An oversized head gets 414 or 431, another HTTP version 505, a foreign Host 403, another
    method 501, a target that is not a path 400. No answer may be cached, and each closes its
    connection. An absolute target ('http://host/path') is passed on as its path.
    """

    def __init__(self, app: ASGIApp, preview: Preview) -> None:
        self.app = app
        self.preview = preview

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        send = functools.partial(_send_with_policy, send)
        target = (scope["raw_path"] + b"?" + scope["query_string"]).decode("latin-1")
        target = target.removesuffix("?")
        refusal = self._refusal(scope, target)
        parts = request_path(target)
        if refusal is None and parts is not None:
            await self.app(_with_path(scope, *parts), receive, send)
        else:
            await (refusal or _status(HTTPStatus.BAD_REQUEST))(scope, receive, send)

    def _refusal(self, scope: Scope, target: str) -> Response | None:
        limits = self.preview.limits
        headers: list[tuple[bytes, bytes]] = scope["headers"]
        if len(target) > limits.request_line_bytes:
            return _status(HTTPStatus.REQUEST_URI_TOO_LONG)
        header_bytes = sum(len(name) + len(value) + 4 for name, value in headers)
        if len(headers) > limits.header_lines or header_bytes > limits.header_bytes:
            return _status(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE)
        if scope["http_version"] not in ("1.0", "1.1"):
            return _status(HTTPStatus.HTTP_VERSION_NOT_SUPPORTED)
        named = [value.decode("latin-1") for name, value in headers if name == b"host"]
        refused = self.preview.hosts.refused(named, target)
        if refused is not None:
            return Response(refused_host_body(refused), HTTPStatus.FORBIDDEN, media_type=TEXT)
        if scope["method"] not in ("GET", "HEAD"):
            return _status(HTTPStatus.NOT_IMPLEMENTED)
        return None


def _with_path(scope: Scope, path: str, query: str) -> Scope:
    """The request as if its target were `path?query` (as sent, and decoded as ASGI has it)."""
    raw = {"raw_path": path.encode("latin-1"), "query_string": query.encode("latin-1")}
    return {**scope, "path": unquote(path), **raw}


async def _send_with_policy(send: Send, message: Message) -> None:
    if message["type"] == "http.response.start":
        headers = MutableHeaders(scope=message)
        for name, value in ALWAYS:
            headers[name] = value
    await send(message)


def _status(status: HTTPStatus) -> Response:
    return Response(f"{status.value}: {status.phrase}\n", status, media_type=TEXT)


async def _answer(preview: Preview, request: Request) -> Response:
    raw_path = request.scope["raw_path"].decode("latin-1")
    if raw_path == EVENTS_PATH and request.method == "GET":
        return _events(preview, request)
    site = preview.site
    resolved = resolve(site, raw_path)
    if resolved.redirect is not None:
        return _redirect(request, resolved.redirect, HTTPStatus.MOVED_PERMANENTLY)
    found = _file_answer(resolved.file, HTTPStatus.OK, preview.live) if resolved.file else None
    listed = None if found else listed_redirect(site, raw_path)
    if listed is not None:
        return _redirect(request, listed.location, listed.status)
    return found or _not_found(site, preview.live)


def _redirect(request: Request, location: str, status: HTTPStatus) -> Response:
    """A redirect to `location`, the request's query string kept (unless it has its own)."""
    query = request.scope["query_string"].decode("latin-1")
    location += f"?{query}" if query and "?" not in location else ""
    return Response(status_code=status, headers={"location": location}, media_type=TEXT)


def _not_found(site: ServedSite, live: LiveReload) -> Response:
    """The site's own 404 page, or a line saying there is none."""
    page = open_beneath(site.output, urls.output_file(urls.NOT_FOUND))
    found = _file_answer(page, HTTPStatus.NOT_FOUND, live) if isinstance(page, OpenFile) else None
    body = b"404: no such page in the built site\n"
    return found or Response(body, HTTPStatus.NOT_FOUND, media_type=TEXT)


def _file_answer(file: OpenFile, status: HTTPStatus, live: LiveReload) -> Response | None:
    """An answer that sends the opened file and closes it; None when it cannot be read."""
    kind = content_type(PurePosixPath(file.name))
    if not kind.startswith("text/html"):
        return OpenFileResponse(file.stream, status, kind)
    with file.stream as stream:
        try:
            page = stream.read()
        except OSError:
            return None
    return Response(inject_reload_script(page, live.build), status, media_type=kind)


class OpenFileResponse(StreamingResponse):
    """An opened file sent in pieces (never opened again by its name), then closed."""

    def __init__(self, stream: BinaryIO, status: HTTPStatus, kind: str) -> None:
        size = os.fstat(stream.fileno()).st_size
        super().__init__(_pieces(stream, size), status, {"content-length": str(size)}, kind)
        self.stream = stream

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] == "HEAD":
            self.body_iterator = _pieces(self.stream, 0)
        try:
            await super().__call__(scope, receive, send)
        finally:
            self.stream.close()


async def _pieces(stream: BinaryIO, size: int) -> AsyncIterator[bytes]:
    """The file's first `size` bytes: what Content-Length promised, even if it grew since."""
    while size > 0 and (piece := stream.read(min(size, PIECE_BYTES))):
        size -= len(piece)
        yield piece


def _events(preview: Preview, request: Request) -> Response:
    """The page's live-reload stream; 403 to a page of another origin, 503 when too many."""
    if not same_origin(request.headers.get("origin"), request.headers.get("host"), preview.hosts):
        body = b"403: live reload is not offered to pages of another origin\n"
        return Response(body, HTTPStatus.FORBIDDEN, media_type=TEXT)
    loop, ready = asyncio.get_running_loop(), asyncio.Event()
    wake = functools.partial(loop.call_soon_threadsafe, ready.set)
    subscription = preview.live.subscribe(wake, request.query_params.get("page", ""))
    if subscription is None:
        body = b"too many live-reload connections\n"
        return Response(body, HTTPStatus.SERVICE_UNAVAILABLE, media_type=TEXT)
    return EventStream(preview.live, subscription, ready)


class EventStream(StreamingResponse):
    """Server-sent events for one page, until it leaves or the server stops."""

    def __init__(self, live: LiveReload, subscription: Subscription, ready: asyncio.Event) -> None:
        body = _events_of(subscription, ready)
        super().__init__(body, media_type="text/event-stream; charset=utf-8")
        self.live = live
        self.subscription = subscription

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self.live.unsubscribe(self.subscription)


async def _events_of(subscription: Subscription, ready: asyncio.Event) -> AsyncIterator[bytes]:
    """The queued events as they come, a comment now and then to keep the connection up."""
    yield b"retry: 1000\n\n"
    while True:
        ready.clear()
        while not subscription.events.empty():
            event = subscription.events.get_nowait()
            if event is None:  # the server stops
                return
            yield event.encode()
        try:
            await asyncio.wait_for(ready.wait(), KEEPALIVE_SECONDS)
        except TimeoutError:
            yield b": keepalive\n\n"
