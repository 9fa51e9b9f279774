"""How much of the server one client can take: the limits, and the connection that keeps them."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, cast

from uvicorn.config import Config
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import ServerState


@dataclass(frozen=True)
class ServerLimits:
    """How much of the server one client can take, and for how long."""

    connections: int = 64
    """Connections open at once; a newcomer beyond them gets 503 (see `stale_seconds`)."""
    request_seconds: float = 10.0
    """Time to send the whole request line and headers, however slowly; then the connection is
    closed without an answer."""
    send_seconds: float = 30.0
    """Time an answer may wait on a client that does not read; then the connection is closed."""
    stale_seconds: float = 1.0
    """When a newcomer finds every connection taken, the oldest ones still sending their
    request after this long are dropped to make room: idle clients cannot lock the others out."""
    request_line_bytes: int = 8192
    """Longest request target; longer gets 414."""
    header_bytes: int = 32768
    """Most bytes of headers; more gets 431."""
    header_lines: int = 100
    """Most headers; more gets 431."""

    @property
    def head_bytes(self) -> int:
        """The most a request head may take before it is parsed; a longer one gets 400."""
        return self.request_line_bytes + self.header_bytes


BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\n"
    b"Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n"
)
"""The answer to a connection the server has no room for, sent as it connects (before any
request, so no HTTP library has a request to answer)."""


class GuardedConnection(H11Protocol):
    """uvicorn's HTTP/1.1 connection, plus the deadlines and room-making uvicorn lacks.

    Only timers and closing: parsing and answering stay uvicorn's. uvicorn waits for a request
    head and for a client to read its answer as long as they take; here the head has
    `request_seconds` and a stalled answer `send_seconds`.
    """

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
        *,
        limits: ServerLimits,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.limits = limits
        self.accepted = 0.0
        self.waiting = True
        """Still sending its request head: the connection may be dropped to make room."""
        self._head_deadline: asyncio.TimerHandle | None = None
        self._write_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.accepted = self.loop.time()
        self._head_deadline = self.loop.call_later(self.limits.request_seconds, transport.close)
        if not self._make_room():
            transport.write(BUSY)
            transport.close()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.waiting and self.cycle is not None:  # the head is in: uvicorn is answering
            self.waiting = False
            _cancel(self._head_deadline)

    def pause_writing(self) -> None:
        """The client stopped reading: it has `send_seconds` to start again."""
        super().pause_writing()
        self._write_deadline = self.loop.call_later(self.limits.send_seconds, self.transport.abort)

    def resume_writing(self) -> None:
        _cancel(self._write_deadline)
        super().resume_writing()

    def connection_lost(self, exc: Exception | None) -> None:
        _cancel(self._head_deadline)
        _cancel(self._write_deadline)
        super().connection_lost(exc)

    def _make_room(self) -> bool:
        """Whether this connection may stay: over the limit, the oldest connections still
        sending their request after `stale_seconds` are dropped for it; when none can go, the
        newcomer is refused (the connections that came first keep being served)."""
        others = [c for c in self.connections if c is not self and not c.transport.is_closing()]
        excess = len(others) + 1 - self.limits.connections
        if excess <= 0:
            return True
        now = self.loop.time()
        waiting = cast(list[GuardedConnection], others)  # the server makes only these
        stale = [c for c in waiting if c.waiting and now - c.accepted >= self.limits.stale_seconds]
        for other in sorted(stale, key=lambda other: other.accepted)[:excess]:
            other.transport.abort()
        return len(stale) >= excess


def _cancel(timer: asyncio.TimerHandle | None) -> None:
    if timer is not None:
        timer.cancel()
