"""Live reload: build events for open pages, and the script that listens for them."""

from __future__ import annotations

import enum
import json
import queue
import secrets
import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

from newsgen.diagnostics import Diagnostic

EVENTS_PATH = "/__newsgen__/events"
KEEPALIVE_SECONDS = 15.0

# Named SSE events: `hello` (on connect: the current build and search state), `reload` (for
# the pages `only` names, if given; not for those at the paths `same` names), `error` (a failed
# build) and `search` (the background search update). The browser also fires a
# data-less `error` when the connection drops: skipped by !e.data.
RELOAD_SCRIPT = """<script data-newsgen-live="BUILD">(() => {
  let build = "BUILD";
  const events = new EventSource("EVENTS?page=" + encodeURIComponent(location.pathname));
  let overlay = null, badge = null, searchWas = "ready";
  const reload = () => { if (overlay) overlay.remove(); location.reload(); };
  const notes = { updating: "Search index updating\u2026",
    failed: "Search index out of date: the update failed (see the terminal).",
    stale: "Search index out of date until the build succeeds." };
  const search = (state) => {
    if (badge) { badge.remove(); badge = null; }
    if (state === "ready" && searchWas !== "ready" && document.getElementById("search")) reload();
    searchWas = state;
    if (!notes[state]) return;
    badge = document.createElement("div");
    badge.id = "newsgen-search-status";
    badge.setAttribute("role", "status");
    badge.style.cssText = "position:fixed;bottom:1em;right:1em;z-index:2147483647;" +
      "padding:.5em .75em;background:#fffbe6;color:#333;border:1px solid #b59f3b;" +
      "border-radius:4px;font:14px/1.4 system-ui,sans-serif";
    badge.textContent = notes[state];
    document.body.append(badge);
  };
  events.addEventListener("hello", (e) => {
    const state = JSON.parse(e.data);
    if (state.build !== build) reload(); else search(state.search);
  });
  events.addEventListener("reload", (e) => {
    const news = JSON.parse(e.data), here = location.pathname;
    if (news.only && !news.only.includes(here)) return;
    if (!(news.same || []).includes(here)) { reload(); return; }
    build = news.build;
    if (overlay) { overlay.remove(); overlay = null; }
  });
  events.addEventListener("search", (e) => search(JSON.parse(e.data).state));
  events.addEventListener("error", (e) => {
    if (!e.data) return;
    if (JSON.parse(e.data).reload) { reload(); return; }
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


class SearchState(enum.Enum):
    """How the published search index stands against the published pages."""

    READY = "ready"
    UPDATING = "updating"
    FAILED = "failed"
    STALE = "stale"
    """An update was cancelled by a change whose build then failed: none runs."""


@dataclass(frozen=True)
class LiveEvent:
    """One server-sent event."""

    name: str
    data: str

    def encode(self) -> bytes:
        """The event in text/event-stream framing."""
        return f"event: {self.name}\ndata: {self.data}\n\n".encode()


class Subscription:
    """The events waiting for one page's connection; `wake` is called after each one is added
    (from the thread that built the site: it hands the news to the server's event loop).
    `page` is the URL path the page is open at, as its script tells it ('' if untold)."""

    def __init__(self, wake: Callable[[], object], page: str = "") -> None:
        self.events: queue.SimpleQueue[LiveEvent | None] = queue.SimpleQueue()
        self._wake = wake
        self.page = page

    def put(self, event: LiveEvent | None) -> None:
        """Queue an event (None: the stream ends) and wake the connection."""
        self.events.put(event)
        self._wake()


class LiveReload:
    """Tells connected browsers about builds; remembers whether the last one failed."""

    def __init__(self, max_subscribers: int = 32) -> None:
        self._lock = threading.Lock()
        self._subscribers: set[Subscription] = set()
        self._max_subscribers = max_subscribers
        self._session = secrets.token_hex(4)
        self._generation = 0
        self._failure: LiveEvent | None = None
        self._search = SearchState.READY
        self._closed = False

    @property
    def build(self) -> str:
        """Identifies the current good build, so that a page can tell it is out of date."""
        return f"{self._session}.{self._generation}"

    def succeeded(self, same: Sequence[str] = ()) -> None:
        """A build succeeded: every page reloads, but those at the URL paths `same`, which
        already show what it built (a preview of it)."""
        with self._lock:
            self._generation += 1
            self._failure = None
            news: dict[str, object] = {"build": self.build}
            if same:
                news["same"] = list(same)
            self._publish(LiveEvent("reload", json.dumps(news)))

    def previewed(self, paths: Sequence[str]) -> None:
        """A preview of the next build shows at these URL paths: their pages reload."""
        with self._lock:
            self._publish(LiveEvent("reload", json.dumps({"build": self.build, "only": paths})))

    def failed(self, diagnostics: tuple[Diagnostic, ...], reload: bool = False) -> None:
        """A build failed: every page shows the problems over the last good version; with
        `reload`, pages reload first (they show a preview of what failed)."""
        payload: dict[str, object] = {"diagnostics": [asdict(d) for d in diagnostics]}
        with self._lock:
            self._failure = LiveEvent("error", json.dumps(payload))
            shown = LiveEvent("error", json.dumps(payload | {"reload": True}))
            self._publish(shown if reload else self._failure)

    @property
    def search_state(self) -> SearchState:
        """How the published search index stands, as pages were last told."""
        return self._search

    def search(self, state: SearchState) -> None:
        """The background search update started, ended or failed: pages say so."""
        with self._lock:
            if state is self._search:
                return
            self._search = state
            self._publish(LiveEvent("search", json.dumps({"state": state.value})))

    def subscribe(
        self, wake: Callable[[], object] = lambda: None, page: str = ""
    ) -> Subscription | None:
        """A new connection of the page open at `page`, primed with the current state; None
        when there are too many."""
        with self._lock:
            if self._closed or len(self._subscribers) >= self._max_subscribers:
                return None
            subscription = Subscription(wake, page)
            hello = {"build": self.build, "search": self._search.value}
            subscription.events.put(LiveEvent("hello", json.dumps(hello)))
            if self._failure is not None:
                subscription.events.put(self._failure)
            self._subscribers.add(subscription)
            return subscription

    def open_pages(self) -> list[str]:
        """The URL paths of the pages listening now, each once, in order."""
        with self._lock:
            return sorted({s.page for s in self._subscribers if s.page})

    def unsubscribe(self, subscription: Subscription) -> None:
        """The connection ended."""
        with self._lock:
            self._subscribers.discard(subscription)

    def close(self) -> None:
        """End every connection (server shutdown)."""
        with self._lock:
            self._closed = True
            self._publish(None)
            self._subscribers.clear()  # nothing is sent to a stopped server's connections

    def _publish(self, event: LiveEvent | None) -> None:
        for subscription in self._subscribers:
            subscription.put(event)


def inject_reload_script(html: bytes, build: str) -> bytes:
    """The page with the live-reload script just before its last </body> (or at the end)."""
    script = RELOAD_SCRIPT.replace("BUILD", build).replace("EVENTS", EVENTS_PATH).encode()
    at = html.lower().rfind(b"</body>")
    return html + script if at < 0 else html[:at] + script + html[at:]
