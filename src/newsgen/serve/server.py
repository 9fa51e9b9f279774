"""The preview server: uvicorn serving the preview app from a thread, until it is stopped.

uvicorn runs in a thread of its own, where it installs no signal handlers: Ctrl-C and SIGTERM
stay newsgen's (`runtime/interrupts.py`), whose handler stops the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import functools
import logging
import socket
import threading
from typing import cast

import uvicorn
from starlette.types import ASGIApp

from newsgen.serve.app import preview_app
from newsgen.serve.connections import GuardedConnection, ServerLimits
from newsgen.serve.files import ServedSite
from newsgen.serve.hosts import HostPolicy
from newsgen.serve.livereload import LiveReload

BACKLOG = 128
"""Connections the system holds until they are accepted (a burst of browser requests)."""
TICK_SECONDS = 0.1
"""How often uvicorn updates its Date header and checks whether to stop, as it does itself."""
STOP_SECONDS = 5.0
"""How long stopping waits for answers still running once every connection is closed."""


class DevServer:
    """The built site and its live reload, served on one address until `stop`."""

    def __init__(
        self,
        address: tuple[str, int],
        site: ServedSite,
        live: LiveReload,
        limits: ServerLimits = ServerLimits(),
        hosts: HostPolicy = HostPolicy(),
    ) -> None:
        allowed = hosts.allowed
        self.site = site
        """Read for every request: a rebuild into another output folder is served at once."""
        self.live = live
        self.limits = limits
        self.hosts = HostPolicy.of(allowed | {address[0]} if address[0] else allowed)
        """The policy, plus the name listened on (`--host mybox.lan` is answered as such)."""
        self._socket = _listen(*address)
        self.server_address: tuple[str, int] = self._socket.getsockname()[:2]
        self._uvicorn = _Uvicorn(_config(preview_app(self), limits))
        self._thread = threading.Thread(
            target=self._uvicorn.run, kwargs={"sockets": [self._socket]}, name="newsgen-server"
        )

    @property
    def url(self) -> str:
        """The address browsers open."""
        host, port = self.server_address
        host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)  # any address: this machine's
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}{self.site.mount}"

    @property
    def connections(self) -> int:
        """Connections open now."""
        return len(self._uvicorn.server_state.connections)

    def start(self) -> None:
        """Answer requests, from a thread of its own."""
        self._thread.start()

    def stop(self) -> None:
        """End every event stream and connection, stop answering and join the thread."""
        self.live.close()
        if self._thread.is_alive():
            self._uvicorn.exit()
            self._thread.join()
        self._socket.close()


class _Uvicorn(uvicorn.Server):
    """uvicorn's server, woken by `exit` at once rather than at its next tick, and stopped at
    once: every connection is closed, not waited for (one still sending its request, an event
    stream or a download nobody reads would hold the stop up)."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._woken = asyncio.Event()

    def exit(self) -> None:
        """Stop serving (called from another thread)."""
        self.should_exit = True
        if self._loop is not None:  # else it is not ticking yet, and sees should_exit first
            with contextlib.suppress(RuntimeError):  # its loop has ended already
                self._loop.call_soon_threadsafe(self._woken.set)

    async def main_loop(self) -> None:
        self._loop = asyncio.get_running_loop()
        ticks = 0
        while not await self.on_tick(ticks):
            ticks += 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._woken.wait(), TICK_SECONDS)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()
        for connection in list(self.server_state.connections):
            connection.transport.abort()
        if self.server_state.tasks:  # answers end as their connections are lost
            await asyncio.wait(self.server_state.tasks, timeout=STOP_SECONDS)
        for server in self.servers:
            await server.wait_closed()


def _config(app: ASGIApp, limits: ServerLimits) -> uvicorn.Config:
    connection = functools.partial(GuardedConnection, limits=limits)
    return uvicorn.Config(
        app,
        http=cast(type[asyncio.Protocol], connection),  # made as uvicorn makes its protocols
        ws="none",
        lifespan="off",
        loop="asyncio",
        interface="asgi3",
        log_config=None,
        log_level=logging.ERROR,  # quiet: the console is for build results; a bug still shows
        access_log=False,
        proxy_headers=False,
        headers=[("server", "newsgen")],
        backlog=BACKLOG,
        h11_max_incomplete_event_size=limits.head_bytes,
    )


def _listen(host: str, port: int) -> socket.socket:
    """A socket listening on host:port (port 0 picks a free one)."""
    listener = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(BACKLOG)
    except OSError:
        listener.close()
        raise
    return listener


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
